package load

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 16: a credential planted through each YAML decoding path, and a URL
// password in an evidence reference, reach no part of the loaded project:
// not the model, not the evidence list, not the warnings, not the copies
// the pack publishes.
func TestHiddenCredentialsAreRedacted(t *testing.T) {
	tests := []struct{ name, purpose, leak string }{
		{"x escape", `"uses \x73k-proj-PLANTEDFAKEKEY0123456789abcdef"`, "PLANTEDFAKEKEY"},
		{"u escape", `"uses \u0073k-proj-PLANTEDFAKEKEY0123456789abcdef"`, "PLANTEDFAKEKEY"},
		{"continuation", "\"uses sk-proj-PLANTED\\\n  FAKEKEY0123456789abcdef\"", "FAKEKEY0123456789"},
		{"bearer header", `"Authorization: Bearer PLANTEDTOKEN42"`, "PLANTEDTOKEN42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeProject(t, map[string]string{
				"aims.yaml": cfgYAML,
				"inventory.yaml": invYAML + `policies:
  - id: P1
    kind: ai-policy
    evidence: ["https://auditor:s3cr@t/pw@docs.internal/policy.pdf"]
`,
				"agents/a.yaml": agentHead + "id: a\nsystem: sys-a\npurpose: " + tt.purpose + "\n",
			})
			p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Secrets) < 2 {
				t.Errorf("secrets found = %+v, want the planted one and the URL password", p.Secrets)
			}
			model, _ := json.Marshal(struct {
				A, E, W any
			}{p.Agents, p.Evidence, p.Warnings})
			for _, leak := range []string{tt.leak, "s3cr@t/pw"} {
				if strings.Contains(string(model), leak) {
					t.Errorf("the model carries %q", leak)
				}
				for _, s := range p.Sources {
					if strings.Contains(string(s.Redacted), leak) || strings.Contains(string(s.Redacted), `\x73k`) || strings.Contains(string(s.Redacted), `\u0073k`) {
						t.Errorf("source %s carries %q:\n%s", s.Path, leak, s.Redacted)
					}
				}
			}
		})
	}
}
