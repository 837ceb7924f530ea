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
)

// otlpTrace builds one OTLP/JSON TracesData line, as the Collector's file
// exporter writes it, from spans made by span().
type otlpTrace struct {
	n     int
	spans []string
}

func otlpStr(k, v string) string { return `{"key":"` + k + `","value":{"stringValue":"` + v + `"}}` }

func (o *otlpTrace) span(id, parent, name string, attrs ...string) {
	o.n++
	ts := fmt.Sprintf("%d", 1776161700000000000+int64(o.n)*1000000)
	p := ""
	if parent != "" {
		p = `"parentSpanId":"` + parent + `",`
	}
	o.spans = append(o.spans, `{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"`+id+`",`+p+`"name":"`+name+
		`","kind":1,"startTimeUnixNano":"`+ts+`","endTimeUnixNano":"`+ts+`","attributes":[`+strings.Join(attrs, ",")+`],"status":{"code":1}}`)
}

func (o *otlpTrace) line(service, scope string) string {
	return `{"resourceSpans":[{"resource":{"attributes":[` + otlpStr("service.name", service) + `]},"scopeSpans":[{"scope":{"name":"` + scope + `"},"spans":[` +
		strings.Join(o.spans, ",") + `]}]}]}` + "\n"
}

// e2eWant is what one agent's own logs must show against its imported
// config: its events, and the grants that are unused (the planted ones).
type e2eWant struct {
	Events int64
	Unused []string
}

// analyseOwnLogs runs the log analysis of data (format) against agents and
// checks, per agent, that no call is out of scope, no model outside the
// allow-list, no activity shadow, and that the unused grants are exactly the
// planted ones. Every record must be an event or a counted ignore.
func analyseOwnLogs(t *testing.T, agents []*model.Agent, format, name, data string, want map[string]e2eWant, shadows ...string) *model.LogSummary {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	sum, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: p, Format: format}}, agents, auditlog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]e2eWant{}
	for _, act := range sum.Agents {
		if act.OutOfScope != 0 || len(act.DisallowedModels) != 0 {
			t.Errorf("%s: %d call(s) out of scope (%v), disallowed models %v", act.Agent, act.OutOfScope, act.OutOfScopeTools, act.DisallowedModels)
		}
		got[act.Agent] = e2eWant{act.Events, act.UnusedGrants}
	}
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("events, unused grants per agent (-want +got):\n%s", d)
	}
	var gotShadows []string
	for _, s := range sum.Shadow {
		gotShadows = append(gotShadows, s.Identity)
	}
	if d := cmp.Diff(shadows, gotShadows, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("shadow agents: activity that matched no imported agent (-want +got):\n%s", d)
	}
	for _, f := range sum.Files {
		if f.Skipped != 0 || f.Records != f.Events+f.Ignored {
			t.Errorf("%s: records %d, events %d, ignored %d, skipped %d (%v)", f.Path, f.Records, f.Events, f.Ignored, f.Skipped, f.Errors)
		}
	}
	return sum
}

func agentsOf(ias []*Agent) []*model.Agent {
	out := make([]*model.Agent, len(ias))
	for i, a := range ias {
		out[i] = &a.Agent
	}
	return out
}

