package diff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// fresh reports whether d is on or after the change date. Without a change
// date any recorded date counts.
func (r *Result) fresh(d model.Date) bool {
	if d.IsZero() {
		return false
	}
	return r.ChangeDate.IsZero() || !d.Before(r.ChangeDate.Time)
}

func (r *Result) since() string {
	if r.ChangeDate.IsZero() {
		return ""
	}
	return " on or after " + r.ChangeDate.String()
}

// widenedText names the widening changes of an agent for a message, at most three.
func widenedText(cs []Change) (string, model.Pos) {
	var parts []string
	var at model.Pos
	for _, c := range cs {
		if c.Effect != Widen || c.Field == "risk.computed" {
			continue
		}
		if at.IsZero() && !c.Location.IsZero() {
			at = c.Location
		}
		parts = append(parts, c.What)
	}
	if len(parts) > 3 {
		parts = append(parts[:3], fmt.Sprintf("and %d more", len(parts)-3))
	}
	return strings.Join(parts, ", "), at
}

// gate applies the re-assessment rule to one agent: a widening change needs
// a risk assessment (the agent's own risk block or its system's) dated on or
// after the change in the head revision, and for a high or critical computed
// tier an impact assessment of its system too. Narrowing never fails.
func gate(r *Result, h *sideIndex, ha *model.Agent, d *AgentDiff) {
	if ha == nil {
		d.Reassessed = true
		return
	}
	sys := h.systems[ha.System]
	var sysRisk model.Risk
	var impact model.Date
	if sys != nil {
		sysRisk, impact = sys.Risk, sys.ImpactAssessment.DoneOn
	}
	riskOK := r.fresh(ha.Risk.AssessedOn) || r.fresh(sysRisk.AssessedOn)
	needImpact := risk.Rank(d.TierAfter) >= risk.Rank(model.SeverityHigh)
	impactOK := !needImpact || r.fresh(impact)
	d.Reassessed = riskOK && impactOK
	if d.Effect != Widen || d.Reassessed {
		return
	}
	what, at := widenedText(d.Changes)
	if what == "" {
		what = "risk widened"
	}
	if at.IsZero() {
		at = h.pos(ha.Pos.Lookup(""))
		if at.IsZero() {
			at = model.Pos{File: h.rel(ha.File)}
		}
	}
	tier := "computed risk " + d.TierAfter
	if d.TierBefore != "" && d.TierBefore != d.TierAfter {
		tier = "computed risk " + d.TierBefore + " -> " + d.TierAfter
	}
	f := model.Finding{Control: ControlReassessment, Check: CheckReassessment, Severity: d.TierAfter,
		SubjectKind: model.SubjectAgent, Subject: ha.ID, Location: at}
	sysName := ha.System
	switch {
	case !riskOK:
		f.Message = fmt.Sprintf("agent %s: %s; %s; no risk assessment%s", ha.ID, what, tier, r.since())
		f.Remediation = fmt.Sprintf("re-assess the risk of system %s (or of the agent) and record the date of that assessment", sysName)
		if needImpact && !r.fresh(impact) {
			f.Message += " and no impact assessment" + r.since()
			f.Remediation += "; a " + d.TierAfter + " tier also needs the impact assessment redone and its date recorded"
		}
	default:
		// The risk was re-assessed: the gate's hard requirement holds. A stale
		// impact assessment for a high tier is still reported, at medium, so that
		// it shows in the pull request without blocking a `--fail-on high` gate.
		f.Control, f.Check, f.Severity = ControlImpact, CheckImpact, model.SeverityMedium
		f.Message = fmt.Sprintf("agent %s: %s; %s; no impact assessment%s", ha.ID, what, tier, r.since())
		f.Remediation = fmt.Sprintf("redo the impact assessment of system %s and record the date it was done", sysName)
	}
	r.Findings = append(r.Findings, f)
}

