package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// JUnit XML as CI systems read it (the Jenkins/Ant schema): a control is a
// test case, a failing or partial control a failure, a control nobody can
// judge automatically (manual, not applicable) a skipped test, never a pass.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties *junitProps     `xml:"properties,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitProps struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitWriter struct {
	w    io.Writer
	opts Options
}

func (s *junitSuite) add(c junitTestCase) {
	s.Cases = append(s.Cases, c)
	s.Tests++
	switch {
	case c.Failure != nil:
		s.Failures++
	case c.Skipped != nil:
		s.Skipped++
	}
}

func (j *junitWriter) write(doc junitSuites) error {
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
	}
	if _, err := io.WriteString(j.w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(j.w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(j.w, "\n")
	return err
}

func (j *junitWriter) result(res *model.Result) error {
	byControl := findingsByControl(res.Findings)
	groups := map[string]*junitSuite{}
	var order []string
	controls := slices.Clone(res.Controls)
	slices.SortStableFunc(controls, func(a, b model.ControlResult) int { return model.CompareControlIDs(a.ID, b.ID) })
	for _, c := range controls {
		s, ok := groups[c.Group]
		if !ok {
			name := c.Group
			if c.GroupTitle != "" {
				name += " " + c.GroupTitle
			}
			s = &junitSuite{Name: strings.TrimSpace(name)}
			groups[c.Group] = s
			order = append(order, c.Group)
		}
		s.add(controlCase(c, byControl[c.ID]))
	}
	slices.SortStableFunc(order, model.CompareControlIDs)
	doc := junitSuites{Name: "aims " + strings.TrimSpace(res.Organization)}
	for _, g := range order {
		doc.Suites = append(doc.Suites, *groups[g])
	}
	// Findings whose control is not in the result (loader warnings, log
	// findings of custom rules) still fail the run: one suite holds them.
	known := map[string]bool{}
	for _, c := range res.Controls {
		known[c.ID] = true
	}
	var orphans []model.Finding
	for _, f := range sortedFindings(res.Findings) {
		if !known[f.Control] {
			orphans = append(orphans, f)
		}
	}
	if len(orphans) > 0 {
		doc.Suites = append(doc.Suites, findingsSuite("other findings", orphans))
	}
	return j.write(doc)
}

func controlCase(c model.ControlResult, findings []model.Finding) junitTestCase {
	tc := junitTestCase{Name: strings.TrimSpace(c.ID + " " + c.Title), Classname: classname(c.Catalogue, c.Group)}
	switch c.Status {
	case model.StatusFail, model.StatusPartial:
		msg := c.Status
		if n := len(findings); n > 0 {
			msg = fmt.Sprintf("%s: %d finding%s, highest %s", c.Status, n, plural(n), findings[0].Severity)
		}
		tc.Failure = &junitFailure{Message: msg, Type: c.Status, Text: findingLines(findings)}
	case model.StatusManual:
		tc.Skipped = &junitSkipped{Message: "manual: no automated check decides this control; attest it in the inventory with evidence"}
	case model.StatusNotApplicable:
		msg := "not applicable"
		if c.Justification != "" {
			msg += ": " + c.Justification
		}
		tc.Skipped = &junitSkipped{Message: msg}
	default:
		if c.Basis != "" {
			tc.SystemOut = "basis: " + c.Basis
		}
	}
	return tc
}

func classname(catalogue, group string) string {
	if catalogue == "" {
		catalogue = "aims"
	}
	if group == "" {
		return catalogue
	}
	return catalogue + "." + group
}

func findingLines(findings []model.Finding) string {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "[%s] %s", f.Severity, ruleID(f.Control, f.Check))
		if loc := f.Location.String(); loc != "" {
			b.WriteString(" at " + loc)
		}
		b.WriteString("\n  ")
		if f.Subject != "" {
			b.WriteString(strings.TrimSpace(f.SubjectKind+" "+f.Subject) + ": ")
		}
		b.WriteString(f.Message)
		if f.Count > 0 {
			b.WriteString(" (" + count(f.Count, "event") + ")")
		}
		if f.Remediation != "" {
			b.WriteString("\n  remediation: " + f.Remediation)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func findingsByControl(fs []model.Finding) map[string][]model.Finding {
	m := map[string][]model.Finding{}
	for _, f := range sortedFindings(fs) {
		m[f.Control] = append(m[f.Control], f)
	}
	return m
}

// findingsSuite is one test case per finding.
func findingsSuite(name string, findings []model.Finding) junitSuite {
	s := junitSuite{Name: name}
	for _, f := range sortedFindings(findings) {
		tcName := ruleID(f.Control, f.Check)
		if f.Subject != "" {
			tcName += " " + f.Subject
		}
		s.add(junitTestCase{
			Name:      tcName,
			Classname: classname("", f.Control),
			Failure:   &junitFailure{Message: f.Message, Type: f.Severity, Text: findingLines([]model.Finding{f})},
		})
	}
	return s
}

// WriteFindingsJUnit writes findings as one JUnit test suite named suite, one
// failed test case per finding (an empty suite when there are none).
func WriteFindingsJUnit(w io.Writer, suite string, findings []model.Finding, opts Options) error {
	j := &junitWriter{w: w, opts: opts}
	return j.write(junitSuites{Name: "aims", Suites: []junitSuite{findingsSuite(suite, findings)}})
}

// logs writes a log analysis: a suite of inventory agents (failed when the
// logs show them out of scope), one of shadow agents (always failed), one of
// files (failed when unreadable) and one of findings that name no agent.
func (j *junitWriter) logs(s *model.LogSummary) error {
	byAgent := map[string][]model.Finding{}
	for _, f := range sortedFindings(s.Findings) {
		byAgent[f.Subject] = append(byAgent[f.Subject], f)
	}
	used := map[string]bool{}

	agents := junitSuite{Name: "agents"}
	for _, a := range sortedActivity(s.Agents) {
		tc := junitTestCase{Name: a.Agent, Classname: "aims.logs.agent",
			SystemOut: fmt.Sprintf("%d events from %s to %s", a.Events, rfc3339(a.FirstSeen), rfc3339(a.LastSeen))}
		if fs := byAgent[a.Agent]; len(fs) > 0 {
			used[a.Agent] = true
			tc.Failure = &junitFailure{
				Message: fmt.Sprintf("%d finding%s, highest %s", len(fs), plural(len(fs)), fs[0].Severity),
				Type:    fs[0].Severity, Text: findingLines(fs),
			}
		}
		agents.add(tc)
	}
	shadow := junitSuite{Name: "shadow agents"}
	for _, sh := range sortedShadow(s.Shadow) {
		used[sh.Identity] = true
		text := fmt.Sprintf("%d events from %s to %s, first at %s\n", sh.Events, rfc3339(sh.FirstSeen), rfc3339(sh.LastSeen), sh.Source)
		text += findingLines(byAgent[sh.Identity])
		shadow.add(junitTestCase{Name: sh.Identity, Classname: "aims.logs.shadow",
			Failure: &junitFailure{Message: "activity of an identity that matches no inventory agent", Type: "shadow-agent", Text: text}})
	}
	files := junitSuite{Name: "log files"}
	for _, f := range s.Files {
		tc := junitTestCase{Name: f.Path, Classname: "aims.logs.file",
			SystemOut: fmt.Sprintf("%s: %d events read, %d skipped", f.Format, f.Events, f.Skipped)}
		if f.Unreadable != "" {
			tc.Failure = &junitFailure{Message: "unreadable: " + f.Unreadable, Type: "unreadable"}
		} else if f.Skipped > 0 {
			tc.SystemOut += "\n" + recordErrorLines(f.Errors)
		}
		files.add(tc)
	}
	doc := junitSuites{Name: "aims logs", Suites: []junitSuite{agents, shadow, files}}
	var rest []model.Finding
	for _, f := range sortedFindings(s.Findings) {
		if !used[f.Subject] {
			rest = append(rest, f)
		}
	}
	if len(rest) > 0 {
		doc.Suites = append(doc.Suites, findingsSuite("other findings", rest))
	}
	return j.write(doc)
}

func recordErrorLines(errs []model.RecordError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "%s: %s\n", e.Location, e.Reason)
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
