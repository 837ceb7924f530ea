package engine

import (
	"fmt"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// Check IDs of the configuration findings the engine makes from the
// inventory itself (issue 11 §2).
const (
	CheckPolicyReviewDue    = "policy-review-due"
	CheckControlNotInPlace  = "control-not-implemented"
	ControlDocumentedUpdate = "7.5.2"
)

// GoChecks lists every check the engine emits in Go rather than from a
// catalogue rule; each is declared in the catalogue (kind go, detector
// engine), and a test holds the two lists equal.
var GoChecks = []string{
	CheckEvidenceMissing, CheckEvidenceOutsideRoot, CheckCredential, CheckSoAJustification,
	CheckControlNotInPlace, CheckPolicyReviewDue,
}

// emit makes a Go detector's observation a finding as the catalogue
// declares its check (catalogue.Set.Apply); it reports whether the finding
// was kept (a user catalogue may disable the check).
func (st *state) emit(f model.Finding) bool {
	if !st.set.Apply(&f) {
		return false
	}
	st.findings.add(f)
	return true
}

// attestationFindings: a control (or clause) the SoA attests as planned or
// not implemented is a gap an auditor records, so it is a finding that
// carries the attestation's own justification and owner. Without it a
// control could read fail with nothing saying why.
func (st *state) attestationFindings() {
	for i, c := range st.inv.Controls {
		if !c.IsApplicable() {
			continue
		}
		if c.Status != model.AttestPlanned && c.Status != model.AttestNotImplemented {
			continue
		}
		ctl, ok := st.set.Lookup(c.ID)
		if !ok {
			continue
		}
		sev := model.SeverityHigh
		what := "not implemented"
		if c.Status == model.AttestPlanned {
			sev, what = model.SeverityMedium, "only planned"
		}
		noun := "control"
		if ctl.Kind == "clause" {
			noun = "clause"
		}
		msg := fmt.Sprintf("%s %s is attested as %s", noun, c.ID, what)
		if j := strings.TrimRight(strings.TrimSpace(c.Justification), "."); j != "" {
			msg += ": " + j
		} else {
			msg += " (no justification given)"
		}
		if o := strings.TrimSpace(c.Owner); o != "" {
			msg += "; owner " + o
		} else {
			msg += "; no owner named"
		}
		st.emit(model.Finding{
			Control: c.ID, Check: CheckControlNotInPlace, Severity: sev,
			SubjectKind: model.SubjectControl, Subject: c.ID,
			Location: st.invPos(fmt.Sprintf("controls[%d].status", i)),
			Message:  msg,
			Remediation: "Implement the control and attest it as implemented with evidence, or record the plan " +
				"(owner, target date) as a corrective action; a planned or missing control blocks certification.",
		})
		// Not counted in extra: the attestation already decides the status.
	}
}

// policyReviewFindings: every policy that sets a review interval and whose
// review date has passed is a finding at its approved_on line. The AI
// policy is judged by the catalogue check ai-policy-reviewed (A.2.4), so it
// is not repeated here.
func (st *state) policyReviewFindings() {
	for i, p := range st.inv.Policies {
		if p.Kind == model.PolicyAI || p.ReviewIntervalMonths <= 0 {
			continue
		}
		if strings.TrimSpace(p.ApprovedBy) == "" || p.ApprovedOn.IsZero() {
			continue // unapproved policies are their own finding
		}
		due, overdue := policyReview(p, st.now)
		if !overdue {
			continue
		}
		control := policyControls[p.Kind]
		if _, ok := st.set.Lookup(control); !ok || st.excluded(control) {
			control = ControlDocumentedUpdate
		}
		if _, ok := st.set.Lookup(control); !ok {
			continue
		}
		if !st.emit(model.Finding{
			Control: control, Check: CheckPolicyReviewDue, Severity: model.SeverityMedium,
			SubjectKind: model.SubjectPolicy, Subject: p.ID,
			Location: st.invPos(fmt.Sprintf("policies[%d].approved_on", i)),
			Message: fmt.Sprintf("policy %s (%s) approved on %s is due for review since %s (every %d months): %d days overdue",
				p.ID, p.Kind, p.ApprovedOn, due, p.ReviewIntervalMonths, due.DaysSince(st.now)),
			Remediation: "Review the policy, record the new approval date and approver, and keep its review interval realistic.",
		}) {
			continue
		}
		st.countExtra(control, CheckPolicyReviewDue)
	}
}
