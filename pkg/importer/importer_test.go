package importer

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

type goldenCase struct {
	name   string
	format string
	files  []string // relative to testdata
	system string
}

var goldenCases = []goldenCase{
	{"crewai", FormatCrewAI, []string{"crewai-agents.yaml", "crewai-tasks.yaml"}, ""},
	{"crewai-tasks-first", FormatCrewAI, []string{"crewai-tasks.yaml", "crewai-agents.yaml"}, ""},
	{"kagent", FormatKagent, []string{"kagent-agent.yaml"}, ""},
	{"kagent-v1alpha1", FormatKagent, []string{"kagent-v1alpha1.yaml"}, "platform"},
	{"mcp", FormatMCP, []string{"mcp-config.json"}, ""},
	{"mcp-vscode", FormatMCP, []string{"mcp-vscode.json"}, ""},
	{"adk", FormatADK, []string{"adk-agent.yaml"}, ""},
	{"adk-tree", FormatADK, []string{"adk-tree/root_agent.yaml"}, ""},
	{"m365", FormatM365, []string{"m365-declarative-agent.json"}, ""},
	{"m365-plugin", FormatM365, []string{"m365-plugin/declarativeAgent.json"}, ""},
	{"a2a", FormatA2A, []string{"a2a-agent-card.json"}, ""},
	{"a2a-v03", FormatA2A, []string{"a2a-v03.json"}, "fx-desk"},
}

func readInputs(t testing.TB, names []string) []File {
	t.Helper()
	var files []File
	for _, n := range names {
		p := filepath.Join("testdata", filepath.FromSlash(n))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: p, Data: data})
	}
	return files
}

func importCase(t testing.TB, c goldenCase) []*Agent {
	t.Helper()
	agents, err := Import(c.format, readInputs(t, c.files), Options{System: c.system})
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	return agents
}

// TestGolden imports every sample and compares each written file with
// testdata/golden/<case>/<id>.yaml (UPDATE_GOLDEN=1 rewrites them). Each
// output must also load with aims' own loader with nothing to report but
// TODO markers (and no unknown field, no bad enum, no type error).
func TestGolden(t *testing.T) {
	update := os.Getenv("UPDATE_GOLDEN") != ""
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			agents := importCase(t, c)
			dir := filepath.Join("testdata", "golden", c.name)
			if update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			var names []string
			for _, a := range agents {
				got, err := Render(a, c.format)
				if err != nil {
					t.Fatal(err)
				}
				name := a.Agent.ID + ".yaml"
				names = append(names, name)
				path := filepath.Join(dir, name)
				if update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
				}
				if d := cmp.Diff(string(want), string(got)); d != "" {
					t.Errorf("%s differs from golden (-want +got):\n%s", path, d)
				}
				checkLoads(t, path, got, c.system)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var onDisk []string
			for _, e := range entries {
				onDisk = append(onDisk, e.Name())
			}
			slices.Sort(names)
			if d := cmp.Diff(onDisk, names); d != "" {
				t.Errorf("golden files of %s (-on disk +written):\n%s", c.name, d)
			}
		})
	}
}

// checkLoads reads an output with the project's loader: only TODO warnings
// may come back, and each TODO field must be one Render's summary names.
func checkLoads(t *testing.T, file string, data []byte, system string) {
	t.Helper()
	a, ps := load.ParseAgent(file, data)
	if a == nil {
		t.Fatalf("%s does not load: %v", file, ps)
	}
	todo := map[string]bool{}
	for _, p := range ps {
		if p.Severity != load.Warning || p.Code != "todo" {
			t.Errorf("%s: loader reports more than TODO markers: %s", file, p)
			continue
		}
		todo[strings.TrimSuffix(strings.TrimPrefix(p.Msg, "TODO: "), " must be filled in")] = true
	}
	// The loader reads a TODO marker as empty: what TODOs() found in the
	// rendered file must come back as the loader's TODO warnings.
	var marked struct{ Agent model.Agent }
	if err := yaml.Unmarshal(data, &marked.Agent); err == nil {
		for _, p := range TODOs(&marked.Agent) {
			if !todo[p] {
				t.Errorf("%s: TODO marker at %s not reported by the loader", file, p)
			}
		}
	}
	if system != "" && a.System != system {
		t.Errorf("%s: system = %q, want %q", file, a.System, system)
	}
	if system == "" && !todo["system"] {
		t.Errorf("%s: system = %q, want a TODO marker", file, a.System)
	}
	for _, must := range []string{"owner", "lifecycle", "scope", "audience", "isolation"} {
		if v := reflect.ValueOf(*a).FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, must) }).String(); v == "" && !todo[must] {
			t.Errorf("%s: %s is empty: want a value or a TODO marker", file, must)
		}
	}
}

