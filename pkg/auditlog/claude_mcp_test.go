package auditlog

import (
	"testing"

	"github.com/valyala/fastjson"
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
