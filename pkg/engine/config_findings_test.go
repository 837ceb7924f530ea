package engine

import (
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// Issue 11 §2: findings the engine derives from the inventory itself.
func TestConfigFindings(t *testing.T) {
	type want struct{ check, control, subject, path, msg string }
	tests := []struct {
		name  string
		inv   model.Inventory
		want  []want
		state map[string]string // control -> status
	}{
		{name: "incident policy review overdue",
			inv: model.Inventory{Policies: []model.Policy{{ID: "P2", Kind: model.PolicyIncidentCommunication, ApprovedBy: "cto",
				ApprovedOn: model.MustDate("2025-01-10"), ReviewIntervalMonths: 6}}},
			want: []want{{CheckPolicyReviewDue, "A.8.4", "P2", "policies[0].approved_on", "approved on 2025-01-10 is due for review since 2025-07-10 (every 6 months): 498 days overdue"}}},
		{name: "review not yet due", inv: model.Inventory{Policies: []model.Policy{{ID: "P2", Kind: model.PolicyIncidentCommunication,
			ApprovedBy: "cto", ApprovedOn: model.MustDate("2026-10-01"), ReviewIntervalMonths: 6}}}},
		{name: "no interval set: no finding here", inv: model.Inventory{Policies: []model.Policy{{ID: "P2", Kind: model.PolicyIncidentCommunication,
			ApprovedBy: "cto", ApprovedOn: model.MustDate("2020-10-01")}}}},
		{name: "unknown kind falls back to 7.5.2", inv: model.Inventory{Policies: []model.Policy{{ID: "P9", Kind: "other",
			ApprovedBy: "cto", ApprovedOn: model.MustDate("2024-01-01"), ReviewIntervalMonths: 12}}},
			want: []want{{CheckPolicyReviewDue, ControlDocumentedUpdate, "P9", "policies[0].approved_on", "every 12 months"}}},
		// A.2.4: the AI policy is a subject of its own (the catalogue's CEL
		// check on `policy`), judged with the same due date as every policy.
		{name: "AI policy review overdue", inv: model.Inventory{Policies: []model.Policy{{ID: "P1", Kind: model.PolicyConcernReporting,
			ApprovedBy: "cto", ApprovedOn: model.MustDate("2026-10-01"), ReviewIntervalMonths: 6}, {ID: "POL-AI", Kind: model.PolicyAI,
			ApprovedBy: "board", ApprovedOn: model.MustDate("2025-03-01"), ReviewIntervalMonths: 6}}},
			want: []want{{"ai-policy-reviewed", "A.2.4", "POL-AI", "policies[1].approved_on",
				"policy POL-AI (ai-policy) approved on 2025-03-01 is due for review since 2025-09-01 (every 6 months): 445 days overdue"}}},
		{name: "AI policy without interval: 12 months assumed", inv: model.Inventory{Policies: []model.Policy{{ID: "POL-AI", Kind: model.PolicyAI,
			ApprovedBy: "board", ApprovedOn: model.MustDate("2025-10-01")}}},
			want: []want{{"ai-policy-reviewed", "A.2.4", "POL-AI", "policies[0].approved_on",
				"due for review since 2026-10-01 (no review interval set: 12 months assumed): 50 days overdue"}}},
		{name: "AI policy reviewed in time", inv: model.Inventory{Policies: []model.Policy{{ID: "POL-AI", Kind: model.PolicyAI,
			ApprovedBy: "board", ApprovedOn: model.MustDate("2026-01-01"), ReviewIntervalMonths: 12}}},
			state: map[string]string{"A.2.4": StatusPass}},
		{name: "planned internal audit", inv: model.Inventory{Controls: []model.ControlAttestation{{ID: "9.2", Status: model.AttestPlanned,
			Justification: "first audit in Q1", Owner: "qa-lead"}}},
			want:  []want{{CheckControlNotInPlace, "9.2", "9.2", "controls[0].status", "attested as only planned: first audit in Q1; owner qa-lead"}},
			state: map[string]string{"9.2": StatusFail}},
		{name: "not implemented, nothing said", inv: model.Inventory{Controls: []model.ControlAttestation{{ID: "A.6.2.8", Status: model.AttestNotImplemented}}},
			want:  []want{{CheckControlNotInPlace, "A.6.2.8", "A.6.2.8", "controls[0].status", "not implemented (no justification given); no owner named"}},
			state: map[string]string{"A.6.2.8": StatusFail}},
		{name: "implemented: no finding", inv: model.Inventory{Controls: []model.ControlAttestation{{ID: "9.2", Status: model.AttestImplemented}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv := tc.inv
			inv.Organization.Name = "Acme"
			res, err := Assess(Input{Inventory: &inv, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			var got []model.Finding
			for _, f := range res.Findings {
				if f.Check == CheckPolicyReviewDue || f.Check == CheckControlNotInPlace || f.Check == "ai-policy-reviewed" {
					got = append(got, f)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d findings %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				f := got[i]
				if f.Check != w.check || f.Control != w.control || f.Subject != w.subject || !strings.Contains(f.Message, w.msg) {
					t.Errorf("finding %+v, want %+v", f, w)
				}
				if f.Location.Line == 0 && inv.Pos != nil {
					t.Errorf("no line for %s", w.path)
				}
			}
			for _, c := range res.Controls {
				if s, ok := tc.state[c.ID]; ok && c.Status != s {
					t.Errorf("control %s status %s (%s), want %s", c.ID, c.Status, c.StatusBasis, s)
				}
			}
		})
	}
}
