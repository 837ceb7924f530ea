package model

import "strings"

// Inventory is inventory.yaml (kind Inventory): the organisation, its AI
// policies, the AI system inventory, the vendor register and the
// Statement-of-Applicability attestations.
type Inventory struct {
	APIVersion   string               `yaml:"apiVersion" json:"apiVersion" jsonschema:"required,enum=aims/v1"`
	Kind         string               `yaml:"kind" json:"kind" jsonschema:"required,enum=Inventory"`
	Organization Organization         `yaml:"organization" json:"organization"`
	Policies     []Policy             `yaml:"policies" json:"policies,omitempty"`
	Systems      []System             `yaml:"systems" json:"systems,omitempty"`
	Vendors      []Vendor             `yaml:"vendors" json:"vendors,omitempty"`
	Controls     []ControlAttestation `yaml:"controls" json:"controls,omitempty"`
	// SoA is the Statement of Applicability as a document: its version and approval.
	SoA SoAMeta `yaml:"soa" json:"soa,omitzero"`

	File string    `yaml:"-" json:"-"`
	Pos  Positions `yaml:"-" json:"-"`
}

// Organization describes who runs the AI management system.
type Organization struct {
	Name      string `yaml:"name" json:"name" jsonschema:"required"`
	AIMSScope string `yaml:"aims_scope" json:"aims_scope,omitempty"`
	Roles     []Role `yaml:"roles" json:"roles,omitempty"`
}

// Role assigns a named person to an AIMS role (ai-owner, risk-owner, dpo, incident-contact ...).
type Role struct {
	Role  string `yaml:"role" json:"role" jsonschema:"required"`
	Name  string `yaml:"name" json:"name" jsonschema:"required"`
	Email string `yaml:"email" json:"email,omitempty"`
}

// Policy kinds the catalogue looks for.
const (
	PolicyAI                    = "ai-policy"
	PolicyRiskAssessment        = "risk-assessment-procedure"
	PolicyImpactAssessment      = "impact-assessment-procedure"
	PolicyIncidentCommunication = "incident-communication"
	PolicyConcernReporting      = "concern-reporting"
	PolicyResponsibleUse        = "responsible-use"
	PolicyDataGovernance        = "data-governance"
)

// Policy is one documented AIMS policy or procedure.
type Policy struct {
	ID                   string   `yaml:"id" json:"id" jsonschema:"required"`
	Title                string   `yaml:"title" json:"title,omitempty"`
	Kind                 string   `yaml:"kind" json:"kind" jsonschema:"required"`
	Owner                string   `yaml:"owner" json:"owner,omitempty"`
	ApprovedBy           string   `yaml:"approved_by" json:"approved_by,omitempty"`
	ApprovedOn           Date     `yaml:"approved_on" json:"approved_on,omitempty"`
	ReviewIntervalMonths int      `yaml:"review_interval_months" json:"review_interval_months,omitempty" jsonschema:"minimum=1"`
	Evidence             []string `yaml:"evidence" json:"evidence,omitempty"`
}

// Risk is a declared risk level with the date and reference of its assessment.
type Risk struct {
	Level      string `yaml:"level" json:"level,omitempty" jsonschema:"enum=low,enum=medium,enum=high,enum=critical"`
	AssessedOn Date   `yaml:"assessed_on" json:"assessed_on,omitempty"`
	Ref        string `yaml:"ref" json:"ref,omitempty"`
	// Accepted records that a named person accepts the risk as declared,
	// although aims computes a higher tier, until Expires.
	Accepted *RiskAcceptance `yaml:"accepted" json:"accepted,omitempty"`
}

// RiskAcceptance is a risk owner's acceptance of a declared level below the
// computed tier (ISO/IEC 42001 6.1.3: risk treatment, retained risk). It holds
// from On through Expires; after that the divergence is a finding again.
type RiskAcceptance struct {
	By        string `yaml:"by" json:"by" jsonschema:"required" jsonschema_description:"who accepts the risk (the risk owner)"`
	On        Date   `yaml:"on" json:"on" jsonschema:"required"`
	Rationale string `yaml:"rationale" json:"rationale" jsonschema:"required" jsonschema_description:"why the declared level is kept"`
	Expires   Date   `yaml:"expires" json:"expires" jsonschema:"required" jsonschema_description:"last day the acceptance holds"`
}

