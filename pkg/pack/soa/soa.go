// Package soa computes the rows of the Statement of Applicability
// (ISO/IEC 42001 6.1.3) and of the clause register from an assessment
// result: one home for what each row says, so that soa.csv and the workbook
// agree. Writers only lay the rows out.
package soa

import (
	"fmt"
	"strings"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
)

// Justification sources.
const (
	Declared  = "declared"
	Derived   = "derived default"
	Mandatory = "mandatory clause"
)

// Row is one control of the SoA, or one clause.
type Row struct {
	Catalogue  string
	ID         string
	Title      string
	Kind       string
	Group      string
	Applicable bool
	// Justification is the declared one (inventory controls[]), else a
	// derived default said as such in JustificationSource.
	Justification       string
	JustificationSource string
	Reason              string   // risk | legal | contract | best-practice, when declared
	Risks               []string // risk IDs, when declared
	// Implementation is the attested status (implemented, partial, planned,
	// not-implemented), with who attested it and when it was reviewed.
	Implementation string
	Owner          string
	ReviewedOn     string
	// Result is the assessment status and Basis what it rests on.
	Result string
	Basis  string
	// Checks is "n of m subjects passed" over the control's checks.
	Checks     string
	Worst      string // the worst finding severity, "" without findings
	FindingIDs []string
	// Evidence is each reference as "path (state)", the path from the project root.
	Evidence []string
}

// Meta is the SoA's document control.
type Meta struct {
	Version     string
	GeneratedAt string
	Catalogues  []string // "id version"
	ApprovedBy  string
	ApprovedOn  string
}

// MetaOf returns the SoA metadata of res and the inventory's declaration (nil: none).
func MetaOf(res *model.Result, inv *model.Inventory) Meta {
	m := Meta{GeneratedAt: res.GeneratedAt.UTC().Format("2006-01-02T15:04:05Z")}
	for _, c := range res.Catalogues {
		m.Catalogues = append(m.Catalogues, strings.TrimSpace(c.ID+" "+c.Version))
	}
	if inv != nil {
		m.Version, m.ApprovedBy, m.ApprovedOn = inv.SoA.Version, inv.SoA.ApprovedBy, inv.SoA.ApprovedOn.String()
	}
	return m
}

// Controls returns the SoA rows: every Annex A and custom control, in result order.
func Controls(res *model.Result, index []evindex.Row) []Row {
	return rows(res, index, func(k string) bool { return k != catalogue.KindClause })
}

// Clauses returns a row per clause 4-10, in result order.
func Clauses(res *model.Result, index []evindex.Row) []Row {
	return rows(res, index, func(k string) bool { return k == catalogue.KindClause })
}

func rows(res *model.Result, index []evindex.Row, want func(string) bool) []Row {
	if index == nil {
		index = evindex.Build(res)
	}
	state := map[string]string{}
	for _, r := range index {
		state[r.Kind+"\x00"+r.Path] = r.State
	}
	byFinding := map[string][]model.Finding{}
	for _, f := range res.Findings {
		byFinding[f.Control] = append(byFinding[f.Control], f)
	}
	var out []Row
	for _, c := range res.Controls {
		if !want(c.Kind) {
			continue
		}
		r := Row{Catalogue: c.Catalogue, ID: c.ID, Title: c.Title, Kind: c.Kind, Group: strings.TrimSpace(c.Group + " " + c.GroupTitle),
			Applicable: c.Applicable, Result: c.Status, Basis: c.StatusBasis}
		if r.Basis == "" {
			r.Basis = c.Basis
		}
		if a := c.Attestation; a != nil {
			r.Implementation, r.Owner, r.ReviewedOn = a.Status, a.Owner, a.ReviewedOn.String()
			r.Reason, r.Risks = a.Reason, a.Risks
		}
		r.Justification, r.JustificationSource = c.Justification, Declared
		switch {
		case strings.TrimSpace(r.Justification) != "":
		case c.Kind == catalogue.KindClause:
			r.Justification, r.JustificationSource = "clauses 4-10 apply to every AI management system (ISO/IEC 42001 1)", Mandatory
		default:
			r.Justification, r.JustificationSource = derived(c), Derived
		}
		r.Checks = checks(c)
		for _, f := range byFinding[c.ID] {
			if r.Worst == "" || model.SeverityRank(f.Severity) > model.SeverityRank(r.Worst) {
				r.Worst = f.Severity
			}
			if f.ID != "" {
				r.FindingIDs = append(r.FindingIDs, f.ID)
			}
		}
		for _, ref := range c.Evidence {
			r.Evidence = append(r.Evidence, evidence(res, c.ID, ref, state))
		}
		out = append(out, r)
	}
	return out
}

// derived says why a control with no declared justification is in the SoA:
// what its checks judged, or that nothing excludes it.
func derived(c model.ControlResult) string {
	if !c.Applicable {
		return "excluded with no justification declared"
	}
	n := 0
	for _, k := range c.Checks {
		n = max(n, k.Subjects)
	}
	subject := c.AppliesTo
	if subject == "" {
		subject = "organization"
	}
	switch {
	case n == 0 && len(c.Checks) > 0:
		return fmt.Sprintf("applies: in the catalogue and not excluded; no %s was in scope of its checks", subject)
	case n == 0:
		return "applies: in the catalogue and not excluded in inventory.yaml controls[]"
	case subject == "organization":
		return "applies: the organisation is in scope of its checks"
	case n == 1:
		return fmt.Sprintf("applies: 1 %s in scope of its checks", subject)
	}
	return fmt.Sprintf("applies: %d %ss in scope of its checks", n, subject)
}

func checks(c model.ControlResult) string {
	var judged, passed int
	for _, k := range c.Checks {
		judged += k.Subjects
		passed += k.Passed
	}
	if len(c.Checks) == 0 {
		return "no automated check"
	}
	n := fmt.Sprintf("%d checks", len(c.Checks))
	if len(c.Checks) == 1 {
		n = "1 check"
	}
	return fmt.Sprintf("%d of %d subject checks passed (%s)", passed, judged, n)
}

// evidence renders one reference of control id as "path (state)".
func evidence(res *model.Result, id, ref string, state map[string]string) string {
	var pick *model.EvidenceRef
	for i := range res.Evidence {
		e := &res.Evidence[i]
		if e.Ref != ref {
			continue
		}
		if pick == nil || e.Owner == "control:"+id {
			pick = e
		}
	}
	if pick == nil {
		return ref
	}
	p, _ := evindex.RootPath(*pick)
	kind := pick.Kind
	if kind == "" {
		kind = "file"
		if model.IsURL(pick.Ref) {
			kind = "url"
		}
	}
	if st := state[kind+"\x00"+p]; st != "" {
		return p + " (" + st + ")"
	}
	return p
}
