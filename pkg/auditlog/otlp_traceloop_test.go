package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

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
	const filed = "2026-04-14T09:01:00Z" // otlpSpan starts every span at 09:00
	for _, c := range []struct {
		name, outcome string
		want          []string
	}{
		{"approval filed after the call", "success", nil},
		{"rejection filed after the call", "denied", []string{CheckRejectedToolRan + " critical"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(trace("00000000000002a", "call_Tl9")+"\n"))
			write(t, dir, "d.jsonl", []byte(ev(filed, "leak-triage", "human.review", "open_ticket", "", c.outcome, "", "tool_call_id", "call_Tl9")+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: "leak-triage", Lifecycle: "deployed", Identities: []string{"LangGraph"},
				Tools:     []model.Grant{{Name: "open_ticket", Operations: []string{"write"}}},
				Oversight: model.Oversight{HumanReview: []string{"open_ticket"}}}}, Options{}, "t.jsonl", "d.jsonl")
			var got []string
			for _, f := range s.Findings {
				if f.Check == CheckReviewMissing || f.Check == CheckRejectedToolRan {
					got = append(got, f.Check+" "+f.Severity)
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
