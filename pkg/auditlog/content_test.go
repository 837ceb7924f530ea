package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestContentFromOtherSource: an OpenTelemetry execute_tool span with content
// capture off (no gen_ai.tool.call.arguments/result: OpenTelemetry GenAI
// semantic conventions, gen-ai-spans.md "execute_tool", content opt-in) is no
// missing-content finding when a native JSON Lines record (docs/contract.md §2) of the
// same call, by tool call id or by request id, logged the content; without
// it the finding names the source and the field it lacks.
func TestContentFromOtherSource(t *testing.T) {
	agents := []*model.Agent{{ID: "weather", Tools: []model.Grant{{Name: "get_weather"}}, Logging: model.Logging{Inputs: true, Outputs: true}}}
	span := otlpTraces("svc", otlpSpan("0000000000000001", "", "execute_tool get_weather", "",
		"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "get_weather", "gen_ai.tool.call.id", "call_7", "gen_ai.agent.name", "weather"))
	const ts = "2026-04-14T09:00:00Z"
	cases := []struct {
		name   string
		native string // "" = no native file
		want   []string
	}{
		{"no other source: the span's own fields are named", "",
			[]string{
				CheckMissingInput + " a.jsonl:1: agent weather: events carry no input although its agent file says inputs are logged, and no other source logged it for the same call: 1 from otlp without gen_ai.tool.call.arguments (first a.jsonl:1)",
				CheckMissingOutput + " a.jsonl:1: agent weather: events carry no output although its agent file says outputs are logged, and no other source logged it for the same call: 1 from otlp without gen_ai.tool.call.result (first a.jsonl:1)",
			}},
		{"native record with the same tool call id has both", ev(ts, "weather", "tool.call", "get_weather", "", "success", "", "tool_call_id", "call_7", "input", "{}", "output", "sunny"), nil},
		{"native record with the call id as request id has both", ev(ts, "weather", "tool.call", "get_weather", "", "success", "call_7", "input", "{}", "output", "sunny"), nil},
		{"native record has the input only", ev(ts, "weather", "tool.call", "get_weather", "", "success", "", "tool_call_id", "call_7", "input", "{}"),
			[]string{
				CheckMissingOutput + " a.jsonl:1: agent weather: events carry no output although its agent file says outputs are logged, and no other source logged it for the same call: 1 from otlp without gen_ai.tool.call.result (first a.jsonl:1); 1 from jsonl without output (first b.jsonl:1)",
			}},
		{"another call's content does not count", ev(ts, "weather", "tool.call", "get_weather", "", "success", "", "tool_call_id", "call_8", "input", "{}", "output", "sunny"),
			[]string{
				CheckMissingInput + " a.jsonl:1: agent weather: events carry no input although its agent file says inputs are logged, and no other source logged it for the same call: 1 from otlp without gen_ai.tool.call.arguments (first a.jsonl:1)",
				CheckMissingOutput + " a.jsonl:1: agent weather: events carry no output although its agent file says outputs are logged, and no other source logged it for the same call: 1 from otlp without gen_ai.tool.call.result (first a.jsonl:1)",
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "a.jsonl", []byte(span+"\n"))
			paths := []string{"a.jsonl"}
			if c.native != "" {
				write(t, dir, "b.jsonl", []byte(c.native+"\n"))
				paths = append(paths, "b.jsonl")
			}
			for _, workers := range []int{1, 4} {
				s := analyze(t, dir, agents, Options{Workers: workers}, paths...)
				var got []string
				for _, f := range s.Findings {
					if f.Check == CheckMissingInput || f.Check == CheckMissingOutput {
						got = append(got, f.Check+" "+f.Location.String()+": "+f.Message)
					}
				}
				if d := cmp.Diff(c.want, got); d != "" {
					t.Errorf("workers %d (-want +got):\n%s", workers, d)
				}
			}
		})
	}
}
