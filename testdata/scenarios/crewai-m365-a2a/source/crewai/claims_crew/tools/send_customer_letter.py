# Custom CrewAI tool; traced with the Traceloop SDK's tool decorator, which
# names the span "<name>.tool" and sets traceloop.entity.name and
# gen_ai.tool.name to the decorator's name.
from crewai.tools import BaseTool
from traceloop.sdk.decorators import tool as traced


class SendCustomerLetterTool(BaseTool):
    name: str = "send_customer_letter"
    description: str = "Send a letter to the policyholder by e-mail."

    @traced(name="send_customer_letter")
    def _run(self, claim_id: str, body: str) -> str:
        ...
