package engine

import (
	"fmt"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// blockers lists what an auditor would raise as a major nonconformity before
// anything else: clauses 4-10 are mandatory, so a failed clause blocks; so does
// an applicable control the SoA itself attests is not in place, and any
// critical finding. Writers print this list; none of them decides it again.
func blockers(controls []model.ControlResult, findings []model.Finding) []model.Blocker {
	out := []model.Blocker{}
	// A clause that fails only because it is attested as not in place is
	// listed once, as that attestation, with its finding.
	notInPlace := map[string]bool{}
	for _, f := range findings {
		if f.Check == CheckControlNotInPlace {
			notInPlace[f.Control] = true
		}
	}
	for _, c := range controls {
		if c.Kind != catalogue.KindClause || c.Status != model.StatusFail || notInPlace[c.ID] {
			continue
		}
		reason := fmt.Sprintf("clause %s %s fails", c.ID, c.Title)
		if c.StatusBasis != "" {
			reason += ": " + c.StatusBasis
		}
		out = append(out, model.Blocker{Kind: model.BlockerClauseFailed, Control: c.ID, Reason: reason})
	}
	for _, f := range findings {
		if f.Check == CheckControlNotInPlace {
			out = append(out, model.Blocker{Kind: model.BlockerControlNotInPlace, Control: f.Control, Finding: f.ID, Reason: f.Message})
		}
	}
	for _, f := range findings {
		if f.Severity == model.SeverityCritical && f.Check != CheckControlNotInPlace {
			out = append(out, model.Blocker{Kind: model.BlockerCriticalFinding, Control: f.Control, Finding: f.ID, Reason: f.Message})
		}
	}
	return out
}
