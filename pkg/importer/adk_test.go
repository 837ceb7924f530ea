package importer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// adkTree imports root.yaml of files (name -> YAML), read from one folder.
func adkTree(t *testing.T, files map[string]string) map[string]*Agent {
	t.Helper()
	dir := t.TempDir()
	read := func(p string) ([]byte, error) {
		if rel, err := filepath.Rel(dir, p); err == nil {
			if s, ok := files[filepath.ToSlash(rel)]; ok {
				return []byte(s), nil
			}
		}
		return nil, os.ErrNotExist
	}
	ias, err := Import(FormatADK, []File{{Name: filepath.Join(dir, "root.yaml"), Data: []byte(files["root.yaml"])}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*Agent{}
	for _, a := range ias {
		out[a.Agent.Name] = a
	}
	return out
}

// TestADKWorkflowAgents follows google/adk-python (flows/llm_flows/
// agent_transfer.py _get_transfer_targets, agents/llm_agent.py
// canonical_model, 1.x): only an LlmAgent has transfer_to_agent, whose
// targets are its sub-agents and, when its parent is an LlmAgent, that
// parent and its peers. A SequentialAgent, ParallelAgent or LoopAgent runs
// its sub-agents itself, so it calls no tool and its children may not
// transfer to it or to each other: it is granted sub_agents (risk.SubAgents,
// a delegation) with the agents it runs, which its logs show as their
// invoke_agent spans nested in its own (agents/base_agent.py run_async); an
// LlmAgent without model runs on its nearest LlmAgent ancestor's, past
// workflow agents.
func TestADKWorkflowAgents(t *testing.T) {
	type want struct {
		Model string
		Tools []model.Grant
	}
	cases := []struct {
		name  string
		files map[string]string
		want  map[string]want
	}{
		{"sequential root", map[string]string{
			"root.yaml":     "agent_class: SequentialAgent\nname: pipeline\nsub_agents:\n  - config_path: writer.yaml\n  - config_path: reviewer.yaml\n",
			"writer.yaml":   "name: writer\nmodel: gemini-2.5-flash\ninstruction: w\n",
			"reviewer.yaml": "name: reviewer\ninstruction: r\n",
		}, map[string]want{
			"pipeline": {Tools: []model.Grant{{Name: "sub_agents", Resources: []string{"writer", "reviewer"}}}},
			"writer":   {Model: "gemini-2.5-flash"},
			"reviewer": {}, // no LlmAgent ancestor: ADK's default model, a TODO
		}},
		{"llm root over a loop", map[string]string{
			"root.yaml":   "name: coordinator\nmodel: gemini-2.5-pro\ninstruction: c\nsub_agents:\n  - config_path: loop.yaml\n  - config_path: helper.yaml\n",
			"loop.yaml":   "agent_class: LoopAgent\nname: refine\nmax_iterations: 3\nsub_agents:\n  - config_path: critic.yaml\n  - config_path: fixer.yaml\n",
			"critic.yaml": "name: critic\ninstruction: c\n",
			"fixer.yaml":  "name: fixer\ninstruction: f\nsub_agents:\n  - config_path: leaf.yaml\n",
			"leaf.yaml":   "name: leaf\ninstruction: l\n",
			"helper.yaml": "name: helper\ninstruction: h\n",
		}, map[string]want{
			"coordinator": {Model: "gemini-2.5-pro", Tools: []model.Grant{{Name: "transfer_to_agent", Resources: []string{"refine", "helper"}}}},
			"refine":      {Tools: []model.Grant{{Name: "sub_agents", Resources: []string{"critic", "fixer"}}}},
			"critic":      {Model: "gemini-2.5-pro"},
			"fixer":       {Model: "gemini-2.5-pro", Tools: []model.Grant{{Name: "transfer_to_agent", Resources: []string{"leaf"}}}},
			"leaf":        {Model: "gemini-2.5-pro", Tools: []model.Grant{{Name: "transfer_to_agent", Resources: []string{"fixer"}}}},
			"helper":      {Model: "gemini-2.5-pro", Tools: []model.Grant{{Name: "transfer_to_agent", Resources: []string{"coordinator", "refine"}}}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]want{}
			for n, a := range adkTree(t, c.files) {
				got[n] = want{a.Agent.Model.Name, a.Agent.Tools}
			}
			if d := cmp.Diff(c.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("model and grants per agent (-want +got):\n%s", d)
			}
		})
	}
}

// TestADKToolsetPrefix follows google/adk-python tools/base_toolset.py
// (_apply_tool_name_prefix: a toolset's tools are named PREFIX_TOOL, and
// tool_filter names the unprefixed tool) and tools/mcp_tool/mcp_toolset.py
// McpToolsetConfig (tool_name_prefix, auth_scheme, auth_credential), 1.x.
func TestADKToolsetPrefix(t *testing.T) {
	const stdio = "      stdio_connection_params:\n        server_params:\n          command: npx\n          args: [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/srv/docs\"]\n"
	cases := []struct {
		name, args string
		grants     []string
		notes      []string
	}{
		{"filter, no prefix", stdio + "      tool_filter: [read_file]\n", []string{"read_file"}, nil},
		{"filter and prefix", stdio + "      tool_filter: [read_file, list_directory]\n      tool_name_prefix: fs\n", []string{"fs_read_file", "fs_list_directory"}, nil},
		{"prefix, no filter", stdio + "      tool_name_prefix: fs\n", []string{"fs_*"}, nil},
		{"no prefix, no filter", stdio, []string{"docs"}, []string{"has no tool_filter"}},
		{"credential", "      streamable_http_connection_params:\n        url: https://mcp.example.com/mcp\n      tool_filter: [search]\n" +
			"      auth_scheme:\n        type: apiKey\n        in: header\n        name: X-API-Key\n      auth_credential:\n        auth_type: API_KEY\n        api_key: sk-abcdefghijklmnopqrstuvwx\n",
			[]string{"search"}, []string{"auth_scheme apiKey", "auth_credential (API_KEY) is a credential: not copied"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := adkTree(t, map[string]string{"root.yaml": "name: a\nmodel: gemini-2.5-flash\ninstruction: i\ntools:\n  - name: McpToolset\n    args:\n" + c.args})["a"]
			if d := cmp.Diff(c.grants, grantNames(&a.Agent)); d != "" {
				t.Errorf("grants (-want +got):\n%s", d)
			}
			notes := strings.Join(a.Notes, "\n")
			for _, n := range c.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("no note %q in:\n%s", n, notes)
				}
			}
			out, err := Render(a, FormatADK)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "sk-abc") {
				t.Errorf("the credential reached the output:\n%s", out)
			}
		})
	}
}

