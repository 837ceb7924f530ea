package engine

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// Bases of a control status.
const (
	BasisAutomated   = "automated"
	BasisAttestation = "attestation"
	BasisBoth        = "automated+attestation"
	BasisNone        = "none"
)

func (st *state) result() *Result {
	st.soaFindings()

	res := &Result{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "aims", Version: build.String()},
		GeneratedAt:   st.now,
		Organization:  st.inv.Organization.Name,
		Scope:         st.inv.Organization.AIMSScope,
		Catalogues:    []CatalogueRef{},
		Controls:      []ControlResult{},
		Systems:       []SystemResult{},
		Agents:        []AgentResult{},
		Vendors:       []VendorResult{},
		Evidence:      st.in.Evidence,
		Logs:          st.logs,
		History:       st.in.History,
		Roles:         st.inv.Organization.Roles,
	}
	for _, p := range st.inv.Policies {
		due, overdue := policyReview(p, st.now)
		res.Policies = append(res.Policies, model.PolicyRecord{Policy: p, ReviewDue: due, Overdue: overdue})
	}
	if res.Evidence == nil {
		res.Evidence = []model.EvidenceRef{}
	}
	if st.in.Config != nil {
		res.Period = st.in.Config.Period
	}
	if res.Period.From.IsZero() && res.Period.To.IsZero() && st.logs != nil {
		res.Period = st.logs.Period
	}
	for _, c := range st.set.Catalogues {
		res.Catalogues = append(res.Catalogues, CatalogueRef{ID: c.ID, Title: c.Title, Version: c.Version, SHA256: c.SHA256})
	}

	// Findings per subject: the agent checks' were counted as they ran; the
	// rest (log analysis, loader warnings, the SoA) are attributed here. A
	// finding without a subject kind belongs to the agent of that ID if
	// there is one.
	type subjectKey struct{ kind, id string }
	perSubject := map[subjectKey]int{}
	var agentIndex map[string]int
	st.findings.each(func(i int, f *model.Finding) {
		if i < st.checkFindings {
			if f.SubjectKind != model.SubjectAgent {
				perSubject[subjectKey{f.SubjectKind, f.Subject}]++
			}
			return
		}
		if f.SubjectKind == model.SubjectAgent || f.SubjectKind == "" {
			if agentIndex == nil {
				agentIndex = make(map[string]int, len(st.agents))
				for k, a := range st.agents {
					agentIndex[a.ID] = k
				}
			}
			if k, ok := agentIndex[f.Subject]; ok {
				st.profiles[k].findings++
				return
			}
		}
		perSubject[subjectKey{f.SubjectKind, f.Subject}]++
	})
	res.Findings = sortFindings(&st.findings)
	root := ""
	if st.in.Config != nil {
		root = st.in.Config.Dir
	}
	model.AssignFindingIDs(res.Findings, root)

	perControl := map[string]int{}
	worst := map[string]string{}
	sum := Summary{
		Controls: statusCounts(), AnnexA: statusCounts(), Findings: map[string]int{},
		Groups: []GroupSummary{}, Agents: len(st.agents), Systems: len(st.inv.Systems), Vendors: len(st.inv.Vendors),
		MaxSeverity: model.SeverityNone,
	}
	for _, s := range model.Severities {
		sum.Findings[s] = 0
	}
	for _, f := range res.Findings {
		perControl[f.Control]++
		if model.SeverityRank(f.Severity) > model.SeverityRank(worst[f.Control]) {
			worst[f.Control] = f.Severity
		}
		sum.Findings[f.Severity]++
		if model.SeverityRank(f.Severity) > model.SeverityRank(sum.MaxSeverity) {
			sum.MaxSeverity = f.Severity
		}
	}

	evidence := st.evidenceByControl()
	groupIndex := map[string]int{}
	for _, c := range st.set.Catalogues {
		for _, g := range c.Groups {
			key := c.ID + "\x00" + g.ID
			if _, ok := groupIndex[key]; !ok {
				groupIndex[key] = len(sum.Groups)
				sum.Groups = append(sum.Groups, GroupSummary{ID: g.ID, Title: g.Title, Status: statusCounts()})
			}
		}
	}
	for _, ctl := range st.set.Controls() {
		cr := st.controlResult(ctl, perControl[ctl.ID], worst[ctl.ID], evidence[ctl.ID])
		res.Controls = append(res.Controls, cr)
		sum.Controls[cr.Status]++
		if ctl.Kind == catalogue.KindAnnexA {
			sum.AnnexA[cr.Status]++
		}
		if gi, ok := groupIndex[ctl.Catalogue+"\x00"+ctl.Group]; ok {
			sum.Groups[gi].Status[cr.Status]++
		}
	}
	sum.Blockers = blockers(res.Controls, res.Findings)
	res.Summary = sum

	systems := make([]int, len(st.inv.Systems))
	for i := range systems {
		systems[i] = i
	}
	sort.SliceStable(systems, func(i, j int) bool { return st.inv.Systems[systems[i]].ID < st.inv.Systems[systems[j]].ID })
	named := agentNames(st.agents)
	for _, i := range systems {
		s := st.inv.Systems[i]
		sr := SystemResult{System: s, Agents: []string{}, Source: st.invPos(fmt.Sprintf("systems[%d]", i))}
		for _, a := range st.agentsBySystem[s.ID] {
			sr.Agents = append(sr.Agents, a.ID)
		}
		sr.Flow = systemFlow(st.agentsBySystem[s.ID], named)
		res.Systems = append(res.Systems, sr)
	}

	res.Agents = make([]AgentResult, 0, len(st.agents))
	for i, a := range st.agents {
		p := &st.profiles[i]
		ar := AgentResult{Agent: a, DeclaredRisk: p.verdict.Declared, RiskSource: p.verdict.Source, Computed: p.computed,
			Risk: p.verdict, Findings: p.findings, Source: p.pos}
		if st.logs != nil {
			ar.Activity = st.activity[a.ID]
		}
		res.Agents = append(res.Agents, ar)
	}

	vendors := make([]int, len(st.inv.Vendors))
	for i := range vendors {
		vendors[i] = i
	}
	sort.SliceStable(vendors, func(i, j int) bool { return st.inv.Vendors[vendors[i]].ID < st.inv.Vendors[vendors[j]].ID })
	vendorFindings := map[string][]string{}
	for _, f := range res.Findings {
		if f.SubjectKind == model.SubjectVendor {
			vendorFindings[f.Subject] = append(vendorFindings[f.Subject], f.ID)
		}
	}
	for _, i := range vendors {
		v := st.inv.Vendors[i]
		vr := VendorResult{Vendor: v, Findings: perSubject[subjectKey{model.SubjectVendor, v.ID}],
			UsedBy: []string{}, Systems: []string{}, DataCategories: []string{}, FindingIDs: nonNil(vendorFindings[v.ID]),
			Source: st.invPos(fmt.Sprintf("vendors[%d]", i))}
		if u := st.vendorUse[v.ID]; u != nil {
			vr.UsedBy, vr.Systems, vr.DataCategories = nonNil(u.agents), nonNil(u.systems), nonNil(u.categories)
		}
		res.Vendors = append(res.Vendors, vr)
	}
	return res
}

