# Custom CrewAI tool; traced with the Traceloop SDK's tool decorator, which
# names the span "<name>.tool" and sets traceloop.entity.name and
# gen_ai.tool.name to the decorator's name.
from crewai.tools import BaseTool
from traceloop.sdk.decorators import tool as traced


class PolicyLookupTool(BaseTool):
    name: str = "policy_lookup"
    description: str = "Look up a policy by its number in the policy admin system."

    @traced(name="policy_lookup")
    def _run(self, policy_number: str) -> str:
        ...
