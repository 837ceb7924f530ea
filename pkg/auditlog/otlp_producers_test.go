package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// otlpSpan writes one span with string attributes (key, value pairs).
func otlpSpan(id, parent, name, extra string, kv ...string) string {
	var a []string
	for i := 0; i+1 < len(kv); i += 2 {
		a = append(a, `{"key":"`+kv[i]+`","value":{"stringValue":`+jsonQuote(kv[i+1])+`}}`)
	}
	s := `{"spanId":"` + id + `"`
	if parent != "" {
		s += `,"parentSpanId":"` + parent + `"`
	}
	return s + `,"name":"` + name + `","startTimeUnixNano":"1776157200000000000","attributes":[` + strings.Join(a, ",") + `]` + extra + `}`
}

func jsonQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func otlpTraces(service string, spans ...string) string {
	return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"` + service + `"}}]},"scopeSpans":[{"spans":[` + strings.Join(spans, ",") + `]}]}]}`
}

// TestOTLPProducerSpans: spans as each producer's documentation and source
// name them, each read as the call it is.
func TestOTLPProducerSpans(t *testing.T) {
	type want struct {
		events, ignored, skipped int64
		reasons                  []model.NameCount
		tools                    []model.ToolUse
		models                   []model.NameCount
		errors                   int64
		missingIn, missingOut    int64
	}
	tests := []struct {
		name string
		line string
		want want
	}{{
		// Google ADK telemetry.py (adk-python, 2025): call_llm sets
		// gen_ai.system and gen_ai.request.model but no operation; the tool
		// span may carry no attributes (its name says the tool); the
		// delegation is the tool transfer_to_agent; "execute_tool (merged)"
		// groups calls that have their own spans.
		name: "adk",
		line: otlpTraces("adk-app",
			otlpSpan("0000000000000001", "", "invoke_agent root_agent", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "root_agent", "gen_ai.request.model", "gemini-2.5-flash"),
			otlpSpan("0000000000000002", "0000000000000001", "call_llm", "", "gen_ai.system", "gcp.vertex.agent", "gen_ai.request.model", "gemini-2.5-flash",
				"gcp.vertex.agent.llm_request", `{"contents":[1]}`, "gcp.vertex.agent.llm_response", `{"content":1}`),
			otlpSpan("0000000000000003", "0000000000000001", "execute_tool roll_die", ""),
			otlpSpan("0000000000000004", "0000000000000001", "execute_tool transfer_to_agent", "", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "transfer_to_agent",
				"gcp.vertex.agent.tool_call_args", `{"agent_name":"roll_agent"}`, "gcp.vertex.agent.tool_response", `{"result":null}`, "gcp.vertex.agent.llm_request", "{}"),
			otlpSpan("0000000000000005", "0000000000000001", "execute_tool (merged)", "", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "(merged tools)"),
			otlpSpan("0000000000000006", "", "invocation", "")),
		want: want{events: 4, ignored: 2,
			reasons: []model.NameCount{{Name: "ADK merged tool span (each call has its own span)", Count: 1}, {Name: "span without a GenAI operation: invocation", Count: 1}},
			tools:   []model.ToolUse{{Tool: "roll_die", Count: 1}, {Tool: "transfer_to_agent", Count: 1}}, // no grants declared here
			// the invocation names the model too: one model call, not two
			models:    []model.NameCount{{Name: "gemini-2.5-flash", Count: 1}},
			missingIn: 1, missingOut: 1, // roll_die's span has no content
		},
	}, {
		// OpenTelemetry GenAI semantic conventions (events): content in
		// gen_ai.user.message / gen_ai.choice span events, and in the newer
		// gen_ai.client.inference.operation.details event; an event without
		// content (capture off) is not content.
		name: "span-events",
		line: otlpTraces("svc",
			otlpSpan("0000000000000011", "", "invoke_agent a", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "root_agent"),
			otlpSpan("0000000000000012", "0000000000000011", "chat m", `,"events":[{"name":"gen_ai.user.message","attributes":[{"key":"content","value":{"stringValue":"hi"}}]},{"name":"gen_ai.choice","attributes":[{"key":"message","value":{"stringValue":"{\"content\":\"yo\"}"}}]}]`,
				"gen_ai.operation.name", "chat", "gen_ai.request.model", "m1"),
			otlpSpan("0000000000000013", "0000000000000011", "chat m", `,"events":[{"name":"gen_ai.client.inference.operation.details","attributes":[{"key":"gen_ai.input.messages","value":{"stringValue":"[1]"}},{"key":"gen_ai.output.messages","value":{"stringValue":"[2]"}}]}]`,
				"gen_ai.operation.name", "chat", "gen_ai.request.model", "m1"),
			otlpSpan("0000000000000014", "0000000000000011", "chat m", `,"events":[{"name":"gen_ai.user.message"},{"name":"gen_ai.choice"}]`,
				"gen_ai.operation.name", "chat", "gen_ai.request.model", "m1")),
		want: want{events: 4, models: []model.NameCount{{Name: "m1", Count: 3}}, missingIn: 1, missingOut: 1},
	}, {
		// Traceloop (opentelemetry-semantic-conventions-ai): workflow, task,
		// and the older LLM spans with llm.request.type and indexed content.
		name: "traceloop",
		line: otlpTraces("svc",
			otlpSpan("0000000000000021", "", "root_agent.workflow", "", "traceloop.span.kind", "workflow", "traceloop.entity.name", "root_agent"),
			otlpSpan("0000000000000022", "0000000000000021", "plan.task", "", "traceloop.span.kind", "task", "traceloop.entity.name", "plan"),
			otlpSpan("0000000000000023", "0000000000000022", "openai.chat", "", "llm.request.type", "chat", "gen_ai.request.model", "gpt-4o",
				"gen_ai.prompt.0.content", "hi", "gen_ai.completion.0.content", "yo")),
		want: want{events: 2, ignored: 1,
			reasons: []model.NameCount{{Name: "Traceloop task span (a step: its model and tool calls are their own spans)", Count: 1}},
			models:  []model.NameCount{{Name: "gpt-4o", Count: 1}}},
	}, {
		// Vercel AI SDK 6 streamText (ai.streamText / ai.streamText.doStream).
		name: "vercel-stream",
		line: otlpTraces("svc",
			otlpSpan("0000000000000031", "", "ai.streamText", `,"status":{"code":2}`, "ai.telemetry.functionId", "root_agent", "ai.model.id", "gpt-4o"),
			otlpSpan("0000000000000032", "0000000000000031", "ai.streamText.doStream", `,"status":{"code":2}`, "ai.model.id", "gpt-4o"),
			otlpSpan("0000000000000033", "", "ai.stream.firstChunk", "")),
		want: want{events: 2, ignored: 1, errors: 2,
			reasons: []model.NameCount{{Name: "Vercel AI SDK span not read: ai.stream.firstChunk", Count: 1}},
			models:  []model.NameCount{{Name: "gpt-4o", Count: 1}}},
	}, {
		// Out-of-range and bad times are counted skips, never 1970.
		name: "bad-times",
		line: otlpTraces("svc",
			strings.Replace(otlpSpan("0000000000000041", "", "chat m", "", "gen_ai.operation.name", "chat", "gen_ai.agent.name", "root_agent"), "1776157200000000000", "1776157200", 1),
			strings.Replace(otlpSpan("0000000000000042", "", "chat m", "", "gen_ai.operation.name", "chat", "gen_ai.agent.name", "root_agent"), "1776157200000000000", "99999999999999999999", 1),
			strings.Replace(otlpSpan("0000000000000043", "", "chat m", "", "gen_ai.operation.name", "chat", "gen_ai.agent.name", "root_agent"), `"1776157200000000000"`, `true`, 1)),
		want: want{skipped: 3},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.jsonl", []byte(tc.line+"\n"))
			agents := []*model.Agent{{ID: "agt-x", Lifecycle: "deployed", Identities: []string{"root_agent"},
				Logging: model.Logging{Inputs: true, Outputs: true}}}
			s := analyze(t, dir, agents, Options{}, "t.jsonl")
			f := s.Files[0]
			got := want{events: f.Events, ignored: f.Ignored, skipped: f.Skipped, reasons: f.IgnoredReasons}
			if len(s.Agents) > 0 && s.Agents[0].Events > 0 {
				a := s.Agents[0]
				got.tools, got.models, got.errors, got.missingIn, got.missingOut = a.Tools, a.Models, a.Errors, a.MissingInputs, a.MissingOutputs
			}
			if len(s.Shadow) != 0 {
				t.Errorf("shadows %+v", s.Shadow)
			}
			if d := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{}), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if f.Records != f.Events+f.Skipped+f.Ignored || f.Records == 0 {
				t.Errorf("records %d not accounted", f.Records)
			}
		})
	}
}

// TestClaudeCodeUserDecision: a tool_decision from a person (source user_*)
// is a human review carrying the tool call id, so the review matcher can
// join it to the tool_result of the same call (Claude Code monitoring docs).
func TestClaudeCodeUserDecision(t *testing.T) {
	rec := func(ts, name string, kv ...string) string {
		var a []string
		for i := 0; i+1 < len(kv); i += 2 {
			a = append(a, `{"key":"`+kv[i]+`","value":{"stringValue":"`+kv[i+1]+`"}}`)
		}
		return `{"timeUnixNano":"` + ts + `","body":{"stringValue":"claude_code.` + name + `"},"attributes":[` + strings.Join(a, ",") + `]}`
	}
	line := `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},"scopeLogs":[{"logRecords":[` +
		rec("1776157200000000000", "tool_decision", "tool_name", "Bash", "tool_use_id", "toolu_09", "decision", "reject", "source", "user_reject") + "," +
		rec("1776157201000000000", "tool_result", "tool_name", "Bash", "tool_use_id", "toolu_09", "success", "true") + "," +
		rec("1776157202000000000", "mystery_event") + "," +
		// OpenTelemetry GenAI events as log records (semantic-conventions gen-ai-events.md).
		strings.Replace(rec("1776157203000000000", "x"), `"claude_code.x"`, `"gen_ai.user.message"`, 1) + `]}]}]}`
	dir := t.TempDir()
	write(t, dir, "c.jsonl", []byte(line+"\n"))
	agents := []*model.Agent{{ID: "cc", Lifecycle: "deployed", Identities: []string{"claude-code"}, Tools: []model.Grant{{Name: "Bash"}}}}
	s := analyze(t, dir, agents, Options{}, "c.jsonl")
	a, f := s.Agents[0], s.Files[0]
	if a.HumanReviews != 1 || a.Rejections != 1 || f.AutoApprovals != 0 {
		t.Errorf("reviews %d rejections %d auto %d, want 1 1 0", a.HumanReviews, a.Rejections, f.AutoApprovals)
	}
	if d := cmp.Diff([]model.NameCount{{Name: "GenAI content event as a log record, without a spanId (no call to join): gen_ai.user.message", Count: 1},
		{Name: "log event not read: claude_code.mystery_event", Count: 1}}, f.IgnoredReasons); d != "" {
		t.Errorf("ignored (-want +got):\n%s", d)
	}
}
