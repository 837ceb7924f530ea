package auditlog

import "testing"

// TestTraceloopLangChainToolCallID: OpenLLMetry's LangChain callback handler
// (traceloop/openllmetry v0.54.0, opentelemetry-instrumentation-langchain
// callback_handler.py: on_tool_start names the span "execute_tool NAME" and
// sets no call ID; on_tool_end writes json.dumps({"output": output,
// "kwargs": kwargs}) with CallbackFilteredJSONEncoder, which serializes the
// ToolMessage LangGraph's ToolNode returns with to_json()) puts the tool call
// ID only in traceloop.entity.output / gen_ai.tool.call.result. A decision
// filed by tool call ID a minute after the call decides it; before, the call
// was matched by agent, tool and the nearest earlier review only, so the
// approval was missed and a rejection never seen.
func TestTraceloopLangChainToolCallID(t *testing.T) {
	out := func(id string) string {
		return `{"output":{"lc":1,"type":"constructor","id":["langchain","schema","messages","ToolMessage"],` +
			`"kwargs":{"content":"LK-913","type":"tool","name":"open_ticket","tool_call_id":"` + id + `","status":"success"}},` +
			`"kwargs":{"color":"green","name":"open_ticket"}}`
	}
	trace := func(span, id string) string {
		return otlpTraces("leak-triage",
			otlpSpan(span+"1", "", "LangGraph.workflow", "", "traceloop.span.kind", "workflow", "traceloop.entity.name", "LangGraph",
				"gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "LangGraph"),
			otlpSpan(span+"2", span+"1", "execute_task tools", "", "traceloop.span.kind", "task", "gen_ai.operation.name", "execute_task"),
			otlpSpan(span+"3", span+"2", "execute_tool open_ticket", "", "traceloop.span.kind", "tool", "traceloop.entity.name", "open_ticket",
				"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "open_ticket",
				"traceloop.entity.input", `{"input_str":"{'kind': 'visit'}"}`, "traceloop.entity.output", out(id), "gen_ai.tool.call.result", out(id)))
	}
	lateDecisions(t, trace("00000000000002a", "call_Tl9"), "leak-triage", "LangGraph", "open_ticket", "call_Tl9")
}