// gateInventory applies the rule to inventory changes: a widened system
// (risk level or EU AI Act class lowered, data categories, vendors or
// customers added) needs its risk assessment redone; a worsened vendor needs
// the systems relying on it re-assessed; a new Statement-of-Applicability
// exclusion needs a justification and a review dated on or after the change.
func gateInventory(r *Result, b, h *sideIndex) {
	if h.Inventory == nil {
		return
	}
	// Agent findings already name the changes of the vendors they use: a
	// system is named here only when none of its agents uses the vendor.
	usedBy := map[string]map[string]bool{} // vendor -> systems of agents using it
	tierOfSystem := map[string]string{}
	for _, a := range h.Agents {
		for _, id := range h.vendorIndex().Used(a) {
			if usedBy[id] == nil {
				usedBy[id] = map[string]bool{}
			}
			usedBy[id][a.System] = true
		}
		p := risk.Compute(a, h.systems[a.System], h.vendorMap())
		if risk.Rank(p.Tier) > risk.Rank(tierOfSystem[a.System]) {
			tierOfSystem[a.System] = p.Tier
		}
	}
	severityOf := func(sys *model.System) string {
		if t := tierOfSystem[sys.ID]; t != "" {
			return t
		}
		if risk.Rank(sys.Risk.Level) > 0 {
			return sys.Risk.Level
		}
		return model.SeverityMedium
	}
	done := map[string]bool{}
	for _, c := range r.Inventory {
		if c.Effect != Widen {
			continue
		}
		switch c.SubjectKind {
		case model.SubjectSystem:
			sys := h.systems[c.Subject]
			if sys == nil || done["system/"+sys.ID] || r.fresh(sys.Risk.AssessedOn) {
				continue
			}
			done["system/"+sys.ID] = true
			r.Findings = append(r.Findings, model.Finding{Control: ControlReassessment, Check: CheckReassessment, Severity: severityOf(sys),
				SubjectKind: model.SubjectSystem, Subject: sys.ID, Location: c.Location,
				Message:     fmt.Sprintf("system %s: %s; no risk assessment%s", sys.ID, systemWidenings(r.Inventory, sys.ID), r.since()),
				Remediation: fmt.Sprintf("re-assess the risk of system %s and record the date of that assessment", sys.ID)})
		case model.SubjectVendor:
			if done["vendor/"+c.Subject] {
				continue
			}
			var stale []string
			sev := ""
			for i := range h.Inventory.Systems {
				s := &h.Inventory.Systems[i]
				if slices.Contains(s.Vendors, c.Subject) && !usedBy[c.Subject][s.ID] && !r.fresh(s.Risk.AssessedOn) {
					stale = append(stale, s.ID)
					if risk.Rank(severityOf(s)) > risk.Rank(sev) {
						sev = severityOf(s)
					}
				}
			}
			if len(stale) == 0 {
				continue
			}
			done["vendor/"+c.Subject] = true
			r.Findings = append(r.Findings, model.Finding{Control: ControlReassessment, Check: CheckReassessment, Severity: sev,
				SubjectKind: model.SubjectVendor, Subject: c.Subject, Location: c.Location,
				Message: fmt.Sprintf("vendor %s: %s; systems %s have no risk assessment%s", c.Subject, c.What,
					strings.Join(stale, ", "), r.since()),
				Remediation: "re-assess the risk of the systems that rely on the vendor and record the dates of those assessments"})
		case "control":
			var att *model.ControlAttestation
			for i := range h.Inventory.Controls {
				if h.Inventory.Controls[i].ID == c.Subject {
					att = &h.Inventory.Controls[i]
				}
			}
			if att == nil || strings.TrimSpace(att.Justification) != "" && r.fresh(att.ReviewedOn) {
				continue
			}
			r.Findings = append(r.Findings, model.Finding{Control: ControlExclusion, Check: CheckExclusion, Severity: model.SeverityMedium,
				SubjectKind: model.SubjectOrganization, Subject: c.Subject, Location: c.Location,
				Message:     fmt.Sprintf("control %s excluded from the Statement of Applicability without a justification and a review%s", c.Subject, r.since()),
				Remediation: "give the exclusion a justification and record the date it was decided"})
		}
	}
}

func systemWidenings(cs []InventoryChange, id string) string {
	var parts []string
	for _, c := range cs {
		if c.SubjectKind == model.SubjectSystem && c.Subject == id && c.Effect == Widen {
			parts = append(parts, strings.TrimPrefix(c.What, "system "+id+" "))
		}
	}
	return strings.Join(parts, ", ")
}
