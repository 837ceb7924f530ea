package auditlog

import (
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// unnamedMCPTool is the tool of a Claude Code MCP call whose server and tool
// are not logged: since 2.1.2 Claude Code logs every MCP tool as "mcp_tool"
// and names them only in tool_parameters, with OTEL_LOG_TOOL_DETAILS=1
// (claudeToolName). Such a call went to some MCP server: while an agent has a
// grant that may be that server, the call is neither in nor out of scope,
// and those grants cannot be judged unused.
const unnamedMCPTool = "mcp_tool"

// claudeBuiltins are Claude Code's own tools (code.claude.com/docs/en/tools-reference,
// "Tools available to Claude", 2026): Claude Code logs them by these names,
// never as an MCP call, so a grant naming one is no MCP server. A built-in
// missing here only makes aims more careful: its grant is then not judged
// unused while unnamed MCP calls exist.
var claudeBuiltins = map[string]bool{
	"Agent": true, "AskUserQuestion": true, "Bash": true, "BashOutput": true, "CronCreate": true, "CronDelete": true,
	"CronList": true, "Edit": true, "EnterPlanMode": true, "EnterWorktree": true, "ExitPlanMode": true, "ExitWorktree": true,
	"Glob": true, "Grep": true, "KillShell": true, "LS": true, "LSP": true, "MultiEdit": true, "NotebookEdit": true,
	"NotebookRead": true, "PowerShell": true, "Read": true, "Skill": true, "SlashCommand": true, "Task": true,
	"TaskCreate": true, "TaskGet": true, "TaskList": true, "TaskOutput": true, "TaskStop": true, "TaskUpdate": true,
	"TodoWrite": true, "ToolSearch": true, "WebFetch": true, "WebSearch": true, "Write": true,
}

// mayBeMCPServer reports whether a grant may cover a call of an MCP server
// aims cannot name: any grant but one naming a Claude Code built-in tool
// (a permission rule such as "Bash(git log:*)" names Bash).
func mayBeMCPServer(g *model.Grant) bool {
	name := g.Name
	if i := strings.IndexByte(name, '('); i > 0 {
		name = name[:i]
	}
	return !claudeBuiltins[name]
}

// mcpGrants returns the indices of the agent's grants that may be the server
// of its unnamed MCP calls.
func mcpGrants(a *model.Agent) []int {
	var out []int
	for i := range a.Tools {
		if mayBeMCPServer(&a.Tools[i]) {
			out = append(out, i)
		}
	}
	return out
}
