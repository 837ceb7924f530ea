package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestOpenInferenceToolCallID: OpenInference's LangChain tracer
// (Arize-ai/openinference openinference-instrumentation-langchain
// _tracer.py: span name = run name, _tools sets tool.name and
// tool.description only) gives a LangGraph TOOL span no call ID attribute;
// the call ID is in output.value, the ToolMessage the tool returned
// (kwargs.tool_call_id). A decision filed by tool call ID decides the call
// whatever its time; before, the call could only be matched by agent, tool
// and the nearest earlier review, so an approval filed after the call left
// it "unreviewed" and a rejection filed after it was never seen.
func TestOpenInferenceToolCallID(t *testing.T) {
	toolMsg := func(id string) string {
		return `{"lc":1,"type":"constructor","id":["langchain","schema","messages","ToolMessage"],` +
			`"kwargs":{"content":"Callback booked","type":"tool","name":"schedule_callback","tool_call_id":"` + id + `","status":"success"}}`
	}
	trace := func(span, id string) string {
		return otlpTraces("outage-desk-graph",
			otlpSpan(span+"1", "", "LangGraph", "", "openinference.span.kind", "CHAIN"),
			otlpSpan(span+"2", span+"1", "tools", "", "openinference.span.kind", "CHAIN"),
			otlpSpan(span+"3", span+"2", "schedule_callback", "", "openinference.span.kind", "TOOL", "tool.name", "schedule_callback",
				"input.value", `{"slot":"17:00"}`, "output.value", toolMsg(id)))
	}
	lateDecisions(t, trace("00000000000001a", "call_Xk1"), "outage-desk", "outage-desk-graph", "schedule_callback", "call_Xk1")
}

func TestToolMessageCallID(t *testing.T) {
	for in, want := range map[string]string{
		`{"lc":1,"type":"constructor","kwargs":{"tool_call_id":"call_1"}}`: "call_1",
		`{"content":"ok","tool_call_id":"call_2","type":"tool"}`:           "call_2",
		`{"kwargs":{"tool_call_id":""}}`:                                   "",
		`No outage reported`:                                               "",
		`{"tool_call_id":`:                                                 "",
		`["tool_call_id"]`:                                                 "",
	} {
		if got := toolMessageCallID([]byte(in)); got != want {
			t.Errorf("toolMessageCallID(%s) = %q, want %q", in, got, want)
		}
	}
}

// lateDecisions analyses one trace with a human decision filed a minute
// after its call (otlpSpan starts every span at 2026-04-14T09:00:00Z, as a
// ticketing export stamps decisions later) and matched by tool call id: an
// approval leaves no finding, a rejection is the critical rejected-tool-ran.
func lateDecisions(t *testing.T, trace, agent, identity, tool, callID string) {
	t.Helper()
	const filed = "2026-04-14T09:01:00Z"
	for _, c := range []struct {
		name, outcome string
		want          []string
	}{
		{"approval filed after the call", "success", nil},
		{"rejection filed after the call", "denied", []string{CheckRejectedToolRan + " critical"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(trace+"\n"))
			write(t, dir, "d.jsonl", []byte(ev(filed, agent, "human.review", tool, "", c.outcome, "", "tool_call_id", callID)+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: agent, Lifecycle: "deployed", Identities: []string{identity},
				Tools:     []model.Grant{{Name: tool, Operations: []string{"write"}}},
				Oversight: model.Oversight{HumanReview: []string{tool}}}}, Options{}, "t.jsonl", "d.jsonl")
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
