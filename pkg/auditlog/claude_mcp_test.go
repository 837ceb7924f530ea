package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// Claude Code since 2.1.2 logs MCP tools as "mcp_tool" with the server and
// tool in tool_parameters when OTEL_LOG_TOOL_DETAILS=1 (anthropics/claude-code
// issues 17046, 22308; CHANGELOG "tool_decision telemetry events now include
// tool_parameters").
func TestClaudeToolName(t *testing.T) {
	for _, tc := range []struct{ name, record, want string }{
		{"built-in tool", `{"attributes":[{"key":"tool_name","value":{"stringValue":"Bash"}}]}`, "Bash"},
		{"mcp_tool with details", `{"attributes":[{"key":"tool_parameters","value":{"stringValue":"{\"mcp_server_name\":\"github\",\"mcp_tool_name\":\"get_issue\"}"}}]}`, "mcp__github__get_issue"},
		{"mcp_tool without details", `{"attributes":[]}`, "mcp_tool"},
		{"mcp_tool, parameters not JSON", `{"attributes":[{"key":"tool_parameters","value":{"stringValue":"{"}}]}`, "mcp_tool"},
		{"mcp_tool, server only", `{"attributes":[{"key":"tool_parameters","value":{"stringValue":"{\"mcp_server_name\":\"github\"}"}}]}`, "mcp_tool"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lr := fastjson.MustParse(tc.record)
			tool := "mcp_tool"
			if tc.want == "Bash" {
				tool = "Bash"
			}
			if got := claudeToolName([]byte(tool), lr); got != tc.want {
				t.Errorf("claudeToolName = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestClaudeUnnamedMCPCall: without OTEL_LOG_TOOL_DETAILS=1 Claude Code
// logs an MCP call as tool_name "mcp_tool" with no tool_parameters
// (code.claude.com/docs/en/monitoring-usage, "Tool result event" and "Tool
// decision event": tool_parameters only with OTEL_LOG_TOOL_DETAILS; the
// claude_code.tool span likewise). The call went to some MCP server: it is
// no out-of-scope finding while a grant may be that server, it is counted
// per file and per agent, and the grants that may be that server are not
// judged unused; a built-in tool's grant still is. A rejected unnamed call
// that ran is still a rejected-tool-ran finding. An agent none of whose
// grants can be an MCP server is out of scope for any MCP call.
func TestClaudeUnnamedMCPCall(t *testing.T) {
	const details = `{"mcp_server_name":"github","mcp_tool_name":"get_issue"}`
	logs := claudeLogs(
		claudeEvent("tool_result", "1776157201000000000", "tool_name", "Bash", "tool_use_id", "toolu_1", "success", "true"),
		claudeEvent("tool_result", "1776157202000000000", "tool_name", "mcp_tool", "tool_use_id", "toolu_2", "success", "true"),
		claudeEvent("tool_decision", "1776157203000000000", "tool_name", "mcp_tool", "tool_use_id", "toolu_3", "decision", "reject", "source", "user_reject"),
		claudeEvent("tool_result", "1776157204000000000", "tool_name", "mcp_tool", "tool_use_id", "toolu_3", "success", "true"),
		claudeEvent("tool_result", "1776157205000000000", "tool_name", "mcp_tool", "tool_use_id", "toolu_4", "success", "true", "tool_parameters", details))
	// The same unnamed call toolu_2 traced (beta): counted once.
	traces := otlpTraces("claude-code",
		otlpSpan("0000000000000d01", "", "claude_code.tool", "", "tool_name", "mcp_tool", "tool_use_id", "toolu_2", "gen_ai.tool.call.id", "toolu_2"))
	agent := func(grants ...string) []*model.Agent {
		a := &model.Agent{ID: "claude-code", Lifecycle: "deployed", Identities: []string{"claude-code"}, Logging: model.Logging{Actions: true}}
		for _, g := range grants {
			a.Tools = append(a.Tools, model.Grant{Name: g})
		}
		return []*model.Agent{a}
	}
	type finding struct{ Check, Tool string }
	for _, tc := range []struct {
		name       string
		agents     []*model.Agent
		tools      []model.ToolUse
		findings   []finding
		notJudged  []string
		outOfScope int64
	}{
		{"MCP server grants", agent("Bash", "Edit", "github", "mcp__jira__*"),
			[]model.ToolUse{{Tool: "Bash", Count: 1, Granted: true}, {Tool: "mcp__github__get_issue", Count: 1, Granted: true},
				{Tool: "mcp_tool", Count: 2, NotJudged: true}},
			[]finding{{CheckRejectedToolRan, "mcp_tool"}, {CheckUnusedGrant, "Edit"}}, []string{"mcp__jira__*"}, 0},
		{"built-in grants only", agent("Bash", "Bash(git log:*)"),
			[]model.ToolUse{{Tool: "Bash", Count: 1, Granted: true}, {Tool: "mcp__github__get_issue", Count: 1},
				{Tool: "mcp_tool", Count: 2}},
			[]finding{{CheckRejectedToolRan, "mcp_tool"}, {CheckToolOutOfScope, "get_issue"}, {CheckToolOutOfScope, "mcp_tool"}, {CheckUnusedGrant, "Bash(git log:*)"}}, nil, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "c.logs.jsonl", []byte(logs+"\n"))
			write(t, dir, "c.traces.jsonl", []byte(traces+"\n"))
			s := analyze(t, dir, tc.agents, Options{}, "c.traces.jsonl", "c.logs.jsonl")
			a := s.Agents[0]
			if d := cmp.Diff(tc.tools, a.Tools, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("tools (-want +got):\n%s", d)
			}
			var got []finding
			for _, f := range s.Findings {
				got = append(got, finding{f.Check, f.Tool})
				if f.Tool == "mcp_tool" && f.Check == CheckToolOutOfScope && !strings.Contains(f.Message, "none of its grants is an MCP server") {
					t.Errorf("out-of-scope message %q does not say why", f.Message)
				}
			}
			if d := cmp.Diff(tc.findings, got, cmpopts.SortSlices(func(x, y finding) bool { return x.Check+x.Tool < y.Check+y.Tool })); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tc.notJudged, a.GrantsNotJudged); d != "" {
				t.Errorf("grants not judged (-want +got):\n%s", d)
			}
			if a.OutOfScope != tc.outOfScope {
				t.Errorf("out of scope = %d, want %d", a.OutOfScope, tc.outOfScope)
			}
			wantNotes := 0
			if len(tc.notJudged) > 0 {
				wantNotes = 1
				if a.UnnamedMCPCalls != 2 {
					t.Errorf("agent's unnamed MCP calls = %d, want 2", a.UnnamedMCPCalls)
				}
			}
			notes := 0
			for _, n := range s.Notes {
				if strings.Contains(n, "name no server or tool") {
					notes++
					if !strings.Contains(n, "mcp__jira__*") || strings.Contains(n, "Edit") {
						t.Errorf("note %q: want the MCP grant, not the built-in", n)
					}
				}
			}
			if notes != wantNotes {
				t.Errorf("notes %q: want %d on unnamed MCP calls", s.Notes, wantNotes)
			}
			var unnamed int64
			for _, f := range s.Files {
				unnamed += f.UnnamedMCPCalls
				if f.Records != f.Events+f.Skipped+f.Ignored {
					t.Errorf("%s: records %d not accounted", f.Path, f.Records)
				}
			}
			if unnamed != 2 {
				t.Errorf("files count %d MCP calls without server, want 2 (toolu_2 once though traced and logged, toolu_3)", unnamed)
			}
		})
	}
}