// ImpactAssessment records an AI system impact assessment (6.1.4, A.5).
type ImpactAssessment struct {
	DoneOn Date   `yaml:"done_on" json:"done_on,omitempty"`
	Ref    string `yaml:"ref" json:"ref,omitempty"`
	// Individuals and Society summarise the assessed impacts; empty means not covered.
	Individuals string `yaml:"individuals" json:"individuals,omitempty"`
	Society     string `yaml:"society" json:"society,omitempty"`
}

// System is one AI system of the inventory.
type System struct {
	ID               string           `yaml:"id" json:"id" jsonschema:"required"`
	Name             string           `yaml:"name" json:"name,omitempty"`
	Purpose          string           `yaml:"purpose" json:"purpose,omitempty"`
	Owner            string           `yaml:"owner" json:"owner,omitempty"`
	Lifecycle        string           `yaml:"lifecycle" json:"lifecycle,omitempty" jsonschema:"enum=design,enum=development,enum=testing,enum=deployed,enum=retired"`
	IntendedUse      string           `yaml:"intended_use" json:"intended_use,omitempty"`
	Users            string           `yaml:"users" json:"users,omitempty"`
	CustomerFacing   bool             `yaml:"customer_facing" json:"customer_facing,omitempty"`
	DataCategories   []string         `yaml:"data_categories" json:"data_categories,omitempty"`
	Compute          string           `yaml:"compute" json:"compute,omitempty" jsonschema_description:"where and on what the system runs (A.4.5)"`
	Risk             Risk             `yaml:"risk" json:"risk,omitempty"`
	ImpactAssessment ImpactAssessment `yaml:"impact_assessment" json:"impact_assessment,omitempty"`
	EUAIAct          string           `yaml:"eu_ai_act" json:"eu_ai_act,omitempty" jsonschema:"enum=minimal,enum=limited,enum=high,enum=prohibited"`
	Vendors          []string         `yaml:"vendors" json:"vendors,omitempty"`
	Documentation    []string         `yaml:"documentation" json:"documentation,omitempty"`
}

// Vendor roles.
const (
	VendorModelProvider = "model-provider"
	VendorPlatform      = "platform"
	VendorIntegration   = "integration"
	VendorData          = "data"
)

// Vendor is one third party of the vendor register (A.10).
type Vendor struct {
	ID             string        `yaml:"id" json:"id" jsonschema:"required"`
	Name           string        `yaml:"name" json:"name,omitempty"`
	Role           string        `yaml:"role" json:"role" jsonschema:"required,enum=model-provider,enum=platform,enum=integration,enum=data"`
	Certifications []string      `yaml:"certifications" json:"certifications,omitempty"`
	DPA            DPA           `yaml:"dpa" json:"dpa,omitzero" jsonschema_description:"true (a data-processing agreement is in place, no document referenced), false (none), or the path or URL of the signed agreement"`
	DataLocation   string        `yaml:"data_location" json:"data_location,omitempty"`
	ReviewedOn     Date          `yaml:"reviewed_on" json:"reviewed_on,omitempty"`
	Evidence       []string      `yaml:"evidence" json:"evidence,omitempty"`
	Answers        VendorAnswers `yaml:"answers" json:"answers,omitempty"`
	// Tools and DataSources say which of the agents' tools and data sources
	// the vendor provides or hosts (names or globs). When Tools is not
	// given, a tool named like the vendor ID is its (also as the target of
	// a qualified name: ID___TOOL, mcp__ID__TOOL); when DataSources is not
	// given, a source named ID or starting with ID- ID: ID/ is.
	Tools       []string `yaml:"tools" json:"tools,omitempty" jsonschema_description:"tool names (globs) of the agents' grants this vendor provides; default: the tool named like the vendor id"`
	DataSources []string `yaml:"data_sources" json:"data_sources,omitempty" jsonschema_description:"data sources (globs) of the agents this vendor hosts; default: sources named after the vendor id"`
}

