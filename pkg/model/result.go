package model

import (
	"strings"
	"time"
)

// ResultSchemaVersion of results.json and `assess --format json`.
const ResultSchemaVersion = "aims.result/v1"

// Control statuses (docs/contract.md §3). "manual" is never counted as passed.
const (
	StatusPass          = "pass"
	StatusFail          = "fail"
	StatusPartial       = "partial"
	StatusManual        = "manual"
	StatusNotApplicable = "not-applicable"
)

// Statuses lists the control statuses in report order.
var Statuses = []string{StatusPass, StatusPartial, StatusFail, StatusManual, StatusNotApplicable}

// Result is one assessment.
type Result struct {
	SchemaVersion string          `json:"schemaVersion"`
	Tool          Tool            `json:"tool"`
	GeneratedAt   time.Time       `json:"generated_at"`
	Organization  string          `json:"organization"`
	Scope         string          `json:"aims_scope,omitempty"`
	Period        Period          `json:"period"`
	Catalogues    []CatalogueRef  `json:"catalogues"`
	Summary       Summary         `json:"summary"`
	Controls      []ControlResult `json:"controls"`
	Systems       []SystemResult  `json:"systems"`
	Agents        []AgentResult   `json:"agents"`
	Vendors       []VendorResult  `json:"vendors"`
	// Roles and Policies are the organisation section of the workpaper
	// (issue 13 §5): who holds each AIMS role and the policy register.
	Roles    []Role         `json:"roles,omitempty"`
	Policies []PolicyRecord `json:"policies,omitempty"`
	// Findings are sorted by Finding.Less.
	Findings []Finding `json:"findings"`
	// Evidence is every evidence reference the inputs make, with its state.
	Evidence []EvidenceRef `json:"evidence"`
	// Logs is nil when no logs were analysed ("not assessed", not "no activity").
	Logs *LogSummary `json:"logs,omitempty"`
	// History is nil unless asked for (--history, pack).
	History *History `json:"history,omitempty"`
	// Frameworks holds crosswalk views (EU AI Act, NIST AI RMF, ISO 27001), indicative only.
	Frameworks []FrameworkView `json:"frameworks,omitempty"`
}

// Tool names the producer.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// CatalogueRef identifies a catalogue that was applied.
type CatalogueRef struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
}

// Summary counts controls and findings.
type Summary struct {
	Controls    map[string]int `json:"controls"` // status -> count (all controls)
	AnnexA      map[string]int `json:"annex_a"`  // status -> count (Annex A only)
	Findings    map[string]int `json:"findings"` // severity -> count
	Groups      []GroupSummary `json:"groups"`   // per clause group and Annex A group
	Agents      int            `json:"agents"`
	Systems     int            `json:"systems"`
	Vendors     int            `json:"vendors"`
	MaxSeverity string         `json:"max_severity"` // "none" when no findings
	// Blockers lead every report: failed clauses, controls not in place,
	// critical findings, in that order.
	Blockers []Blocker `json:"blockers"`
}

// GroupSummary counts control statuses in one group.
type GroupSummary struct {
	ID     string         `json:"id"`
	Title  string         `json:"title"`
	Status map[string]int `json:"status"`
}

// ControlResult is the outcome for one control.
type ControlResult struct {
	ID            string `json:"id"`
	Title         string `json:"title"`
	Kind          string `json:"kind"`
	Group         string `json:"group"`
	GroupTitle    string `json:"group_title"`
	Catalogue     string `json:"catalogue"`
	AppliesTo     string `json:"applies_to"`
	Status        string `json:"status"`
	Applicable    bool   `json:"applicable"`
	Justification string `json:"justification,omitempty"`
	// Basis says how the status was reached: "automated", "attestation", "automated+attestation", "none".
	Basis string `json:"basis"`
	// StatusBasis says in words what the status rests on: subjects passed
	// of those judged, other findings, the attestation, a severity override.
	StatusBasis string              `json:"status_basis,omitempty"`
	Attestation *ControlAttestation `json:"attestation,omitempty"`
	Checks      []CheckResult       `json:"checks"`
	Evidence    []string            `json:"evidence"` // references that support the control
	Findings    int                 `json:"findings"`
	Crosswalk   Crosswalk           `json:"crosswalk"`
}

// Crosswalk mirrors catalogue.Crosswalk in results (indicative).
type Crosswalk struct {
	EUAIAct   []string `json:"eu_ai_act,omitempty"`
	NISTAIRMF []string `json:"nist_ai_rmf,omitempty"`
	ISO27001  []string `json:"iso27001,omitempty"`
}

// CheckResult counts one check's outcomes over its subjects.
type CheckResult struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	// Subject is the kind of subject the check judges (agent, system,
	// vendor, organization), which may differ from its control's applies_to:
	// A.4.5 judges agents' isolation and systems' compute.
	Subject  string `json:"subject,omitempty"`
	Subjects int    `json:"subjects"` // subjects the check applied to
	Passed   int    `json:"passed"`
	Failed   int    `json:"failed"`
}

// SystemResult is one AI system with its agents.
type SystemResult struct {
	System System   `json:"system"`
	Agents []string `json:"agents"`
	// Flow is the system's data flow as its agents declare it, for the
	// system-level diagrams.
	Flow   SystemFlow `json:"flow"`
	Source Pos        `json:"source"`
}

