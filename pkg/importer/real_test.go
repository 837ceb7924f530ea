package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
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

func realADK(t *testing.T, folder string) map[string]*model.Agent {
	t.Helper()
	f := realFile(t, "adk", folder, "root_agent.yaml")
	agents, err := Import(FormatADK, []File{f}, Options{ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*model.Agent{}
	for _, a := range agents {
		out[a.Agent.Name] = &a.Agent
	}
	return out
}

// TestRealADK: samples/real/README.md, adk/ (google/adk-python
// contributing/samples, the agent config YAML of ADK 1.x).
func TestRealADK(t *testing.T) {
	type want struct {
		model string
		tools []model.Grant
	}
	cases := []struct {
		folder string
		agents map[string]want
	}{
		{"multi_agent_llm_config", map[string]want{
			"root_agent": {"gemini-2.5-flash", []model.Grant{{Name: "example_tool"},
				{Name: "transfer_to_agent", Resources: []string{"roll_agent", "prime_agent"}}}},
			"roll_agent": {"gemini-2.5-flash", []model.Grant{{Name: "roll_die"},
				{Name: "transfer_to_agent", Resources: []string{"root_agent", "prime_agent"}}}},
			"prime_agent": {"gemini-2.5-flash", []model.Grant{{Name: "check_prime"},
				{Name: "transfer_to_agent", Resources: []string{"root_agent", "roll_agent"}}}},
		}},
		{"tool_agent_tool_config", map[string]want{
			"research_assistant_agent": {"gemini-2.0-flash", []model.Grant{{Name: "web_search_agent"}, {Name: "summarizer_agent"}}},
			"web_search_agent":         {"gemini-2.0-flash", []model.Grant{{Name: "google_search"}}},
			"summarizer_agent":         {"gemini-2.0-flash", nil},
		}},
	}
	for _, c := range cases {
		t.Run(c.folder, func(t *testing.T) {
			got := map[string]want{}
			for n, a := range realADK(t, c.folder) {
				got[n] = want{a.Model.Name, a.Tools}
			}
			if d := cmp.Diff(c.agents, got, cmp.AllowUnexported(want{})); d != "" {
				t.Errorf("agents (-want +got):\n%s", d)
			}
		})
	}
}

// TestADKTools follows google/adk-python 1.x: FunctionTool.name is
// func.__name__, LongRunningFunctionTool waits for a result (an approval),
// MCPToolset connects by stdio or HTTP; a sub-agent without model runs on its parent's.
func TestADKTools(t *testing.T) {
	root := []byte(`name: root
model: gemini-2.5-flash
tools:
  - name: my_pkg.tools.approve_loan_request
  - name: LongRunningFunctionTool
    args:
      func: my_pkg.tools.ask_for_approval
  - name: MCPToolset
    args:
      stdio_server_params:
        command: npx
        args: ["-y", "@modelcontextprotocol/server-filesystem", "--token", "sk-abcdefghijklmnop"]
        env:
          API_KEY: sk-abcdefghijklmnopqrst
      tool_filter: [read_file]
sub_agents:
  - config_path: child.yaml
`)
	child := []byte("name: child\ninstruction: hi\n")
	read := func(p string) ([]byte, error) {
		if filepath.Base(p) == "child.yaml" {
			return child, nil
		}
		return nil, os.ErrNotExist
	}
	agents, err := Import(FormatADK, []File{{Name: "d/root.yaml", Data: root}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	r := agents[0].Agent
	if d := cmp.Diff([]string{"approve_loan_request", "ask_for_approval", "read_file", "transfer_to_agent"}, grantNames(&r)); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ask_for_approval"}, r.Oversight.HumanReview); d != "" {
		t.Errorf("human_review (-want +got):\n%s", d)
	}
	if agents[1].Agent.Model.Name != "gemini-2.5-flash" {
		t.Errorf("child model %q, want the parent's", agents[1].Agent.Model.Name)
	}
	out, err := Render(agents[0], FormatADK)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "sk-abc") {
		t.Errorf("a credential reached the output:\n%s", out)
	}
	if !strings.Contains(string(out), "stdio: npx -y @modelcontextprotocol/server-filesystem") {
		t.Errorf("no transport in:\n%s", out)
	}
}

// TestEndToEndADK imports the real multi_agent_llm_config and analyses an
// OTLP trace as ADK 1.x writes it (google/adk-python telemetry.py:
// invoke_agent NAME spans with gen_ai.agent.name, execute_tool NAME spans
// with gen_ai.operation.name and gen_ai.tool.name): no call out of scope, no
// grant unused but example_tool, which the trace never calls (planted).
func TestEndToEndADK(t *testing.T) {
	var agents []*model.Agent
	for _, a := range realADK(t, "multi_agent_llm_config") {
		agents = append(agents, a)
	}
	slices.SortFunc(agents, func(a, b *model.Agent) int { return strings.Compare(a.Name, b.Name) })
	str := func(k, v string) string { return `{"key":"` + k + `","value":{"stringValue":"` + v + `"}}` }
	n := 0
	span := func(id, parent, name string, attrs ...string) string {
		n++
		ts := fmt.Sprintf("%d", 1776161700000000000+int64(n)*1000000)
		p := ""
		if parent != "" {
			p = `"parentSpanId":"` + parent + `",`
		}
		return `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"` + id + `",` + p + `"name":"` + name +
			`","kind":1,"startTimeUnixNano":"` + ts + `","endTimeUnixNano":"` + ts + `","attributes":[` + strings.Join(attrs, ",") + `],"status":{}}`
	}
	spans := []string{
		span("0000000000000001", "", "invoke_agent root_agent", str("gen_ai.operation.name", "invoke_agent"), str("gen_ai.agent.name", "root_agent")),
		span("0000000000000002", "0000000000000001", "execute_tool transfer_to_agent", str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "transfer_to_agent"), str("gen_ai.system", "gcp.vertex.agent")),
		span("0000000000000003", "0000000000000001", "invoke_agent roll_agent", str("gen_ai.operation.name", "invoke_agent"), str("gen_ai.agent.name", "roll_agent")),
		span("0000000000000004", "0000000000000003", "execute_tool roll_die", str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "roll_die")),
		span("0000000000000005", "0000000000000003", "execute_tool transfer_to_agent", str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "transfer_to_agent")),
		span("0000000000000006", "0000000000000001", "invoke_agent prime_agent", str("gen_ai.operation.name", "invoke_agent"), str("gen_ai.agent.name", "prime_agent")),
		span("0000000000000007", "0000000000000006", "execute_tool check_prime", str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "check_prime")),
		span("0000000000000008", "0000000000000006", "execute_tool transfer_to_agent", str("gen_ai.operation.name", "execute_tool"), str("gen_ai.tool.name", "transfer_to_agent")),
	}
	line := `{"resourceSpans":[{"resource":{"attributes":[` + str("service.name", "dice-agent") + `]},"scopeSpans":[{"scope":{"name":"gcp.vertex.agent"},"spans":[` +
		strings.Join(spans, ",") + `]}]}]}` + "\n"
	p := filepath.Join(t.TempDir(), "adk.traces.jsonl")
	if err := os.WriteFile(p, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: p, Format: "otlp"}}, agents, auditlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]any{}
	for _, act := range sum.Agents {
		got[act.Agent] = [2]any{act.OutOfScope, act.UnusedGrants}
	}
	want := map[string][2]any{
		"root-agent":  {int64(0), []string{"example_tool"}},
		"roll-agent":  {int64(0), []string(nil)},
		"prime-agent": {int64(0), []string(nil)},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("out of scope, unused grants per agent (-want +got):\n%s\nfiles: %+v", d, sum.Files)
	}
}