func TestKagentRequireApprovalIsHumanReview(t *testing.T) {
	agents := importCase(t, goldenCases[2])
	var intake *Agent
	for _, a := range agents {
		if a.Agent.ID == "loan-intake-agent" {
			intake = a
		}
	}
	if intake == nil {
		t.Fatal("loan-intake-agent not imported")
	}
	if !slices.Contains(intake.Agent.Oversight.HumanReview, "flag_for_review") {
		t.Errorf("oversight.human_review = %q, want flag_for_review in it", intake.Agent.Oversight.HumanReview)
	}
	var grants []string
	for _, g := range intake.Agent.Tools {
		grants = append(grants, g.Name)
	}
	// compiler.go: a sub-agent is the remote A2A tool NS__NS__NAME ("-" as "_").
	want := []string{"fetch_application", "credit_bureau_lookup", "flag_for_review", "lending_agents__NS__support_triage_agent"}
	if d := cmp.Diff(want, grants); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	// kagent-core KAgentConfig: name and app_name NS__NS__NAME, "-" as "_".
	if d := cmp.Diff([]string{"loan-intake-agent", "loan_intake_agent", "lending_agents__NS__loan_intake_agent"}, intake.Agent.Identities); d != "" {
		t.Errorf("identities (-want +got):\n%s", d)
	}
	if intake.Agent.Owner != "credit-ops@northwind.example" {
		t.Errorf("owner = %q, want the annotation's value", intake.Agent.Owner)
	}
	if intake.Agent.Model.Name != "claude-sonnet-4-5" || !strings.Contains(intake.Agent.Model.Provider, "Anthropic") {
		t.Errorf("model = %+v, want claude-sonnet-4-5 from the ModelConfig", intake.Agent.Model)
	}
}

