package auditlog

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestADKToolConfirmation: ADK wraps a tool's before-tool callbacks in its
// execute_tool span (adk-python flows/llm_flows/functions.py), so a call
// that waits for a person and a call the person rejected leave tool spans
// whose gcp.vertex.agent.tool_response is the framework's answer: ADK's own
// (tools/function_tool.py: "This tool call requires confirmation, please
// approve or reject." / "This tool call is rejected.") or kagent's
// requireApproval callback (kagent-adk _approval.py, commit 312c114:
// {"status": "confirmation_requested"} / "Tool call was rejected by user.").
// The request is no call (a counted ignore); the rejection is a denial, so a
// rejection that held is no logs.rejected-tool-ran; a rejected call whose
// resumed span returns the tool's result ran.
func TestADKToolConfirmation(t *testing.T) {
	tool := func(id, callID, resp string) string {
		return otlpSpan(id, "0000000000000001", "execute_tool k8s_delete_resource", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "execute_tool",
			"gen_ai.tool.name", "k8s_delete_resource", "gen_ai.tool.call.id", callID, "gcp.vertex.agent.tool_call_args", `{"resource_name":"x"}`, "gcp.vertex.agent.tool_response", resp)
	}
	kagentAsk := `{"status":"confirmation_requested","tool":"k8s_delete_resource"}`
	adkAsk := `{"error":"This tool call requires confirmation, please approve or reject."}`
	deleted := `{"result":"deployment.apps \"x\" deleted"}`
	traces := []string{
		// ran after a rejection: the only finding
		otlpTraces("ops_agent", tool("0000000000000011", "call-ran", kagentAsk), tool("0000000000000012", "call-ran", deleted)),
		// kagent rejection held
		otlpTraces("ops_agent", tool("0000000000000021", "call-held", kagentAsk), tool("0000000000000022", "call-held", `{"result":"Tool call was rejected by user. Reason: live"}`)),
		// ADK's own confirmation, rejection held
		otlpTraces("ops_agent", tool("0000000000000031", "call-adk", adkAsk), tool("0000000000000032", "call-adk", `{"error":"This tool call is rejected."}`)),
		// approved, then ran
		otlpTraces("ops_agent", tool("0000000000000041", "call-ok", kagentAsk), tool("0000000000000042", "call-ok", deleted)),
		// a tool whose own answer names a confirmation is still a call
		otlpTraces("ops_agent", tool("0000000000000051", "call-other", `{"result":"no confirmation_requested here"}`)),
	}
	var reviews []string
	for _, r := range []struct{ id, outcome string }{{"call-ran", "denied"}, {"call-held", "denied"}, {"call-adk", "denied"}, {"call-ok", "success"}, {"call-other", "success"}} {
		reviews = append(reviews, ev("2026-04-14T09:00:00Z", "ops_agent", "human.review", "k8s_delete_resource", "", r.outcome, "", "actor", "user:ana", "tool_call_id", r.id))
	}
	dir := t.TempDir()
	write(t, dir, "k.jsonl", []byte(strings.Join(traces, "\n")+"\n"))
	write(t, dir, "r.jsonl", []byte(strings.Join(reviews, "\n")+"\n"))
	agents := []*model.Agent{{ID: "ops", Lifecycle: "deployed", Identities: []string{"ops_agent"}, Tools: []model.Grant{{Name: "k8s_delete_resource"}},
		Oversight: model.Oversight{HumanReview: []string{"k8s_delete_resource"}}}}
	s := analyze(t, dir, agents, Options{}, "k.jsonl", "r.jsonl")
	f, a := s.Files[0], s.Agents[0]
	if d := cmp.Diff([]model.NameCount{{Name: "ADK tool confirmation request (the tool did not run: the call waits for a human decision and runs, or is refused, under the same tool call id)", Count: 4}}, f.IgnoredReasons); d != "" {
		t.Errorf("ignored (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]model.ToolUse{{Tool: "k8s_delete_resource", Count: 5, Denied: 2, Granted: true}}, a.Tools); d != "" {
		t.Errorf("tools (-want +got):\n%s", d)
	}
	var got []string
	for _, x := range s.Findings {
		if x.Check == CheckRejectedToolRan || x.Check == CheckRejectedUnknown || x.Check == CheckReviewMissing || x.Check == CheckReviewUnknown {
			got = append(got, x.Check+" "+x.Location.File+":"+strconv.Itoa(x.Location.Line))
		}
	}
	if d := cmp.Diff([]string{CheckRejectedToolRan + " k.jsonl:1"}, got); d != "" {
		t.Errorf("review findings (-want +got):\n%s", d)
	}
	if a.RejectedRan != 1 || a.Rejections != 3 {
		t.Errorf("rejected ran %d, rejections %d; want 1, 3", a.RejectedRan, a.Rejections)
	}
}
