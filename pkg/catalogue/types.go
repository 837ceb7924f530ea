// Package catalogue loads control catalogues (YAML, from an fs.FS) and compiles
// their CEL checks. The builtin ISO/IEC 42001 catalogue lives in controls/.
package catalogue

import "github.com/aims-cli/aims/pkg/model"

// Catalogue is one catalogue file set: groups of controls with their checks.
type Catalogue struct {
	APIVersion string  `yaml:"apiVersion" json:"apiVersion"`
	Kind       string  `yaml:"kind" json:"kind"` // Catalogue
	ID         string  `yaml:"id" json:"id"`
	Title      string  `yaml:"title" json:"title"`
	Version    string  `yaml:"version" json:"version"`
	Notice     string  `yaml:"notice" json:"notice,omitempty"`
	Groups     []Group `yaml:"groups" json:"groups"`

	// SHA256 digests every file the catalogue was read from (paths and bytes, in path order).
	SHA256 string `yaml:"-" json:"sha256,omitempty"`
	// Files are the files the catalogue was read from, in path order.
	Files []string `yaml:"-" json:"files,omitempty"`
}

// Group is a clause or an Annex A group (A.2 ... A.10).
type Group struct {
	ID       string    `yaml:"id" json:"id"`
	Title    string    `yaml:"title" json:"title"`
	Controls []Control `yaml:"controls" json:"controls"`
}

// Control kinds.
const (
	KindClause = "clause"
	KindAnnexA = "annex-a-control"
	KindCustom = "custom"
)

// Control is one clause or control.
type Control struct {
	ID          string    `yaml:"id" json:"id"`
	Title       string    `yaml:"title" json:"title"`
	Kind        string    `yaml:"kind" json:"kind"`
	AppliesTo   string    `yaml:"applies_to" json:"applies_to"` // organization|system|agent|vendor
	Summary     string    `yaml:"summary" json:"summary"`
	Evidence    []string  `yaml:"evidence" json:"evidence"`
	Remediation string    `yaml:"remediation" json:"remediation"`
	Crosswalk   Crosswalk `yaml:"crosswalk" json:"crosswalk"`
	Checks      []Check   `yaml:"checks" json:"checks,omitempty"`

	Group      string `yaml:"-" json:"group"`
	GroupTitle string `yaml:"-" json:"group_title"`
	Catalogue  string `yaml:"-" json:"catalogue"`
	// Pos is where the control is defined.
	Pos model.Pos `yaml:"-" json:"-"`
}

// Crosswalk maps a control to other frameworks' items. Indicative, not normative.
type Crosswalk struct {
	EUAIAct   []string `yaml:"eu_ai_act" json:"eu_ai_act,omitempty"`     // "Art. 12"
	NISTAIRMF []string `yaml:"nist_ai_rmf" json:"nist_ai_rmf,omitempty"` // "GOVERN 1.1"
	ISO27001  []string `yaml:"iso27001" json:"iso27001,omitempty"`       // "A.8.15" or "6.1.3"
}

// Check kinds: a CEL rule the engine evaluates, or a detector written in Go
// (log analysis, engine, diff) that only the catalogue declares.
const (
	CheckKindCEL = "cel"
	CheckKindGo  = "go"
)

// Detectors of Go checks: the package whose code emits the check's findings.
const (
	DetectorLogs   = "log-analysis" // pkg/auditlog
	DetectorEngine = "engine"       // pkg/engine (inventory, evidence, credentials, SoA)
	DetectorDiff   = "diff"         // pkg/diff (the change gate)
)

// SeverityFromDetector in a Go check's severity_from says that the detector
// picks the severity per finding (the declared severity is the highest it picks).
const SeverityFromDetector = "detector"

