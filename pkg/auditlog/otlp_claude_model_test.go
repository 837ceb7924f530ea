package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// claudeLogs is a Claude Code LogsData line: the event name in body
// ("claude_code.NAME") and in attribute event.name, as Claude Code 2.1
// exports them (code.claude.com/docs/en/monitoring-usage, "Events"; the
// shape of samples/real/otlp/claude-code-2.1.197-print-mode.logs.jsonl).
func claudeLogs(records ...string) string {
	return `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},"scopeLogs":[{"logRecords":[` +
		strings.Join(records, ",") + `]}]}]}`
}

func claudeEvent(name, ts string, kv ...string) string {
	a := []string{`{"key":"event.name","value":{"stringValue":"` + name + `"}}`}
	for i := 0; i+1 < len(kv); i += 2 {
		a = append(a, `{"key":"`+kv[i]+`","value":{"stringValue":`+jsonQuote(kv[i+1])+`}}`)
	}
	return `{"timeUnixNano":"` + ts + `","body":{"stringValue":"claude_code.` + name + `"},"attributes":[` + strings.Join(a, ",") + `]}`
}

// TestClaudeCodeModelCallOnce: a Claude Code session exporting logs and
// traces records each model call twice, as a claude_code.api_request (or
// api_error) event and as a claude_code.llm_request span (beta). The
// monitoring documentation (code.claude.com/docs/en/monitoring-usage,
// "Traces": llm_request attributes request_id, gen_ai.response.id,
// client_request_id, the Anthropic request-id header) and a capture of
// Claude Code 2.1.289 against Anthropic's API (api_request carries request_id
// and client_request_id too) give the join key; against an
// Anthropic-compatible endpoint (Ollama) and in the 2.1.197 sample neither
// record has one, and the events' prompt.id / event.sequence are not on the
// spans. So: a span whose request_id an event carries is the same call; a
// span of a session (session.id, on both) whose events carry no request_id
// is not counted, the events are; a session only traced counts its spans.
// Whatever the file order, each call counts once, and model-not-allowed
// counts calls, not records.
func TestClaudeCodeModelCallOnce(t *testing.T) {
	const (
		sonnet = "claude-sonnet-4-5"
		opus   = "claude-opus-4-1"
		haiku  = "claude-haiku-4-5"
	)
	span := func(id, session, mdl string, kv ...string) string {
		return otlpSpan(id, "", "claude_code.llm_request", "", append([]string{"session.id", session, "model", mdl,
			"gen_ai.system", "anthropic", "gen_ai.request.model", mdl, "llm_request.context", "interaction"}, kv...)...)
	}
	traces := otlpTraces("claude-code",
		// Session a (Anthropic API): request_id on span and event.
		span("00000000000000a1", "sess-a", sonnet, "request_id", "req_011A", "client_request_id", "c-1", "success", "true"),
		span("00000000000000a2", "sess-a", sonnet, "request_id", "req_011B", "client_request_id", "c-2", "success", "true"),
		span("00000000000000a3", "sess-a", sonnet, "request_id", "req_011C", "client_request_id", "c-3", "success", "false", "status_code", "529"),
		// Session b (no request_id anywhere).
		span("00000000000000b1", "sess-b", opus),
		span("00000000000000b2", "sess-b", opus),
		// Session c: traced only.
		span("00000000000000c1", "sess-c", haiku))
	logs := claudeLogs(
		claudeEvent("api_request", "1776157201000000000", "session.id", "sess-a", "prompt.id", "p-1", "event.sequence", "1", "model", sonnet,
			"request_id", "req_011A", "client_request_id", "c-1", "cost_usd", "0.01", "duration_ms", "900"),
		claudeEvent("api_request", "1776157202000000000", "session.id", "sess-a", "prompt.id", "p-1", "event.sequence", "2", "model", sonnet,
			"request_id", "req_011B", "client_request_id", "c-2"),
		claudeEvent("api_error", "1776157203000000000", "session.id", "sess-a", "prompt.id", "p-1", "event.sequence", "3", "model", sonnet,
			"request_id", "req_011C", "error", "overloaded", "status_code", "529"),
		claudeEvent("api_request", "1776157204000000000", "session.id", "sess-b", "prompt.id", "p-2", "event.sequence", "1", "model", opus),
		claudeEvent("api_request", "1776157205000000000", "session.id", "sess-b", "prompt.id", "p-2", "event.sequence", "2", "model", opus))
	agents := []*model.Agent{{ID: "claude-code", Lifecycle: "deployed", Identities: []string{"claude-code"},
		Logging: model.Logging{Inputs: true, Outputs: true}, Model: model.Model{Allowed: []string{sonnet, haiku}}}}
	const (
		dup     = "Claude Code model call recorded both as a claude_code.llm_request span and an api_request or api_error event (request_id; counted once)"
		session = "Claude Code claude_code.llm_request span of a session whose api_request events count its model calls (no request_id joins them)"
	)
	both := []model.NameCount{{Name: haiku, Count: 1}, {Name: opus, Count: 2}, {Name: sonnet, Count: 3}}
	for _, tc := range []struct {
		order   []string
		models  []model.NameCount
		ignored []model.NameCount
	}{
		{[]string{"t.traces.jsonl"}, both, nil},
		{[]string{"t.logs.jsonl"}, []model.NameCount{{Name: opus, Count: 2}, {Name: sonnet, Count: 3}}, nil},
		{[]string{"t.traces.jsonl", "t.logs.jsonl"}, both, []model.NameCount{{Name: dup, Count: 3}, {Name: session, Count: 2}}},
		{[]string{"t.logs.jsonl", "t.traces.jsonl"}, both, []model.NameCount{{Name: dup, Count: 3}, {Name: session, Count: 2}}},
	} {
		t.Run(strings.Join(tc.order, "+"), func(t *testing.T) {
			for _, workers := range []int{1, 4} {
				dir := t.TempDir()
				write(t, dir, "t.traces.jsonl", []byte(traces+"\n"))
				write(t, dir, "t.logs.jsonl", []byte(logs+"\n"))
				s := analyze(t, dir, agents, Options{Workers: workers}, tc.order...)
				a := s.Agents[0]
				if d := cmp.Diff(tc.models, a.Models); d != "" {
					t.Errorf("workers %d: models (-want +got):\n%s", workers, d)
				}
				var notAllowed []int
				for _, f := range s.Findings {
					if f.Check == CheckModelNotAllowed {
						notAllowed = append(notAllowed, f.Count)
					}
				}
				if d := cmp.Diff([]int{2}, notAllowed); d != "" {
					t.Errorf("workers %d: model-not-allowed counts (-want +got):\n%s", workers, d)
				}
				if a.MissingInputs != 0 || a.MissingOutputs != 0 || len(s.Shadow) != 0 {
					t.Errorf("workers %d: missing in %d out %d, shadows %+v: neither record carries content", workers, a.MissingInputs, a.MissingOutputs, s.Shadow)
				}
				var reasons []model.NameCount
				for _, f := range s.Files {
					if f.Records != f.Events+f.Skipped+f.Ignored || f.Skipped != 0 {
						t.Errorf("workers %d: %s: records %d = events %d + skipped %d + ignored %d?", workers, f.Path, f.Records, f.Events, f.Skipped, f.Ignored)
					}
					reasons = append(reasons, f.IgnoredReasons...)
				}
				if d := cmp.Diff(tc.ignored, reasons, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(x, y model.NameCount) bool { return x.Name < y.Name })); d != "" {
					t.Errorf("workers %d: ignored (-want +got):\n%s", workers, d)
				}
			}
		})
	}
}