// SystemFlow is one AI system's data flow as its agents' configs declare it:
// the tools and data sources they use (shared ones once, with every agent
// that reads or writes them), the model providers they reach and how, and
// which agent hands tasks to which. The engine computes it so that writers
// draw it without judging; every list is sorted.
type SystemFlow struct {
	Tools       []FlowResource   `json:"tools"`
	Data        []FlowResource   `json:"data"`
	Providers   []FlowProvider   `json:"providers"`
	Delegations []FlowDelegation `json:"delegations"`
}

// FlowResource is one tool or data source with the system's agents that read
// it and those that write it. A tool whose grant may write (risk.AppendGrantWrites)
// is written by its agent, else read; a data source by its declared access.
type FlowResource struct {
	Name       string   `json:"name"`
	Readers    []string `json:"readers"`
	Writers    []string `json:"writers"`
	Categories []string `json:"categories,omitempty"` // data sources: the categories declared for it
}

// FlowProvider is one model provider with one key path and the system's
// agents that reach it so: BYOK true (the organisation's own key, direct to
// the provider), false (through the vendor) or nil (not declared).
type FlowProvider struct {
	Provider string   `json:"provider"` // "" when the agents declare none
	BYOK     *bool    `json:"byok,omitempty"`
	Agents   []string `json:"agents"`
}

// FlowDelegation is one agent of the system that can hand a task to another
// inventory agent: a delegation tool whose resources name it, or a tool
// granted under its ID or one of its identities. ToSystem is the target's
// system when it is another one.
type FlowDelegation struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Via      string `json:"via"`
	ToSystem string `json:"to_system,omitempty"`
}

// AgentResult is one agent with its computed risk and activity.
type AgentResult struct {
	Agent        *Agent      `json:"agent"`
	DeclaredRisk string      `json:"declared_risk"`        // the agent's, else its system's
	RiskSource   string      `json:"declared_risk_source"` // "agent", "system" or ""
	Computed     RiskProfile `json:"computed_risk"`
	// Risk is the one verdict of declared against computed risk; writers read it.
	Risk     RiskVerdict    `json:"risk_verdict"`
	Activity *AgentActivity `json:"activity,omitempty"`
	Findings int            `json:"findings"`
	Source   Pos            `json:"source"`
}

// VendorResult is one vendor with its judged answers, who uses it and its
// findings, so that writers list them under the vendor without judging.
type VendorResult struct {
	Vendor   Vendor `json:"vendor"`
	Findings int    `json:"findings"`
	// UsedBy are the agents that use the vendor (model provider, a tool it
	// provides, a data source it hosts); Systems the systems that list it.
	UsedBy  []string `json:"used_by"`
	Systems []string `json:"systems"`
	// DataCategories are the categories of data the vendor handles through them.
	DataCategories []string `json:"data_categories"`
	// FindingIDs are the vendor's findings (subject vendor), in report order.
	FindingIDs []string `json:"finding_ids"`
	Source     Pos      `json:"source"`
}

// FrameworkView regroups control results by another framework's items.
type FrameworkView struct {
	Framework string          `json:"framework"` // eu-ai-act | nist-ai-rmf | iso27001
	Title     string          `json:"title"`
	Notice    string          `json:"notice"`
	Items     []FrameworkItem `json:"items"`
}

// FrameworkItem is one article or subcategory with its mapped controls.
type FrameworkItem struct {
	ID       string   `json:"id"`
	Title    string   `json:"title,omitempty"`
	Controls []string `json:"controls"`
	Statuses []string `json:"statuses"` // status of each control, same order
	Status   string   `json:"status"`   // rolled up: the worst of the mapped
}

// AnnotateEvidence returns refs with a note on each that was not found or
// lies outside the project root, as every SoA (PDF, XLSX, CSV) shows them:
// an auditor must not take a listed reference for a filed document.
func (r *Result) AnnotateEvidence(refs []string) []string {
	state := make(map[string]string, len(r.Evidence))
	for _, e := range r.Evidence {
		if e.State == "missing" || e.State == "outside-root" {
			state[e.Ref] = e.State
		}
	}
	out := make([]string, len(refs))
	for i, ref := range refs {
		switch state[ref] {
		case "missing":
			out[i] = ref + " (missing)"
		case "outside-root":
			out[i] = ref + " (outside the project, not read)"
		default:
			out[i] = ref
		}
	}
	return out
}

// PolicyRecord is a declared policy with its review date as the engine computes it.
type PolicyRecord struct {
	Policy
	// ReviewDue is approved_on plus the review interval (zero when never approved).
	ReviewDue Date `json:"review_due,omitzero"`
	// Overdue is true when the policy was never approved or its review date is past --now.
	Overdue bool `json:"overdue"`
}

// Policy register states, as every writer prints them.
const (
	PolicyNotApproved   = "not approved"
	PolicyReviewOverdue = "review overdue"
	PolicyCurrent       = "current"
)

// State is the policy's register state: not approved (no approver or date),
// review overdue, or current.
func (p PolicyRecord) State() string {
	switch {
	case p.ApprovedOn.IsZero() || strings.TrimSpace(p.ApprovedBy) == "":
		return PolicyNotApproved
	case p.Overdue:
		return PolicyReviewOverdue
	}
	return PolicyCurrent
}
