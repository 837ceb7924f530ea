package load

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAbsolutePathsInConfig: inventory, agents and logs[].path written as
// absolute paths (here in a folder beside the project) are used as they are,
// not joined under the project folder (issue 12).
func TestAbsolutePathsInConfig(t *testing.T) {
	ext := writeProject(t, map[string]string{
		"inventory.yaml": invYAML,
		"agents/a.yaml":  agentHead + "id: a\nsystem: sys-a\n",
		"logs/x.jsonl":   "",
	})
	dir := writeProject(t, map[string]string{
		"aims.yaml": cfgYAML +
			"inventory: " + filepath.Join(ext, "inventory.yaml") + "\n" +
			"agents: " + filepath.Join(ext, "agents") + "\n" +
			"logs:\n  - path: " + filepath.Join(ext, "logs", "x.jsonl") + "\n",
	})
	p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Inventory == nil || len(p.Inventory.Systems) != 1 || len(p.Agents) != 1 || p.Agents[0].ID != "a" {
		t.Fatalf("inventory %+v agents %d", p.Inventory, len(p.Agents))
	}
}

// TestProjectPath: only relative paths are resolved against the project.
func TestProjectPath(t *testing.T) {
	abs := filepath.Join(string(os.PathSeparator)+"srv", "logs")
	tests := map[string]string{
		"logs/a.jsonl": filepath.Join("proj", "logs", "a.jsonl"),
		abs:            abs,
		abs + "/../x":  filepath.Join(string(os.PathSeparator)+"srv", "x"),
	}
	for in, want := range tests {
		if got := projectPath("proj", in); got != want {
			t.Errorf("projectPath(proj, %q) = %q, want %q", in, got, want)
		}
	}
}
