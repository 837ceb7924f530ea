package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// agentFacts is what a shape test asserts per agent.
type agentFacts struct {
	Events                int64
	Tools                 []model.ToolUse
	Models                []model.NameCount
	OutOfScope            int64
	MissingIn, MissingOut int64
}

func factsByAgent(s *model.LogSummary) map[string]agentFacts {
	m := map[string]agentFacts{}
	for _, a := range s.Agents {
		if a.Events == 0 {
			continue
		}
		m[a.Agent] = agentFacts{Events: a.Events, Tools: a.Tools, Models: a.Models, OutOfScope: a.OutOfScope,
			MissingIn: a.MissingInputs, MissingOut: a.MissingOutputs}
	}
	return m
}

// span events as the producers attach them (name, string attributes).
func spanEvents(evs ...[]string) string {
	out := `,"events":[`
	for i, e := range evs {
		if i > 0 {
			out += ","
		}
		out += `{"name":"` + e[0] + `","attributes":[`
		for j := 1; j+1 < len(e); j += 2 {
			if j > 1 {
				out += ","
			}
			out += `{"key":"` + e[j] + `","value":{"stringValue":` + jsonQuote(e[j+1]) + `}}`
		}
		out += `]}`
	}
	return out + `]`
}

// TestOTLPProducerShapes: span trees as each producer's source writes them
// (file and commit cited per case), read per agent: the right agent, the
// right calls, steps not counted as calls, delegation targets kept.
func TestOTLPProducerShapes(t *testing.T) {
	logged := model.Logging{Inputs: true, Outputs: true}
	agent := func(id string, tools ...model.Grant) *model.Agent {
		return &model.Agent{ID: id, Lifecycle: "deployed", Identities: []string{id}, Logging: logged, Tools: tools}
	}
	tests := []struct {
		name    string
		line    string
		agents  []*model.Agent
		want    map[string]agentFacts
		reasons []model.NameCount
	}{{
		// strands-agents/sdk-python src/strands/telemetry/tracer.py
		// @1232230d (legacy conventions): invoke_agent NAME > execute_event_loop_cycle
		// (gen_ai.operation.name execute_event_loop_cycle) > chat and
		// execute_tool NAME; content in gen_ai.user.message / gen_ai.tool.message
		// / gen_ai.choice span events.
		name: "strands",
		line: otlpTraces("strands-app",
			otlpSpan("00000000000000a1", "", "invoke_agent weather", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "weather",
				"gen_ai.request.model", "us.anthropic.claude-sonnet-4", "gen_ai.system", "strands-agents"),
			otlpSpan("00000000000000a2", "00000000000000a1", "execute_event_loop_cycle", "", "gen_ai.operation.name", "execute_event_loop_cycle", "event_loop.cycle_id", "c1"),
			otlpSpan("00000000000000a3", "00000000000000a2", "chat", spanEvents([]string{"gen_ai.user.message", "content", `[{"text":"weather?"}]`}, []string{"gen_ai.choice", "message", `[{"text":"calling"}]`}),
				"gen_ai.operation.name", "chat", "gen_ai.request.model", "us.anthropic.claude-sonnet-4", "gen_ai.system", "strands-agents"),
			otlpSpan("00000000000000a4", "00000000000000a2", "execute_tool get_weather", spanEvents([]string{"gen_ai.tool.message", "role", "tool", "content", `{"city":"Oslo"}`, "id", "tooluse_1"}, []string{"gen_ai.choice", "message", `[{"text":"rain"}]`}),
				"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "get_weather", "gen_ai.tool.call.id", "tooluse_1")),
		agents: []*model.Agent{agent("weather", model.Grant{Name: "get_weather"})},
		want: map[string]agentFacts{"weather": {Events: 3, Tools: []model.ToolUse{{Tool: "get_weather", Count: 1, Granted: true}},
			Models: []model.NameCount{{Name: "us.anthropic.claude-sonnet-4", Count: 1}}}},
		reasons: []model.NameCount{{Name: "Strands event loop cycle (its model and tool calls are their own spans)", Count: 1}},
	}, {
		// Strands with the latest GenAI conventions (OTEL_SEMCONV_STABILITY_OPT_IN
		// gen_ai_latest_experimental, telemetry/tracer.py): the cycle span
		// carries no gen_ai.operation.name; it is still the Strands step.
		name: "strands-cycle-without-operation",
		line: otlpTraces("strands-app",
			otlpSpan("00000000000000c1", "", "invoke_agent weather", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "weather"),
			otlpSpan("00000000000000c2", "00000000000000c1", "execute_event_loop_cycle", "", "event_loop.cycle_id", "c1"),
			otlpSpan("00000000000000c3", "00000000000000c2", "chat", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "m1",
				"gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"hi"}]}]`,
				"gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"hello"}]}]`)),
		agents:  []*model.Agent{agent("weather")},
		want:    map[string]agentFacts{"weather": {Events: 2, Models: []model.NameCount{{Name: "m1", Count: 1}}}},
		reasons: []model.NameCount{{Name: "Strands event loop cycle (its model and tool calls are their own spans)", Count: 1}},
	}, {
		// Strands Swarm (sdk-python multiagent/swarm.py @1232230d):
		// invoke_swarm (gen_ai.agent.name "swarm") > invoke_agent per node;
		// a node hands off through the tool handoff_to_agent(agent_name,
		// message), its arguments in the gen_ai.tool.message event.
		name: "strands-swarm",
		line: otlpTraces("strands-app",
			otlpSpan("00000000000000b1", "", "invoke_swarm", "", "gen_ai.operation.name", "invoke_swarm", "gen_ai.agent.name", "swarm"),
			otlpSpan("00000000000000b2", "00000000000000b1", "invoke_agent researcher", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "researcher"),
			otlpSpan("00000000000000b3", "00000000000000b2", "execute_tool handoff_to_agent", spanEvents([]string{"gen_ai.tool.message", "role", "tool", "content", `{"agent_name":"writer","message":"draft it"}`}, []string{"gen_ai.choice", "message", `ok`}),
				"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "handoff_to_agent", "gen_ai.tool.call.id", "tooluse_2"),
			otlpSpan("00000000000000b4", "00000000000000b2", "execute_tool handoff_to_agent", spanEvents([]string{"gen_ai.tool.message", "role", "tool", "content", `{"agent_name":"mallory","message":"x"}`}, []string{"gen_ai.choice", "message", `ok`}),
				"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "handoff_to_agent", "gen_ai.tool.call.id", "tooluse_3"),
			otlpSpan("00000000000000b5", "00000000000000b1", "invoke_agent writer", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "writer")),
		agents: []*model.Agent{agent("researcher", model.Grant{Name: "handoff_to_agent", Resources: []string{"writer"}}), agent("writer")},
		want: map[string]agentFacts{
			// the hand-off to writer is granted; the one to mallory is not
			"researcher": {Events: 3, Tools: []model.ToolUse{{Tool: "handoff_to_agent", Count: 2, Granted: true}}, OutOfScope: 1},
			"writer":     {Events: 1},
		},
		reasons: []model.NameCount{{Name: "multi-agent orchestration span (each agent's invocation is its own span)", Count: 1}},
	}, {
		// google/adk-python @7c670f63 (telemetry.py, agents/base_agent.py,
		// tools/transfer_to_agent_tool.py): agent_run [NAME] spans, the
		// delegation as execute_tool transfer_to_agent with
		// gcp.vertex.agent.tool_call_args {"agent_name": ...}; the sub-agent
		// runs nested in its parent's span. gen_ai.tool.call.id is
		// "<not specified>" when ADK has none: no ID shared by every call.
		name: "adk-transfer",
		line: otlpTraces("adk-app",
			otlpSpan("00000000000000c1", "", "agent_run [root_agent]", ""),
			otlpSpan("00000000000000c2", "00000000000000c1", "execute_tool transfer_to_agent", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "execute_tool",
				"gen_ai.tool.name", "transfer_to_agent", "gen_ai.tool.call.id", "<not specified>",
				"gcp.vertex.agent.tool_call_args", `{"agent_name": "roll_agent"}`, "gcp.vertex.agent.tool_response", `{"result": null}`),
			// A transfer to an agent the grant does not name (the tool's
			// own argument, transfer_to_agent(agent_name, tool_context)).
			otlpSpan("00000000000000c6", "00000000000000c1", "execute_tool transfer_to_agent", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "execute_tool",
				"gen_ai.tool.name", "transfer_to_agent", "gen_ai.tool.call.id", "<not specified>",
				"gcp.vertex.agent.tool_call_args", `{"agent_name": "billing_agent"}`, "gcp.vertex.agent.tool_response", `{"result": null}`),
			otlpSpan("00000000000000c3", "00000000000000c1", "agent_run [roll_agent]", ""),
			otlpSpan("00000000000000c4", "00000000000000c3", "call_llm", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.request.model", "gemini-2.5-flash",
				"gcp.vertex.agent.llm_request", `{"contents":[1]}`, "gcp.vertex.agent.llm_response", `{"content":1}`),
			otlpSpan("00000000000000c5", "00000000000000c3", "execute_tool roll_die", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.operation.name", "execute_tool",
				"gen_ai.tool.name", "roll_die", "gen_ai.tool.call.id", "<not specified>", "gcp.vertex.agent.tool_call_args", "{}", "gcp.vertex.agent.tool_response", `{"result": 4}`)),
		agents: []*model.Agent{agent("root_agent", model.Grant{Name: "transfer_to_agent", Resources: []string{"roll_agent"}}), agent("roll_agent", model.Grant{Name: "roll_die"})},
		want: map[string]agentFacts{
			"root_agent": {Events: 3, Tools: []model.ToolUse{{Tool: "transfer_to_agent", Count: 2, Granted: true}}, OutOfScope: 1},
			// roll_die's arguments are "{}": its input is missing, whatever
			// the transfer call (same placeholder ID) logged.
			"roll_agent": {Events: 3, Tools: []model.ToolUse{{Tool: "roll_die", Count: 1, Granted: true}}, Models: []model.NameCount{{Name: "gemini-2.5-flash", Count: 1}}, MissingIn: 1},
		},
	}, {
		// google/adk-go @0a51e153 internal/telemetry/node_tracing.go and
		// telemetrytestcase/workflow.go: invoke_workflow NAME
		// (gen_ai.workflow.name) > invoke_node NAME (gen_ai.operation.name
		// invoke_node) > invoke_agent NAME > generate_content MODEL.
		name: "adk-go-workflow",
		line: otlpTraces("adk-go-app",
			otlpSpan("00000000000000d1", "", "invoke_workflow my_workflow", "", "gen_ai.operation.name", "invoke_workflow", "gen_ai.workflow.name", "my_workflow"),
			otlpSpan("00000000000000d2", "00000000000000d1", "invoke_node router_node", "", "gen_ai.operation.name", "invoke_node", "gen_ai.node.name", "router_node"),
			otlpSpan("00000000000000d3", "00000000000000d2", "invoke_agent task_agent", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "task_agent"),
			otlpSpan("00000000000000d4", "00000000000000d3", "generate_content mock", "", "gen_ai.operation.name", "generate_content", "gen_ai.request.model", "mock")),
		agents: []*model.Agent{agent("my_workflow"), agent("task_agent")},
		want: map[string]agentFacts{
			"my_workflow": {Events: 1},
			"task_agent":  {Events: 2, Models: []model.NameCount{{Name: "mock", Count: 1}}, MissingIn: 1, MissingOut: 1},
		},
		reasons: []model.NameCount{{Name: "workflow node span (its agents' calls are their own spans)", Count: 1}},
	}, {
		// pydantic/pydantic-ai @4fda3898 _instrumentation.py for_version(2)
		// names: "agent run" (agent_name), "running tool" (gen_ai.tool.name,
		// tool_arguments, tool_response); releases before
		// gen_ai.operation.name was set on them are read by these names.
		name: "pydantic-ai-v2",
		line: otlpTraces("pyd-app",
			otlpSpan("00000000000000e1", "", "agent run", "", "agent_name", "support_agent", "model_name", "gpt-4o"),
			otlpSpan("00000000000000e2", "00000000000000e1", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o", "gen_ai.system", "openai",
				"gen_ai.input.messages", `[{"role":"user","parts":[{"type":"text","content":"where is order 7"}]}]`,
				"gen_ai.output.messages", `[{"role":"assistant","parts":[{"type":"text","content":"shipped"}],"finish_reason":"stop"}]`),
			otlpSpan("00000000000000e3", "00000000000000e1", "running tool", "", "gen_ai.tool.name", "lookup", "gen_ai.tool.call.id", "call_1",
				"tool_arguments", `{"q":"x"}`, "tool_response", "found")),
		agents: []*model.Agent{agent("support_agent", model.Grant{Name: "lookup"})},
		want:   map[string]agentFacts{"support_agent": {Events: 3, Tools: []model.ToolUse{{Tool: "lookup", Count: 1, Granted: true}}, Models: []model.NameCount{{Name: "gpt-4o", Count: 1}}}},
	}, {
		// Arize-ai/openinference @1fe497f1 semconv trace/__init__.py:
		// openinference.span.kind, agent.name, llm.model_name, tool.name,
		// input.value/output.value; CHAIN spans are steps.
		name: "openinference",
		line: otlpTraces("oi-app",
			otlpSpan("00000000000000f1", "", "Agent", "", "openinference.span.kind", "AGENT", "agent.name", "planner"),
			otlpSpan("00000000000000f2", "00000000000000f1", "ChatOpenAI", "", "openinference.span.kind", "LLM", "llm.model_name", "gpt-4o", "input.value", "hi", "output.value", "yo"),
			otlpSpan("00000000000000f3", "00000000000000f1", "search", "", "openinference.span.kind", "TOOL", "tool.name", "search", "input.value", `{"q":1}`, "output.value", "r"),
			otlpSpan("00000000000000f4", "00000000000000f1", "RunnableSequence", "", "openinference.span.kind", "CHAIN")),
		agents:  []*model.Agent{agent("planner", model.Grant{Name: "search"})},
		want:    map[string]agentFacts{"planner": {Events: 3, Tools: []model.ToolUse{{Tool: "search", Count: 1, Granted: true}}, Models: []model.NameCount{{Name: "gpt-4o", Count: 1}}}},
		reasons: []model.NameCount{{Name: "OpenInference span kind not read: CHAIN", Count: 1}},
	}, {
		// An operation the conventions do not define is a model call only
		// when it names its model; a Vercel AI SDK 7 root span
		// "invoke_agent MODEL" without functionId (vercel/ai @ed857f50
		// packages/otel/src/open-telemetry.ts) names no agent: its calls are
		// the service's.
		name: "unknown-ops-and-v7-root",
		line: otlpTraces("svc",
			otlpSpan("0000000000000101", "", "weird_op x", "", "gen_ai.operation.name", "weird_op"),
			otlpSpan("0000000000000102", "", "summarise m", "", "gen_ai.operation.name", "summarise", "gen_ai.request.model", "m"),
			otlpSpan("0000000000000103", "", "invoke_agent gpt-4o", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.request.model", "gpt-4o"),
			otlpSpan("0000000000000104", "0000000000000103", "execute_tool t", "", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "t", "gen_ai.tool.call.id", "c9",
				"gen_ai.tool.call.arguments", "{\"a\":1}", "gen_ai.tool.call.result", "r")),
		agents: []*model.Agent{agent("svc", model.Grant{Name: "t"})},
		want: map[string]agentFacts{"svc": {Events: 3, Tools: []model.ToolUse{{Tool: "t", Count: 1, Granted: true}}, Models: []model.NameCount{{Name: "m", Count: 1}},
			MissingIn: 1, MissingOut: 1}},
		reasons: []model.NameCount{{Name: "GenAI operation not read: weird_op", Count: 1}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(tc.line+"\n"))
			s := analyze(t, dir, tc.agents, Options{}, "t.jsonl")
			if d := cmp.Diff(tc.want, factsByAgent(s), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("agents (-want +got):\n%s", d)
			}
			f := s.Files[0]
			if d := cmp.Diff(tc.reasons, f.IgnoredReasons, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("ignored (-want +got):\n%s", d)
			}
			if len(s.Shadow) != 0 {
				t.Errorf("shadow agents %+v", s.Shadow)
			}
			if f.Records != f.Events+f.Skipped+f.Ignored || f.Records == 0 {
				t.Errorf("records %d not accounted (%d events, %d skipped, %d ignored)", f.Records, f.Events, f.Skipped, f.Ignored)
			}
		})
	}
}