// TestEndToEndADKWorkflow imports a SequentialAgent whose LlmAgent steps use
// an MCP toolset with tool_name_prefix, and analyses the trace ADK 1.x
// writes for it (telemetry: invoke_agent NAME for the workflow agent and,
// nested in it, for each step; execute_tool with the prefixed tool name):
// no call out of scope, no delegation grant the workflow never uses, and
// only the planted tool (fs_list_directory, never called) unused.
func TestEndToEndADKWorkflow(t *testing.T) {
	agents := adkTree(t, map[string]string{
		"root.yaml":     "agent_class: SequentialAgent\nname: pipeline\nsub_agents:\n  - config_path: writer.yaml\n  - config_path: reviewer.yaml\n",
		"writer.yaml":   "name: writer\nmodel: gemini-2.5-flash\ninstruction: w\ntools:\n  - name: McpToolset\n    args:\n      stdio_connection_params:\n        server_params: {command: npx, args: [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/srv/docs\"]}\n      tool_filter: [read_file, list_directory]\n      tool_name_prefix: fs\n",
		"reviewer.yaml": "name: reviewer\nmodel: gemini-2.5-flash\ninstruction: r\ntools:\n  - name: McpToolset\n    args:\n      streamable_http_connection_params: {url: \"https://api.githubcopilot.com/mcp/\"}\n      tool_name_prefix: gh\n",
	})
	var ms []*model.Agent
	for _, n := range []string{"pipeline", "writer", "reviewer"} {
		ms = append(ms, &agents[n].Agent)
	}
	var tr otlpTrace
	inv := func(id, parent, name string) {
		tr.span(id, parent, "invoke_agent "+name, otlpStr("gen_ai.operation.name", "invoke_agent"), otlpStr("gen_ai.agent.name", name))
	}
	tool := func(id, parent, name string) {
		tr.span(id, parent, "execute_tool "+name, otlpStr("gen_ai.operation.name", "execute_tool"), otlpStr("gen_ai.tool.name", name))
	}
	inv("3000000000000001", "", "pipeline")
	inv("3000000000000002", "3000000000000001", "writer")
	tool("3000000000000003", "3000000000000002", "fs_read_file")
	inv("3000000000000004", "3000000000000001", "reviewer")
	tool("3000000000000005", "3000000000000004", "gh_get_me")
	tool("3000000000000006", "3000000000000004", "gh_list_issues")
	analyseOwnLogs(t, ms, "otlp", "adk-workflow.traces.jsonl", tr.line("pipeline", "gcp.vertex.agent"), map[string]e2eWant{
		"pipeline": {Events: 1},
		"writer":   {Events: 2, Unused: []string{"fs_list_directory"}},
		"reviewer": {Events: 3},
	})
}

// TestADKUnknownFields: ADK's LlmAgentConfig forbids fields it does not
// define (google/adk-python agents/llm_agent_config.py, extra='forbid'), so
// a field outside the config schema is a mistake that ADK rejects or, for a
// misspelt sub_agents, an agent tree aims would read wrong: each is listed
// with its position, and the known fields aims does not map are named.
func TestADKUnknownFields(t *testing.T) {
	doc := "name: a\nmodel: gemini-2.5-flash\ninstruction: i\noutput_key: result\nsub_agent:\n  - config_path: b.yaml\ntools:\n  - name: google_search\n    arg: {}\n"
	ias, err := Import(FormatADK, []File{{Name: "a.yaml", Data: []byte(doc)}}, Options{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
	if err != nil {
		t.Fatal(err)
	}
	a := ias[0]
	if d := cmp.Diff([]string{"a.yaml:5:1: sub_agent", "a.yaml:9:5: tools[0].arg"}, a.Unknown); d != "" {
		t.Errorf("not read (-want +got):\n%s", d)
	}
	if !slices.Contains(a.Notes, "not mapped: output_key") {
		t.Errorf("notes %v: want output_key named as not mapped", a.Notes)
	}
}
