package auditlog

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

// realFacts are the facts ../shared/samples/real/README.md lists for each
// OTLP file recorded from a real producer; the files are read in place
// (testenv fails the test in CI when they are absent).
type realFacts struct {
	records, events, ignored, skipped, auto int64
	ignoredReasons                          []model.NameCount
	agent                                   string // inventory agent, known by identity
	identity                                string
	events1                                 int64
	tools                                   []model.ToolUse
	models                                  []model.NameCount
	errors, reviews                         int64
}

func TestOTLPRealProducers(t *testing.T) {
	dir := testenv.Shared(t, "samples", "real", "otlp")
	tests := map[string]realFacts{
		// ai@6.0.326 + @ai-sdk/openai@3.0.141, legacy ai.* spans, no gen_ai.operation.name:
		// 2 ai.generateText invocations (the second fails), 3 doGenerate model
		// calls (1 error), 1 ai.toolCall get_weather.
		"vercel-ai-sdk-6.0.326-generatetext-tool.traces.jsonl": {
			records: 6, events: 6, identity: "weather-agent", events1: 6,
			tools:  []model.ToolUse{{Tool: "get_weather", Count: 1, Granted: true}},
			models: []model.NameCount{{Name: "gpt-4o-mini", Count: 3}},
			errors: 2,
		},
		// @traceloop/node-server-sdk@0.27.0: 1 agent span, 2 chat spans, 1 tool span.
		"traceloop-node-server-sdk-0.27.0-agent-tool.traces.jsonl": {
			records: 4, events: 4, identity: "weather_agent", events1: 4,
			tools:  []model.ToolUse{{Tool: "get_weather", Count: 1, Granted: true}},
			models: []model.NameCount{{Name: "gpt-4o-mini", Count: 2}},
		},
		// Claude Code 2.1.197: 10 records, the config tool_decision is an
		// automatic approval (ignored, counted), not a human review.
		"claude-code-2.1.197-print-mode.logs.jsonl": {
			records: 10, events: 9, ignored: 1, auto: 1, identity: "claude-code", events1: 9,
			ignoredReasons: []model.NameCount{{Name: "automatic approval (tool_decision source config)", Count: 1}},
			tools:          []model.ToolUse{{Tool: "Bash", Count: 1, Granted: true}},
			models:         []model.NameCount{{Name: "claude-sonnet-4-5", Count: 4}},
		},
		// opentelemetry-proto examples/trace.json: one non-GenAI span, said so.
		"otel-proto-examples-trace.json": {
			records: 1, ignored: 1,
			ignoredReasons: []model.NameCount{{Name: "span without a GenAI operation: I'm a server span", Count: 1}},
		},
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			var agents []*model.Agent
			if want.identity != "" {
				// Content capture required: the real files must show none missing.
				agents = []*model.Agent{{ID: "agt-x", Lifecycle: "deployed", Identities: []string{want.identity},
					Tools:   toolGrants(want.tools),
					Logging: model.Logging{Inputs: true, Outputs: true}}}
			}
			s := analyze(t, dir, agents, Options{}, filepath.Join(dir, name))
			f := s.Files[0]
			if f.Format != FormatOTLP || f.Records != want.records || f.Events != want.events || f.Ignored != want.ignored ||
				f.Skipped != want.skipped || f.AutoApprovals != want.auto {
				t.Errorf("file = %+v", f)
			}
			if d := cmp.Diff(want.ignoredReasons, f.IgnoredReasons); d != "" {
				t.Errorf("ignored reasons (-want +got):\n%s", d)
			}
			if want.identity == "" {
				if len(s.Shadow) != 0 {
					t.Errorf("shadow agents %+v", s.Shadow)
				}
				return
			}
			if len(s.Shadow) != 0 {
				t.Errorf("shadow agents %+v: the identity did not resolve", s.Shadow)
			}
			a := s.Agents[0]
			if a.Events != want.events1 || a.Errors != want.errors || a.HumanReviews != want.reviews {
				t.Errorf("activity events %d errors %d reviews %d", a.Events, a.Errors, a.HumanReviews)
			}
			if a.MissingInputs != 0 || a.MissingOutputs != 0 {
				t.Errorf("missing inputs %d outputs %d, want none (content is captured)", a.MissingInputs, a.MissingOutputs)
			}
			if d := cmp.Diff(want.tools, a.Tools); d != "" {
				t.Errorf("tools (-want +got):\n%s", d)
			}
			if d := cmp.Diff(want.models, a.Models); d != "" {
				t.Errorf("models (-want +got):\n%s", d)
			}
		})
	}
}

func toolGrants(tools []model.ToolUse) []model.Grant {
	var g []model.Grant
	for _, t := range tools {
		g = append(g, model.Grant{Name: t.Tool})
	}
	return g
}
