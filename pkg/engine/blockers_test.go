package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

func TestBlockers(t *testing.T) {
	controls := []model.ControlResult{
		{ID: "6.1.2", Title: "AI risk assessment", Kind: catalogue.KindClause, Status: model.StatusFail, StatusBasis: "1 of 2 subjects passed the checks"},
		{ID: "9.2", Title: "Internal audit", Kind: catalogue.KindClause, Status: model.StatusFail},
		{ID: "5.2", Title: "AI policy", Kind: catalogue.KindClause, Status: model.StatusPass},
		{ID: "A.9.2", Title: "Processes", Kind: catalogue.KindAnnexA, Status: model.StatusFail},
	}
	findings := []model.Finding{
		{ID: "F-1", Control: "9.2", Check: CheckControlNotInPlace, Severity: model.SeverityMedium, Message: "control 9.2 is attested as only planned"},
		{ID: "F-2", Control: "A.9.2", Check: "logs.rejected-call-ran", Severity: model.SeverityCritical, Message: "ran although rejected"},
		{ID: "F-3", Control: "A.9.2", Check: "x", Severity: model.SeverityHigh, Message: "high, not a blocker"},
	}
	want := []model.Blocker{
		{Kind: model.BlockerClauseFailed, Control: "6.1.2", Reason: "clause 6.1.2 AI risk assessment fails: 1 of 2 subjects passed the checks"},
		{Kind: model.BlockerControlNotInPlace, Control: "9.2", Finding: "F-1", Reason: "control 9.2 is attested as only planned"},
		{Kind: model.BlockerCriticalFinding, Control: "A.9.2", Finding: "F-2", Reason: "ran although rejected"},
	}
	if diff := cmp.Diff(want, blockers(controls, findings)); diff != "" {
		t.Errorf("blockers (-want +got):\n%s", diff)
	}
	if got := blockers(nil, nil); got == nil || len(got) != 0 {
		t.Errorf("no blockers must be an empty list (JSON []), got %#v", got)
	}
}
