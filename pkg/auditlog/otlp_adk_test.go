package auditlog

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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

// TestADKBuiltinGrounding: ADK's model built-in tools (google_search ...)
// are run by the Gemini model, not by ADK: google/adk-python
// tools/google_search_tool.py only adds types.Tool(google_search) to the
// request, so no execute_tool span exists. Their use shows in the response
// ADK logs on call_llm (telemetry/tracing.py trace_call_llm:
// gcp.vertex.agent.llm_response = LlmResponse.model_dump_json, snake_case;
// the Gemini REST form groundingMetadata is camelCase). A grant is used when
// a logged response shows it; when none does (no search needed, or content
// capture off: ADK_CAPTURE_MESSAGE_CONTENT_IN_SPANS=false drops the
// attribute) it is not judged, never unused. A grant of the same name on an
// agent with no ADK model call is an ordinary tool, judged as before.
func TestADKBuiltinGrounding(t *testing.T) {
	web := `{"content":{"parts":[{"text":"No strike is announced [1]."}],"role":"model"},"grounding_metadata":{"grounding_chunks":[{"web":{"domain":"reuters.com","title":"reuters.com","uri":"https://vertexaisearch.cloud.google.com/grounding-api-redirect/x"}}],"web_search_queries":["rail strike Frankfurt"]}}`
	camelWeb := `{"candidates":[],"groundingMetadata":{"webSearchQueries":["rail strike Frankfurt"]}}`
	maps := `{"grounding_metadata":{"grounding_chunks":[{"maps":{"title":"Messe Frankfurt","uri":"https://maps.google.com/?cid=1"}}]}}`
	retrieval := `{"grounding_metadata":{"retrieval_queries":["travel policy"],"grounding_chunks":[{"retrieved_context":{"uri":"gs://policies/travel.pdf"}}]}}`
	urlCtx := `{"url_context_metadata":{"url_metadata":[{"retrieved_url":"https://example.org/fair","url_retrieval_status":"URL_RETRIEVAL_STATUS_SUCCESS"}]}}`
	plain := `{"content":{"parts":[{"text":"The grounding of this answer is the policy."}],"role":"model"}}`
	empty := `{"grounding_metadata":{"web_search_queries":[],"grounding_chunks":[]}}`
	for _, c := range []struct {
		name string
		resp string
		want uint8
	}{
		{"web search", web, adkModelCall | adkWebSearch},
		{"camelCase", camelWeb, adkModelCall | adkWebSearch},
		{"maps", maps, adkModelCall | adkMapsSearch},
		{"vertex ai search", retrieval, adkModelCall | adkRetrieval},
		{"url context", urlCtx, adkModelCall | adkURLContext},
		{"no grounding", plain, adkModelCall},
		{"empty grounding", empty, adkModelCall},
		{"capture off", "", adkModelCall},
		{"not json", `{"grounding_metadata":`, adkModelCall},
	} {
		a := attrs{system: []byte("gcp.vertex.agent"), adkLLMResp: []byte(c.resp)}
		if got := adkBuiltinsUsed([]byte("call_llm"), &a); got != c.want {
			t.Errorf("%s: bits %05b, want %05b", c.name, got, c.want)
		}
	}
	if got := adkBuiltinsUsed([]byte("chat gpt-4o"), &attrs{system: []byte("openai"), adkLLMResp: []byte(web)}); got != 0 {
		t.Errorf("a non-ADK model span: bits %05b, want 0", got)
	}

	llm := func(id, resp string) string {
		kv := []string{"gen_ai.system", "gcp.vertex.agent", "gen_ai.request.model", "gemini-2.5-flash"}
		if resp != "" {
			kv = append(kv, "gcp.vertex.agent.llm_response", resp)
		}
		return otlpSpan(id, "", "call_llm", "", kv...)
	}
	lines := []string{
		otlpTraces("app", llm("0000000000000001", web)),   // researcher: grounded
		otlpTraces("app", llm("0000000000000002", plain)), // helpdesk: never grounded
		otlpTraces("app", llm("0000000000000003", "")),    // partner: capture off
		otlpTraces("app", otlpSpan("0000000000000004", "", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.system", "openai",
			"gen_ai.request.model", "gpt-4o", "gen_ai.agent.name", "lc_agent")),
	}
	// Each ADK agent is its own service here (the span names no agent).
	lines[0] = strings.Replace(lines[0], `"stringValue":"app"`, `"stringValue":"researcher"`, 1)
	lines[1] = strings.Replace(lines[1], `"stringValue":"app"`, `"stringValue":"helpdesk"`, 1)
	lines[2] = strings.Replace(lines[2], `"stringValue":"app"`, `"stringValue":"partner"`, 1)
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	search := []model.Grant{{Name: "google_search"}, {Name: "url_context"}}
	agents := []*model.Agent{
		{ID: "researcher", Lifecycle: "deployed", Identities: []string{"researcher"}, Tools: search},
		{ID: "helpdesk", Lifecycle: "deployed", Identities: []string{"helpdesk"}, Tools: search},
		{ID: "partner", Lifecycle: "deployed", Identities: []string{"partner"}, Tools: search},
		{ID: "lc", Lifecycle: "deployed", Identities: []string{"lc_agent"}, Tools: []model.Grant{{Name: "google_search"}}},
	}
	s := analyze(t, dir, agents, Options{}, "t.jsonl")
	type verdict struct{ Unused, NotJudged []string }
	got := map[string]verdict{}
	for _, a := range s.Agents {
		got[a.Agent] = verdict{a.UnusedGrants, a.GrantsNotJudged}
	}
	want := map[string]verdict{
		"researcher": {NotJudged: []string{"url_context"}},
		"helpdesk":   {NotJudged: []string{"google_search", "url_context"}},
		"partner":    {NotJudged: []string{"google_search", "url_context"}},
		"lc":         {Unused: []string{"google_search"}},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("unused / not judged per agent (-want +got):\n%s", d)
	}
	for _, f := range s.Findings {
		if f.Check == CheckUnusedGrant && f.Subject != "lc" {
			t.Errorf("unused-grant on %s (%s): an ADK model built-in is never unused", f.Subject, f.Tool)
		}
	}
	notes := strings.Join(s.Notes, "\n")
	if !strings.Contains(notes, "agent helpdesk: google_search, url_context run inside the model") {
		t.Errorf("no note on the built-ins not judged:\n%s", notes)
	}
}

