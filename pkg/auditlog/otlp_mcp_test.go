package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// TestOTLPMCPSpans: MCP spans as the OpenTelemetry semantic conventions
// write them (docs/gen-ai/mcp.md, status Development, 2025-2026):
// mcp.method.name, span name "{mcp.method.name} {target}", gen_ai.tool.name,
// gen_ai.operation.name execute_tool only recommended. A tools/call span is
// a tool call; other methods are ignored with the method; the same call seen
// again below its own tool span (the MCP client span under a GenAI
// execute_tool span, the server span under the client span) counts once,
// whichever order the spans arrive in.
func TestOTLPMCPSpans(t *testing.T) {
	line := otlpTraces("svc",
		// The server span first: its parent (the client span) comes later.
		otlpSpan("00000000000000b4", "00000000000000b3", "tools/call get-weather", "", "mcp.method.name", "tools/call", "gen_ai.tool.name", "get-weather"),
		otlpSpan("00000000000000b1", "", "invoke_agent a", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "root_agent"),
		otlpSpan("00000000000000b2", "00000000000000b1", "execute_tool get-weather", "", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "get-weather"),
		otlpSpan("00000000000000b3", "00000000000000b2", "tools/call get-weather", "", "mcp.method.name", "tools/call"),
		// An MCP client span with no GenAI span around it is the call.
		otlpSpan("00000000000000b5", "00000000000000b1", "tools/call search", "", "mcp.method.name", "tools/call", "gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "search"),
		otlpSpan("00000000000000b6", "00000000000000b1", "tools/list", "", "mcp.method.name", "tools/list"),
		otlpSpan("00000000000000b7", "", "initialize", "", "mcp.method.name", "initialize"))
	dir := t.TempDir()
	write(t, dir, "t.jsonl", []byte(line+"\n"))
	agents := []*model.Agent{{ID: "agt", Identities: []string{"root_agent"}, Tools: []model.Grant{{Name: "get-weather"}, {Name: "search"}}}}
	for _, workers := range []int{1, 3} {
		s := analyze(t, dir, agents, Options{Workers: workers}, "t.jsonl")
		f := s.Files[0]
		if f.Events != 3 || f.Ignored != 4 || f.Records != 7 || len(s.Shadow) != 0 {
			t.Fatalf("file %+v shadow %+v", f, s.Shadow)
		}
		wantReasons := []model.NameCount{{Name: "MCP request not a tool call: initialize", Count: 1}, {Name: "MCP request not a tool call: tools/list", Count: 1},
			{Name: "MCP span of a tool call its parent span counts", Count: 2}}
		if d := cmp.Diff(wantReasons, f.IgnoredReasons, cmpopts.SortSlices(func(a, b model.NameCount) bool { return a.Name < b.Name })); d != "" {
			t.Errorf("ignored (-want +got):\n%s", d)
		}
		want := []model.ToolUse{{Tool: "get-weather", Count: 1, Granted: true}, {Tool: "search", Count: 1, Granted: true}}
		if d := cmp.Diff(want, s.Agents[0].Tools); d != "" {
			t.Errorf("tools (-want +got):\n%s", d)
		}
	}
}
