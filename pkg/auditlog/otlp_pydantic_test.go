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
