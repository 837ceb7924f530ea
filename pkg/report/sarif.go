package report

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// SARIF 2.1.0 is written from these few structs rather than through
// github.com/owenrumney/go-sarif/v3: that library marshals every optional
// array of run and result (addresses, graphs, stacks ...) as [] or null and
// every result with "rank": 0 (which SARIF reads as the lowest priority), and
// its sarif package imports xeipuuv/gojsonschema, a module not in go.mod, to
// validate at run time. Our own structs write only what we know, and the test
// validates them against the official schema.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	// sarifFingerprintKey versions our partial fingerprint so that a change of
	// its recipe never silently matches old alerts.
	sarifFingerprintKey = "aimsFinding/v1"
	// sarifFindingIDKey carries the finding ID (model.AssignFindingIDs).
	sarifFindingIDKey = "aimsFindingId/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name     string      `json:"name"`
	Version  string      `json:"version,omitempty"`
	Rules    []sarifRule `json:"rules"`
	FullName string      `json:"fullName,omitempty"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     *sarifText      `json:"shortDescription,omitempty"`
	FullDescription      *sarifText      `json:"fullDescription,omitempty"`
	Help                 *sarifText      `json:"help,omitempty"`
	DefaultConfiguration *sarifRuleConf  `json:"defaultConfiguration,omitempty"`
	Properties           *sarifRuleProps `json:"properties,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags,omitempty"`
	// SecuritySeverity is what GitHub code scanning sorts alerts by (0.0-10.0, as a string).
	SecuritySeverity string `json:"security-severity,omitempty"`
	Control          string `json:"control,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Severity    string `json:"severity"`
	Control     string `json:"control"`
	Check       string `json:"check"`
	SubjectKind string `json:"subjectKind,omitempty"`
	Subject     string `json:"subject,omitempty"`
	Count       int    `json:"count,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// rule is what a SARIF rule is built from: one check of one control.
type rule struct {
	control, controlTitle, check, checkTitle, severity, remediation string
}

func (r rule) id() string { return ruleID(r.control, r.check) }

func ruleID(control, check string) string {
	if check == "" {
		return control
	}
	return control + "/" + check
}

// resultRules lists a rule for every check of every control in the result,
// so that code scanning knows the rules that passed too, plus any rule only a
// finding names (log and loader findings).
func resultRules(res *model.Result) []rule {
	var rules []rule
	for _, c := range res.Controls {
		for _, ch := range c.Checks {
			rules = append(rules, rule{control: c.ID, controlTitle: c.Title, check: ch.ID, checkTitle: ch.Title, severity: ch.Severity})
		}
	}
	titles := map[string]string{}
	for _, c := range res.Controls {
		titles[c.ID] = c.Title
	}
	for i := range rules {
		if rules[i].remediation == "" {
			rules[i].remediation = firstRemediation(res.Findings, rules[i].control, rules[i].check)
		}
	}
	return mergeFindingRules(rules, res.Findings, titles)
}

// findingRules derives rules from findings alone (aims diff, logs analyze).
func findingRules(findings []model.Finding) []rule {
	return mergeFindingRules(nil, findings, nil)
}

func mergeFindingRules(rules []rule, findings []model.Finding, titles map[string]string) []rule {
	seen := map[string]bool{}
	for _, r := range rules {
		seen[r.id()] = true
	}
	for _, f := range sortedFindings(findings) {
		id := ruleID(f.Control, f.Check)
		if seen[id] {
			continue
		}
		seen[id] = true
		rules = append(rules, rule{control: f.Control, controlTitle: titles[f.Control], check: f.Check, severity: f.Severity, remediation: f.Remediation})
	}
	// Rule order is part of the bytes: sort by control (numerically), then check.
	sortRules(rules)
	return rules
}

func firstRemediation(findings []model.Finding, control, check string) string {
	for _, f := range sortedFindings(findings) {
		if f.Control == control && f.Check == check && f.Remediation != "" {
			return f.Remediation
		}
	}
	return ""
}

// WriteFindingsSARIF writes findings as a SARIF 2.1.0 log with one rule per
// control/check that the findings name.
func WriteFindingsSARIF(w io.Writer, findings []model.Finding, opts Options) error {
	return writeSARIF(w, findingRules(findings), findings, opts)
}

func writeSARIF(w io.Writer, rules []rule, findings []model.Finding, opts Options) error {
	index := map[string]int{}
	driver := sarifDriver{
		Name:     "aims",
		Version:  opts.ToolVersion,
		FullName: "aims: ISO/IEC 42001 evidence for AI agents",
		Rules:    make([]sarifRule, 0, len(rules)),
	}
	for i, r := range rules {
		index[r.id()] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(r))
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range sortedFindings(findings) {
		id := ruleID(f.Control, f.Check)
		res := sarifResult{
			RuleID:              id,
			RuleIndex:           index[id],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: resultText(f)},
			PartialFingerprints: sarifFingerprints(f, opts.Root),
			Properties: &sarifResultProps{
				Severity: f.Severity, Control: f.Control, Check: f.Check,
				SubjectKind: f.SubjectKind, Subject: f.Subject, Count: f.Count,
			},
		}
		if f.Location.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(f.Location.File, opts.Root)}}
			if f.Location.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Location.Line, StartColumn: f.Location.Col}
			}
			res.Locations = []sarifLocation{loc}
		}
		results = append(results, res)
	}
	return writeJSON(w, sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: results}},
	})
}

func sarifRuleOf(r rule) sarifRule {
	short := r.checkTitle
	if short == "" {
		short = r.check
	}
	if short == "" {
		short = r.control
	}
	full := r.control
	if r.controlTitle != "" {
		full += " " + r.controlTitle
	}
	full += ": " + short
	help := "ISO/IEC 42001 " + full + "."
	if r.remediation != "" {
		help += "\nRemediation: " + r.remediation
	}
	out := sarifRule{
		ID:                   r.id(),
		Name:                 ruleName(r),
		ShortDescription:     &sarifText{Text: short},
		FullDescription:      &sarifText{Text: full},
		Help:                 &sarifText{Text: help},
		DefaultConfiguration: &sarifRuleConf{Level: sarifLevel(r.severity)},
		Properties: &sarifRuleProps{
			Tags:             ruleTags(r.control),
			SecuritySeverity: securitySeverity(r.severity),
			Control:          r.control,
		},
	}
	return out
}

// ruleName is a PascalCase name from the check id, as SARIF suggests.
func ruleName(r rule) string {
	src := r.check
	if src == "" {
		src = r.control
	}
	var b strings.Builder
	up := true
	for _, c := range src {
		switch {
		case c >= 'a' && c <= 'z':
			if up {
				c -= 'a' - 'A'
			}
			b.WriteRune(c)
			up = false
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

func ruleTags(control string) []string {
	tags := []string{"compliance", "iso42001"}
	if strings.HasPrefix(control, "A.") {
		parts := strings.Split(control, ".")
		if len(parts) >= 2 {
			tags = append(tags, "A."+parts[1])
		}
	}
	return tags
}

// sarifLevel maps a severity onto SARIF's three levels.
func sarifLevel(sev string) string {
	switch model.SeverityRank(sev) {
	case 3, 4:
		return "error"
	case 2:
		return "warning"
	}
	return "note"
}

// securitySeverity follows GitHub's bands: critical > 9.0, high 7.0-8.9,
// medium 4.0-6.9, low 0.1-3.9.
func securitySeverity(sev string) string {
	switch model.SeverityRank(sev) {
	case 4:
		return "9.5"
	case 3:
		return "8.0"
	case 2:
		return "5.5"
	case 1:
		return "2.0"
	}
	return ""
}

func resultText(f model.Finding) string {
	var b strings.Builder
	if f.Subject != "" {
		if f.SubjectKind != "" {
			b.WriteString(f.SubjectKind + " ")
		}
		b.WriteString(f.Subject + ": ")
	}
	b.WriteString(f.Message)
	if f.Remediation != "" {
		b.WriteString("\nRemediation: " + f.Remediation)
	}
	return b.String()
}

// relPath returns file relative to root, slash-separated, and whether it is
// inside root. The loader names files as the user named them (relative to the
// working directory or absolute), so both sides are compared in one form;
// the log analysis names them relative to the root already, so a relative
// path that does not resolve inside root from the working directory, and
// does not climb out with "..", is taken as root-relative.
func relPath(file, root string) (string, bool) {
	if root == "" {
		clean := filepath.Clean(file)
		return filepath.ToSlash(clean), !filepath.IsAbs(clean) && !isUp(clean)
	}
	f, r := filepath.Clean(file), filepath.Clean(root)
	if filepath.IsAbs(f) != filepath.IsAbs(r) {
		if af, err := filepath.Abs(f); err == nil {
			f = af
		}
		if ar, err := filepath.Abs(r); err == nil {
			r = ar
		}
	}
	rel, err := filepath.Rel(r, f)
	if err != nil || isUp(rel) {
		if clean := filepath.Clean(file); !filepath.IsAbs(clean) && !isUp(clean) {
			return filepath.ToSlash(clean), true
		}
		return filepath.ToSlash(f), false
	}
	return filepath.ToSlash(rel), true
}

func isUp(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// artifact locates file for code scanning: relative to the source root when
// it is inside the project, else an absolute file URI.
func artifact(file, root string) sarifArtifact {
	rel, inside := relPath(file, root)
	if inside {
		return sarifArtifact{URI: (&url.URL{Path: rel}).String(), URIBaseID: "%SRCROOT%"}
	}
	abs := file
	if a, err := filepath.Abs(file); err == nil {
		abs = a
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/...
	}
	return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
}

// sarifFingerprints are the result's partial fingerprints: ours, and the
// finding ID every other output shows, so that a code-scanning alert can be
// traced to the same finding in the PDF or the CSV.
func sarifFingerprints(f model.Finding, root string) map[string]string {
	fp := map[string]string{sarifFingerprintKey: fingerprint(f, root)}
	if f.ID != "" {
		fp[sarifFindingIDKey] = f.ID
	}
	return fp
}

// fingerprint identifies a finding across runs: the line is left out so that
// an edit above it does not turn one alert into a new one.
func fingerprint(f model.Finding, root string) string {
	file, _ := relPath(f.Location.File, root)
	if f.Location.File == "" {
		file = ""
	}
	h := sha256.New()
	for _, s := range []string{f.Control, f.Check, f.SubjectKind, f.Subject, file, f.Message} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
