package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// TestClaudeCodeTraceSpans: Claude Code's beta traces as its monitoring
// documentation defines them (code.claude.com/docs/en/monitoring-usage,
// "Traces", 2026-06: claude_code.interaction > claude_code.llm_request with
// model / gen_ai.request.model, and claude_code.tool with tool_name and
// tool_use_id > claude_code.tool.blocked_on_user (decision, source) and
// claude_code.tool.execution). A call recorded both as a span and as a
// tool_result event (traces and logs both exported, in any file order)
// counts once; a rejected permission wait makes its tool call denied; an
// MCP tool logged as mcp_tool is named from tool_parameters.
func TestClaudeCodeTraceSpans(t *testing.T) {
	traces := otlpTraces("claude-code",
		otlpSpan("0000000000000c01", "", "claude_code.interaction", "", "user.email", "dev@example.com"),
		otlpSpan("0000000000000c02", "0000000000000c01", "claude_code.llm_request", "", "model", "claude-sonnet-4-5", "gen_ai.system", "anthropic",
			"gen_ai.request.model", "claude-sonnet-4-5", "query_source", "repl_main_thread"),
		otlpSpan("0000000000000c04", "0000000000000c03", "claude_code.tool.execution", "", "success", "true"),
		otlpSpan("0000000000000c03", "0000000000000c01", "claude_code.tool", "", "tool_name", "Bash", "tool_use_id", "toolu_01", "gen_ai.tool.call.id", "toolu_01"),
		otlpSpan("0000000000000c06", "0000000000000c05", "claude_code.tool.blocked_on_user", "", "decision", "reject", "source", "user_reject"),
		otlpSpan("0000000000000c05", "0000000000000c01", "claude_code.tool", "", "tool_name", "Edit", "tool_use_id", "toolu_02"),
		otlpSpan("0000000000000c07", "0000000000000c01", "claude_code.tool", "", "tool_name", "mcp_tool", "tool_use_id", "toolu_03",
			"tool_parameters", `{"mcp_server_name":"github","mcp_tool_name":"create_issue"}`),
		otlpSpan("0000000000000c08", "0000000000000c01", "claude_code.hook", ""))
	logs := `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},"scopeLogs":[{"logRecords":[` +
		`{"timeUnixNano":"1776157201000000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[` +
		`{"key":"tool_name","value":{"stringValue":"Bash"}},{"key":"tool_use_id","value":{"stringValue":"toolu_01"}},{"key":"success","value":{"stringValue":"true"}}]}]}]}]}`
	agents := []*model.Agent{{ID: "claude-code", Lifecycle: "deployed", Identities: []string{"claude-code"}, Logging: model.Logging{Inputs: true, Outputs: true},
		Tools: []model.Grant{{Name: "Bash"}, {Name: "Edit"}, {Name: "mcp__github__create_issue"}}}}
	wantTools := []model.ToolUse{{Tool: "Bash", Count: 1, Granted: true}, {Tool: "Edit", Count: 1, Denied: 1, Granted: true},
		{Tool: "mcp__github__create_issue", Count: 1, Granted: true}}
	spanReasons := []model.NameCount{
		{Name: "Claude Code interaction span (a user turn: its model and tool calls are their own spans; its prompt is the user_prompt event)", Count: 1},
		{Name: "Claude Code permission wait (the decision is read from the tool_decision event; a rejection marks its tool span denied)", Count: 1},
		{Name: "Claude Code span not read: claude_code.hook", Count: 1},
		{Name: "Claude Code tool execution (its claude_code.tool span is the call)", Count: 1},
	}
	const dup = "Claude Code tool call recorded both as a claude_code.tool span and a tool_result event (counted once)"
	for _, order := range [][]string{{"t.traces.jsonl"}, {"t.traces.jsonl", "t.logs.jsonl"}, {"t.logs.jsonl", "t.traces.jsonl"}} {
		t.Run(strings.Join(order, "+"), func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "t.traces.jsonl", []byte(traces+"\n"))
			write(t, dir, "t.logs.jsonl", []byte(logs+"\n"))
			s := analyze(t, dir, agents, Options{}, order...)
			a := s.Agents[0]
			if d := cmp.Diff(wantTools, a.Tools, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("tools (-want +got):\n%s", d)
			}
			if d := cmp.Diff([]model.NameCount{{Name: "claude-sonnet-4-5", Count: 1}}, a.Models); d != "" {
				t.Errorf("models (-want +got):\n%s", d)
			}
			if a.MissingInputs != 0 || a.MissingOutputs != 0 || len(s.Shadow) != 0 {
				t.Errorf("missing in %d out %d, shadows %+v: Claude Code spans carry no content", a.MissingInputs, a.MissingOutputs, s.Shadow)
			}
			var reasons []model.NameCount
			for _, f := range s.Files {
				if f.Records != f.Events+f.Skipped+f.Ignored {
					t.Errorf("%s: records %d not accounted", f.Path, f.Records)
				}
				reasons = append(reasons, f.IgnoredReasons...)
			}
			want := append([]model.NameCount(nil), spanReasons...)
			if len(order) == 2 {
				want = append(want, model.NameCount{Name: dup, Count: 1})
			}
			if d := cmp.Diff(want, reasons, cmpopts.SortSlices(func(x, y model.NameCount) bool { return x.Name < y.Name })); d != "" {
				t.Errorf("ignored (-want +got):\n%s", d)
			}
		})
	}
}