// VendorAnswers are the vendor's replies to the six questions asked of every
// AI-agent vendor (A.10.3). Pointers distinguish "not answered" from "no".
type VendorAnswers struct {
	Isolation               string           `yaml:"isolation" json:"isolation,omitempty" jsonschema:"enum=container,enum=process,enum=shared-runtime"`
	InferencePath           string           `yaml:"inference_path" json:"inference_path,omitempty" jsonschema:"enum=byok-direct,enum=through-vendor"`
	PerAgentToolPermissions *bool            `yaml:"per_agent_tool_permissions" json:"per_agent_tool_permissions,omitempty"`
	AuditLog                *VendorAuditLog  `yaml:"audit_log" json:"audit_log,omitempty"`
	TrainsOnCustomerData    *bool            `yaml:"trains_on_customer_data" json:"trains_on_customer_data,omitempty"`
	Lifecycle               *VendorLifecycle `yaml:"lifecycle" json:"lifecycle,omitempty"`
}

// VendorAuditLog says what the vendor's audit log captures and keeps.
type VendorAuditLog struct {
	Captures      []string `yaml:"captures" json:"captures,omitempty" jsonschema:"enum=actions,enum=inputs,enum=outputs,enum=tools,enum=errors"`
	RetentionDays int      `yaml:"retention_days" json:"retention_days,omitempty"`
	Export        bool     `yaml:"export" json:"export,omitempty"`
}

// VendorLifecycle says how the vendor versions, tracks and retires agent configs.
type VendorLifecycle struct {
	VersionedConfig bool `yaml:"versioned_config" json:"versioned_config,omitempty"`
	ChangeTracking  bool `yaml:"change_tracking" json:"change_tracking,omitempty"`
	Decommissioning bool `yaml:"decommissioning" json:"decommissioning,omitempty"`
}

// Attestation statuses of the Statement of Applicability.
const (
	AttestImplemented    = "implemented"
	AttestPartial        = "partial"
	AttestPlanned        = "planned"
	AttestNotImplemented = "not-implemented"
)

// ControlAttestation is the organisation's own Statement-of-Applicability entry for a control.
type ControlAttestation struct {
	ID            string   `yaml:"id" json:"id" jsonschema:"required"`
	Applicable    *bool    `yaml:"applicable" json:"applicable,omitempty"`
	Justification string   `yaml:"justification" json:"justification,omitempty"`
	Status        string   `yaml:"status" json:"status,omitempty" jsonschema:"enum=implemented,enum=partial,enum=planned,enum=not-implemented"`
	Owner         string   `yaml:"owner" json:"owner,omitempty"`
	Evidence      []string `yaml:"evidence" json:"evidence,omitempty"`
	ReviewedOn    Date     `yaml:"reviewed_on" json:"reviewed_on,omitempty"`
	// Reason is why the control is included or excluded (ISO/IEC 42001 6.1.3).
	Reason string `yaml:"reason" json:"reason,omitempty" jsonschema:"enum=risk,enum=legal,enum=contract,enum=best-practice"`
	// Risks are the IDs of the risks the control treats.
	Risks []string `yaml:"risks" json:"risks,omitempty"`
}

// SoAMeta is the Statement of Applicability's document control.
type SoAMeta struct {
	Version    string `yaml:"version" json:"version,omitempty"`
	ApprovedBy string `yaml:"approved_by" json:"approved_by,omitempty"`
	ApprovedOn Date   `yaml:"approved_on" json:"approved_on,omitempty"`
}

// IsApplicable is true unless the attestation excludes the control.
func (c ControlAttestation) IsApplicable() bool { return c.Applicable == nil || *c.Applicable }

// UnjustifiedExclusion reports an exclusion from the Statement of
// Applicability that gives no reason: the one rule validate warns on and
// assess reports (soa-justification).
func (c ControlAttestation) UnjustifiedExclusion() bool {
	return !c.IsApplicable() && strings.TrimSpace(c.Justification) == ""
}

// CanonicalKey is the key form of a role or policy kind: trimmed, lower
// case, runs of spaces, underscores and hyphens as one hyphen ("AI Owner",
// "ai_owner" and "ai-owner" are one key).
func CanonicalKey(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r == ' ' || r == '_' || r == '-' || r == '\t' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}