// TestEndToEndCrewAI imports the real JSONC project (samples/real/crewai:
// crew.jsonc, agents/researcher.jsonc) with one planted tool (FileReadTool,
// never called) and analyses a trace of that crew as OpenLIT's CrewAI
// instrumentation writes it (openlit/openlit sdk/python/src/openlit/
// instrumentation/crewai, commit ad20b7b, 2026-08-03: "invoke_agent ROLE"
// task spans with gen_ai.agent.name the filled role, "execute_tool NAME"
// spans of BaseTool.run with gen_ai.tool.name the tool's name attribute),
// with the OpenAI chat span of its model call. The filled role is the
// identity the import's note asks for. The crew's own kickoff span
// (gen_ai.workflow.name, no agent name) is the one activity no agent owns:
// it is a shadow under the name its span gives ("invoke_agent Research
// Crew"), as aims has no agent for a crew.
func TestEndToEndCrewAI(t *testing.T) {
	crew := realFile(t, "crewai", "docs-edge-crew.jsonc")
	agent := realFile(t, "crewai", "docs-edge-agents-researcher.jsonc")
	agent.Data = []byte(strings.Replace(string(agent.Data), `"tools": ["SerperDevTool"]`, `"tools": ["SerperDevTool", "FileReadTool"]`, 1))
	crew.Name = filepath.Join(t.TempDir(), "crew.jsonc")
	read := func(p string) ([]byte, error) {
		if p == filepath.Join(filepath.Dir(crew.Name), "agents", "researcher.jsonc") {
			return agent.Data, nil
		}
		return nil, os.ErrNotExist
	}
	ias, err := Import(FormatCrewAI, []File{crew}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	agents := agentsOf(ias)
	agents[0].Identities = append(agents[0].Identities, "AI Agents Senior Data Researcher")

	var tr otlpTrace
	role := "AI Agents Senior Data Researcher"
	tr.span("0000000000000001", "", "invoke_agent Research Crew", otlpStr("gen_ai.operation.name", "invoke_agent"), otlpStr("gen_ai.system", "crewai"))
	tr.span("0000000000000002", "0000000000000001", "invoke_agent "+role, otlpStr("gen_ai.operation.name", "invoke_agent"), otlpStr("gen_ai.system", "crewai"),
		otlpStr("gen_ai.agent.name", role), otlpStr("gen_ai.agent.id", "0b1d6a52-8f43-4a7e-9d1e-6a2f7c5e3b10"))
	tr.span("0000000000000003", "0000000000000002", "chat gpt-4o", otlpStr("gen_ai.operation.name", "chat"), otlpStr("gen_ai.system", "openai"), otlpStr("gen_ai.request.model", "gpt-4o"))
	tr.span("0000000000000004", "0000000000000002", "execute_tool Search the internet with Serper", otlpStr("gen_ai.operation.name", "execute_tool"),
		otlpStr("gen_ai.system", "crewai"), otlpStr("gen_ai.tool.name", "Search the internet with Serper"), otlpStr("gen_ai.tool.type", "function"))
	tr.span("0000000000000005", "0000000000000002", "chat gpt-4o", otlpStr("gen_ai.operation.name", "chat"), otlpStr("gen_ai.system", "openai"), otlpStr("gen_ai.request.model", "gpt-4o"))

	analyseOwnLogs(t, agents, "otlp", "crew.traces.jsonl", tr.line("research-crew", "openlit.otel.tracing"), map[string]e2eWant{
		"researcher": {Events: 4, Unused: []string{"Read a file's content"}},
	}, "Research Crew")
}

// TestEndToEndKagent imports the real hitl-agent (samples/real/kagent,
// v1alpha2) with kagent's default ModelConfig in a file of its own (as the
// Helm chart installs it), one planted tool name added to its toolNames,
// and analyses a trace of that agent as kagent's Go runtime writes it:
// google/adk-go internal/telemetry (commit 0a51e15, 2026-08-21)
// "invoke_agent NAME" with gen_ai.agent.name, "generate_content MODEL" with
// gen_ai.request.model, "execute_tool TOOL" with gen_ai.tool.name; the
// agent's name and service.name are kagent's runtime name, "-" as "_"
// (kagent-dev/kagent go/adk/cmd/main.go, commit 5229184).
func TestEndToEndKagent(t *testing.T) {
	agent := realFile(t, "kagent", "website-hitl-agent.yaml")
	agent.Data = []byte(strings.Replace(string(agent.Data), "            - k8s_patch_resource\n          requireApproval:", "            - k8s_patch_resource\n            - k8s_planted_unused\n          requireApproval:", 1))
	ias, err := Import(FormatKagent, append([]File{agent}, readInputs(t, []string{"kagent-default-model-config.yaml"})...), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m := ias[0].Agent.Model.Name; m != "gpt-4.1-mini" {
		t.Fatalf("model %q: the ModelConfig file was not used", m)
	}
	var tr otlpTrace
	tr.span("1000000000000001", "", "invoke_agent hitl_agent", otlpStr("gen_ai.operation.name", "invoke_agent"), otlpStr("gen_ai.agent.name", "hitl_agent"))
	id := 2
	for _, tool := range []string{"k8s_get_resources", "k8s_describe_resource", "k8s_get_pod_logs", "k8s_get_events", "k8s_get_resource_yaml",
		"k8s_apply_manifest", "k8s_delete_resource", "k8s_patch_resource"} {
		tr.span(fmt.Sprintf("10000000000000%02x", id), "1000000000000001", "generate_content gpt-4.1-mini",
			otlpStr("gen_ai.operation.name", "generate_content"), otlpStr("gen_ai.request.model", "gpt-4.1-mini"))
		tr.span(fmt.Sprintf("10000000000000%02x", id+1), "1000000000000001", "execute_tool "+tool,
			otlpStr("gen_ai.operation.name", "execute_tool"), otlpStr("gen_ai.tool.name", tool))
		id += 2
	}
	analyseOwnLogs(t, agentsOf(ias), "otlp", "kagent.traces.jsonl", tr.line("hitl_agent", "gcp.vertex.agent"), map[string]e2eWant{
		"hitl-agent": {Events: 17, Unused: []string{"k8s_planted_unused"}},
	})
}

// TestEndToEndMCPOCSF imports the real GitHub MCP server config (the IDE
// settings form) and analyses OCSF API Activity as a gateway in front of the
// servers writes it (ocsf-schema 1.3 class 6003: api.operation
// "tools/call:TOOL", api.service.name the server, actor.user the client):
// the server grant covers each tool, and the planted server is the one grant
// unused. A client that logs the bare tool name ("get_me") names no server,
// so only a grant of that tool covers it (TestMCPBareToolNeedsTools).
func TestEndToEndMCPOCSF(t *testing.T) {
	cfg := realFile(t, "mcp", "github-mcp-server-readme-ide-settings-mcp-key.json")
	cfg.Data = []byte(strings.Replace(string(cfg.Data), `"servers": {`, `"servers": {"planted-unused": {"command": "x"},`, 1))
	ias, err := Import(FormatMCP, []File{cfg}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	agents := agentsOf(ias)
	agents[0].Identities = []string{"vscode-copilot"}
	rec := func(ms int, tool string) string {
		return fmt.Sprintf(`{"class_uid":6003,"category_uid":6,"activity_id":99,"time":%d,"severity_id":1,"status_id":1,`+
			`"actor":{"user":{"name":"vscode-copilot","uid":"u-1","type_id":1}},"api":{"operation":"tools/call:%s","service":{"name":"github"}},`+
			`"metadata":{"version":"1.3.0","product":{"name":"mcp-gateway"}}}`, 1776161700000+ms, tool)
	}
	data := rec(1, "get_me") + "\n" + rec(2, "list_issues") + "\n" + rec(3, "create_issue") + "\n"
	analyseOwnLogs(t, agents, "ocsf", "gateway.ocsf.jsonl", data, map[string]e2eWant{
		"github-mcp-server-readme-ide-settings-mcp-key": {Events: 3, Unused: []string{"planted-unused"}},
	})
}

// TestMCPBareToolNeedsTools: a client that logs an MCP tool by its bare name
// (GenAI execute_tool spans with gen_ai.tool.name "get_me") says nothing of
// the server, and the config names no tools: the import says so in a note,
// the call is out of scope under the server grant alone, and in scope once
// the tool is granted as the note asks.
func TestMCPBareToolNeedsTools(t *testing.T) {
	ias, err := Import(FormatMCP, []File{realFile(t, "mcp", "github-mcp-server-readme-ide-settings-mcp-key.json")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(ias[0].Notes, "\n"), "bare name") {
		t.Errorf("no note about bare tool names in %v", ias[0].Notes)
	}
	a := ias[0].Agent
	a.Identities = []string{"copilot"}
	var tr otlpTrace
	tr.span("2000000000000001", "", "execute_tool get_me", otlpStr("gen_ai.operation.name", "execute_tool"), otlpStr("gen_ai.tool.name", "get_me"), otlpStr("gen_ai.agent.name", "copilot"))
	run := func(ag model.Agent) int64 {
		p := filepath.Join(t.TempDir(), "bare.jsonl")
		if err := os.WriteFile(p, []byte(tr.line("copilot", "x")), 0o600); err != nil {
			t.Fatal(err)
		}
		sum, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: p, Format: "otlp"}}, []*model.Agent{&ag}, auditlog.Options{})
		if err != nil || len(sum.Agents) != 1 {
			t.Fatalf("%v %+v", err, sum)
		}
		return sum.Agents[0].OutOfScope
	}
	if n := run(a); n != 1 {
		t.Errorf("server grant only: %d out of scope, want 1", n)
	}
	a.Tools = append(a.Tools, model.Grant{Name: "get_me"})
	if n := run(a); n != 0 {
		t.Errorf("tool granted: %d out of scope, want 0", n)
	}
}

// TestEndToEndMCPServerNames: Claude Code names an MCP tool
// mcp__SERVER__TOOL with the server name normalised to [a-zA-Z0-9_-]
// (services/mcp/normalization.ts normalizeNameForMCP: every other
// character becomes "_"), while an MCP gateway's OCSF record names the
// service as configured. A server configured as "docs.internal" or
// "my server" is granted so that both cover it; a plain name stays as it is.
func TestEndToEndMCPServerNames(t *testing.T) {
	cfg := File{Name: "mcp.json", Data: []byte(`{"mcpServers": {
  "docs.internal": {"type": "http", "url": "https://docs.internal/mcp"},
  "my server": {"command": "npx", "args": ["-y", "my-mcp"]},
  "github": {"type": "http", "url": "https://api.githubcopilot.com/mcp/"},
  "planted-unused": {"command": "x"}}}`)}
	ias, err := Import(FormatMCP, []File{cfg}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"docs?internal", "github", "my?server", "planted-unused"}, grantNames(&ias[0].Agent)); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	agents := agentsOf(ias)
	agents[0].Identities = []string{"claude-code", "vscode-copilot"}
	rec := func(tool, id string) string {
		return `{"timeUnixNano":"1776161703000000000","body":{"stringValue":"claude_code.tool_result"},"attributes":[` +
			`{"key":"event.name","value":{"stringValue":"tool_result"}},{"key":"tool_name","value":{"stringValue":"` + tool + `"}},` +
			`{"key":"success","value":{"stringValue":"true"}},{"key":"tool_use_id","value":{"stringValue":"` + id + `"}}]}`
	}
	claude := `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},` +
		`"scopeLogs":[{"scope":{"name":"com.anthropic.claude_code"},"logRecords":[` +
		rec("mcp__docs_internal__search", "t1") + "," + rec("mcp__my_server__run", "t2") + "," + rec("mcp__github__get_me", "t3") + `]}]}]}` + "\n"
	analyseOwnLogs(t, agents, "otlp", "claude.jsonl", claude, map[string]e2eWant{
		"mcp-client": {Events: 3, Unused: []string{"planted-unused"}},
	})
	ocsf := fmt.Sprintf(`{"class_uid":6003,"category_uid":6,"activity_id":99,"time":1776161700001,"severity_id":1,"status_id":1,`+
		`"actor":{"user":{"name":"vscode-copilot","uid":"u-1","type_id":1}},"api":{"operation":"tools/call:search","service":{"name":"docs.internal"}},`+
		`"metadata":{"version":"1.3.0","product":{"name":"mcp-gateway"}}}`) + "\n"
	analyseOwnLogs(t, agents, "ocsf", "gateway.ocsf.jsonl", ocsf, map[string]e2eWant{
		"mcp-client": {Events: 1, Unused: []string{"github", "my?server", "planted-unused"}},
	})
}

