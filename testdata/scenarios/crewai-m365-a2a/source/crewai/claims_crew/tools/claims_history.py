# Custom CrewAI tool; traced with the Traceloop SDK's tool decorator, which
# names the span "<name>.tool" and sets traceloop.entity.name and
# gen_ai.tool.name to the decorator's name.
from crewai.tools import BaseTool
from traceloop.sdk.decorators import tool as traced


class ClaimsHistoryTool(BaseTool):
    name: str = "claims_history"
    description: str = "Earlier claims of the same policyholder."

    @traced(name="claims_history")
    def _run(self, policy_number: str) -> str:
        ...
