package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

// realFile reads one file of ../shared/samples/real in place; the facts
// asserted are those its README.md lists.
func realFile(t *testing.T, rel ...string) File {
	t.Helper()
	p := testenv.Shared(t, append([]string{"samples", "real"}, rel...)...)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return File{Name: p, Data: data}
}

func grantNames(a *model.Agent) []string {
	var out []string
	for _, g := range a.Tools {
		out = append(out, g.Name)
	}
	return out
}

func dataScopes(a *model.Agent) map[string]string {
	out := map[string]string{}
	for _, d := range a.Data {
		out[d.Source] = d.Access
	}
	return out
}

// TestRealMCP: samples/real/README.md, mcp/ (the MCP servers repo, the
// filesystem server README, the Postman and GitHub MCP server READMEs).
func TestRealMCP(t *testing.T) {
	cases := []struct {
		file   string
		grants []string
		data   map[string]string
		notes  []string // substrings some note must contain
	}{
		{"servers-repo-.mcp.json", []string{"mcp-docs"}, map[string]string{}, nil},
		{"servers-filesystem-readme-claude-desktop-docker.json", []string{"filesystem"},
			map[string]string{"/Users/username/Desktop": "", "/path/to/other/allowed/dir": "read", "/path/to/file.txt": ""}, nil},
		{"postman-mcp-server-readme-vscode-stdio.jsonc", []string{"postman-api-mcp"},
			map[string]string{"${workspaceFolder}/dist/src/index.js": ""}, []string{"credential in env POSTMAN_API_KEY"}},
		{"github-mcp-server-readme-ide-settings-mcp-key.json", []string{"github"}, map[string]string{},
			[]string{"input github_token is a secret"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			agents, err := Import(FormatMCP, []File{realFile(t, "mcp", c.file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(agents) != 1 {
				t.Fatalf("%d agents, want 1", len(agents))
			}
			a := agents[0]
			if d := cmp.Diff(c.grants, grantNames(&a.Agent)); d != "" {
				t.Errorf("grants (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.data, dataScopes(&a.Agent)); d != "" {
				t.Errorf("data (-want +got):\n%s", d)
			}
			all := strings.Join(a.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(all, n) {
					t.Errorf("no note %q in:\n%s", n, all)
				}
			}
			out, err := Render(a, FormatMCP)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"${input:", "POSTMAN_API_KEY\":"} {
				if strings.Contains(string(out), secret) {
					t.Errorf("output holds %q", secret)
				}
			}
		})
	}
}

// TestJSONC follows VS Code's jsonc parser (microsoft/node-jsonc-parser):
// comments and trailing commas are allowed, a comma with no value before it is not.
func TestJSONC(t *testing.T) {
	cases := []struct{ in, want string }{
		{"{\"a\": 1, // c\n}", "{\"a\": 1      \n}"},
		{"{\"a\": [1, 2,], /* x\ny */ \"b\": \"//not\"}", "{\"a\": [1, 2 ],     \n     \"b\": \"//not\"}"},
		{"{,}", "{,}"},
		{"{\"a\\\"//\": 1}", "{\"a\\\"//\": 1}"},
		{"/* open", "       "},
	}
	for _, c := range cases {
		if got := string(stripJSONC([]byte(c.in))); got != c.want {
			t.Errorf("stripJSONC(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDockerMounts: docs.docker.com/engine/storage/bind-mounts (--mount and -v forms).
func TestDockerMounts(t *testing.T) {
	s := mcpServer{Command: "docker", Args: []any{"run", "-i", "--rm", "-e", "TOKEN", "-v", "/host/a:/c/a:ro",
		"--volume=/host/b:/c/b", "--mount", "type=volume,src=named,dst=/v", "-v", "named:/n",
		"--mount=type=bind,source=/host/c,target=/c/c,readonly", "image", "/c/a"}}
	a := newAgent("x.json")
	mcpDataScopes(a, "fs", s)
	want := map[string]string{"/host/a": "read", "/host/b": "", "/host/c": "read"}
	if d := cmp.Diff(want, dataScopes(&a.Agent)); d != "" {
		t.Errorf("data (-want +got):\n%s", d)
	}
}

// TestEndToEndMCP imports a real MCP config and analyses a Claude Code log
// (OTLP logs as Claude Code 2.x writes them: tool_result with tool_name
// mcp__SERVER__TOOL) of the same client: every call is in scope, and the one
// planted unused server is the only unused grant.
func TestEndToEndMCP(t *testing.T) {
	cfg := realFile(t, "mcp", "github-mcp-server-readme-ide-settings-mcp-key.json")
	cfg.Data = []byte(strings.Replace(string(cfg.Data), `"servers": {`, `"servers": {"planted-unused": {"command": "x"},`, 1))
	agents, err := Import(FormatMCP, []File{cfg}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0].Agent
	a.Identities = []string{"claude-code"}
	rec := func(tool, id string) string {
		return `{"timeUnixNano":"1776161703000000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[` +
			`{"key":"event.name","value":{"stringValue":"tool_result"}},{"key":"tool_name","value":{"stringValue":"` + tool + `"}},` +
			`{"key":"success","value":{"stringValue":"true"}},{"key":"tool_use_id","value":{"stringValue":"` + id + `"}}]}`
	}
	line := `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},` +
		`"scopeLogs":[{"scope":{"name":"com.anthropic.claude_code"},"logRecords":[` +
		rec("mcp__github__get_me", "t1") + "," + rec("mcp__github__list_issues", "t2") + `]}]}]}` + "\n"
	dir := t.TempDir()
	p := filepath.Join(dir, "claude.jsonl")
	if err := os.WriteFile(p, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: p, Format: "otlp"}}, []*model.Agent{&a}, auditlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Agents) != 1 {
		t.Fatalf("agents %+v", sum.Agents)
	}
	act := sum.Agents[0]
	if act.Events != 2 || act.OutOfScope != 0 {
		t.Errorf("events %d, out of scope %d (%v); want 2, 0", act.Events, act.OutOfScope, act.OutOfScopeTools)
	}
	if d := cmp.Diff([]string{"planted-unused"}, act.UnusedGrants); d != "" {
		t.Errorf("unused grants (-want +got):\n%s", d)
	}
}