func statusCounts() map[string]int {
	m := make(map[string]int, len(Statuses))
	for _, s := range Statuses {
		m[s] = 0
	}
	return m
}

// soaFindings: an exclusion from the Statement of Applicability needs a justification.
func (st *state) soaFindings() {
	orgName := st.inv.Organization.Name
	if orgName == "" {
		orgName = model.SubjectOrganization
	}
	for i, c := range st.inv.Controls {
		if !c.UnjustifiedExclusion() {
			continue
		}
		if _, ok := st.set.Lookup(c.ID); !ok {
			continue
		}
		st.emit(model.Finding{
			Control: c.ID, Check: CheckSoAJustification, Severity: model.SeverityMedium,
			SubjectKind: model.SubjectOrganization, Subject: orgName,
			Location: st.invPos(fmt.Sprintf("controls[%d].applicable", i)),
			Message:  fmt.Sprintf("control %s is excluded from the Statement of Applicability without a justification", c.ID),
			Remediation: "State why the control does not apply (justification); an auditor accepts an exclusion only with a reason, " +
				"and only where it does not weaken the management system.",
		})
	}
}

// evidenceByControl maps control IDs to the evidence references that support them.
func (st *state) evidenceByControl() map[string][]string {
	out := map[string][]string{}
	for _, e := range st.in.Evidence {
		c, _, _ := st.ownerControl(e.Owner)
		out[c] = append(out[c], e.Ref)
	}
	for _, c := range st.inv.Controls {
		out[c.ID] = append(out[c.ID], c.Evidence...)
	}
	for id, refs := range out {
		sort.Strings(refs)
		out[id] = slices.Compact(refs)
	}
	return out
}

// attestedEvidenceExists: the attestation names evidence and every reference
// resolved (a file inside the root that exists, or a URL).
func (st *state) attestedEvidenceExists(att *model.ControlAttestation) bool {
	if att == nil || len(att.Evidence) == 0 {
		return false
	}
	for _, ref := range att.Evidence {
		ok := false
		found := false
		for _, e := range st.in.Evidence {
			if e.Owner == "control:"+att.ID && e.Ref == ref {
				found = true
				ok = e.State == "ok" || e.State == "url"
				break
			}
		}
		if !found {
			ok = model.IsURL(ref)
		}
		if !ok {
			return false
		}
	}
	return true
}