// TestRealKagentAndM365: samples/real/README.md, kagent/ (kagent.dev
// v1alpha3 SandboxAgent, kagent's API since 2026-08) and m365/ (Copilot
// Camp lab 06c, Teams Toolkit ${{NAME}} placeholders).
func TestRealKagentAndM365(t *testing.T) {
	agents, err := Import(FormatKagent, []File{realFile(t, "kagent", "kagent-v1alpha3-sandboxagent-basic.yaml")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a := agents[0].Agent; a.Name != "basic-agent" || len(a.Tools) != 0 || !IsTODO(a.Model.Name) {
		t.Errorf("SandboxAgent: name %q, tools %v, model %q; want basic-agent, none, a TODO", a.Name, a.Tools, a.Model.Name)
	}
	dir := testenv.Shared(t, "samples", "real", "m365", "copilot-camp-trey-lab06c")
	f := realFile(t, "m365", "copilot-camp-trey-lab06c", "trey-declarative-agent.json")
	agents, err = Import(FormatM365, []File{f}, Options{ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0]
	for _, g := range a.Agent.Tools {
		for _, r := range g.Resources {
			if strings.Contains(r, "${{") {
				t.Errorf("grant %s has the placeholder %s as a scope", g.Name, r)
			}
		}
	}
	if !strings.Contains(strings.Join(a.Notes, "\n"), "${{SHAREPOINT_DOCS_URL}} is a Teams Toolkit placeholder") {
		t.Errorf("no note names the placeholder (%s): %v", dir, a.Notes)
	}
}

// TestRealA2A: samples/real/README.md, a2a/ (the A2A v1.0 specification's
// sample card, a2aproject/A2A specification; the a2a-samples ADK currency
// agent's v0.3 card). Skills are offers, not grants; the signed card's
// signature is noted, never copied.
func TestRealA2A(t *testing.T) {
	cases := []struct {
		file       string
		version    string
		identities []string
		offers     []string // skill ids, in card order
		notes      []string
	}{
		{"a2a-spec-v1-sample-agent-card.json", "1.2.0",
			[]string{"GeoSpatial Route Planner Agent", "https://georoute-agent.example.com/a2a/v1", "https://georoute-agent.example.com/a2a/grpc", "https://georoute-agent.example.com/a2a/json"},
			[]string{"route-optimizer-traffic", "custom-map-generator"},
			[]string{"A2A protocol 1.0", "OpenID Connect https://accounts.google.com/.well-known/openid-configuration", "google: openid profile email", "extended card", "the card is signed (1 JWS signature(s))"}},
		{"a2a-samples-adk_currency_agent-card-v0.3.json", "1.0.0",
			[]string{"Currency Conversion Agent", "http://localhost:10999"},
			[]string{"currency_conversion"},
			[]string{"A2A protocol 0.3.0", "no security scheme: any caller"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			agents, err := Import(FormatA2A, []File{realFile(t, "a2a", c.file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := agents[0]
			if len(a.Agent.Tools) != 0 {
				t.Errorf("grants %v, want none (skills are offers)", grantNames(&a.Agent))
			}
			if a.Agent.Version != c.version {
				t.Errorf("version %q, want %q", a.Agent.Version, c.version)
			}
			if d := cmp.Diff(c.identities, a.Agent.Identities); d != "" {
				t.Errorf("identities (-want +got):\n%s", d)
			}
			var ids []string
			for _, o := range a.Offers {
				ids = append(ids, strings.Fields(strings.TrimPrefix(o, "A2A skill "))[0])
			}
			if d := cmp.Diff(c.offers, ids); d != "" {
				t.Errorf("offers (-want +got):\n%s", d)
			}
			all := strings.Join(a.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(all, n) {
					t.Errorf("no note %q in:\n%s", n, all)
				}
			}
			if len(a.Unknown) != 0 {
				t.Errorf("unknown fields %v, want none (every field is in the A2A spec)", a.Unknown)
			}
			out, err := Render(a, FormatA2A)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "eyJhbGci") || strings.Contains(string(out), "QFdkNLNs") {
				t.Errorf("the card's signature reached the output:\n%s", out)
			}
		})
	}
}

// TestRealCrewAI: samples/real/README.md, crewai/ (the `crewai create crew
// --classic` template, and the JSONC project of `crewai create crew` from
// CrewAI's docs/edge, read as crewai/project/json_loader.py reads it:
// crew.jsonc, then agents/NAME.jsonc beside it).
func TestRealCrewAI(t *testing.T) {
	type want struct {
		Name, Model string
		Identities  []string
		Grants      []string
		Review      []string
	}
	summarise := func(agents []*Agent) map[string]want {
		out := map[string]want{}
		for _, a := range agents {
			if len(a.Unknown) != 0 {
				t.Errorf("%s: unknown fields %v, want none (every field is CrewAI's)", a.Agent.ID, a.Unknown)
			}
			if len(a.Agent.Oversight.HumanReview) != 0 {
				t.Errorf("%s: human_review %v, want none", a.Agent.ID, a.Agent.Oversight.HumanReview)
			}
			out[a.Agent.ID] = want{a.Agent.Name, a.Agent.Model.Name, a.Agent.Identities, grantNames(&a.Agent), a.OutputReview}
		}
		return out
	}
	t.Run("classic YAML template", func(t *testing.T) {
		agents, err := Import(FormatCrewAI, []File{realFile(t, "crewai", "template-crew-agents.yaml"), realFile(t, "crewai", "template-crew-tasks.yaml")}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defaultModel := "TODO: the model CrewAI runs this agent on (no llm: OPENAI_MODEL_NAME, else CrewAI's default)"
		// The roles hold {topic}: no identity but the agent's key.
		wantAgents := map[string]want{
			"researcher":        {"researcher", defaultModel, []string{"researcher"}, nil, nil},
			"reporting-analyst": {"reporting_analyst", defaultModel, []string{"reporting_analyst"}, nil, nil},
		}
		if d := cmp.Diff(wantAgents, summarise(agents)); d != "" {
			t.Errorf("agents (-want +got):\n%s", d)
		}
	})
	t.Run("JSONC project", func(t *testing.T) {
		crew := realFile(t, "crewai", "docs-edge-crew.jsonc")
		agent := realFile(t, "crewai", "docs-edge-agents-researcher.jsonc")
		crew.Name = filepath.Join(t.TempDir(), "crew.jsonc")
		wantPath := filepath.Join(filepath.Dir(crew.Name), "agents", "researcher.jsonc")
		read := func(p string) ([]byte, error) {
			if p == wantPath {
				return agent.Data, nil
			}
			return nil, os.ErrNotExist
		}
		agents, err := Import(FormatCrewAI, []File{crew}, Options{ReadFile: read})
		if err != nil {
			t.Fatal(err)
		}
		wantAgents := map[string]want{
			// SerperDevTool's name is "Search the internet with Serper".
			"researcher": {"researcher", "gpt-4o", []string{"researcher"}, []string{"Search the internet with Serper"}, nil},
		}
		if d := cmp.Diff(wantAgents, summarise(agents)); d != "" {
			t.Errorf("agents (-want +got):\n%s", d)
		}
		all := strings.Join(agents[0].Notes, "\n")
		for _, n := range []string{`crew "Research Crew"`, `topic="AI Agents"`, "allow_delegation: false", `role "{topic} Senior Data Researcher" has {placeholders}`,
			`with the crew's default inputs the role is "AI Agents Senior Data Researcher"`} {
			if !strings.Contains(all, n) {
				t.Errorf("no note %q in:\n%s", n, all)
			}
		}
	})
}

// TestKagentMultiFile: the ModelConfig and RemoteMCPServer an agent names
// may be in files of their own, given alongside (as `kubectl apply -f` of
// them all); an empty toolNames is every tool the server's status lists;
// a2aConfig.skills are offers. kagent-dev/kagent go/api/v1alpha3, commit 5229184.
func TestKagentMultiFile(t *testing.T) {
	agentYAML := []byte(`apiVersion: kagent.dev/v1alpha3
kind: SandboxAgent
metadata:
  name: k8s-helper
  namespace: kagent
spec:
  type: Declarative
  declarative:
    modelConfig: default-model-config
    tools:
      - type: McpServer
        mcpServer:
          name: kagent-tool-server
          kind: RemoteMCPServer
      - type: Agent
        agent:
          name: helm-agent
    a2aConfig:
      skills:
        - id: diagnose
          name: Diagnose a workload
          description: Finds why a pod fails
  sandbox:
    network:
      allowedDomains: [api.openai.com]
`)
	files := append([]File{{Name: "agent.yaml", Data: agentYAML}}, readInputs(t, []string{"kagent-default-model-config.yaml", "kagent-tool-server.yaml"})...)
	agents, err := Import(FormatKagent, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0]
	if a.Agent.Model.Name != "gpt-4.1-mini" || !strings.Contains(a.Agent.Model.Provider, "OpenAI") {
		t.Errorf("model %+v, want gpt-4.1-mini of OpenAI from the other file", a.Agent.Model)
	}
	if d := cmp.Diff([]string{"k8s_get_resources", "k8s_get_pod_logs", "kagent__NS__helm_agent"}, grantNames(&a.Agent)); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"agent.yaml", "kagent-default-model-config.yaml", "kagent-tool-server.yaml"}, a.Sources); d != "" {
		t.Errorf("sources (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"A2A skill diagnose (Diagnose a workload): Finds why a pod fails"}, a.Offers); d != "" {
		t.Errorf("offers (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"k8s-helper", "k8s_helper", "kagent__NS__k8s_helper"}, a.Agent.Identities); d != "" {
		t.Errorf("identities (-want +got):\n%s", d)
	}
	if !strings.Contains(strings.Join(a.Notes, "\n"), "sandbox network egress allowed to: api.openai.com") {
		t.Errorf("no egress note in %v", a.Notes)
	}
	if len(a.Unknown) != 0 {
		t.Errorf("unknown %v", a.Unknown)
	}
	// Without the other files, the model is a TODO that names the ModelConfig.
	agents, err = Import(FormatKagent, files[:1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := agents[0].Agent.Model.Name; m != "TODO: spec.model of ModelConfig default-model-config" {
		t.Errorf("model.name %q", m)
	}
	// A field kagent does not have is reported at its line.
	bad := File{Name: "bad.yaml", Data: []byte("apiVersion: kagent.dev/v1alpha2\nkind: Agent\nmetadata: {name: x}\nspec:\n  type: Declarative\n  declarative:\n    toolz: []\n")}
	agents, err = Import(FormatKagent, []File{bad}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"bad.yaml:7:5: spec.declarative.toolz"}, agents[0].Unknown); d != "" {
		t.Errorf("unknown (-want +got):\n%s", d)
	}
}

// TestRealM365: samples/real/README.md, m365/ (the declarative agent schema
// 1.8 sample of MicrosoftDocs/m365copilot-docs, and Copilot Camp lab 06c's app
// package). EmailActions and MeetingActions act (the 1.8 schema's "write
// operations on email", "meeting and calendar actions"), the knowledge
// capabilities only read; Dataverse is scoped per table; a ${{NAME}}
// placeholder is a TODO naming NAME, never a scope; the app manifest's
// developer is the owner hint, and the app manifest itself can be the input.
func TestRealM365(t *testing.T) {
	agents, err := Import(FormatM365, []File{realFile(t, "m365", "msdocs-declarative-agent-sample-manifest-1.8.json")}, Options{ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0]
	ops := map[string][]string{}
	for _, g := range a.Agent.Tools {
		ops[g.Name] = g.Operations
	}
	for _, w := range []string{"EmailActions", "MeetingActions"} {
		if len(ops[w]) == 0 || slices.Equal(ops[w], []string{"read"}) {
			t.Errorf("%s operations %v: want its write operations", w, ops[w])
		}
	}
	writes := strings.Join(risk.WriteOperations(&a.Agent), " ")
	for _, w := range []string{"EmailActions:send", "EmailActions:delete", "MeetingActions:create_event"} {
		if !strings.Contains(writes, w) {
			t.Errorf("risk write operations %q lack %s", writes, w)
		}
	}
	for _, r := range []string{"WebSearch", "OneDriveAndSharePoint", "GraphConnectors", "Dataverse", "TeamsMessages", "Email", "People", "Meetings", "EmbeddedKnowledge"} {
		if !slices.Equal(ops[r], []string{"read"}) {
			t.Errorf("%s operations %v, want [read]", r, ops[r])
		}
	}
	data := dataScopes(&a.Agent)
	for _, tbl := range []string{"dataverse:organization.crm.dynamics.com/account", "dataverse:organization.crm.dynamics.com/opportunity"} {
		if data[tbl] != "read" {
			t.Errorf("no read data scope %s in %v", tbl, data)
		}
	}
	if len(a.Unknown) != 0 {
		t.Errorf("unknown %v, want none (every field is in schema 1.8)", a.Unknown)
	}

	// Lab 06c, given as its app manifest: the agent is found through
	// copilotAgents.declarativeAgents.
	agents, err = Import(FormatM365, []File{realFile(t, "m365", "copilot-camp-trey-lab06c", "manifest.json")}, Options{ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	a = agents[0]
	if d := cmp.Diff([]string{"OneDriveAndSharePoint", "getConsultants", "getUserInformation", "getProjects", "postBillhours", "postAssignConsultant"}, grantNames(&a.Agent)); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"TODO: the value Teams Toolkit fills in for SHAREPOINT_DOCS_URL at provisioning"}, a.Agent.Tools[0].Resources); d != "" {
		t.Errorf("OneDriveAndSharePoint resources (-want +got): the placeholder must be a TODO, not any\n%s", d)
	}
	if d := cmp.Diff([]string{"postBillhours", "postAssignConsultant"}, a.Agent.Oversight.HumanReview); d != "" {
		t.Errorf("human_review (-want +got):\n%s", d)
	}
	if !strings.Contains(a.Agent.Owner, `"Teams App, Inc."`) || !IsTODO(a.Agent.Owner) {
		t.Errorf("owner %q, want a TODO with the developer's name", a.Agent.Owner)
	}
	if !strings.Contains(strings.Join(a.Notes, "\n"), "OAuthPluginVault authentication") {
		t.Errorf("no auth note in %v", a.Notes)
	}
	out, err := Render(a, FormatM365)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "<your Microsoft Entra SSO Registration ID>") {
		t.Error("the vault reference reached the output")
	}
	checkLoads(t, "trey.yaml", out, "")
}

// TestKagentFieldsPerVersion: kagent-dev/kagent go/api at 5229184
// (2026-08-22). v1alpha1 has the declarative fields flat under spec;
// v1alpha2 and v1alpha3 hold them under spec.declarative, and their CRD
// rejects a Declarative agent without it. The flat form under v1alpha3 is
// what kagent's own .github/data/agent-framework/resources/agent.yaml has
// (shortened here): its tools must not be granted as if kagent ran them, and
// must not vanish without a word either.
func TestKagentFieldsPerVersion(t *testing.T) {
	flat := `kind: SandboxAgent
metadata:
  name: k8s-agent
  namespace: kagent
spec:
  description: An Kubernetes Expert AI Agent
  modelConfig: default-model-config
  systemMessage: You are KubeAssist.
  tools:
  - mcpServer:
      toolNames:
      - searchDocs
      toolServer: search-documentation
    type: McpServer
  - builtin:
      name: kagent.tools.k8s.GetEvents
    type: Builtin
`
	nested := `kind: Agent
metadata:
  name: k8s-agent
  namespace: kagent
spec:
  type: Declarative
  declarative:
    modelConfig: default-model-config
    tools:
    - type: McpServer
      mcpServer:
        name: search-documentation
        kind: RemoteMCPServer
        toolNames: [searchDocs]
`
	cases := []struct {
		name, doc string
		grants    []string
		unknown   []string
		note      string
	}{
		{"v1alpha3 flat", "apiVersion: kagent.dev/v1alpha3\n" + flat, nil,
			[]string{"x.yaml:8:3: spec.modelConfig", "x.yaml:9:3: spec.systemMessage", "x.yaml:10:3: spec.tools"}, "spec.declarative is missing"},
		{"v1alpha1 flat", "apiVersion: kagent.dev/v1alpha1\n" + strings.Replace(flat, "SandboxAgent", "Agent", 1), []string{"searchDocs", "kagent.tools.k8s.GetEvents"}, nil, ""},
		{"v1alpha2 nested", "apiVersion: kagent.dev/v1alpha2\n" + nested, []string{"searchDocs"}, nil, ""},
		{"v1alpha1 nested", "apiVersion: kagent.dev/v1alpha1\n" + nested, nil,
			[]string{"x.yaml:7:3: spec.type", "x.yaml:8:3: spec.declarative"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ias, err := Import(FormatKagent, []File{{Name: "x.yaml", Data: []byte(c.doc)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := ias[0]
			if d := cmp.Diff(c.grants, grantNames(&a.Agent)); d != "" {
				t.Errorf("grants (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.unknown, a.Unknown); d != "" {
				t.Errorf("not read (-want +got):\n%s", d)
			}
			if c.note != "" && !strings.Contains(strings.Join(a.Notes, "\n"), c.note) {
				t.Errorf("no note %q in %v", c.note, a.Notes)
			}
		})
	}
}

// TestMCPClientFields: the server fields MCP clients document beside
// command/args/env/url. VS Code (microsoft/vscode-docs
// docs/agents/reference/mcp-configuration.md, 2026-05-28): sandboxEnabled
// with sandbox.filesystem/network (the example config there), oauth, dev;
// Windsurf's serverUrl for a remote server (~/.codeium/windsurf/
// mcp_config.json); a field no client documents is warned with its
// position, and in the settings.json form only what is under "mcp" counts.
func TestMCPClientFields(t *testing.T) {
	cases := []struct {
		name, file, doc string
		grants          map[string]string // grant -> its comment's transport part
		data            map[string]string
		notes, unknown  []string
	}{
		{"vscode sandbox", "mcp.json", `{
    "servers": {
        "myServer": {
            "type": "stdio",
            "command": "npx",
            "args": ["-y", "@example/mcp-server"],
            "sandboxEnabled": true,
            "sandbox": {
                "filesystem": {
                    "allowWrite": ["${workspaceFolder}"],
                    "denyRead": ["${userHome}/.ssh"]
                },
                "network": {
                    "allowedDomains": ["api.example.com", "*.cdn.example.com"]
                }
            }
        }
    }
}`, map[string]string{"myServer": "stdio: npx -y @example/mcp-server"}, map[string]string{"${workspaceFolder}": "write"},
			[]string{"may write only ${workspaceFolder}", "may not read ${userHome}/.ssh", "may reach only api.example.com, *.cdn.example.com", "approves its tool calls without asking a person"}, nil},
		{"vscode sandbox rules not enabled", "mcp.json", `{"servers": {"s": {"command": "npx", "sandbox": {"filesystem": {"allowWrite": ["/tmp"]}}}}}`,
			map[string]string{"s": "stdio: npx"}, map[string]string{}, []string{"sandboxEnabled is not true: they do not apply"}, nil},
		{"vscode oauth and dev", "mcp.json", `{"servers": {"slack": {"type": "http", "url": "https://mcp.slack.com/mcp", "oauth": {"clientId": "example-client-id"}},
  "local": {"command": "node", "args": ["build/index.js"], "dev": {"watch": "build/**/*.js", "debug": {"type": "node"}}}}}`,
			map[string]string{"slack": "http: https://mcp.slack.com/mcp", "local": "stdio: node build/index.js"}, map[string]string{},
			[]string{"server slack signs in with OAuth", "server local is in development mode"}, nil},
		{"windsurf serverUrl", "mcp_config.json", `{"mcpServers": {"autosend": {"serverUrl": "https://mcp.autosend.com/"}}}`,
			map[string]string{"autosend": "url: https://mcp.autosend.com/"}, map[string]string{}, nil, nil},
		{"unknown field", "mcp.json", "{\"servers\": {\"s\": {\"command\": \"npx\",\n  \"allowedTools\": [\"x\"]}}}",
			map[string]string{"s": "stdio: npx"}, map[string]string{}, nil, []string{"mcp.json:2:3: servers.s.allowedTools"}},
		{"settings form", "settings.json", "{\"editor.fontSize\": 14, \"chat.mcp.access\": \"all\",\n \"mcp\": {\"servers\": {\"s\": {\"command\": \"npx\", \"gallery\": true}}}}",
			map[string]string{"s": "stdio: npx"}, map[string]string{}, nil, []string{"settings.json:2:46: mcp.servers.s.gallery"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ias, err := Import(FormatMCP, []File{{Name: c.file, Data: []byte(c.doc)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := ias[0]
			got := map[string]string{}
			for _, g := range a.Agent.Tools {
				tr, _, _ := strings.Cut(strings.TrimPrefix(a.Comments[g.Name], "MCP server, "), ";")
				got[g.Name] = tr
			}
			if d := cmp.Diff(c.grants, got); d != "" {
				t.Errorf("grants and transports (-want +got):\n%s", d)
			}
			if d := cmp.Diff(c.data, dataScopes(&a.Agent)); d != "" {
				t.Errorf("data (-want +got):\n%s", d)
			}
			notes := strings.Join(a.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("no note %q in:\n%s", n, notes)
				}
			}
			if d := cmp.Diff(c.unknown, a.Unknown); d != "" {
				t.Errorf("not read (-want +got):\n%s", d)
			}
		})
	}
}

// TestKagentOtherKinds: kagent v1alpha3 (go/api/v1alpha3 at 5229184) has
// agent kinds besides SandboxAgent that aims does not import (AgentHarness:
// an OpenClaw or Hermes environment with its own model and chat channels;
// AgentTemplate; Harness): each is named, with its file and line, in a note
// or in the error when the files hold no agent aims imports.
func TestKagentOtherKinds(t *testing.T) {
	harness := "apiVersion: kagent.dev/v1alpha3\nkind: AgentHarness\nmetadata:\n  name: claw\n  namespace: kagent\nspec:\n  backend: openclaw\n  modelConfigRef: default-model-config\n"
	agent := "apiVersion: kagent.dev/v1alpha3\nkind: SandboxAgent\nmetadata:\n  name: a\n  namespace: kagent\nspec:\n  type: Declarative\n  declarative:\n    modelConfig: m\n"
	ias, err := Import(FormatKagent, []File{{Name: "all.yaml", Data: []byte(agent + "---\n" + harness)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ias) != 1 || !strings.Contains(strings.Join(ias[0].Notes, "\n"), "not imported (aims reads kagent Agent and SandboxAgent): AgentHarness claw (all.yaml:11)") {
		t.Errorf("agents %d, notes %v: want the AgentHarness named", len(ias), ias[0].Notes)
	}
	_, err = Import(FormatKagent, []File{{Name: "h.yaml", Data: []byte(harness)}}, Options{})
	if err == nil || !strings.Contains(err.Error(), "not imported: AgentHarness claw (h.yaml:1)") {
		t.Errorf("error %v: want the AgentHarness named", err)
	}
}

// TestRealADKSafetyOff: samples/real/README.md, adk/multi_agent_llm_config:
// "a safety setting is turned OFF (HARM_CATEGORY_DANGEROUS_CONTENT)"
// (generate_content_config.safety_settings, google.genai SafetySetting).
func TestRealADKSafetyOff(t *testing.T) {
	ias, err := Import(FormatADK, []File{realFile(t, "adk", "multi_agent_llm_config", "root_agent.yaml")}, Options{ReadFile: os.ReadFile})
	if err != nil {
		t.Fatal(err)
	}
	notes := strings.Join(ias[0].Notes, "\n")
	if !strings.Contains(notes, "safety filter HARM_CATEGORY_DANGEROUS_CONTENT is turned off (threshold OFF)") {
		t.Errorf("no note of the safety filter turned off in:\n%s", notes)
	}
	if strings.Contains(notes, "not mapped: generate_content_config") {
		t.Errorf("generate_content_config still reported as not mapped:\n%s", notes)
	}
}

// TestM365PlaceholderInScope: Teams Toolkit fills ${{NAME}} from env/.env.*
// at provisioning (Microsoft 365 Agents Toolkit, declarative agent schema
// 1.6 capabilities). A scope that is more than the placeholder keeps the
// rest in its TODO, so the reviewer knows which site or table it completes;
// a scope that is only a placeholder names only the variable.
func TestM365PlaceholderInScope(t *testing.T) {
	doc := `{"version": "v1.6", "name": "Helper", "description": "d", "instructions": "i", "capabilities": [
  {"name": "OneDriveAndSharePoint", "items_by_url": [{"url": "https://${{TENANT}}.sharepoint.com/sites/hr"}, {"url": "${{DOCS_URL}}"}]},
  {"name": "Dataverse", "knowledge_sources": [{"host_name": "${{DATAVERSE_HOST}}", "tables": [{"table_name": "account"}]}]}]}`
	ias, err := Import(FormatM365, []File{{Name: "declarativeAgent.json", Data: []byte(doc)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"OneDriveAndSharePoint": {"TODO: the value Teams Toolkit fills in for TENANT at provisioning, in https://<TENANT>.sharepoint.com/sites/hr",
			"TODO: the value Teams Toolkit fills in for DOCS_URL at provisioning"},
		"Dataverse": {"TODO: the value Teams Toolkit fills in for DATAVERSE_HOST at provisioning, in dataverse:<DATAVERSE_HOST>/account"},
	}
	got := map[string][]string{}
	for _, g := range ias[0].Agent.Tools {
		got[g.Name] = g.Resources
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("resources (-want +got):\n%s", d)
	}
	out, err := Render(ias[0], FormatM365)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(l, "#") && strings.Contains(l, "${{") {
			t.Errorf("a placeholder reached a value (only the header's notes quote the source): %s", l)
		}
	}
}

// TestM365PlaceholderInName: Teams Toolkit's declarative agent templates
// name the agent "NAME${{APP_NAME_SUFFIX}}" (a suffix per environment,
// filled from env/.env.* at provisioning). The agent's id and name are the
// fixed part: before, the id was "claims-desk-app-name-suffix" (the
// variable's name slugged into it) and the name kept the raw placeholder.
// Neither is an identity (the provisioned name differs per environment).
func TestM365PlaceholderInName(t *testing.T) {
	for _, c := range []struct{ name, doc, id, agentName string }{
		{"suffix in the name", `{"version": "v1.6", "name": "Claims Desk${{APP_NAME_SUFFIX}}", "description": "d", "instructions": "i"}`, "claims-desk", "Claims Desk"},
		{"placeholder id", `{"version": "v1.6", "id": "${{AGENT_ID}}", "name": "Claims Desk ${{APP_NAME_SUFFIX}}", "description": "d", "instructions": "i"}`, "claims-desk", "Claims Desk"},
		{"name only a placeholder", `{"version": "v1.6", "name": "${{AGENT_NAME}}", "description": "d", "instructions": "i"}`, "", "TODO: the name Teams Toolkit fills in for AGENT_NAME at provisioning"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ias, err := Import(FormatM365, []File{{Name: "declarativeAgent.json", Data: []byte(c.doc)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := ias[0].Agent
			if c.id != "" && a.ID != c.id || a.Name != c.agentName || len(a.Identities) != 0 {
				t.Errorf("id %q, name %q, identities %v; want id %q, name %q, no identity", a.ID, a.Name, a.Identities, c.id, c.agentName)
			}
		})
	}
}
