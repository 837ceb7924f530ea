// Package oscal writes an assessment result as a NIST OSCAL 1.0.6
// assessment-results document: one observation per evidence reference, one
// finding per control result, the catalogue referenced through import-ap.
// UUIDs are derived from content (version 5 style), so the same result gives
// the same document.
package oscal

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// Version is the OSCAL version the document declares (its schema is in ../shared/schemas).
const Version = "1.0.6"

// NS is the namespace of aims' own OSCAL properties.
const NS = "https://github.com/aims-cli/aims/ns/oscal"

// Options tune Write.
type Options struct {
	// CatalogueHref is where import-ap points: the catalogue as assessed
	// (in a pack, "../inputs/catalogues/<id>.json"). Empty means "#".
	CatalogueHref string
}

// namespace is the UUID namespace of every aims OSCAL UUID.
var namespace = [16]byte{0x6b, 0x1f, 0x2c, 0x3e, 0x8a, 0x41, 0x4d, 0x52, 0x9c, 0x07, 0x5e, 0x61, 0x2a, 0x93, 0xb4, 0x10}

// uuid5 is a name-based UUID (RFC 4122 version 5: SHA-1 of namespace and name).
func uuid5(name string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

type prop struct {
	Name    string `json:"name"`
	NS      string `json:"ns,omitempty"`
	Value   string `json:"value"`
	Remarks string `json:"remarks,omitempty"`
}

type party struct {
	UUID string `json:"uuid"`
	Type string `json:"type"`
	Name string `json:"name"`
}

type metadata struct {
	Title        string  `json:"title"`
	LastModified string  `json:"last-modified"`
	Version      string  `json:"version"`
	OSCALVersion string  `json:"oscal-version"`
	Props        []prop  `json:"props,omitempty"`
	Parties      []party `json:"parties,omitempty"`
}

type selectControl struct {
	ControlID string `json:"control-id"`
}

type controlSelection struct {
	Description     string          `json:"description,omitempty"`
	IncludeControls []selectControl `json:"include-controls,omitempty"`
	ExcludeControls []selectControl `json:"exclude-controls,omitempty"`
	Remarks         string          `json:"remarks,omitempty"`
}

type reviewedControls struct {
	ControlSelections []controlSelection `json:"control-selections"`
}

type relevantEvidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
	Props       []prop `json:"props,omitempty"`
}

type observation struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title,omitempty"`
	Description      string             `json:"description"`
	Props            []prop             `json:"props,omitempty"`
	Methods          []string           `json:"methods"`
	RelevantEvidence []relevantEvidence `json:"relevant-evidence,omitempty"`
	Collected        string             `json:"collected"`
}

type objectiveStatus struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type target struct {
	Type     string          `json:"type"`
	TargetID string          `json:"target-id"`
	Title    string          `json:"title,omitempty"`
	Props    []prop          `json:"props,omitempty"`
	Status   objectiveStatus `json:"status"`
}

type relatedObservation struct {
	ObservationUUID string `json:"observation-uuid"`
}