// TestEndToEndADKAgentTool imports the real tool_agent_tool_config
// (samples/real/adk: two AgentTools) and analyses the trace ADK 1.x writes
// for it (google/adk-python telemetry/tracing.py: the parent's "execute_tool
// web_search_agent" span, and nested in it the wrapped agent's own
// "invoke_agent web_search_agent" run with its call_llm model spans). The
// AgentTool grants match the calls. google_search is a Gemini built-in
// (tools/google_search_tool.py adds types.Tool(google_search) to the
// request): ADK writes no execute_tool span for it, and its use shows in the
// model response ADK logs (gcp.vertex.agent.llm_response, LlmResponse
// grounding_metadata). With that response logged the grant is used; with
// content capture off (no llm_response) its use cannot be told: not judged,
// never unused. summarizer_agent is called, so nothing of
// research_assistant_agent is unused.
func TestEndToEndADKAgentTool(t *testing.T) {
	var agents []*model.Agent
	for _, a := range realADK(t, "tool_agent_tool_config") {
		agents = append(agents, a)
	}
	slices.SortFunc(agents, func(a, b *model.Agent) int { return strings.Compare(a.Name, b.Name) })
	var tr otlpTrace
	inv := func(id, parent, name string) {
		tr.span(id, parent, "invoke_agent "+name, otlpStr("gen_ai.operation.name", "invoke_agent"), otlpStr("gen_ai.agent.name", name))
	}
	llm := func(id, parent string, attrs ...string) {
		tr.span(id, parent, "call_llm", append([]string{otlpStr("gen_ai.system", "gcp.vertex.agent"), otlpStr("gen_ai.request.model", "gemini-2.0-flash")}, attrs...)...)
	}
	tool := func(id, parent, name string) {
		tr.span(id, parent, "execute_tool "+name, otlpStr("gen_ai.operation.name", "execute_tool"), otlpStr("gen_ai.tool.name", name))
	}
	inv("4000000000000001", "", "research_assistant_agent")
	llm("4000000000000002", "4000000000000001")
	tool("4000000000000003", "4000000000000001", "web_search_agent")
	inv("4000000000000004", "4000000000000003", "web_search_agent")
	searchLLM := len(tr.spans)
	llm("4000000000000005", "4000000000000004")
	tool("4000000000000006", "4000000000000001", "summarizer_agent")
	inv("4000000000000007", "4000000000000006", "summarizer_agent")
	llm("4000000000000008", "4000000000000007")
	want := map[string]e2eWant{
		"research-assistant-agent": {Events: 4},
		"web-search-agent":         {Events: 2},
		"summarizer-agent":         {Events: 2},
	}
	// Content capture off: no llm_response, so google_search is not judged.
	sum := analyseOwnLogs(t, agents, "otlp", "adk-agenttool.traces.jsonl", tr.line("research_assistant_agent", "gcp.vertex.agent"), want)
	if got := notJudged(sum, "web-search-agent"); !slices.Equal(got, []string{"google_search"}) {
		t.Errorf("capture off: grants not judged %v, want [google_search]", got)
	}
	// Capture on: the response's grounding metadata shows the search.
	grounded := `{\"content\":{\"parts\":[{\"text\":\"ADK 1.18 is out [1].\"}],\"role\":\"model\"},\"grounding_metadata\":{\"grounding_chunks\":[{\"web\":{\"domain\":\"github.com\",\"title\":\"github.com\",\"uri\":\"https://vertexaisearch.cloud.google.com/grounding-api-redirect/x\"}}],\"web_search_queries\":[\"adk-python latest release\"]}}`
	tr.spans = tr.spans[:searchLLM]
	tr.n = searchLLM
	llm("4000000000000005", "4000000000000004", otlpStr("gcp.vertex.agent.llm_response", grounded))
	tool("4000000000000006", "4000000000000001", "summarizer_agent")
	inv("4000000000000007", "4000000000000006", "summarizer_agent")
	llm("4000000000000008", "4000000000000007")
	sum = analyseOwnLogs(t, agents, "otlp", "adk-agenttool.traces.jsonl", tr.line("research_assistant_agent", "gcp.vertex.agent"), want)
	if got := notJudged(sum, "web-search-agent"); len(got) != 0 {
		t.Errorf("grounded: grants not judged %v, want none (google_search used)", got)
	}
}

func notJudged(sum *model.LogSummary, agent string) []string {
	for _, a := range sum.Agents {
		if a.Agent == agent {
			return a.GrantsNotJudged
		}
	}
	return nil
}
