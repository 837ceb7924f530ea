package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// TestPydanticAIEventsAttribute: pydantic-ai 0.x (instrumentation version 1,
// pydantic/pydantic-ai v0.4.11 models/instrumented.py _emit_events) puts a
// model request's message events in one JSON attribute "events"; with
// include_content off the events carry no content.
func TestPydanticAIEventsAttribute(t *testing.T) {
	with := `[{"event.name":"gen_ai.user.message","role":"user","content":"hi","gen_ai.system":"openai"},` +
		`{"event.name":"gen_ai.choice","index":0,"message":{"role":"assistant","content":"yo"},"gen_ai.system":"openai"}]`
	without := `[{"event.name":"gen_ai.user.message","role":"user","gen_ai.system":"openai"},{"event.name":"gen_ai.choice","index":0,"message":{"role":"assistant"}}]`
	line := otlpTraces("pyd-app",
		otlpSpan("0000000000000201", "", "agent run", "", "agent_name", "support_agent"),
		otlpSpan("0000000000000202", "0000000000000201", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o", "events", with),
		otlpSpan("0000000000000203", "0000000000000201", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o", "events", without))
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(line+"\n"))
	s := analyze(t, dir, []*model.Agent{{ID: "support_agent", Lifecycle: "deployed", Identities: []string{"support_agent"},
		Logging: model.Logging{Inputs: true, Outputs: true}}}, Options{}, "t.jsonl")
	want := map[string]agentFacts{"support_agent": {Events: 3, Models: []model.NameCount{{Name: "gpt-4o", Count: 2}}, MissingIn: 1, MissingOut: 1}}
	if d := cmp.Diff(want, factsByAgent(s), cmpopts.EquateEmpty()); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestGenAIMessagesContent: gen_ai.input.messages and gen_ai.output.messages
// (semantic-conventions gen-ai-input-messages.json, written as attributes by
// pydantic-ai instrumentation version 2 and later, models/instrumented.py
// handle_messages) keep role, part type, tool call id and name when capture
// is off: pydantic-ai 1.x otel_message_parts adds content, arguments and
// result only if settings.include_content. Such a model call carries no
// content; before, any value read as content, so a pydantic-ai agent with
// include_content=False and no tools drew no logs.missing-input at all.
func TestGenAIMessagesContent(t *testing.T) {
	for _, c := range []struct {
		name, in, out   string
		missIn, missOut int64
	}{
		{"pydantic-ai include_content off", `[{"role":"system","parts":[{"type":"text"}]},{"role":"user","parts":[{"type":"text"}]}]`,
			`[{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_invoice"}],"finish_reason":"tool_call"}]`, 1, 1},
		{"pydantic-ai tool response off", `[{"role":"user","parts":[{"type":"tool_call_response","id":"call_1","name":"get_invoice"}]}]`,
			`[{"role":"assistant","parts":[{"type":"text"}],"finish_reason":"stop"}]`, 1, 1},
		{"pydantic-ai include_content on", `[{"role":"user","parts":[{"type":"text","content":"bill 7?"}]}]`,
			`[{"role":"assistant","parts":[{"type":"tool_call","id":"call_1","name":"get_invoice","arguments":{"id":7}}]}]`, 0, 0},
		{"tool result on", `[{"role":"user","parts":[{"type":"tool_call_response","id":"call_1","name":"get_invoice","result":"EUR 40"}]}]`,
			`[{"role":"assistant","parts":[{"type":"text","content":"EUR 40"}]}]`, 0, 0},
		{"conventions response field", `[{"role":"tool","parts":[{"type":"tool_call_response","id":"c","response":{"ok":true}}]}]`,
			`[{"role":"assistant","parts":[{"type":"uri","modality":"image","uri":"https://x/y.png"}]}]`, 0, 0},
		{"plain text, not JSON", `where is my bill`, `here it is`, 0, 0},
		{"empty content string", `[{"role":"user","parts":[{"type":"text","content":""}]}]`, `[]`, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			line := otlpTraces("billing-api",
				otlpSpan("0000000000000301", "", "agent run", "", "agent_name", "billing_assistant"),
				otlpSpan("0000000000000302", "0000000000000301", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o",
					"gen_ai.input.messages", c.in, "gen_ai.output.messages", c.out))
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(line+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: "billing_assistant", Lifecycle: "deployed", Identities: []string{"billing_assistant"},
				Logging: model.Logging{Inputs: true, Outputs: true}}}, Options{}, "t.jsonl")
			want := map[string]agentFacts{"billing_assistant": {Events: 2, Models: []model.NameCount{{Name: "gpt-4o", Count: 1}}, MissingIn: c.missIn, MissingOut: c.missOut}}
			if d := cmp.Diff(want, factsByAgent(s), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
