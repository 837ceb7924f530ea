package auditlog

import (
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

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

// TestOpenInferenceAgentIdentity: who an OpenInference span's calls belong
// to. The LangChain tracer (Arize-ai/openinference
// openinference-instrumentation-langchain 0.1.70 _tracer.py) names each span
// after its run, so a LangGraph graph's root span carries the graph's name
// (langchain-ai/langgraph pregel/main.py: run_name, else get_name(), the
// name given to compile(name=...) or create_react_agent(name=...); default
// "LangGraph"), and every span inside the graph has langgraph_node in its
// metadata; LangChain's create_agent puts lc_agent_name there. It marks a
// run AGENT when its name contains "agent" (_update_span), so the ReAct
// model node "agent" is an AGENT span. The OpenAI Agents instrumentation
// (openinference-instrumentation-openai-agents 2.0.0 _processor.py) opens
// each trace with an AGENT span named after the workflow, without
// agent.name; the agent span names the agent. LangGraph's interrupt()
// ends a tool's run with a GraphInterrupt exception event and no output;
// the tool runs again when the graph resumes. Before: every span of a
// process was its service's (two graphs in one process were one shadow
// agent), each "agent" node and each OpenAI Agents trace was an agent
// invocation, and an interrupted tool counted as a call.
func TestOpenInferenceAgentIdentity(t *testing.T) {
	meta := func(node string, extra ...string) string {
		m := `{"thread_id":"t1","langgraph_step":1,"langgraph_node":"` + node + `","langgraph_checkpoint_ns":"` + node + `:1"`
		for i := 0; i+1 < len(extra); i += 2 {
			m += `,"` + extra[i] + `":"` + extra[i+1] + `"`
		}
		return m + "}"
	}
	interrupt := `,"events":[{"timeUnixNano":"1776157200000000000","name":"exception","attributes":[` +
		`{"key":"exception.type","value":{"stringValue":"GraphInterrupt"}},{"key":"exception.message","value":{"stringValue":"(Interrupt(value={}, id='1'),)"}}]}]`
	// graph is one ReAct run: root > agent > ChatOpenAI, root > tools > TOOL.
	graph := func(p, root, tool, toolExtra string, metaExtra ...string) []string {
		return []string{
			otlpSpan(p+"3", p+"2", "ChatOpenAI", "", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4o-mini-2024-07-18", "metadata", meta("agent", metaExtra...)),
			otlpSpan(p+"2", p+"1", "agent", "", "openinference.span.kind", "AGENT", "metadata", meta("agent", metaExtra...)),
			otlpSpan(p+"5", p+"4", tool, toolExtra, "openinference.span.kind", "TOOL", "tool.name", tool, "metadata", meta("tools", metaExtra...)),
			otlpSpan(p+"4", p+"1", "tools", "", "openinference.span.kind", "CHAIN", "metadata", meta("tools", metaExtra...)),
			otlpSpan(p+"1", "", root, "", "openinference.span.kind", "CHAIN", "metadata", `{"thread_id":"t1"}`),
		}
	}
	type got struct {
		Agents map[string][]string // agent: tools, models
		Shadow []string
		Ignore []string
	}
	cases := []struct {
		name  string
		spans []string
		want  got
	}{
		{"two named graphs in one process", append(graph("000000000000001", "claims_triage", "get_claim", ""), graph("000000000000002", "fraud_screen", "score_claim", "")...),
			got{Agents: map[string][]string{"claims-triage": {"get_claim", "model gpt-4o-mini-2024-07-18"}, "fraud-screen": {"score_claim", "model gpt-4o-mini-2024-07-18"}},
				Ignore: []string{"LangGraph node span OpenInference marks AGENT by its name (a step of the graph: its model and tool calls are their own spans) 2", "OpenInference span kind not read: CHAIN 4"}}},
		{"the default graph name names no agent", graph("000000000000001", "LangGraph", "get_claim", ""),
			got{Shadow: []string{"kestrel-claims-api"},
				Ignore: []string{"LangGraph node span OpenInference marks AGENT by its name (a step of the graph: its model and tool calls are their own spans) 1", "OpenInference span kind not read: CHAIN 2"}}},
		{"lc_agent_name under the default graph name", graph("000000000000001", "LangGraph", "get_claim", "", "lc_agent_name", "claims_triage"),
			got{Agents: map[string][]string{"claims-triage": {"get_claim", "model gpt-4o-mini-2024-07-18"}},
				Ignore: []string{"OpenInference span kind not read: CHAIN 2"}}},
		{"a LangChain chain's root is no graph", []string{
			otlpSpan("0000000000000012", "0000000000000011", "get_claim", "", "openinference.span.kind", "TOOL", "tool.name", "get_claim"),
			otlpSpan("0000000000000011", "", "claims_triage", "", "openinference.span.kind", "CHAIN")},
			got{Shadow: []string{"kestrel-claims-api"}, Ignore: []string{"OpenInference span kind not read: CHAIN 1"}}},
		{"an interrupted tool, then the resumed run", append(graph("000000000000001", "claims_triage", "get_claim", interrupt), graph("000000000000002", "claims_triage", "get_claim", "")...),
			got{Agents: map[string][]string{"claims-triage": {"get_claim", "model gpt-4o-mini-2024-07-18"}},
				Ignore: []string{"LangGraph interrupt() inside the tool (the tool did not finish: the graph waits for a human and runs the tool again, in a span of its own, when it resumes) 1",
					"LangGraph node span OpenInference marks AGENT by its name (a step of the graph: its model and tool calls are their own spans) 2", "OpenInference span kind not read: CHAIN 4"}}},
		{"a supervisor's sub-agent", []string{
			otlpSpan("0000000000000033", "0000000000000032", "score_claim", "", "openinference.span.kind", "TOOL", "tool.name", "score_claim",
				"metadata", `{"langgraph_node":"tools","langgraph_checkpoint_ns":"fraud_screen:9|tools:4"}`),
			otlpSpan("0000000000000032", "0000000000000031", "fraud_screen", "", "openinference.span.kind", "CHAIN",
				"metadata", `{"langgraph_node":"fraud_screen","langgraph_checkpoint_ns":"fraud_screen:9"}`),
			otlpSpan("0000000000000034", "0000000000000031", "get_claim", "", "openinference.span.kind", "TOOL", "tool.name", "get_claim",
				"metadata", `{"langgraph_node":"tools","langgraph_checkpoint_ns":"tools:7"}`),
			otlpSpan("0000000000000031", "", "claims_triage", "", "openinference.span.kind", "CHAIN")},
			got{Agents: map[string][]string{"claims-triage": {"get_claim"}, "fraud-screen": {"score_claim"}},
				Ignore: []string{"OpenInference span kind not read: CHAIN 2"}}},
		{"an OpenAI Agents trace", []string{
			otlpSpan("0000000000000023", "0000000000000022", "response", "", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4.1-mini-2025-04-14"),
			otlpSpan("0000000000000024", "0000000000000022", "lookup_customer", "", "openinference.span.kind", "TOOL", "tool.name", "lookup_customer"),
			otlpSpan("0000000000000022", "0000000000000021", "Intake Assistant", "", "openinference.span.kind", "AGENT", "agent.name", "Intake Assistant", "graph.node.id", "Intake Assistant"),
			otlpSpan("0000000000000021", "", "Claims intake", "", "openinference.span.kind", "AGENT")},
			got{Agents: map[string][]string{"intake-assistant": {"lookup_customer", "model gpt-4.1-mini-2025-04-14"}},
				Ignore: []string{"OpenInference root AGENT span that names no agent (an OpenAI Agents trace or a LangGraph graph's run: the agents' calls are their own spans) 1"}}},
	}
	agents := []*model.Agent{
		{ID: "claims-triage", Lifecycle: "deployed", Identities: []string{"claims_triage"}},
		{ID: "fraud-screen", Lifecycle: "deployed", Identities: []string{"fraud_screen"}},
		{ID: "intake-assistant", Lifecycle: "deployed", Identities: []string{"Intake Assistant"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(otlpTraces("kestrel-claims-api", c.spans...)+"\n"))
			s := analyze(t, dir, agents, Options{}, "t.jsonl")
			g := got{Agents: map[string][]string{}}
			for _, a := range s.Agents {
				var what []string
				for _, tu := range a.Tools {
					what = append(what, tu.Tool)
				}
				for _, m := range a.Models {
					what = append(what, "model "+m.Name)
				}
				if len(what) > 0 {
					g.Agents[a.Agent] = what
				}
			}
			for _, sh := range s.Shadow {
				g.Shadow = append(g.Shadow, sh.Identity)
			}
			for _, f := range s.Files {
				for _, r := range f.IgnoredReasons {
					g.Ignore = append(g.Ignore, r.Name+" "+strconv.FormatInt(r.Count, 10))
				}
			}
			sort.Strings(g.Ignore)
			if d := cmp.Diff(c.want, g, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestOpenAIAgentsApproval: an OpenAI Agents SDK tool under
// needs_approval (openai-agents-python run_internal/tool_execution.py
// _maybe_execute_tool_approval; openinference-instrumentation-openai-agents
// 2.0.0 _processor.py). The first run's function span ends with the pending
// FunctionToolResult (run_item ToolApprovalItem) and the run stops; after
// the decision the run resumes in a new trace: approved, the tool runs;
// rejected, the SDK ends the span with "Tool execution for CALL_ID was
// manually rejected by user." in the status. Before, the pending span was
// a call that ran before any decision (human-review-missing, and a call
// counted twice) and the rejection a failed call that ran
// (rejected-tool-ran, critical).
func TestOpenAIAgentsApproval(t *testing.T) {
	pending := `FunctionToolResult(tool=FunctionTool(name='open_claim', needs_approval=True), output=None, ` +
		`run_item=ToolApprovalItem(agent=Agent(name='Intake Assistant'), raw_item=ResponseFunctionToolCall(call_id='call_Q1', name='open_claim')), interruptions=[], agent_run_result=None)`
	run := func(p string, tool string, extra string, kv ...string) string {
		return otlpTraces("kestrel-intake",
			otlpSpan(p+"3", p+"2", "open_claim", extra, append([]string{"openinference.span.kind", "TOOL", "tool.name", "open_claim"}, kv...)...),
			otlpSpan(p+"2", p+"1", "Intake Assistant", "", "openinference.span.kind", "AGENT", "agent.name", "Intake Assistant"),
			otlpSpan(p+"1", "", "Claims intake", "", "openinference.span.kind", "AGENT"))
	}
	rejectedStatus := `,"status":{"code":2,"message":"Tool execution was not approved.: {'tool_name': 'open_claim', 'error': 'Tool execution for call_Q1 was manually rejected by user.'}"}`
	cases := []struct {
		name, decision string
		resumed        string
		want           []string
		calls, denied  int64
	}{
		{"approved, then ran", "success", run("00000000000000b", "open_claim", "", "output.value", "Claim CLM-1 opened"), nil, 1, 0},
		{"rejected: the SDK's rejection span", "denied", run("00000000000000b", "open_claim", rejectedStatus, "output.value", "FunctionToolResult(tool=FunctionTool(name='open_claim'), output='Tool execution was not approved.', run_item=ToolCallOutputItem(...))"), nil, 1, 1},
		{"rejected, but it ran", "denied", run("00000000000000b", "open_claim", "", "output.value", "Claim CLM-1 opened"), []string{CheckRejectedToolRan + " critical"}, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			// otlpSpan starts every span at 09:00:00; the decision is filed
			// at 09:00:00 too, between the request and the resumed run in
			// file order, and names the call by its ID.
			write(t, dir, "t.jsonl", []byte(run("00000000000000a", "open_claim", "", "output.value", pending)+"\n"+c.resumed+"\n"))
			write(t, dir, "d.jsonl", []byte(ev("2026-04-14T09:00:00Z", "Intake Assistant", "human.review", "open_claim", "", c.decision, "call_Q1")+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: "intake-assistant", Lifecycle: "deployed", Identities: []string{"Intake Assistant"},
				Tools:     []model.Grant{{Name: "open_claim"}},
				Oversight: model.Oversight{HumanReview: []string{"open_claim"}}}}, Options{}, "t.jsonl", "d.jsonl")
			var got []string
			for _, f := range s.Findings {
				if f.Check == CheckReviewMissing || f.Check == CheckRejectedToolRan || f.Check == CheckRejectedUnknown {
					got = append(got, f.Check+" "+f.Severity)
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
			var calls, denied int64
			for _, a := range s.Agents {
				for _, tu := range a.Tools {
					calls += tu.Count
					denied += tu.Denied
				}
			}
			if calls != c.calls || denied != c.denied {
				t.Errorf("calls %d denied %d, want %d and %d", calls, denied, c.calls, c.denied)
			}
		})
	}
}

// TestOpenAIAgentsHandoff: openinference-instrumentation-openai-agents
// 2.0.0 (_processor.py) writes an SDK handoff as a TOOL span named
// "handoff to AGENT" with no tool.name (input.value the agent handing off,
// output.value the agent taking over); the next agent's span is a sibling.
// The call is a delegation to that agent, granted by its name. Before, it
// was a tool call with no name: counted nowhere, so an ungranted handoff
// went unseen and a granted one read as unused.
func TestOpenAIAgentsHandoff(t *testing.T) {
	trace := otlpTraces("kestrel-intake",
		otlpSpan("00000000000000a3", "00000000000000a2", "handoff to Document Checker", "", "openinference.span.kind", "TOOL",
			"input.value", "Intake Assistant", "output.value", "Document Checker"),
		otlpSpan("00000000000000a2", "00000000000000a1", "Intake Assistant", "", "openinference.span.kind", "AGENT", "agent.name", "Intake Assistant"),
		otlpSpan("00000000000000a5", "00000000000000a4", "read_document", "", "openinference.span.kind", "TOOL", "tool.name", "read_document"),
		otlpSpan("00000000000000a4", "00000000000000a1", "Document Checker", "", "openinference.span.kind", "AGENT", "agent.name", "Document Checker",
			"graph.node.parent_id", "Intake Assistant"),
		otlpSpan("00000000000000a1", "", "Claims intake", "", "openinference.span.kind", "AGENT"))
	for _, c := range []struct {
		name  string
		grant string
		want  []string
	}{
		{"granted by the agent's name", "Document Checker", nil},
		{"not granted", "lookup_customer", []string{CheckToolOutOfScope + " Document Checker", CheckUnusedGrant + " lookup_customer"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(trace+"\n"))
			s := analyze(t, dir, []*model.Agent{
				{ID: "intake-assistant", Lifecycle: "deployed", Identities: []string{"Intake Assistant"}, Tools: []model.Grant{{Name: c.grant}}},
				{ID: "doc-checker", Lifecycle: "deployed", Identities: []string{"Document Checker"}, Tools: []model.Grant{{Name: "read_document"}}},
			}, Options{}, "t.jsonl")
			var got []string
			for _, f := range s.Findings {
				if f.Check == CheckToolOutOfScope || f.Check == CheckUnusedGrant {
					got = append(got, f.Check+" "+f.Tool)
				}
			}
			sort.Strings(got)
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// A missing-content finding names the field the producer writes: an
// OpenInference LLM span carries its content in input.value / output.value
// (openinference-semantic-conventions; hidden with OPENINFERENCE_HIDE_INPUTS
// and _OUTPUTS), not in the GenAI attributes; a GenAI span in the same file
// is still told to set gen_ai.input.messages.
func TestMissingContentNamesOpenInferenceFields(t *testing.T) {
	traces := otlpTraces("claims-api",
		otlpSpan("0000000000000a01", "", "ChatOpenAI", "", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4o-mini", "graph.node.id", "x"),
		otlpSpan("0000000000000a02", "", "chat gpt-4o-mini", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o-mini"))
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(traces+"\n"))
	agents := []*model.Agent{{ID: "claims", Lifecycle: "deployed", Identities: []string{"claims-api"},
		Logging: model.Logging{Inputs: true, Outputs: true}}}
	s := analyze(t, dir, agents, Options{}, "t.jsonl")
	var msgs []string
	for _, f := range s.Findings {
		if f.Check == CheckMissingInput || f.Check == CheckMissingOutput {
			msgs = append(msgs, f.Message)
		}
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{"without input.value (OpenInference)", "without output.value (OpenInference)",
		"without gen_ai.input.messages", "without gen_ai.output.messages"} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing-content messages do not say %q:\n%s", want, joined)
		}
	}
}
