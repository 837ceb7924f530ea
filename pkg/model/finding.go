package model

import (
	"strings"
	"time"
)

// Severities, lowest first.
const (
	SeverityNone     = "none"
	SeverityInfo     = "info"
	SeverityLow      = "low"
	SeverityMedium   = "medium"
	SeverityHigh     = "high"
	SeverityCritical = "critical"
)

// Severities lists the finding severities from lowest to highest.
var Severities = []string{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// SeverityRank orders severities: none/info 0, low 1 ... critical 4; unknown -1.
func SeverityRank(s string) int {
	switch strings.ToLower(s) {
	case SeverityNone, SeverityInfo, "":
		return 0
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return -1
}

// Subject kinds.
const (
	SubjectOrganization = "organization"
	SubjectSystem       = "system"
	SubjectAgent        = "agent"
	SubjectVendor       = "vendor"
	SubjectPolicy       = "policy"
	SubjectControl      = "control"
	SubjectLogFile      = "log-file"
)

// Finding is one gap: a check that failed for one subject. It is a claim an
// auditor tests by sampling the records it cites, so it carries them.
type Finding struct {
	// ID is a stable fingerprint: unchanged when unrelated inputs change.
	ID          string `json:"id,omitempty"`
	Control     string `json:"control"`
	Check       string `json:"check"`
	Severity    string `json:"severity"`
	SubjectKind string `json:"subject_kind,omitempty"`
	Subject     string `json:"subject,omitempty"`
	// Location is the file:line of the cause (a YAML key, or the first offending log record).
	Location    Pos    `json:"location"`
	Message     string `json:"message"`
	Remediation string `json:"remediation,omitempty"`
	// Count is how many events a log finding covers (0 for config findings).
	Count int `json:"count,omitempty"`

	// Structured fields, where they apply. Target is the gateway target or
	// MCP server of a qualified tool name (Tool is then the tool part).
	Target    string    `json:"target,omitempty"`
	Tool      string    `json:"tool,omitempty"`
	Operation string    `json:"operation,omitempty"`
	Resource  string    `json:"resource,omitempty"`
	Model     string    `json:"model,omitempty"`
	First     time.Time `json:"first,omitzero"`
	Last      time.Time `json:"last,omitzero"`
	// Samples are up to MaxSamples event locations (file:line, or file plus
	// record index or span ID in Ref), in file order; Location is the first.
	Samples []Sample `json:"samples,omitempty"`
	// Records are the first records behind a log finding, up to the
	// analysis' bound (the pack's --excerpts), in file order; Samples are
	// the first MaxSamples of them. Only the pack writes them, as
	// logs/excerpts/: results.json keeps the samples.
	Records []Sample `json:"-"`
}

// MaxSamples is how many event locations a finding cites at most.
const MaxSamples = 5

// Sample is one cited log record.
type Sample struct {
	Pos
	// Ref names the record inside the line where one line holds many
	// (an OTLP span ID, a CloudTrail record index).
	Ref string `json:"ref,omitempty"`
}

// Less orders findings for every output: severity (highest first), control,
// subject, file, line, check, message. Outputs must be byte-stable.
func (f Finding) Less(g Finding) bool {
	if a, b := SeverityRank(f.Severity), SeverityRank(g.Severity); a != b {
		return a > b
	}
	if f.Control != g.Control {
		return CompareControlIDs(f.Control, g.Control) < 0
	}
	if f.Subject != g.Subject {
		return f.Subject < g.Subject
	}
	if f.Location.File != g.Location.File {
		return f.Location.File < g.Location.File
	}
	if f.Location.Line != g.Location.Line {
		return f.Location.Line < g.Location.Line
	}
	if f.Check != g.Check {
		return f.Check < g.Check
	}
	return f.Message < g.Message
}

// CompareControlIDs orders IDs like 4.1 < 4.10 < 10.1 < A.2.2 < A.10.2 numerically by part.
// It allocates nothing: it runs inside the sort of every finding.
func CompareControlIDs(a, b string) int {
	for a != "" && b != "" {
		pa, ra, _ := strings.Cut(a, ".")
		pb, rb, _ := strings.Cut(b, ".")
		if c := comparePart(pa, pb); c != 0 {
			return c
		}
		a, b = ra, rb
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func comparePart(a, b string) int {
	na, oka := atoi(a)
	nb, okb := atoi(b)
	switch {
	case oka && okb:
		return na - nb
	case oka: // numbers (clauses) before letters (Annex A)
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}
