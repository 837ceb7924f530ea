package auditlog

import (
	"strings"
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
	lateDecisions(t, trace("00000000000002a", "call_Tl9"), "leak-triage", "LangGraph", "open_ticket", "call_Tl9")
}

// TestTraceloopCrewAISpans: OpenLLMetry's CrewAI instrumentation
// (traceloop/openllmetry 93429cf, opentelemetry-instrumentation-crewai 0.62.1,
// instrumentation.py) sets gen_ai.operation.name invoke_agent on the
// crewai.workflow kickoff span and on every "{description}.task" span
// (traceloop.span.kind task), not only on the "{role}.agent" span, whose
// gen_ai.agent.id is the CrewAI Agent's uuid4 (a new one every kickoff). The
// crew and its tasks are no agent: before, they were invocations of
// service.name, a shadow agent of every crew process; and an agent missing
// from the inventory was reported under its per-run UUID, not its role.
func TestTraceloopCrewAISpans(t *testing.T) {
	crew := func(role, uuid string) string {
		return otlpTraces("claims-crew",
			otlpSpan("00000000000000c1", "", "crewai.workflow", "", "gen_ai.provider.name", "crewai", "gen_ai.operation.name", "invoke_agent",
				"crewai.crew.name", "Claims Triage Crew"),
			otlpSpan("00000000000000c2", "00000000000000c1", "Screen claim MC-1.task", "", "traceloop.span.kind", "task",
				"gen_ai.provider.name", "crewai", "gen_ai.operation.name", "invoke_agent", "crewai.task.agent", role, "crewai.task.human_input", "False"),
			otlpSpan("00000000000000c3", "00000000000000c2", role+".agent", "", "traceloop.span.kind", "agent",
				"gen_ai.provider.name", "crewai", "gen_ai.operation.name", "invoke_agent", "crewai.agent.role", role,
				"gen_ai.agent.name", role, "gen_ai.agent.id", uuid, "gen_ai.request.model", "claude-sonnet-4-5"),
			otlpSpan("00000000000000c4", "00000000000000c3", "anthropic.chat", "", "gen_ai.operation.name", "chat", "gen_ai.provider.name", "anthropic",
				"gen_ai.request.model", "claude-sonnet-4-5", "gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"screen"}]}]`,
				"gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"score 10"}]}]`),
			otlpSpan("00000000000000c5", "00000000000000c3", "claims_history.tool", "", "traceloop.span.kind", "tool",
				"traceloop.entity.name", "claims_history", "gen_ai.tool.name", "claims_history",
				"traceloop.entity.input", `{"args":[],"kwargs":{"policy_number":"BM-1"}}`, "traceloop.entity.output", `{"claims":1}`))
	}
	screener := []*model.Agent{{ID: "fraud-screener", Lifecycle: "deployed", Identities: []string{"fraud_screener", "Fraud Screener"},
		Tools: []model.Grant{{Name: "claims_history"}}}}
	tests := []struct {
		name, role string
		shadow     []string
		events     int64
	}{
		{"inventory agent named by its role", "Fraud Screener", nil, 3},
		{"agent missing from the inventory named by its role", "Subrogation Analyst", []string{"Subrogation Analyst"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(crew(tc.role, "7b3f0001-1c2d-4e5f-8a9b-00000000001a")+"\n"))
			s := analyze(t, dir, screener, Options{}, "t.jsonl")
			var shadow []string
			for _, sh := range s.Shadow {
				shadow = append(shadow, sh.Identity)
			}
			if d := cmp.Diff(tc.shadow, shadow); d != "" {
				t.Errorf("shadow agents (-want +got):\n%s", d)
			}
			if got := s.Agents[0].Events; got != tc.events {
				t.Errorf("fraud-screener events = %d, want %d (the agent span, the model call, the tool call)", got, tc.events)
			}
			want := []model.NameCount{
				{Name: "CrewAI crew kickoff span (the crew's run: each agent's invocation is its own span)", Count: 1},
				{Name: "Traceloop task span (a step: its model and tool calls are their own spans)", Count: 1},
			}
			if d := cmp.Diff(want, s.Files[0].IgnoredReasons); d != "" {
				t.Errorf("ignored reasons (-want +got):\n%s", d)
			}
		})
	}
}

// TestToolRequestsUseGrants: OpenLLMetry's CrewAI instrumentation (0.62.1,
// instrumentation.py) traces no crewai_tools tool: FileReadTool's use is
// recorded only as the model's request, a tool_call part of the OpenAI
// instrumentation's gen_ai.output.messages (openai/shared/chat_wrappers.py
// _set_output_messages), named as CrewAI offers it to the model
// (sanitize_tool_name: read_a_files_content). The grant ("Read a file's
// content", as imported) is in use, not unused; a request is no call: no
// event, no out-of-scope finding for a tool the agent is not granted, and a
// grant never requested is still unused.
func TestToolRequestsUseGrants(t *testing.T) {
	out := func(names ...string) string {
		var parts []string
		for i, n := range names {
			parts = append(parts, `{"type":"tool_call","id":"call_`+string(rune('a'+i))+`","name":"`+n+`","arguments":{"file_path":"claims/MC-1/fnol.pdf"}}`)
		}
		return `[{"role":"assistant","parts":[` + strings.Join(parts, ",") + `],"finish_reason":"tool_call"}]`
	}
	trace := otlpTraces("claims-crew",
		otlpSpan("00000000000000d1", "", "Motor Claims Intake Analyst.agent", "", "traceloop.span.kind", "agent",
			"gen_ai.provider.name", "crewai", "gen_ai.operation.name", "invoke_agent", "crewai.agent.role", "Motor Claims Intake Analyst",
			"gen_ai.agent.name", "Motor Claims Intake Analyst", "gen_ai.agent.id", "7b3f0001-1c2d-4e5f-8a9b-00000000001b"),
		otlpSpan("00000000000000d2", "00000000000000d1", "openai.chat", "", "gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
			"gen_ai.request.model", "gpt-4o-mini", "gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"summarise"}]}]`,
			"gen_ai.output.messages", out("read_a_files_content", "delete_a_file")))
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(trace+"\n"))
	s := analyze(t, dir, []*model.Agent{{ID: "intake-analyst", Lifecycle: "deployed", Identities: []string{"Motor Claims Intake Analyst"},
		Tools: []model.Grant{{Name: "Read a file's content"}, {Name: "Search the internet with Serper"}}}}, Options{}, "t.jsonl")
	var got []string
	for _, f := range s.Findings {
		got = append(got, f.Check+" "+f.Tool)
	}
	if d := cmp.Diff([]string{CheckUnusedGrant + " Search the internet with Serper"}, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	if a := s.Agents[0]; a.Events != 2 || len(a.Tools) != 0 {
		t.Errorf("intake-analyst: %d events, tools %v; want 2 (the agent span, the model call) and no tool call", a.Events, a.Tools)
	}
	if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "Read a file's content are used only as the model's tool-call requests") {
		t.Errorf("notes = %q, want one saying the grant is used only as requests", s.Notes)
	}
}