// controlResult applies the status rules of docs/contract.md §3:
//   - excluded in the SoA: not-applicable with its justification;
//   - automated checks: all instances pass -> pass, all fail -> fail, mixed
//     -> partial; findings from logs and loader warnings count as failures;
//   - no subject applied: the attestation decides; no attestation: manual,
//     never pass;
//   - an attestation of partial/planned turns a pass into partial,
//     not-implemented into fail; "implemented" counts as pass only with
//     evidence that exists, else it is at most partial;
//   - a critical or high finding makes the control fail whatever else passed
//     (an auditor raises a nonconformity on it, not a partial).
func (st *state) controlResult(ctl *catalogue.Control, findings int, worst string, evidence []string) ControlResult {
	cr := ControlResult{
		ID: ctl.ID, Title: ctl.Title, Kind: ctl.Kind, Group: ctl.Group, GroupTitle: ctl.GroupTitle,
		Catalogue: ctl.Catalogue, AppliesTo: ctl.AppliesTo, Applicable: true,
		Checks: []CheckResult{}, Evidence: nonNil(evidence), Findings: findings,
		Crosswalk: Crosswalk{EUAIAct: ctl.Crosswalk.EUAIAct, NISTAIRMF: ctl.Crosswalk.NISTAIRMF, ISO27001: ctl.Crosswalk.ISO27001},
	}
	att := st.attestation(ctl.ID)
	if att != nil {
		cp := *att
		cr.Attestation = &cp
	}
	subjects, passed, failed := 0, 0, 0
	for _, ck := range ctl.Checks {
		// Go checks report findings, counted in extra; only CEL checks
		// have subjects that passed, and a disabled check has none.
		if ck.IsGo() || ck.Disabled() {
			continue
		}
		r := st.checks[ck.ID]
		if r == nil {
			subject := ck.Subject
			if subject == "" {
				subject = ctl.AppliesTo
			}
			r = &CheckResult{ID: ck.ID, Title: ck.Title, Severity: ck.Severity, Subject: subject}
		}
		cr.Checks = append(cr.Checks, *r)
		subjects += r.Subjects
		passed += r.Passed
		failed += r.Failed
	}
	if att != nil && !att.IsApplicable() {
		cr.Status, cr.Applicable, cr.Justification, cr.Basis = StatusNotApplicable, false, att.Justification, BasisAttestation
		return cr
	}

	extra := st.extra[ctl.ID]
	auto := ""
	switch {
	case subjects == 0 && extra == 0:
	case failed == 0 && extra == 0:
		auto = StatusPass
	case passed == 0:
		auto = StatusFail
	default:
		auto = StatusPartial
	}
	attested := ""
	if att != nil {
		attested = att.Status
	}
	evidenceOK := st.attestedEvidenceExists(att)

	switch {
	case auto == "" && attested == "":
		cr.Status, cr.Basis = StatusManual, BasisNone
	case auto == "":
		cr.Basis = BasisAttestation
		switch attested {
		case model.AttestImplemented:
			cr.Status = StatusPartial
			if evidenceOK {
				cr.Status = StatusPass
			}
		case model.AttestPartial:
			cr.Status = StatusPartial
		default: // planned, not-implemented
			cr.Status = StatusFail
		}
	case attested == "":
		cr.Status, cr.Basis = auto, BasisAutomated
	default:
		cr.Status, cr.Basis = auto, BasisBoth
		switch attested {
		case model.AttestPartial, model.AttestPlanned:
			if auto == StatusPass {
				cr.Status = StatusPartial
			}
		case model.AttestNotImplemented:
			cr.Status = StatusFail
		case model.AttestImplemented:
			// Evidence the attestation names but that does not exist caps the status.
			if len(att.Evidence) > 0 && !evidenceOK && auto == StatusPass {
				cr.Status = StatusPartial
			}
		}
	}
	var basis []string
	if subjects > 0 {
		b := fmt.Sprintf("%d of %d subjects passed the checks", passed, subjects)
		var failedChecks []string
		for _, r := range cr.Checks {
			if r.Failed > 0 {
				failedChecks = append(failedChecks, fmt.Sprintf("%s %d of %d", r.ID, r.Passed, r.Subjects))
			}
		}
		if len(failedChecks) > 0 {
			b += " (failed: " + strings.Join(failedChecks, ", ") + ")"
		}
		basis = append(basis, b)
	}
	if extra > 0 {
		by := st.extraChecks[ctl.ID]
		ids := make([]string, 0, len(by))
		for id := range by {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for i, id := range ids {
			ids[i] = fmt.Sprintf("%s (%d)", id, by[id])
		}
		basis = append(basis, fmt.Sprintf("%d finding(s) from logs, evidence or the inventory: %s", extra, strings.Join(ids, ", ")))
	}
	if attested != "" {
		a := "attested " + attested
		if att.Owner != "" {
			a += " by " + att.Owner
		}
		basis = append(basis, a)
	}
	if model.SeverityRank(worst) >= model.SeverityRank(model.SeverityHigh) && cr.Status != StatusFail {
		cr.Status = StatusFail
		basis = append(basis, "fails on a "+worst+" finding")
	}
	if len(basis) == 0 {
		basis = append(basis, "no check, finding or attestation")
	}
	cr.StatusBasis = strings.Join(basis, "; ")
	return cr
}
