package importer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/load"
)

func seed(f *testing.F, names ...string) {
	f.Helper()
	var data [][]byte
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		data = append(data, b)
	}
	switch len(data) {
	case 1:
		f.Add(data[0])
	case 2:
		f.Add(data[0], data[1])
	}
}

// fuzzImport imports whatever it is given: an error is fine, a panic is
// not, and whatever imports must render to a file aims itself loads with
// nothing worse than warnings.
func fuzzImport(t *testing.T, format string, files ...File) {
	agents, err := Import(format, files, Options{ReadFile: noFiles})
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty error message")
		}
		return
	}
	for _, a := range agents {
		out, err := Render(a, format)
		if err != nil {
			t.Fatalf("render %s: %v", a.Agent.ID, err)
		}
		if _, ps := load.ParseAgent(a.Agent.ID+".yaml", out); len(ps.Errors()) > 0 {
			t.Fatalf("output does not load: %v\n%s", ps.Errors(), out)
		}
	}
}

// hostileYAML are issue 16's hostile seeds for every importer: tags, %TAG,
// an alias bomb, escapes that paint the screen, credentials behind escapes.
var hostileYAML = [][]byte{
	[]byte("a:\n  role: !!binary aGk=\n  tools: [!include x.yaml]\n"),
	[]byte("%TAG !e! tag:evil.example,2000:\n---\na: !e!x {role: r}\n"),
	[]byte("a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"),
	[]byte("a:\n  role: \"\\e[32mPASS\\e[0m\\nagents/x.yaml:1: ok\"\n  goal: \"\\x73k-proj-abcdefghijklmnopqrstuvwxyz0123\"\n"),
	[]byte(`{"name":"\u001b[2Jx","url":"https://u:p@ss/w@host.example","headers":{"Authorization":"Bearer abc.def.ghi"}}`),
}

func addHostile(f *testing.F, args int) {
	for _, h := range hostileYAML {
		if args == 2 {
			f.Add(h, h)
		} else {
			f.Add(h)
		}
	}
}

func FuzzCrewAI(f *testing.F) {
	seed(f, "crewai-agents.yaml", "crewai-tasks.yaml")
	f.Add([]byte("a:\n  role: r\n  tools: [x]\n"), []byte("t:\n  description: d\n  agent: a\n  human_input: true\n"))
	addHostile(f, 2)
	f.Fuzz(func(t *testing.T, agents, tasks []byte) {
		fuzzImport(t, FormatCrewAI, File{Name: "agents.yaml", Data: agents}, File{Name: "tasks.yaml", Data: tasks})
	})
}

func FuzzKagent(f *testing.F) {
	seed(f, "kagent-agent.yaml")
	seed(f, "kagent-v1alpha1.yaml")
	addHostile(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzImport(t, FormatKagent, File{Name: "kagent.yaml", Data: data})
	})
}

// FuzzKagentMultiFile: an agent and the resources it names in another file.
func FuzzKagentMultiFile(f *testing.F) {
	seed(f, "kagent-agent.yaml", "kagent-default-model-config.yaml")
	seed(f, "kagent-v1alpha1.yaml", "kagent-tool-server.yaml")
	addHostile(f, 2)
	f.Fuzz(func(t *testing.T, agent, other []byte) {
		fuzzImport(t, FormatKagent, File{Name: "agent.yaml", Data: agent}, File{Name: "other.yaml", Data: other})
	})
}

func FuzzMCP(f *testing.F) {
	seed(f, "mcp-config.json")
	seed(f, "mcp-vscode.json")
	addHostile(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzImport(t, FormatMCP, File{Name: "mcp.json", Data: data})
	})
}

func FuzzADK(f *testing.F) {
	seed(f, "adk-agent.yaml")
	seed(f, "adk-tree/root_agent.yaml")
	seed(f, "adk-tree/sub/researcher.yaml")
	addHostile(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzImport(t, FormatADK, File{Name: "root_agent.yaml", Data: data})
	})
}

func FuzzM365(f *testing.F) {
	seed(f, "m365-declarative-agent.json")
	seed(f, "m365-plugin/declarativeAgent.json")
	// The app manifest form, a placeholder scope, Dataverse tables, write capabilities.
	f.Add([]byte(`{"developer": {"name": "D"}, "copilotAgents": {"declarativeAgents": [{"id": "a", "file": "da.json"}]}}`))
	f.Add([]byte(`{"version": "v1.8", "name": "${{N}}", "capabilities": [{"name": "OneDriveAndSharePoint", "items_by_url": [{"url": "${{SP_URL}}/x"}]},` +
		`{"name": "Dataverse", "knowledge_sources": [{"host_name": "h", "skill": "s", "tables": [{"table_name": "t"}, {}]}]}, {"name": "EmailActions"}, {"name": "X", "y": 1}]}`))
	addHostile(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzImport(t, FormatM365, File{Name: "declarativeAgent.json", Data: data})
	})
}

func FuzzA2A(f *testing.F) {
	seed(f, "a2a-agent-card.json")
	seed(f, "a2a-v03.json")
	addHostile(f, 1)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzImport(t, FormatA2A, File{Name: "agent-card.json", Data: data})
	})
}

// FuzzCrewAIJSONC: a JSONC project, crew.jsonc and the agents/NAME.jsonc it
// names (read through ReadFile, as CrewAI reads agents/ beside the crew).
func FuzzCrewAIJSONC(f *testing.F) {
	f.Add([]byte(`{"name": "c", "agents": ["a"], "tasks": [{"name": "t", "description": "d", "expected_output": "o", "agent": "a", "human_input": true, "context": [], "guardrail": "g"}],}`),
		[]byte(`// agent
{"role": "{topic} R", "goal": "g", "backstory": "b", "llm": {"model": "gpt-4o", "provider": "openai"}, "tools": ["SerperDevTool", "serper_dev", "custom:x", "m:C", {"name": "N"}], "mcps": ["https://h.example/mcp#t"], "apps": ["gmail"], "settings": {"allow_delegation": true, "multimodal": true}}`))
	f.Add([]byte(`{"agents": ["a"], "tasks": [], "manager_agent": "a", "inputs": {"k": "v"}}`), []byte(`{"from_repository": "x", /* c */ "settings": null}`))
	addHostile(f, 2)
	f.Fuzz(func(t *testing.T, crew, agent []byte) {
		read := func(p string) ([]byte, error) {
			if filepath.Base(p) == "a.jsonc" {
				return agent, nil
			}
			return nil, os.ErrNotExist
		}
		agents, err := Import(FormatCrewAI, []File{{Name: "p/crew.jsonc", Data: crew}}, Options{ReadFile: read})
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		for _, a := range agents {
			out, err := Render(a, FormatCrewAI)
			if err != nil {
				t.Fatalf("render %s: %v", a.Agent.ID, err)
			}
			if _, ps := load.ParseAgent(a.Agent.ID+".yaml", out); len(ps.Errors()) > 0 {
				t.Fatalf("output does not load: %v\n%s", ps.Errors(), out)
			}
		}
	})
}