// Check is one automated rule: a CEL expression that is true when the
// subject passes, or (kind go) a detector written in Go whose findings the
// catalogue declares so that a user catalogue can change them.
type Check struct {
	// Control attaches a check from a Checks file to a control by ID; for
	// a Go check it is the control its findings go to by default.
	Control string `yaml:"control" json:"control,omitempty"`
	// Controls (Go checks only) are the other controls the detector may
	// report against, depending on the subject (evidence of a policy goes to
	// the control that asks for the policy).
	Controls []string `yaml:"controls" json:"controls,omitempty"`
	// PerControl (Go checks only): the detector judges each control's own
	// attestation in the SoA, so a finding may go to any control.
	PerControl bool   `yaml:"per_control" json:"per_control,omitempty"`
	ID         string `yaml:"id" json:"id"`
	// Kind is cel (the default) or go.
	Kind string `yaml:"kind" json:"kind,omitempty"`
	// Detector (Go checks only) names the code that emits the findings.
	Detector string `yaml:"detector" json:"detector,omitempty"`
	Title    string `yaml:"title" json:"title"`
	Severity string `yaml:"severity" json:"severity"`
	// Subject overrides the control's applies_to for this check.
	Subject string `yaml:"subject" json:"subject,omitempty"`
	// When (CEL, optional) limits the subjects the check applies to.
	When string `yaml:"when" json:"when,omitempty"`
	// Rule (CEL) is true when the subject passes.
	Rule string `yaml:"rule" json:"rule"`
	// Message (CEL string expression, optional) explains a failure; Title is used otherwise.
	Message string `yaml:"message" json:"message,omitempty"`
	// Path is the YAML path in the subject's file the finding points at ("logging.retention_days").
	Path        string `yaml:"path" json:"path,omitempty"`
	Remediation string `yaml:"remediation" json:"remediation,omitempty"`
	// SeverityFrom (CEL string expression, optional) computes the severity per
	// subject ("agent.computed_tier"); Severity applies when it yields no valid one.
	SeverityFrom string `yaml:"severity_from" json:"severity_from,omitempty"`
	// PathFrom (CEL string expression, optional) computes the path per
	// subject, so a finding points at the field that fails (one answer of
	// several); Path applies when it yields "".
	PathFrom string `yaml:"path_from" json:"path_from,omitempty"`

	// Override is the user catalogue's change to this check, if any; the
	// fields above already carry it.
	Override *Override `yaml:"-" json:"override,omitempty"`

	// Pos is where the check is defined; FieldPos has the positions of its
	// keys ("rule", "when" ...) so that CEL errors point into the YAML.
	Pos      model.Pos       `yaml:"-" json:"-"`
	FieldPos model.Positions `yaml:"-" json:"-"`
}

// IsGo reports whether the check is a Go detector rather than a CEL rule.
func (c *Check) IsGo() bool { return c.Kind == CheckKindGo }

// Disabled reports whether a user catalogue turned the check off.
func (c *Check) Disabled() bool { return c.Override != nil && c.Override.Disable }

// Override changes one declared check (CEL or Go) from a user catalogue:
// its severity, its remediation, or whether it runs at all.
type Override struct {
	Check       string `yaml:"check" json:"check"`
	Severity    string `yaml:"severity" json:"severity,omitempty"`
	Remediation string `yaml:"remediation" json:"remediation,omitempty"`
	Disable     bool   `yaml:"disable" json:"disable,omitempty"`
	// Reason says why; required to disable a check (an auditor asks).
	Reason string `yaml:"reason" json:"reason,omitempty"`

	Pos      model.Pos       `yaml:"-" json:"at"`
	FieldPos model.Positions `yaml:"-" json:"-"`
}

// Set is the catalogues of one run (builtin and the user's), merged.
type Set struct {
	Catalogues []*Catalogue

	controls []*Control          // every control, sorted by model.CompareControlIDs
	byID     map[string]*Control // control ID -> control
	programs map[string]*Program // check ID -> compiled check
	checks   map[string]*Check   // check ID -> declared check (CEL and Go)
	// also maps a control ID to the Go checks that list it under controls.
	also map[string][]*Check
}