// TestCrewAIHumanInputIsOutputReview follows crewai/task.py (crewAIInc/crewAI
// f4731f5, 2026-08-21): human_input is "whether the task should have a human
// review the final answer of the agent". A person reads the task's result
// after its tool calls ran; no call waits for an approval. So the import
// lists it as an output review, oversight.human_review stays empty, and the
// risk tier still counts every write as unreviewed.
func TestCrewAIHumanInputIsOutputReview(t *testing.T) {
	agents := importCase(t, goldenCases[0])
	type got struct {
		HumanReview  []string
		OutputReview []string
		Unreviewed   bool
	}
	res := map[string]got{}
	for _, a := range agents {
		p := risk.Compute(&a.Agent, nil, nil)
		unreviewed := false
		for _, f := range p.Factors {
			unreviewed = unreviewed || f.ID == "no-human-review" && f.Points > 0
		}
		res[a.Agent.ID] = got{a.Agent.Oversight.HumanReview, a.OutputReview, unreviewed}
	}
	want := map[string]got{
		// fetch_application and credit_bureau_lookup read as read-only
		// functions (risk.ReadsOnly): nothing of this agent's needs review.
		"loan-intake-agent": {},
		"support-triage-agent": {
			OutputReview: []string{"task triage_task: a person reviews the agent's final answer before it is accepted (human_input: true)"},
			Unreviewed:   true,
		},
		"report-writer-agent": {Unreviewed: true},
	}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestNoCredentialsCopied: values of env, headers, secret-looking args and
// URL credentials never reach the output.
func TestNoCredentialsCopied(t *testing.T) {
	for _, c := range []goldenCase{goldenCases[4], goldenCases[5]} {
		for _, a := range importCase(t, c) {
			out, err := Render(a, c.format)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"${input", "${LOAN", "${SUPPORT", "${CRM", "Bearer", "hunter2", "sk-abcdefghijklmnop", "abc123", "loans.internal"} {
				if bytes.Contains(out, []byte(secret)) {
					t.Errorf("%s: output contains %q:\n%s", c.name, secret, out)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases {
		var runs [2][]byte
		for i := range runs {
			for _, a := range importCase(t, c) {
				out, err := Render(a, c.format)
				if err != nil {
					t.Fatal(err)
				}
				runs[i] = append(runs[i], out...)
			}
		}
		if !bytes.Equal(runs[0], runs[1]) {
			t.Errorf("%s: two imports differ", c.name)
		}
	}
}

// TestOutputFollowsModelOrder: the written keys are model.Agent's YAML keys,
// in its order, so the files read like hand-written ones and never hold a
// key the loader rejects.
func TestOutputFollowsModelOrder(t *testing.T) {
	keys := func(t reflect.Type) []string {
		var out []string
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				out = append(out, name)
			}
		}
		return out
	}
	pairs := []struct{ doc, model reflect.Type }{
		{reflect.TypeFor[agentDoc](), reflect.TypeFor[model.Agent]()},
		{reflect.TypeFor[modelDoc](), reflect.TypeFor[model.Model]()},
		{reflect.TypeFor[grantDoc](), reflect.TypeFor[model.Grant]()},
		{reflect.TypeFor[dataDoc](), reflect.TypeFor[model.DataAccess]()},
		{reflect.TypeFor[loggingDoc](), reflect.TypeFor[model.Logging]()},
		{reflect.TypeFor[oversightDoc](), reflect.TypeFor[model.Oversight]()},
	}
	for _, p := range pairs {
		doc, mod := keys(p.doc), keys(p.model)
		i := 0
		for _, k := range doc {
			for i < len(mod) && mod[i] != k {
				i++
			}
			if i == len(mod) {
				t.Errorf("%s: key %q is not in %s or out of its order %q", p.doc, k, p.model, mod)
				break
			}
		}
	}
}

func TestGrantNilVersusEmpty(t *testing.T) {
	a := newAgent("x")
	a.Agent.ID = "x"
	a.Agent.Tools = []model.Grant{{Name: "any"}, {Name: "none", Operations: []string{}, Resources: []string{}}}
	finish([]*Agent{a}, Options{})
	out, err := Render(a, "test")
	if err != nil {
		t.Fatal(err)
	}
	var back model.Agent
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.Tools[0].Operations != nil || back.Tools[0].Resources != nil {
		t.Errorf("grant any came back as %+v, want nil lists", back.Tools[0])
	}
	if back.Tools[1].Operations == nil || len(back.Tools[1].Operations) != 0 {
		t.Errorf("grant none came back as %+v, want empty lists", back.Tools[1])
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Loan Intake Specialist": "loan-intake-specialist",
		"loan_intake_agent":      "loan-intake-agent",
		"lendingPolicyAgent":     "lending-policy-agent",
		"  --Hello__World--  ":   "hello-world",
		"GPT4o Mini":             "gpt4o-mini",
		"日本語":                    "",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUniqueIDs(t *testing.T) {
	data := []byte("a:\n  role: Same Name\nb:\n  role: Same Name\n")
	agents, err := Import(FormatCrewAI, []File{{Name: "agents.yaml", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range agents {
		ids = append(ids, a.Agent.ID)
	}
	if d := cmp.Diff([]string{"a", "b"}, ids); d != "" {
		t.Errorf("ids (-want +got):\n%s", d)
	}
	data = []byte(`{"name":"Twin","skills":[]}`)
	agents, err = Import(FormatA2A, []File{{Name: "a.json", Data: data}, {Name: "b.json", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if agents[0].Agent.ID != "twin" || agents[1].Agent.ID != "twin-2" {
		t.Errorf("ids = %s, %s; want twin, twin-2", agents[0].Agent.ID, agents[1].Agent.ID)
	}
}

// TestBadInput: wrong formats, empty files, unknown versions and syntax
// errors give one clear error naming the file (and line:col where known).
func TestBadInput(t *testing.T) {
	cases := []struct {
		name, format string
		files        map[string]string
		want         string
	}{
		{"unknown format", "langchain", map[string]string{"x.yaml": "a: 1"}, `unknown import format "langchain" (want one of: crewai, kagent, mcp, adk, m365, a2a)`},
		{"crewai empty", FormatCrewAI, map[string]string{"agents.yaml": "# nothing\n"}, "agents.yaml: file is empty: want a CrewAI agents.yaml"},
		{"crewai wrong format", FormatCrewAI, map[string]string{"x.yaml": "apiVersion: v1\nkind: Pod\n"}, "x.yaml:1:1: not a CrewAI agents.yaml"},
		{"crewai list", FormatCrewAI, map[string]string{"x.yaml": "- a\n- b\n"}, "x.yaml:1:1: not a CrewAI agents.yaml"},
		{"crewai tasks only", FormatCrewAI, map[string]string{"tasks.yaml": "t:\n  description: d\n  agent: a\n"}, "no agents given"},
		{"crewai unknown agent", FormatCrewAI, map[string]string{"a.yaml": "x:\n  role: r\n", "t.yaml": "t:\n  description: d\n  agent: nobody\n"}, `t.yaml:3:10: task "t" names agent "nobody", which is not in the agents files given (agents: x)`},
		{"crewai tools not a list", FormatCrewAI, map[string]string{"a.yaml": "x:\n  role: r\n  tools: search\n"}, `a.yaml:3:10: x.tools: want a list, got "search"`},
		{"crewai bad bool", FormatCrewAI, map[string]string{"a.yaml": "x:\n  role: r\n  allow_delegation: maybe\n"}, `a.yaml:3:21: x.allow_delegation: want true or false, got "maybe"`},
		{"crewai syntax", FormatCrewAI, map[string]string{"a.yaml": "x:\n  role: r\n   goal: g\n"}, "a.yaml:3:4: YAML syntax error: mapping values are not allowed in this context"},
		{"crewai binary", FormatCrewAI, map[string]string{"a.yaml": "\xff\xfe"}, "a.yaml: not UTF-8 text"},
		{"kagent empty", FormatKagent, map[string]string{"k.yaml": ""}, "k.yaml: file is empty: want a kagent resource file"},
		{"kagent no agent", FormatKagent, map[string]string{"k.yaml": "apiVersion: kagent.dev/v1alpha2\nkind: ModelConfig\nmetadata:\n  name: m\nspec:\n  provider: OpenAI\n  model: gpt-4o\n"}, "k.yaml: not a kagent resource file (apiVersion kagent.dev/v1alpha1, v1alpha2 or v1alpha3, kind Agent or SandboxAgent): no document of kind Agent or SandboxAgent"},
		{"kagent unknown version", FormatKagent, map[string]string{"k.yaml": "apiVersion: kagent.dev/v1alpha9\nkind: Agent\nmetadata:\n  name: a\n"}, "k.yaml:1:13: Agent a: apiVersion kagent.dev/v1alpha9 is not supported (want kagent.dev/v1alpha1 or kagent.dev/v1alpha2 or kagent.dev/v1alpha3)"},
		{"kagent no name", FormatKagent, map[string]string{"k.yaml": "apiVersion: kagent.dev/v1alpha2\nkind: Agent\nspec: {}\n"}, "k.yaml: Agent: metadata.name is missing"},
		{"kagent bad tools", FormatKagent, map[string]string{"k.yaml": "apiVersion: kagent.dev/v1alpha2\nkind: Agent\nmetadata: {name: a}\nspec:\n  declarative:\n    tools: {}\n"}, "k.yaml:6:12: tools: want a list, got a mapping"},
		{"kagent scalar doc", FormatKagent, map[string]string{"k.yaml": "just text\n"}, "k.yaml:1:1: not a kagent resource file"},
		{"mcp wrong format", FormatMCP, map[string]string{"x.json": `{"name": "x"}`}, "x.json: not an MCP client config: no mcpServers or servers object"},
		{"mcp empty", FormatMCP, map[string]string{"x.json": "  \n"}, "x.json: file is empty: want an MCP client config"},
		{"mcp array", FormatMCP, map[string]string{"x.json": "[1]"}, "x.json:1:1: not an MCP client config (a JSON object with mcpServers or, for VS Code, servers): the file holds a JSON value that is not an object"},
		{"mcp syntax", FormatMCP, map[string]string{"x.json": "{\n  \"mcpServers\": {,}\n}"}, "x.json:2:18: JSON syntax error"},
		{"mcp truncated", FormatMCP, map[string]string{"x.json": "{\n  \"mcpServers\": {"}, "x.json:2:18: JSON syntax error: unexpected end of file"},
		{"mcp wrong type", FormatMCP, map[string]string{"x.json": "{\"mcpServers\": {\"a\": {\"args\": \"x\"}}}"}, "x.json:1:34: mcpServers.args: want a list, got a JSON string"},
		{"mcp yaml", FormatMCP, map[string]string{"x.yaml": "mcpServers:\n  a: {}\n"}, "x.yaml:1:1: not an MCP client config (a JSON object with mcpServers or, for VS Code, servers): not a JSON document"},
		{"adk no name", FormatADK, map[string]string{"a.yaml": "model: gemini-2.5-flash\n"}, "a.yaml:1:1: not a Google ADK agent config (YAML with name, model, instruction, tools, sub_agents): name is missing"},
		{"adk empty", FormatADK, map[string]string{"a.yaml": "---\n"}, "a.yaml: file is empty: want a Google ADK agent config"},
		{"adk tool without name", FormatADK, map[string]string{"a.yaml": "name: a\ntools:\n  - args: {}\n"}, "a.yaml:3:5: tools[0]: name is missing"},
		{"adk bad sub_agent", FormatADK, map[string]string{"a.yaml": "name: a\nsub_agents:\n  - {}\n"}, "a.yaml:3:5: sub_agents[0]: want config_path or code"},
		{"m365 wrong format", FormatM365, map[string]string{"m.json": `{"mcpServers": {}}`}, "m.json: not a Microsoft 365 declarative agent manifest"},
		{"m365 unknown version", FormatM365, map[string]string{"m.json": `{"version": "v2.0", "name": "x", "instructions": "y"}`}, `m.json: declarative agent manifest version "v2.0" is not supported (want v1.x)`},
		{"m365 capability without name", FormatM365, map[string]string{"m.json": `{"version": "v1.6", "name": "x", "instructions": "y", "capabilities": [{}]}`}, "m.json: capabilities[0]: name is missing"},
		{"a2a wrong format", FormatA2A, map[string]string{"c.json": `{"mcpServers": {}}`}, "c.json: not an A2A agent card"},
		{"a2a unknown version", FormatA2A, map[string]string{"c.json": `{"name": "x", "url": "https://x", "protocolVersion": "2.0"}`}, `c.json: A2A protocolVersion "2.0" is not supported (want 0.3 or 1.x)`},
		{"a2a skill without id", FormatA2A, map[string]string{"c.json": `{"name": "x", "skills": [{"description": "d"}]}`}, "c.json: skills[0]: neither id nor name"},
		{"a2a trailing", FormatA2A, map[string]string{"c.json": `{"name": "x", "skills": []} {}`}, "c.json:1:30: JSON syntax error: more content after the object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var names []string
			for n := range c.files {
				names = append(names, n)
			}
			slices.Sort(names)
			var files []File
			for _, n := range names {
				files = append(files, File{Name: n, Data: []byte(c.files[n])})
			}
			_, err := Import(c.format, files, Options{ReadFile: noFiles})
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n  %s\nwant it to contain\n  %s", err, c.want)
			}
		})
	}
}

func noFiles(string) ([]byte, error) { return nil, fs.ErrNotExist }

// TestMissingFields: sources with only the bare minimum still import, and
// everything they lack becomes a TODO marker rather than an invented value.
func TestMissingFields(t *testing.T) {
	cases := []struct {
		format, name, data string
		wantTODO           []string
	}{
		{FormatCrewAI, "agents.yaml", "bare:\n  role: Bare\n", []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "model.name", "isolation", "logging.export"}},
		{FormatKagent, "k.yaml", "apiVersion: kagent.dev/v1alpha2\nkind: Agent\nmetadata: {name: bare}\n", []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "model.name", "isolation", "logging.export"}},
		{FormatMCP, "mcp.json", `{"mcpServers": {}}`, []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "isolation", "logging.export"}},
		{FormatADK, "a.yaml", "name: bare\n", []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "isolation", "logging.export"}},
		{FormatM365, "m.json", `{"name": "Bare", "instructions": "x"}`, []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "isolation", "logging.export"}},
		{FormatA2A, "c.json", `{"name": "Bare", "skills": []}`, []string{"system", "owner", "purpose", "lifecycle", "scope", "audience", "model.provider", "isolation", "logging.export"}},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			agents, err := Import(c.format, []File{{Name: c.name, Data: []byte(c.data)}}, Options{ReadFile: noFiles})
			if err != nil {
				t.Fatal(err)
			}
			if len(agents) != 1 {
				t.Fatalf("%d agents, want 1", len(agents))
			}
			if d := cmp.Diff(c.wantTODO, TODOs(&agents[0].Agent)); d != "" {
				t.Errorf("TODOs (-want +got):\n%s", d)
			}
			out, err := Render(agents[0], c.format)
			if err != nil {
				t.Fatal(err)
			}
			checkLoads(t, c.name+".out.yaml", out, "")
		})
	}
}

func TestSubAgentPathsStayInside(t *testing.T) {
	var asked []string
	read := func(name string) ([]byte, error) {
		asked = append(asked, filepath.ToSlash(name))
		return nil, fs.ErrNotExist
	}
	data := []byte("name: root\nsub_agents:\n  - config_path: ../up.yaml\n  - config_path: /etc/passwd\n  - config_path: ok/sub.yaml\n")
	agents, err := Import(FormatADK, []File{{Name: "dir/root.yaml", Data: data}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"dir/ok/sub.yaml"}, asked); d != "" {
		t.Errorf("files read (-want +got):\n%s", d)
	}
	// One transfer_to_agent grant names every sub-agent, the unread ones too.
	want := []model.Grant{{Name: "transfer_to_agent", Resources: []string{"up", "passwd", "sub"}}}
	if d := cmp.Diff(want, agents[0].Agent.Tools); d != "" {
		t.Errorf("delegation grants (-want +got):\n%s", d)
	}
}

func TestErrorType(t *testing.T) {
	_, err := Import(FormatMCP, []File{{Name: "x.json", Data: []byte("{}")}}, Options{})
	var ie *Error
	if !errors.As(err, &ie) || ie.Pos.File != "x.json" {
		t.Errorf("error %v (%T) is not an *Error naming x.json", err, err)
	}
}

// TestCrewToolName follows crewai/utilities/string_utils.py
// sanitize_tool_name (crewAIInc/crewAI f4731f5): NFKD to ASCII, camelCase
// split ([A-Z]+)([A-Z][a-z]) then ([a-z])([A-Z]), lower case, quotes
// dropped, other runs one "_", trimmed, cut to 64 with a sha256 suffix.
func TestCrewToolName(t *testing.T) {
	long := strings.Repeat("word ", 20)
	cases := map[string]string{
		"Search the internet with Serper": "search_the_internet_with_serper",
		"Read a file's content":           "read_a_files_content",
		"NL2SQLTool":                      "nl2sql_tool", // the digit splits no word
		"HTTPServerTool":                  "http_server_tool",
		"getUserInfo":                     "get_user_info",
		"Dall-E Tool":                     "dall_e_tool",
		"Café  \"menu\"":                  "cafe_menu",
		"__x__":                           "x",
		long:                              "word_word_word_word_word_word_word_word_word_word_word_wo_" + "",
	}
	for in, want := range cases {
		got := crewTool(in)
		if in == long {
			// 64 characters: 55 of the name, trailing "_" trimmed, "_" and 8 hex.
			if len(got) > 64 || !strings.HasPrefix(got, "word_word_word_word_word_word_word_word_word_word_word") || got[len(got)-9] != '_' {
				t.Errorf("crewTool(long) = %q", got)
			}
			continue
		}
		if got != want {
			t.Errorf("crewTool(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCrewToolClass: crewai/project/json_loader.py _find_tool_class tries
// the name, NAME+"Tool" and snake_case as PascalCase+"Tool".
func TestCrewToolClass(t *testing.T) {
	for in, want := range map[string]string{"SerperDevTool": "SerperDevTool", "SerperDev": "SerperDevTool", "serper_dev": "SerperDevTool", "file_read": "FileReadTool", "NoSuch": ""} {
		if got, _ := crewToolClass(in); got != want {
			t.Errorf("crewToolClass(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCrewAIJSONProject: crew.jsonc names its agents, found in agents/ beside
// it; task guardrails and context are noted, human_input is an output review,
// tools are granted by the names traces record (json_loader.py, task.py,
// agent/core.py at crewAIInc/crewAI f4731f5).
func TestCrewAIJSONProject(t *testing.T) {
	crew := []byte(`{
  // the crew
  "name": "Loans",
  "agents": ["intake"],
  "tasks": [
    {"name": "collect", "description": "d", "expected_output": "o", "agent": "intake", "tools": ["FileReadTool"]},
    {"name": "check", "description": "d", "expected_output": "o", "agent": "intake", "context": ["collect"],
     "guardrail": "the answer cites the policy", "human_input": true, "output_file": "out/check.md"},
  ],
}`)
	agent := []byte(`{"role": "Loan Intake for {region}", "goal": "g", "backstory": "b", "llm": "anthropic/claude-sonnet-4-5",
  "tools": ["serper_dev", "custom:credit_lookup", {"name": "Policy Search"}],
  "mcps": ["https://mcp.example.com/loans#get_rate"],
  "settings": {"allow_delegation": true}}`)
	read := func(p string) ([]byte, error) {
		if p == filepath.Join("proj", "agents", "intake.jsonc") {
			return agent, nil
		}
		return nil, os.ErrNotExist
	}
	agents, err := Import(FormatCrewAI, []File{{Name: filepath.Join("proj", "crew.jsonc"), Data: crew}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0]
	want := []string{"Search the internet with Serper", "credit_lookup", "Policy Search", "mcp_example_com_loans_get_rate",
		"Delegate work to coworker", "Ask question to coworker", "Read a file's content"}
	if d := cmp.Diff(want, grantNames(&a.Agent)); d != "" {
		t.Errorf("grants (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"intake"}, a.Agent.Identities); d != "" {
		t.Errorf("identities (-want +got): the {region} role is no identity\n%s", d)
	}
	if len(a.Agent.Oversight.HumanReview) != 0 || len(a.OutputReview) != 1 {
		t.Errorf("human_review %v, output review %v; want none and one", a.Agent.Oversight.HumanReview, a.OutputReview)
	}
	if d := cmp.Diff(map[string]string{"out/check.md": "write"}, dataScopes(&a.Agent)); d != "" {
		t.Errorf("data (-want +got):\n%s", d)
	}
	all := strings.Join(a.Notes, "\n")
	for _, n := range []string{"task check has a guardrail", "task check reads the output of collect (context)", "custom:credit_lookup"} {
		if !strings.Contains(all, n) {
			t.Errorf("no note %q in:\n%s", n, all)
		}
	}
	if len(a.Unknown) != 0 {
		t.Errorf("unknown %v", a.Unknown)
	}
}

// TestCrewAIJSONTemplates reads the project `crewai create crew` writes
// (crewAIInc/crewAI lib/cli/src/crewai_cli/create_json_crew.py and
// templates/json_crew/*.jsonc at f4731f5, 2026-08-21), rendered as the CLI
// renders it: "default" with _default_agents_and_tasks (the non-interactive
// scaffold), "advanced" with the options the templates leave commented out
// switched on (a custom agent class, guardrails, a ConditionalTask with
// input_files, task tools, human_input, crew callbacks and log file).
// Every switched-on option is mapped or named in a note: none is dropped.
func TestCrewAIJSONTemplates(t *testing.T) {
	cases := []struct {
		dir    string
		grants []string
		data   map[string]string
		notes  []string
		review int
	}{
		{"crewai-json-default", nil, map[string]string{}, []string{"crew memory is enabled", "crew process sequential"}, 0},
		{"crewai-json-advanced", []string{"Read a file's content", "File Writer Tool"},
			map[string]string{"report.md": "write", "data/brief.txt": "read"},
			[]string{"custom class my_project.agents.CustomAgent", "research_task is a ConditionalTask: it runs only when my_project.conditions.should_run says so",
				"output_log_file crew.log", "crew fields not mapped: before_kickoff_callbacks", "not mapped: guardrail_max_retries, reasoning, security_config, step_callback",
				"task research_task has a guardrail", "reads the output of other_task"}, 1},
	}
	for _, c := range cases {
		t.Run(c.dir, func(t *testing.T) {
			p := filepath.Join("testdata", c.dir, "crew.jsonc")
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			ias, err := Import(FormatCrewAI, []File{{Name: p, Data: data}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ias) != 1 {
				t.Fatalf("%d agents, want 1", len(ias))
			}
			a := ias[0]
			if a.Agent.Model.Name != "gpt-4o" {
				t.Errorf("model %q, want gpt-4o", a.Agent.Model.Name)
			}
			if d := cmp.Diff(c.grants, grantNames(&a.Agent)); d != "" {
				t.Errorf("grants (-want +got):\n%s", d)
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
			if len(a.Unknown) != 0 {
				t.Errorf("not read %v: every template field is a CrewAI field", a.Unknown)
			}
			if len(a.OutputReview) != c.review || len(a.Agent.Oversight.HumanReview) != 0 {
				t.Errorf("output review %v, human_review %v: want %d output review(s), no tool approval", a.OutputReview, a.Agent.Oversight.HumanReview, c.review)
			}
		})
	}
}

// TestCrewAIOutputFileFromInputs: CrewAI fills {inputs} into a task's
// output_file at kickoff (crewAIInc/crewAI f4731f5 task.py,
// interpolate_inputs_and_add_conversation_history interpolates
// _original_output_file), so "output/letter_{claim_id}.md" writes another
// file every run: the data source is the pattern output/letter_*.md, not a
// file named with braces.
func TestCrewAIOutputFileFromInputs(t *testing.T) {
	crew := `{"name": "C", "agents": ["w"], "tasks": [
  {"name": "t", "description": "d {claim_id}", "expected_output": "e", "agent": "w", "output_file": "output/letter_{claim_id}.md"},
  {"name": "u", "description": "d", "expected_output": "e", "agent": "w", "output_file": "output/summary.md"}]}`
	read := func(p string) ([]byte, error) {
		if filepath.ToSlash(p) == "p/agents/w.jsonc" {
			return []byte(`{"role": "Writer", "goal": "g", "backstory": "b", "llm": "openai/gpt-4o"}`), nil
		}
		return nil, os.ErrNotExist
	}
	ias, err := Import(FormatCrewAI, []File{{Name: "p/crew.jsonc", Data: []byte(crew)}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ias[0].Agent.Data {
		got = append(got, d.Source+" "+d.Access)
	}
	if d := cmp.Diff([]string{"output/letter_*.md write", "output/summary.md write"}, got); d != "" {
		t.Errorf("data (-want +got):\n%s", d)
	}
}

// TestCrewAIHierarchicalManager: a hierarchical crew without manager_agent
// runs every task through a manager CrewAI creates itself (crewAIInc/crewAI
// f4731f5 crew.py _create_manager_agent: role "Crew Manager" from
// translations/en.json, llm manager_llm, AgentTools' delegation tools). Its
// agent span is "Crew Manager.agent" in every trace: without an agent for it
// the logs show a shadow agent, and the worker agents were told to allow the
// manager's model, which runs none of their calls.
func TestCrewAIHierarchicalManager(t *testing.T) {
	read := func(p string) ([]byte, error) {
		if filepath.ToSlash(p) == "p/agents/w.jsonc" {
			return []byte(`{"role": "Writer", "goal": "g", "backstory": "b", "llm": "openai/gpt-4o-mini"}`), nil
		}
		return nil, os.ErrNotExist
	}
	type got struct {
		Name, Model string
		Identities  []string
		Tools       []string
	}
	for _, c := range []struct {
		name, crew string
		want       map[string]got
	}{
		{"hierarchical", `{"name": "Claims Review", "process": "hierarchical", "manager_llm": "openai/gpt-4o", "agents": ["w"], "tasks": [{"name": "t", "description": "d", "expected_output": "e"}]}`,
			map[string]got{
				"w":                     {Name: "Writer", Model: "gpt-4o-mini", Identities: []string{"w", "Writer"}},
				"claims-review-manager": {Name: "Crew Manager", Model: "gpt-4o", Identities: []string{"Crew Manager"}, Tools: []string{"Delegate work to coworker", "Ask question to coworker"}},
			}},
		{"sequential", `{"name": "Claims Review", "process": "sequential", "agents": ["w"], "tasks": [{"name": "t", "description": "d", "expected_output": "e", "agent": "w"}]}`,
			map[string]got{"w": {Name: "Writer", Model: "gpt-4o-mini", Identities: []string{"w", "Writer"}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ias, err := Import(FormatCrewAI, []File{{Name: "p/crew.jsonc", Data: []byte(c.crew)}}, Options{ReadFile: read})
			if err != nil {
				t.Fatal(err)
			}
			res := map[string]got{}
			for _, a := range ias {
				g := got{Name: a.Agent.Name, Model: a.Agent.Model.Name, Identities: a.Agent.Identities}
				for _, gr := range a.Agent.Tools {
					g.Tools = append(g.Tools, gr.Name)
				}
				res[a.Agent.ID] = g
				for _, n := range a.Notes {
					if strings.Contains(n, "manager_llm openai/gpt-4o: that model also runs") {
						t.Errorf("%s: %s", a.Agent.ID, n)
					}
				}
			}
			if d := cmp.Diff(c.want, res); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TestCrewAIInputFilesList: task.py declares input_files as
// dict[str, FileInput] (reference name -> path); a list is not what CrewAI
// reads, and was dropped without a word. Now a note says so.
func TestCrewAIInputFilesList(t *testing.T) {
	crew := `{"agents": ["w"], "tasks": [{"name": "t", "description": "d", "expected_output": "e", "agent": "w", "input_files": ["claims/fnol.pdf"]}]}`
	read := func(p string) ([]byte, error) {
		if filepath.ToSlash(p) == "p/agents/w.jsonc" {
			return []byte(`{"role": "Writer", "goal": "g", "backstory": "b"}`), nil
		}
		return nil, os.ErrNotExist
	}
	ias, err := Import(FormatCrewAI, []File{{Name: "p/crew.jsonc", Data: []byte(crew)}}, Options{ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(ias[0].Notes, "\n"), "task t: input_files is not an object") {
		t.Errorf("no note on the list input_files: %q", ias[0].Notes)
	}
}
