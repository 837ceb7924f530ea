package importer

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSONUnknownFields: keys of JSONC (VS Code's jsonc, as CrewAI and MCP
// clients read it) that no pattern names, at their line:col.
func TestJSONUnknownFields(t *testing.T) {
	doc := "{\n  \"name\": \"x\", // c\n  \"skills\": [{\"id\": \"a\", \"odd\": {\"deep\": 1}}, {\"id\": \"b\"}],\n" +
		"  \"securitySchemes\": {\"g\": {\"k\": {}}},\n  \"extra\": {\"tools\": [\"t\"]},\n  \"empty\": {},\n  \"last\": [],\n}"
	got := jsonUnknownFields(File{Name: "c.json", Data: []byte(doc)},
		fieldPatterns{"name", "skills[].id", "securitySchemes.*.**", "empty"})
	want := []string{"c.json:3:26: skills[0].odd", "c.json:5:3: extra", "c.json:7:3: last"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("unknown (-want +got):\n%s", d)
	}
}

// TestUnknownWarnedAndSecretsScrubbed: a field no importer reads is listed
// (with its position) rather than dropped in silence, and a credential in
// any text an import writes comes out redacted (pkg/secrets).
func TestUnknownWarnedAndSecretsScrubbed(t *testing.T) {
	card := `{"name": "Leaky", "description": "calls with sk-proj-abcdefghijklmnopqrstuvwx",
  "skills": [{"id": "s", "name": "S", "description": "d", "tags": [], "permissions": ["admin"]}],
  "tools": ["delete_all"]}`
	agents, err := Import(FormatA2A, []File{{Name: "card.json", Data: []byte(card)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := agents[0]
	want := []string{"card.json:2:71: skills[0].permissions", "card.json:3:3: tools"}
	if d := cmp.Diff(want, a.Unknown); d != "" {
		t.Errorf("unknown (-want +got):\n%s", d)
	}
	out, err := Render(a, FormatA2A)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "sk-proj-") || !strings.Contains(string(out), "[REDACTED:openai-api-key]") {
		t.Errorf("the key is not redacted:\n%s", out)
	}
	if !strings.Contains(string(out), "Not read (2 source field(s)") {
		t.Errorf("no warning of the unknown fields:\n%s", out)
	}
}
