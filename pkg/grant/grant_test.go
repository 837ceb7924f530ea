package grant

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

func TestGlob(t *testing.T) {
	for _, c := range GlobCases {
		if got := Glob(c.Pattern, c.S); got != c.Want {
			t.Errorf("Glob(%q, %q) = %v, want %v", c.Pattern, c.S, got, c.Want)
		}
	}
}

func TestAllows(t *testing.T) {
	cases := []struct {
		name     string
		patterns []string
		s        string
		want     bool
	}{
		{"nil is any", nil, "delete", true},
		{"empty is none", []string{}, "read", false},
		{"exact", []string{"read"}, "read", true},
		{"case-insensitive verb", []string{"Read"}, "READ", true},
		{"glob", []string{"get_*"}, "get_issue", true},
		{"other", []string{"read"}, "update", false},
	}
	for _, c := range cases {
		if got := Allows(c.patterns, c.s); got != c.want {
			t.Errorf("%s: Allows(%q, %q) = %v, want %v", c.name, c.patterns, c.s, got, c.want)
		}
	}
}

// Qualified names as producers write them: AgentCore Gateway tool names are
// TARGET___TOOL (https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-tool-naming.html),
// Claude Code MCP tools mcp__SERVER__TOOL (https://docs.anthropic.com/en/docs/claude-code/iam#tool-specific-permission-rules).
func TestSplit(t *testing.T) {
	cases := []struct{ in, target, tool string }{
		{"SmithyTarget___ListTables", "SmithyTarget", "ListTables"},
		{"mcp__github__create_issue", "github", "create_issue"},
		{"mcp__my_server__get_x", "my_server", "get_x"},
		{"create_issue", "", "create_issue"},
		{"___x", "", "___x"},
		{"mcp__only", "", "mcp__only"},
		{"a___", "", "a___"},
	}
	for _, c := range cases {
		tg, tl := Split(c.in)
		if tg != c.target || tl != c.tool {
			t.Errorf("Split(%q) = %q, %q; want %q, %q", c.in, tg, tl, c.target, c.tool)
		}
	}
}

func TestTool(t *testing.T) {
	grants := []model.Grant{
		{Name: "github", Operations: []string{"create_issue", "get_*"}}, // 0: server grant listing tools
		{Name: "crm"},                                // 1: server grant, any tool
		{Name: "export"},                             // 2: bare tool
		{Name: "SmithyTarget___ListTables"},          // 3: full name
		{Name: "jira", Operations: []string{"read"}}, // 4: plain tool with verbs
	}
	cases := []struct {
		tool string
		want []Match
	}{
		{"mcp__github__create_issue", []Match{{Grant: 0, ViaTarget: true}}},
		{"github___get_repo", []Match{{Grant: 0, ViaTarget: true}}},
		{"mcp__github__delete_repo", nil}, // server granted, this tool not
		{"crm___export", []Match{{Grant: 1, ViaTarget: true}}},
		{"billing___export", []Match{{Grant: 2, Bare: true}}}, // bare grant, no target grant: marked
		{"crm___delete", []Match{{Grant: 1, ViaTarget: true}}},
		{"export", []Match{{Grant: 2}}},
		{"SmithyTarget___ListTables", []Match{{Grant: 3}}},
		{"SmithyTarget___DropTable", nil},
		{"jira", []Match{{Grant: 4}}},
	}
	for _, c := range cases {
		if diff := cmp.Diff(c.want, Tool(grants, c.tool)); diff != "" {
			t.Errorf("Tool(%q) (-want +got):\n%s", c.tool, diff)
		}
	}
}

// A grant qualified with another target never covers the call.
func TestToolOtherTarget(t *testing.T) {
	grants := []model.Grant{{Name: "billing___export"}, {Name: "mcp__billing__export"}}
	for _, tool := range []string{"crm___export", "mcp__crm__export"} {
		if got := Tool(grants, tool); got != nil {
			t.Errorf("Tool(%q) = %v, want none", tool, got)
		}
	}
}

func TestOperationAndResource(t *testing.T) {
	read := model.Grant{Name: "jira", Operations: []string{"read"}, Resources: []string{"PROJ/*"}}
	none := model.Grant{Name: "jira", Operations: []string{}, Resources: []string{}}
	anyG := model.Grant{Name: "jira"}
	cases := []struct {
		name string
		g    model.Grant
		m    Match
		op   string
		res  string
		op0  bool
		res0 bool
	}{
		{"listed verb", read, Match{}, "read", "PROJ/1/2", true, true},
		{"unlisted verb", read, Match{}, "update", "OTHER/1", false, false},
		{"no op logged, some granted", read, Match{}, "", "", true, true},
		{"empty grants none", none, Match{}, "", "x", false, false},
		{"nil grants any", anyG, Match{}, "delete", "anything", true, true},
		{"via target: ops were tools", read, Match{ViaTarget: true}, "tools/call", "", true, true},
	}
	for _, c := range cases {
		if got := Operation(&c.g, c.m, c.op); got != c.op0 {
			t.Errorf("%s: Operation = %v, want %v", c.name, got, c.op0)
		}
		if got := Resource(&c.g, c.res); got != c.res0 {
			t.Errorf("%s: Resource = %v, want %v", c.name, got, c.res0)
		}
	}
}

func TestCovers(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"*", "anything/at/all", true},
		{"**", "x", true},
		{"s3://r/*", "s3://r/a/*", true},
		{"s3://r/*", "s3://q/a", false},
		{"s3://r/a", "s3://r/*", false},
		{"[ab]x", "ax", true},
		{"[ab]x", "[ab]x", true},
		{"[ab]x", "a*", false},
	}
	for _, c := range cases {
		if got := Covers(c.a, c.b); got != c.want {
			t.Errorf("Covers(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	// Every literal glob case reads the same through Covers, the entry diff uses.
	for _, c := range GlobCases {
		if ContainsMeta(c.S) {
			continue
		}
		if got := Covers(c.Pattern, c.S); got != c.Want {
			t.Errorf("Covers(%q, %q) = %v, want %v (Glob table)", c.Pattern, c.S, got, c.Want)
		}
	}
}
