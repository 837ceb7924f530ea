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
		r.Justification, r.JustificationSource = Justification(c)
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

// Justification is the SoA's justification of c and where it comes from:
// the declared one (inventory controls[]), the mandatory-clause sentence, or
// the labelled default derived from what the control's checks judged.
func Justification(c model.ControlResult) (text, source string) {
	switch {
	case strings.TrimSpace(c.Justification) != "":
		return c.Justification, Declared
	case c.Kind == catalogue.KindClause:
		return "clauses 4-10 apply to every AI management system (ISO/IEC 42001 1)", Mandatory
	}
	return derived(c), Derived
}

// derived says why a control with no declared justification is in the SoA:
// what its checks judged, kind by kind (A.4.5 judges agents and systems),
// or that nothing excludes it.
func derived(c model.ControlResult) string {
	if !c.Applicable {
		return "excluded with no justification declared"
	}
	// Checks of one kind judge the same subjects (each may narrow them with
	// its own condition), so the widest check of a kind counts that kind.
	var kinds []string
	most := map[string]int{}
	for _, k := range c.Checks {
		kind := k.Subject
		if kind == "" {
			kind = c.AppliesTo
		}
		if kind == "" {
			kind = "organization"
		}
		if _, ok := most[kind]; !ok {
			kinds = append(kinds, kind)
		}
		most[kind] = max(most[kind], k.Subjects)
	}
	var parts []string
	for _, kind := range kinds {
		switch n := most[kind]; {
		case n == 0:
		case kind == "organization":
			parts = append(parts, "the organisation")
		case n == 1:
			parts = append(parts, "1 "+kind)
		default:
			parts = append(parts, fmt.Sprintf("%d %ss", n, kind))
		}
	}
	subject := c.AppliesTo
	if subject == "" {
		subject = "organization"
	}
	switch {
	case len(parts) == 0 && len(c.Checks) > 0:
		return fmt.Sprintf("applies: in the catalogue and not excluded; no %s was in scope of its checks", subject)
	case len(parts) == 0:
		return "applies: in the catalogue and not excluded by the organisation"
	case len(parts) == 1 && parts[0] == "the organisation":
		return "applies: the organisation is in scope of its checks"
	}
	list := strings.Join(parts[:len(parts)-1], ", ")
	if list != "" {
		list += " and "
	}
	return "applies: " + list + parts[len(parts)-1] + " in scope of its checks"
}

func checks(c model.ControlResult) string {
	if !c.Applicable {
		// The engine does not run an excluded control's checks; "0 of 0
		// passed" would read as a check that found nothing to judge.
		return "not run: excluded from the Statement of Applicability"
	}
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