type finding struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Props               []prop               `json:"props,omitempty"`
	Target              target               `json:"target"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
	RelatedRisks        []relatedRisk        `json:"related-risks,omitempty"`
}

type relatedRisk struct {
	RiskUUID string `json:"risk-uuid"`
}

// risk is an OSCAL identified risk: one per high or critical finding.
type risk struct {
	UUID                string               `json:"uuid"`
	Title               string               `json:"title"`
	Description         string               `json:"description"`
	Statement           string               `json:"statement"`
	Props               []prop               `json:"props,omitempty"`
	Status              string               `json:"status"`
	RelatedObservations []relatedObservation `json:"related-observations,omitempty"`
}

type result struct {
	UUID             string           `json:"uuid"`
	Title            string           `json:"title"`
	Description      string           `json:"description"`
	Start            string           `json:"start"`
	Props            []prop           `json:"props,omitempty"`
	ReviewedControls reviewedControls `json:"reviewed-controls"`
	Observations     []observation    `json:"observations,omitempty"`
	Risks            []risk           `json:"risks,omitempty"`
	Findings         []finding        `json:"findings,omitempty"`
}

type importAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type assessmentResults struct {
	UUID     string   `json:"uuid"`
	Metadata metadata `json:"metadata"`
	ImportAP importAP `json:"import-ap"`
	Results  []result `json:"results"`
}

type document struct {
	AssessmentResults assessmentResults `json:"assessment-results"`
}

// Write writes res as OSCAL assessment-results JSON (indented, final newline).
func Write(w io.Writer, res *model.Result, opts Options) error {
	doc := build(res, opts)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

func build(res *model.Result, opts Options) document {
	generated := timestamp(res.GeneratedAt)
	seed := res.Organization + "\x00" + generated
	for _, c := range res.Catalogues {
		seed += "\x00" + c.ID + "@" + c.Version + "#" + c.SHA256
	}
	org := nonEmpty(res.Organization, "unnamed organisation")
	version := nonEmpty(res.Tool.Version, "dev")

	md := metadata{
		Title:        "ISO/IEC 42001 assessment results: " + line(org),
		LastModified: generated,
		Version:      version,
		OSCALVersion: Version,
		Parties:      []party{{UUID: uuid5(seed + "\x00party"), Type: "organization", Name: line(org)}},
	}
	md.Props = addProp(md.Props, "aims-scope", res.Scope)
	md.Props = addProp(md.Props, "tool", strings.TrimSpace(res.Tool.Name+" "+res.Tool.Version))

	href := opts.CatalogueHref
	if href == "" {
		href = "#"
	}
	var catRemarks []string
	for _, c := range res.Catalogues {
		catRemarks = append(catRemarks, fmt.Sprintf("%s %s (%s) sha256:%s", c.ID, c.Version, c.Title, c.SHA256))
	}
	ap := importAP{Href: href}
	if len(catRemarks) > 0 {
		ap.Remarks = "No assessment plan is published; this references the control catalogue as assessed: " + strings.Join(catRemarks, "; ")
	}

	r := result{
		UUID:        uuid5(seed + "\x00result"),
		Title:       "Assessment of " + line(org),
		Description: "Automated ISO/IEC 42001 assessment by aims of the AI management system inventory, agent configurations" + logsPhrase(res) + ".",
		Start:       generated,
	}
	r.Props = addProp(r.Props, "period-from", res.Period.From.String())
	r.Props = addProp(r.Props, "period-to", res.Period.To.String())

	// OSCAL's objective status has only satisfied and not-satisfied, so a
	// control excluded from the Statement of Applicability is not a finding
	// at all: it is an excluded control of the reviewed selection, with its
	// justification in the remarks (issue 13 §9: never "satisfied").
	sel := controlSelection{Description: "Every applicable control of the applied catalogue(s); the controls excluded from the Statement of Applicability are listed as excluded."}
	var excluded []string
	for _, c := range res.Controls {
		if c.Status == model.StatusNotApplicable {
			sel.ExcludeControls = append(sel.ExcludeControls, selectControl{ControlID: Token(c)})
			why := nonEmpty(line(c.Justification), "no justification declared")
			excluded = append(excluded, line(c.ID+" "+c.Title)+" ("+why+")")
			continue
		}
		sel.IncludeControls = append(sel.IncludeControls, selectControl{ControlID: Token(c)})
	}
	if len(excluded) > 0 {
		sel.Remarks = "Excluded from the Statement of Applicability: " + strings.Join(excluded, "; ") + "."
	}
	r.ReviewedControls.ControlSelections = []controlSelection{sel}

	byRef := map[string][]string{}
	for i, ev := range res.Evidence {
		id := uuid5(seed + "\x00observation\x00" + strconv.Itoa(i) + "\x00" + ev.Owner + "\x00" + ev.Ref)
		byRef[ev.Ref] = append(byRef[ev.Ref], id)
		o := observation{
			UUID:        id,
			Title:       line(nonEmpty(ev.Ref, "evidence")),
			Description: fmt.Sprintf("Evidence %q (%s) referenced by %s: %s.", ev.Ref, nonEmpty(ev.Kind, "file"), nonEmpty(ev.Owner, "the inputs"), nonEmpty(ev.State, "unknown")),
			Methods:     []string{"EXAMINE"},
			Collected:   generated,
		}
		o.Props = addProp(o.Props, "evidence-owner", ev.Owner)
		o.Props = addProp(o.Props, "evidence-state", ev.State)
		o.Props = addProp(o.Props, "source", ev.Source.String())
		re := relevantEvidence{Href: evidenceHref(ev.Ref, ev.Kind), Description: "Evidence " + line(nonEmpty(ev.Ref, "reference")) + " (" + nonEmpty(ev.State, "unknown") + ")"}
		re.Props = addProp(re.Props, "sha256", ev.SHA256)
		if ev.Size > 0 {
			re.Props = addProp(re.Props, "size", strconv.FormatInt(ev.Size, 10))
		}
		o.RelevantEvidence = []relevantEvidence{re}
		r.Observations = append(r.Observations, o)
	}

	// Each control's finding names the aims findings behind it by their
	// stable IDs, so that a row of the PDF or the CSV can be found here;
	// each aims finding is an observation of its own, and a high or critical
	// one an open risk, both linked from the control's finding.
	findingIDs := map[string][]string{}
	findingObs := map[string][]string{}
	findingRisks := map[string][]string{}
	for i, af := range res.Findings {
		if af.ID != "" {
			findingIDs[af.Control] = append(findingIDs[af.Control], af.ID)
		}
		key := nonEmpty(af.ID, strconv.Itoa(i))
		oid := uuid5(seed + "\x00finding-observation\x00" + key)
		method := "EXAMINE"
		if af.Count > 0 {
			method = "TEST"
		}
		o := observation{
			UUID:        oid,
			Title:       line(nonEmpty(af.ID, "finding") + " " + af.Check),
			Description: nonEmpty(line(af.Message), "Finding "+key+"."),
			Methods:     []string{method},
			Collected:   generated,
		}
		o.Props = addProp(o.Props, "aims-finding-id", af.ID)
		o.Props = addProp(o.Props, "severity", af.Severity)
		o.Props = addProp(o.Props, "check", af.Check)
		o.Props = addProp(o.Props, "subject", strings.Trim(af.SubjectKind+":"+af.Subject, ":"))
		o.Props = addProp(o.Props, "source", af.Location.String())
		if af.Count > 0 {
			o.Props = addProp(o.Props, "events", strconv.Itoa(af.Count))
		}
		r.Observations = append(r.Observations, o)
		findingObs[af.Control] = append(findingObs[af.Control], oid)
		if model.SeverityRank(af.Severity) >= model.SeverityRank(model.SeverityHigh) {
			rk := risk{
				UUID:                uuid5(seed + "\x00finding-risk\x00" + key),
				Title:               line(nonEmpty(af.ID, "finding") + " " + af.Check + " (" + af.Severity + ")"),
				Description:         nonEmpty(line(af.Message), "Finding "+key+"."),
				Statement:           nonEmpty(line(af.Remediation), "No remediation is given in the catalogue."),
				Status:              "open",
				RelatedObservations: []relatedObservation{{ObservationUUID: oid}},
			}
			rk.Props = addProp(rk.Props, "aims-finding-id", af.ID)
			rk.Props = addProp(rk.Props, "severity", af.Severity)
			r.Risks = append(r.Risks, rk)
			findingRisks[af.Control] = append(findingRisks[af.Control], rk.UUID)
		}
	}
	for _, c := range res.Controls {
		if c.Status == model.StatusNotApplicable {
			continue
		}
		f := finding{
			UUID:        uuid5(seed + "\x00finding\x00" + c.Catalogue + "\x00" + c.ID),
			Title:       line(c.ID + " " + c.Title),
			Description: description(c),
			Target: target{
				Type:     "objective-id",
				TargetID: Token(c),
				Title:    line(c.ID + " " + c.Title),
				Status:   status(c),
			},
		}
		f.Props = addProp(f.Props, "aims-status", c.Status)
		f.Props = addProp(f.Props, "basis", c.Basis)
		f.Props = addProp(f.Props, "control-id", c.ID)
		f.Props = addProp(f.Props, "applicable", strconv.FormatBool(c.Applicable))
		f.Target.Props = addProp(f.Target.Props, "aims-status", c.Status)
		for _, id := range findingIDs[c.ID] {
			f.Props = addProp(f.Props, "aims-finding-id", id)
		}
		seen := map[string]bool{}
		for _, id := range findingObs[c.ID] {
			seen[id] = true
			f.RelatedObservations = append(f.RelatedObservations, relatedObservation{ObservationUUID: id})
		}
		for _, id := range findingRisks[c.ID] {
			f.RelatedRisks = append(f.RelatedRisks, relatedRisk{RiskUUID: id})
		}
		for _, ref := range c.Evidence {
			for _, id := range byRef[ref] {
				if !seen[id] {
					seen[id] = true
					f.RelatedObservations = append(f.RelatedObservations, relatedObservation{ObservationUUID: id})
				}
			}
		}
		r.Findings = append(r.Findings, f)
	}

	return document{AssessmentResults: assessmentResults{
		UUID:     uuid5(seed + "\x00assessment-results"),
		Metadata: md,
		ImportAP: ap,
		Results:  []result{r},
	}}
}

func logsPhrase(res *model.Result) string {
	if res.Logs == nil {
		return " (audit logs not analysed)"
	}
	return fmt.Sprintf(" and %d audit-log events", res.Logs.Events)
}

// status maps an aims status onto OSCAL's two states. Only pass satisfies a
// control; manual is never counted as passed. Excluded controls have no
// finding (see the reviewed controls).
func status(c model.ControlResult) objectiveStatus {
	switch c.Status {
	case model.StatusPass:
		return objectiveStatus{State: "satisfied", Reason: "pass"}
	case model.StatusManual:
		return objectiveStatus{State: "not-satisfied", Reason: "other", Remarks: "Manual: not verifiable automatically and not attested; the auditor must examine it."}
	case model.StatusPartial:
		return objectiveStatus{State: "not-satisfied", Reason: "fail", Remarks: "Partially implemented."}
	}
	return objectiveStatus{State: "not-satisfied", Reason: "fail"}
}

func justification(c model.ControlResult) string {
	if j := strings.TrimSpace(c.Justification); j != "" {
		return ": " + j
	}
	return "."
}

func description(c model.ControlResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Status %s (basis: %s)", c.Status, nonEmpty(c.Basis, "none"))
	if !c.Applicable {
		b.WriteString("; not applicable" + justification(c))
	} else {
		b.WriteString(".")
	}
	for _, ch := range c.Checks {
		fmt.Fprintf(&b, " Check %s: %d of %d subjects passed.", ch.ID, ch.Passed, ch.Subjects)
	}
	if c.Findings > 0 {
		fmt.Fprintf(&b, " %d finding(s).", c.Findings)
	}
	return b.String()
}

// Token turns a control ID into an OSCAL token (a letter or _ first, then
// letters, digits, '.', '-', '_'): clause "4.1" becomes "clause-4.1".
func Token(c model.ControlResult) string {
	var b strings.Builder
	for _, r := range c.ID {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	s := b.String()
	if s == "" {
		return "control-unnamed"
	}
	if r := []rune(s)[0]; !unicode.IsLetter(r) && r != '_' {
		if c.Kind == catalogue.KindClause {
			return "clause-" + s
		}
		return "control-" + s
	}
	return s
}

// href_ makes an evidence reference a URI reference: URLs as they are,
// paths escaped segment by segment.
func evidenceHref(ref, kind string) string {
	if ref == "" {
		return ""
	}
	if u, err := url.Parse(ref); err == nil && u.Scheme != "" && u.Host != "" && !strings.ContainsAny(ref, " \t\n") {
		return ref
	}
	parts := strings.Split(ref, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// addProp appends a property when the value is not blank (OSCAL values must
// not be empty or start or end with white space).
func addProp(ps []prop, name, value string) []prop {
	value = strings.TrimSpace(line(value))
	if value == "" {
		return ps
	}
	return append(ps, prop{Name: name, NS: NS, Value: value})
}

// line folds a text onto one line (titles are markup-line in OSCAL).
func line(s string) string { return strings.Join(strings.Fields(s), " ") }

func nonEmpty(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		t = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t.UTC().Format(time.RFC3339)
}
