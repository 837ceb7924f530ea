package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestUnusedOperations: least privilege is judged per tool x operation
// (issue 11 §2): a granted operation no call used is a finding naming tool
// and operation; calls without an operation use a grant's only operation;
// a target grant's operations are the target's tools (AgentCore Gateway
// TARGET___TOOL names, as in ../shared/samples/real/cloudtrail).
func TestUnusedOperations(t *testing.T) {
	const ts = "2026-04-03T10:00:00Z"
	cases := []struct {
		name  string
		grant model.Grant
		calls []string
		want  []model.ToolOperation
	}{
		{"read used, write not", model.Grant{Name: "crm", Operations: []string{"read", "write"}},
			[]string{ev(ts, "a", "tool.call", "crm", "read", "success", "")},
			[]model.ToolOperation{{Tool: "crm", Operation: "write"}}},
		{"operations compare without case", model.Grant{Name: "crm", Operations: []string{"Read"}},
			[]string{ev(ts, "a", "tool.call", "crm", "read", "success", "")}, nil},
		{"a call without operation uses the only one", model.Grant{Name: "crm", Operations: []string{"read"}},
			[]string{ev(ts, "a", "tool.call", "crm", "", "success", "")}, nil},
		{"a call without operation could be any of several: none reported", model.Grant{Name: "crm", Operations: []string{"read", "write"}},
			[]string{ev(ts, "a", "tool.call", "crm", "", "success", "")}, nil},
		{"target grant: its operations are the target's tools", model.Grant{Name: "gw", Operations: []string{"ListTables", "DropTable"}},
			[]string{ev(ts, "a", "tool.call", "gw___ListTables", "", "success", "")},
			[]model.ToolOperation{{Tool: "gw", Operation: "DropTable"}}},
		{"no operations listed: judged as a whole tool only", model.Grant{Name: "crm"},
			[]string{ev(ts, "a", "tool.call", "crm", "read", "success", "")}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "e.jsonl", []byte(c.calls[0]+"\n"))
			s := analyze(t, dir, []*model.Agent{{ID: "a", Tools: []model.Grant{c.grant}}}, Options{}, "e.jsonl")
			if d := cmp.Diff(c.want, s.Agents[0].UnusedOperations); d != "" {
				t.Errorf("unused operations (-want +got):\n%s", d)
			}
			var n int
			for _, f := range s.Findings {
				if f.Check == CheckUnusedGrant && f.Operation != "" {
					n++
					if f.Tool != c.grant.Name {
						t.Errorf("finding tool %q, want %q", f.Tool, c.grant.Name)
					}
				}
			}
			if n != len(c.want) {
				t.Errorf("%d operation findings, want %d", n, len(c.want))
			}
		})
	}
}
