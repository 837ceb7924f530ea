package actions

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

func TestRegisterOwnersAndDueDates(t *testing.T) {
	res := &model.Result{
		GeneratedAt: time.Date(2026, 3, 31, 15, 4, 5, 0, time.UTC),
		Systems:     []model.SystemResult{{System: model.System{ID: "support", Owner: "Sys Owner"}}},
		Agents: []model.AgentResult{
			{Agent: &model.Agent{ID: "triage", System: "support", Owner: "Agent Owner"}},
			{Agent: &model.Agent{ID: "bare", System: "support"}},
			{Agent: &model.Agent{ID: "orphan", System: "none"}},
		},
		Controls: []model.ControlResult{{ID: "A.2.2", Attestation: &model.ControlAttestation{Owner: "Ctl Owner"}}},
		Findings: []model.Finding{
			{ID: "F1", Control: "A.9.2", Severity: "critical", SubjectKind: model.SubjectAgent, Subject: "triage"},
			{ID: "F2", Control: "A.9.2", Severity: "high", SubjectKind: model.SubjectAgent, Subject: "bare"},
			{ID: "F3", Control: "A.9.2", Severity: "medium", SubjectKind: model.SubjectAgent, Subject: "orphan"},
			{ID: "F4", Control: "A.2.2", Severity: "low", SubjectKind: model.SubjectPolicy, Subject: "POL-X"},
			{ID: "F5", Control: "A.2.3", Severity: "low", SubjectKind: model.SubjectPolicy, Subject: "POL-1"},
			{ID: "F6", Control: "6.1", Severity: "high"},
		},
	}
	inv := &model.Inventory{
		Organization: model.Organization{Roles: []model.Role{{Role: "dpo", Name: "D"}, {Role: "ai-owner", Name: "Role Owner"}}},
		Policies:     []model.Policy{{ID: "POL-1", Owner: "Pol Owner"}},
	}
	got := Register(res, inv, map[string]int{"high": 14, "low": 0})
	type row struct{ ID, Subject, Owner, Src, Due string }
	var rows []row
	for _, a := range got {
		if a.Status != StatusOpen {
			t.Errorf("%s: status %q", a.FindingID, a.Status)
		}
		rows = append(rows, row{a.FindingID, a.Subject, a.Owner, a.OwnerSource, a.Due})
	}
	want := []row{
		{"F1", "agent:triage", "Agent Owner", "agent", "2026-04-07"},
		{"F2", "agent:bare", "Sys Owner", "system", "2026-04-14"}, // high overridden to 14 days
		{"F3", "agent:orphan", "Role Owner", "role ai-owner", "2026-06-29"},
		{"F4", "policy:POL-X", "Ctl Owner", "control attestation", "2026-09-27"}, // low 0 ignored: default 180
		{"F5", "policy:POL-1", "Pol Owner", "policy", "2026-09-27"},
		{"F6", "", "Role Owner", "role ai-owner", "2026-04-14"},
	}
	if d := cmp.Diff(want, rows); d != "" {
		t.Fatalf("register (-want +got):\n%s", d)
	}
	if got := Register(res, nil, nil); got[2].OwnerSource != "none" || got[2].Owner != "" {
		t.Errorf("no inventory: orphan owner %q from %q, want none", got[2].Owner, got[2].OwnerSource)
	}
}
