# Custom CrewAI tool; traced with the Traceloop SDK's tool decorator, which
# names the span "<name>.tool" and sets traceloop.entity.name and
# gen_ai.tool.name to the decorator's name.
from crewai.tools import BaseTool
from traceloop.sdk.decorators import tool as traced


class FlagClaimTool(BaseTool):
    name: str = "flag_claim"
    description: str = "Refer a claim to the special investigations unit (blocks payment)."

    @traced(name="flag_claim")
    def _run(self, claim_id: str, reason: str) -> str:
        ...
