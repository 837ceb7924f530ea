package model

// Config is aims.yaml (kind Config): where the inputs are and how to judge them.
type Config struct {
	APIVersion string      `yaml:"apiVersion" json:"apiVersion" jsonschema:"required,enum=aims/v1"`
	Kind       string      `yaml:"kind" json:"kind" jsonschema:"required,enum=Config"`
	Inventory  string      `yaml:"inventory" json:"inventory,omitempty" jsonschema_description:"path of inventory.yaml, relative to this file"`
	Agents     string      `yaml:"agents" json:"agents,omitempty" jsonschema_description:"directory or glob of agent configs, relative to this file"`
	Logs       []LogSource `yaml:"logs" json:"logs,omitempty"`
	Catalogues []string    `yaml:"catalogues" json:"catalogues,omitempty" jsonschema_description:"builtin and/or paths of catalogue files or directories"`
	Period     Period      `yaml:"period" json:"period,omitempty"`
	Output     string      `yaml:"output" json:"output,omitempty"`
	// Format is an output format; the loader and the schema take the names
	// from the report registry (pkg/schema registryEnums).
	Format     string     `yaml:"format" json:"format,omitempty"`
	FailOn     string     `yaml:"fail_on" json:"fail_on,omitempty" jsonschema:"enum=none,enum=low,enum=medium,enum=high,enum=critical"`
	Thresholds Thresholds `yaml:"thresholds" json:"thresholds,omitempty"`
	// CorrectiveActions is the severity policy of the corrective-action register.
	CorrectiveActions CorrectiveActions `yaml:"corrective_actions" json:"corrective_actions,omitempty"`
	// Pack sets what `aims pack` writes beyond its flags' defaults.
	Pack PackSettings `yaml:"pack" json:"pack,omitempty"`

	// Dir is the project root: the folder of aims.yaml. Evidence never leaves it.
	Dir string `yaml:"-" json:"-"`
	// File is the path aims.yaml was read from ("" when defaults were used).
	File string `yaml:"-" json:"-"`
}

// CorrectiveActions sets how many days after the assessment an action is
// due, per finding severity (critical, high, medium, low).
type CorrectiveActions struct {
	DueDays map[string]int `yaml:"due_days" json:"due_days,omitempty" jsonschema_description:"days to fix a finding, by severity; defaults critical 7, high 30, medium 90, low 180"`
}

// PackSettings are the pack's settings in aims.yaml; a flag beats them.
type PackSettings struct {
	// Excerpts is how many log records per finding go to logs/excerpts/
	// (nil: the default, 20; 0: none).
	Excerpts *int `yaml:"excerpts" json:"excerpts,omitempty" jsonschema:"minimum=0" jsonschema_description:"log records per finding written to the pack's logs/excerpts/, the first by file and line (default 20, 0 for none)"`
}

// LogSource names one audit-log export: a file, a directory or a glob.
type LogSource struct {
	Path string `yaml:"path" json:"path" jsonschema:"required"`
	// Format is auto or a log format; the loader and the schema take the
	// names from the log-format registry (pkg/schema registryEnums).
	Format string `yaml:"format" json:"format,omitempty"`
	// Mapping maps native event fields (time, agent, tool ...) to CSV column names.
	Mapping map[string]string `yaml:"mapping" json:"mapping,omitempty"`
}

// Period is an inclusive range of whole UTC days.
type Period struct {
	From Date `yaml:"from" json:"from,omitempty"`
	To   Date `yaml:"to" json:"to,omitempty"`
}

// Thresholds tune the age and coverage checks.
type Thresholds struct {
	LogGapHours                  int   `yaml:"log_gap_hours" json:"log_gap_hours,omitempty" jsonschema:"minimum=1"`
	LogRetentionMinDays          int   `yaml:"log_retention_min_days" json:"log_retention_min_days,omitempty" jsonschema:"minimum=0"`
	ImpactAssessmentMaxAgeMonths int   `yaml:"impact_assessment_max_age_months" json:"impact_assessment_max_age_months,omitempty" jsonschema:"minimum=1"`
	VendorReviewMaxAgeMonths     int   `yaml:"vendor_review_max_age_months" json:"vendor_review_max_age_months,omitempty" jsonschema:"minimum=1"`
	MaxRecordBytes               int64 `yaml:"max_record_bytes" json:"max_record_bytes,omitempty" jsonschema:"minimum=1024"`
}

// DefaultThresholds are the values of docs/contract.md §2.
func DefaultThresholds() Thresholds {
	return Thresholds{
		LogGapHours:                  24,
		LogRetentionMinDays:          180,
		ImpactAssessmentMaxAgeMonths: 12,
		VendorReviewMaxAgeMonths:     12,
		MaxRecordBytes:               10 << 20,
	}
}

// WithDefaults fills every unset threshold from DefaultThresholds.
func (t Thresholds) WithDefaults() Thresholds {
	d := DefaultThresholds()
	if t.LogGapHours == 0 {
		t.LogGapHours = d.LogGapHours
	}
	if t.LogRetentionMinDays == 0 {
		t.LogRetentionMinDays = d.LogRetentionMinDays
	}
	if t.ImpactAssessmentMaxAgeMonths == 0 {
		t.ImpactAssessmentMaxAgeMonths = d.ImpactAssessmentMaxAgeMonths
	}
	if t.VendorReviewMaxAgeMonths == 0 {
		t.VendorReviewMaxAgeMonths = d.VendorReviewMaxAgeMonths
	}
	if t.MaxRecordBytes == 0 {
		t.MaxRecordBytes = d.MaxRecordBytes
	}
	return t
}