// TestADKNestedDelegation: an ADK workflow agent (SequentialAgent,
// ParallelAgent, LoopAgent) runs its sub-agents itself: no tool call, only
// each sub-agent's "invoke_agent NAME" span opened inside its own
// (google/adk-python agents/base_agent.py run_async, sequential_agent.py
// _run_async_impl). That nesting uses the workflow agent's delegation grant
// (sub_agents with the agents as resources, as aims import adk writes it),
// whether the exporter wrote the parent span before or after its children;
// a workflow agent that never ran the agent its grant names leaves it
// unused. Under a tool span (an AgentTool: "execute_tool NAME" >
// "invocation" > "invoke_agent NAME") the tool call is the delegation. The
// nested span stays the sub-agent's own event: no record counts twice.
func TestADKNestedDelegation(t *testing.T) {
	inv := func(id, parent, name string) string {
		return otlpSpan(id, parent, "invoke_agent "+name, "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", name)
	}
	tool := func(id, parent, name string) string {
		return otlpSpan(id, parent, "execute_tool "+name, "", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", name)
	}
	llm := func(id, parent string) string {
		return otlpSpan(id, parent, "call_llm", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.request.model", "gemini-2.5-flash")
	}
	lines := []string{
		// parent first: pipeline > fanout > (rail, air)
		otlpTraces("app", inv("0000000000000001", "", "pipeline"), inv("0000000000000002", "0000000000000001", "fanout"),
			inv("0000000000000003", "0000000000000002", "rail"), llm("0000000000000004", "0000000000000003"),
			inv("0000000000000005", "0000000000000002", "air"), llm("0000000000000006", "0000000000000005")),
		// children first, as a BatchSpanProcessor exports spans as they end
		otlpTraces("app", llm("0000000000000016", "0000000000000015"), inv("0000000000000015", "0000000000000012", "air"),
			inv("0000000000000012", "0000000000000011", "fanout"), inv("0000000000000011", "", "pipeline")),
		// an AgentTool: the tool call is the delegation
		otlpTraces("app", inv("0000000000000021", "", "coord"), tool("0000000000000022", "0000000000000021", "helper"),
			otlpSpan("0000000000000023", "0000000000000022", "invocation", ""), inv("0000000000000024", "0000000000000023", "helper"),
			llm("0000000000000025", "0000000000000024")),
		// a workflow agent whose grant names an agent it never ran
		otlpTraces("app", inv("0000000000000031", "", "idle_flow"), llm("0000000000000032", "0000000000000031")),
	}
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	ag := func(id string, tools ...model.Grant) *model.Agent {
		return &model.Agent{ID: id, Lifecycle: "deployed", Identities: []string{id}, Tools: tools}
	}
	agents := []*model.Agent{
		ag("pipeline", model.Grant{Name: "sub_agents", Resources: []string{"fanout"}}),
		ag("fanout", model.Grant{Name: "sub_agents", Resources: []string{"rail", "air"}}),
		ag("rail"), ag("air"),
		ag("coord", model.Grant{Name: "helper"}), ag("helper"),
		ag("idle_flow", model.Grant{Name: "sub_agents", Resources: []string{"rail"}}),
	}
	s := analyze(t, dir, agents, Options{}, "t.jsonl")
	type act struct {
		Events int64
		Unused []string
		Out    int64
	}
	got := map[string]act{}
	for _, a := range s.Agents {
		got[a.Agent] = act{a.Events, a.UnusedGrants, a.OutOfScope}
	}
	want := map[string]act{
		"pipeline": {Events: 2}, "fanout": {Events: 2}, "rail": {Events: 2}, "air": {Events: 4},
		"coord": {Events: 2}, "helper": {Events: 2},
		"idle_flow": {Events: 2, Unused: []string{"sub_agents"}},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("events, unused grants, out of scope per agent (-want +got):\n%s", d)
	}
	f := s.Files[0]
	if f.Records != f.Events+f.Ignored || f.Events != 16 {
		t.Errorf("records %d, events %d, ignored %d: want 16 events, every record one event or ignore", f.Records, f.Events, f.Ignored)
	}
}
