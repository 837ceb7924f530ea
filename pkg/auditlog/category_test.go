package auditlog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// Undeclared data categories are judged only when about people (issue 11
// §3): "public" and "internal" data outside the declared list is no finding,
// "health", "customer-pii" (sensitive) and "email" (personal) are.
func TestUndeclaredCategoryOnlySensitive(t *testing.T) {
	cases := []struct {
		cat  string
		want bool
	}{
		{"public", false},
		{"internal", false},
		{"health", true},
		{"customer-pii", true},
		{"email", true},            // personal, not sensitive: still must be declared
		{"customer-contact", true}, // personal
		{"orders", false},          // declared by the agent
	}
	for _, c := range cases {
		t.Run(c.cat, func(t *testing.T) {
			dir := t.TempDir()
			line := `{"time":"2026-04-03T16:00:00Z","agent":"agt-1","action":"tool.call","tool":"crm","operation":"read","data_categories":["` + c.cat + `"],"input":"i","output":"o"}` + "\n"
			if err := os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(line), 0o600); err != nil {
				t.Fatal(err)
			}
			agent := &model.Agent{ID: "agt-1", Lifecycle: model.LifecycleDeployed, Tools: []model.Grant{{Name: "crm"}},
				Data: []model.DataAccess{{Source: "crm", Categories: []string{"orders"}}}}
			s := analyze(t, dir, []*model.Agent{agent}, Options{}, "a.jsonl")
			got := false
			for _, f := range s.Findings {
				if f.Check == CheckUndeclaredData {
					got = true
				}
			}
			if got != c.want {
				t.Errorf("category %s: undeclared-data finding = %v, want %v", c.cat, got, c.want)
			}
		})
	}
}
