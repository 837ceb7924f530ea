package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// TestStrandsToolInterruptAndCancel: a Strands tool call under human review
// (strands-agents/sdk-python tools/executors/_executor.py
// _stream_with_trace, telemetry/tracer.py end_tool_call_span). An
// interrupt ends the execute_tool span with no result (no
// gen_ai.tool.status, no gen_ai.choice event) and the call resumes under the
// same toolUseId in a new span; a BeforeToolCallEvent hook's cancel_tool
// ends it with status "error" and "tool cancelled by user" or the hook's own
// message (hooks/events.py: cancel_tool "bool | str"), the tool never ran.
// A tool that ran and raised writes Strands' "Error: TYPE - MESSAGE"
// (tools/decorator.py) and, since 1.35, an exception event; a cancel
// records none since 1.38 (e12ac9d), and 1.35-1.37 recorded
// Exception(message). Before, both read as calls that ran: a rejection by
// toolUseId was logs.rejected-tool-ran (critical) and an approved call
// counted twice; a custom cancel message still read as a run until the
// langgraph-strands scenario (issue 11).
func TestStrandsToolInterruptAndCancel(t *testing.T) {
	choice := func(msg string) string {
		return `,"events":[{"timeUnixNano":"1776157200000000000","name":"gen_ai.choice","attributes":[` +
			`{"key":"message","value":{"stringValue":` + jsonQuote(msg) + `}},{"key":"id","value":{"stringValue":"tooluse_1"}}]}]`
	}
	tool := func(id, extra string, status ...string) string {
		kv := []string{"gen_ai.operation.name", "execute_tool", "gen_ai.system", "strands-agents",
			"gen_ai.tool.name", "create_work_order", "gen_ai.tool.call.id", "tooluse_1"}
		if len(status) > 0 {
			kv = append(kv, "gen_ai.tool.status", status[0])
		}
		return otlpSpan(id, "0000000000000401", "execute_tool create_work_order", extra, kv...)
	}
	interrupted := tool("0000000000000402", "")
	exception := func(typ, msg string) string {
		return `{"timeUnixNano":"1776157200000000000","name":"exception","attributes":[` +
			`{"key":"exception.type","value":{"stringValue":` + jsonQuote(typ) + `}},{"key":"exception.message","value":{"stringValue":` + jsonQuote(msg) + `}}]}`
	}
	withExc := func(msg, exc string) string {
		return strings.Replace(choice(msg), `]}]`, `]},`+exc+`]`, 1)
	}
	custom := "Inspection booking declined by the claims handler"
	details := func(response string) string {
		out := `[{"role":"tool","parts":[{"type":"tool_call_response","id":"tooluse_1","response":` + response + `}]}]`
		return `,"events":[{"timeUnixNano":"1776157200000000000","name":"gen_ai.client.inference.operation.details","attributes":[` +
			`{"key":"gen_ai.output.messages","value":{"stringValue":` + jsonQuote(out) + `}}]}]`
	}
	errStatus := `,"status":{"code":2,"message":` + jsonQuote(custom) + `}`
	cases := []struct {
		name     string
		spans    []string
		decision string
		want     []string
		calls    int64
	}{
		{"interrupted, approved, then ran", []string{interrupted, tool("0000000000000403", choice(`[{"text":"WO-1"}]`), "success")}, "success", nil, 1},
		{"interrupted, rejected, then cancelled", []string{interrupted, tool("0000000000000403", choice(`[{"text":"tool cancelled by user"}]`), "error")}, "denied", nil, 1},
		{"rejected but ran and failed", []string{tool("0000000000000403", choice(`[{"text":"Error: timeout"}]`), "error")}, "denied", []string{CheckRejectedToolRan + " critical"}, 1},
		{"interrupted, rejected, cancelled with the hook's own message (1.38+)", []string{interrupted,
			tool("0000000000000403", choice(`[{"text":"`+custom+`"}]`)+errStatus, "error")}, "denied", nil, 1},
		{"custom cancel message with the exception 1.35-1.37 synthesised", []string{interrupted,
			tool("0000000000000403", withExc(`[{"text":"`+custom+`"}]`, exception("Exception", custom))+errStatus, "error")}, "denied", nil, 1},
		{"custom cancel in the latest conventions (operation.details event), before 1.35: status OK", []string{interrupted,
			tool("0000000000000403", details(`[{"text":"`+custom+`"}]`), "error")}, "denied", nil, 1},
		{"ran and failed in the latest conventions", []string{interrupted,
			tool("0000000000000403", details(`[{"text":"Error: ConnectionError - calendar unavailable"}]`), "error")}, "denied", []string{CheckRejectedToolRan + " critical"}, 1},
		{"rejected but ran and raised (exception event)", []string{interrupted,
			tool("0000000000000403", withExc(`[{"text":"Error: ConnectionError - calendar unavailable"}]`, exception("ConnectionError", "calendar unavailable")), "error")},
			"denied", []string{CheckRejectedToolRan + " critical"}, 1},
		{"rejected, an error text of the tool's own with its exception", []string{interrupted,
			tool("0000000000000403", withExc(`[{"text":"calendar unavailable"}]`, exception("ConnectionError", "calendar unavailable")), "error")},
			"denied", []string{CheckRejectedToolRan + " critical"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spans := append([]string{otlpSpan("0000000000000401", "", "invoke_agent grid-ops", "", "gen_ai.operation.name", "invoke_agent",
				"gen_ai.agent.name", "grid-ops", "gen_ai.system", "strands-agents")}, c.spans...)
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(otlpTraces("strands-agents", spans...)+"\n"))
			write(t, dir, "d.jsonl", []byte(ev("2026-04-14T09:00:30Z", "grid-ops", "human.review", "create_work_order", "", c.decision, "tooluse_1")+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: "grid-ops", Lifecycle: "deployed", Identities: []string{"grid-ops"},
				Tools:     []model.Grant{{Name: "create_work_order"}},
				Oversight: model.Oversight{HumanReview: []string{"create_work_order"}}}}, Options{}, "t.jsonl", "d.jsonl")
			var got []string
			for _, f := range s.Findings {
				if f.Check == CheckReviewMissing || f.Check == CheckRejectedToolRan || f.Check == CheckRejectedUnknown {
					got = append(got, f.Check+" "+f.Severity)
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
			var n int64
			for _, a := range s.Agents {
				for _, tu := range a.Tools {
					n += tu.Count
				}
			}
			if d := cmp.Diff(c.calls, n, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("tool calls (-want +got):\n%s", d)
			}
		})
	}
}
