package catalogue

import "cel.dev/cel-go/interpreter"

// The types below are what CEL rules see. They are native Go structs exposed
// through cel-go's ext.NativeTypes with snake_case `cel` tags, so the checker
// knows every field: a misspelled field in a rule fails when the catalogue
// loads, not silently at run time. The engine fills them once per subject.

// ThresholdFacts are the thresholds of aims.yaml (defaults applied): `thresholds`.
type ThresholdFacts struct {
	LogGapHours                  int64 `cel:"log_gap_hours"`
	LogRetentionMinDays          int64 `cel:"log_retention_min_days"`
	ImpactAssessmentMaxAgeMonths int64 `cel:"impact_assessment_max_age_months"`
	VendorReviewMaxAgeMonths     int64 `cel:"vendor_review_max_age_months"`
}

// OrgFacts describe the organisation and its management system: `org`.
type OrgFacts struct {
	Name  string `cel:"name"`
	Scope string `cel:"scope"`
	// Roles are the AIMS roles assigned to a named person ("ai-owner", "risk-owner" ...), sorted.
	Roles       []string      `cel:"roles"`
	Policies    []PolicyFacts `cel:"policies"`
	PolicyKinds []string      `cel:"policy_kinds"` // distinct, sorted
	Systems     int64         `cel:"systems"`
	Agents      int64         `cel:"agents"`
	Vendors     int64         `cel:"vendors"`
	// DeployedAgents counts agents in lifecycle "deployed".
	DeployedAgents int64 `cel:"deployed_agents"`
	// LogsAnalyzed is true when audit logs were read for this run.
	LogsAnalyzed bool `cel:"logs_analyzed"`
	// ShadowAgents counts log identities that match no inventory agent.
	ShadowAgents int64 `cel:"shadow_agents"`
	// Attested lists the control IDs with a Statement-of-Applicability entry.
	Attested []string `cel:"attested"`
}

// PolicyFacts describe one policy or procedure of the inventory.
type PolicyFacts struct {
	ID         string `cel:"id"`
	Title      string `cel:"title"`
	Kind       string `cel:"kind"`
	Owner      string `cel:"owner"`
	ApprovedBy string `cel:"approved_by"`
	ApprovedOn string `cel:"approved_on"` // YYYY-MM-DD or ""
	// Approved: someone approved it on a date on or before now.
	Approved bool `cel:"approved"`
	// AgeDays since approval; -1 when never approved.
	AgeDays              int64 `cel:"age_days"`
	ReviewIntervalMonths int64 `cel:"review_interval_months"`
	// ReviewDue: approval plus the review interval (12 months when not set) lies before now, or it was never approved.
	ReviewDue bool `cel:"review_due"`
	// DueOn is the approval date plus the review interval (12 months when
	// not set), "" when never approved; DaysOverdue counts the days since
	// then, 0 while the review is not due.
	DueOn       string   `cel:"due_on"`
	DaysOverdue int64    `cel:"days_overdue"`
	Evidence    []string `cel:"evidence"`
}

// RiskFacts describe a declared risk assessment.
type RiskFacts struct {
	Level    string `cel:"level"`
	Rank     int64  `cel:"rank"` // low 1 ... critical 4, 0 when not declared
	Assessed bool   `cel:"assessed"`
	AgeDays  int64  `cel:"age_days"` // -1 when no date
	Ref      string `cel:"ref"`
}

// ImpactFacts describe a system's impact assessment.
type ImpactFacts struct {
	Done        bool   `cel:"done"`
	DoneOn      string `cel:"done_on"`
	AgeDays     int64  `cel:"age_days"`   // -1 when not done
	AgeMonths   int64  `cel:"age_months"` // calendar months, rounded up; -1 when not done
	Ref         string `cel:"ref"`
	Individuals string `cel:"individuals"`
	Society     string `cel:"society"`
}

// SystemFacts describe one AI system: `system`.
type SystemFacts struct {
	ID               string      `cel:"id"`
	Name             string      `cel:"name"`
	Purpose          string      `cel:"purpose"`
	Owner            string      `cel:"owner"`
	Lifecycle        string      `cel:"lifecycle"`
	IntendedUse      string      `cel:"intended_use"`
	Users            string      `cel:"users"`
	CustomerFacing   bool        `cel:"customer_facing"`
	DataCategories   []string    `cel:"data_categories"`
	Compute          string      `cel:"compute"`
	Risk             RiskFacts   `cel:"risk"`
	ImpactAssessment ImpactFacts `cel:"impact_assessment"`
	EUAIAct          string      `cel:"eu_ai_act"`
	Vendors          []string    `cel:"vendors"`
	Documentation    []string    `cel:"documentation"`
	// Agents are the IDs of the system's agents, sorted.
	Agents         []string `cel:"agents"`
	DeployedAgents int64    `cel:"deployed_agents"`
	// Tools is the union of the tool grants of the system's agents, sorted.
	Tools []string `cel:"tools"`
	// AgentsWithoutTools are agents that do not declare a tools list at all.
	AgentsWithoutTools []string `cel:"agents_without_tools"`
	// SensitiveCategories are the sensitive data categories of the system and its agents.
	SensitiveCategories []string `cel:"sensitive_categories"`
	// ModelProviders are the agents' model providers, sorted; MissingVendors are
	// those (and declared vendors) not in the vendor register.
	ModelProviders []string `cel:"model_providers"`
	MissingVendors []string `cel:"missing_vendors"`
}

// ModelFacts describe the model an agent runs on.
type ModelFacts struct {
	Provider string `cel:"provider"`
	Name     string `cel:"name"`
	// BYOK: inference with the organisation's own key, direct to the provider
	// (declared on the agent, or the provider's answer when the agent says nothing).
	BYOK    bool     `cel:"byok"`
	Allowed []string `cel:"allowed"`
	// ProviderRegistered: the provider is in the vendor register; ProviderRole is its role there.
	ProviderRegistered bool   `cel:"provider_registered"`
	ProviderRole       string `cel:"provider_role"`
}

// GrantFacts describe one tool grant.
type GrantFacts struct {
	Name            string   `cel:"name"`
	Operations      []string `cel:"operations"`
	AnyOperation    bool     `cel:"any_operation"` // no operations list: any operation
	Resources       []string `cel:"resources"`
	AnyResource     bool     `cel:"any_resource"` // no resources list: any resource
	WriteOperations []string `cel:"write_operations"`
}

// DataFacts describe one data source of an agent.
type DataFacts struct {
	Source        string   `cel:"source"`
	Categories    []string `cel:"categories"`
	Access        string   `cel:"access"`
	Justification string   `cel:"justification"`
	Sensitive     bool     `cel:"sensitive"`
}

// LoggingFacts describe what is logged of an agent.
type LoggingFacts struct {
	Actions       bool   `cel:"actions"`
	Inputs        bool   `cel:"inputs"`
	Outputs       bool   `cel:"outputs"`
	RetentionDays int64  `cel:"retention_days"`
	Export        string `cel:"export"`
}

// OversightFacts describe an agent's human oversight.
type OversightFacts struct {
	HumanReview []string `cel:"human_review"`
	Reviewers   []string `cel:"reviewers"`
}

// TestingFacts describe an agent's latest verification run.
type TestingFacts struct {
	Done    bool   `cel:"done"` // a run date or a reference is recorded
	LastRun string `cel:"last_run"`
	AgeDays int64  `cel:"age_days"` // -1 when no date
	Ref     string `cel:"ref"`
}

// ApprovalFacts describe an agent's deployment approval.
type ApprovalFacts struct {
	Approved   bool   `cel:"approved"` // approver and a date on or before now recorded
	ApprovedBy string `cel:"approved_by"`
	ApprovedOn string `cel:"approved_on"`
	AgeDays    int64  `cel:"age_days"` // -1 when no date
}

// ActivityFacts are what the audit logs show of an agent in the period.
type ActivityFacts struct {
	Events               int64    `cel:"events"`
	Errors               int64    `cel:"errors"`
	Denials              int64    `cel:"denials"`
	HumanReviews         int64    `cel:"human_reviews"`
	Rejections           int64    `cel:"rejections"`
	OutOfScope           int64    `cel:"out_of_scope"`
	MissingInputs        int64    `cel:"missing_inputs"`
	MissingOutputs       int64    `cel:"missing_outputs"`
	UnreviewedOperations int64    `cel:"unreviewed_operations"`
	CoverageGaps         int64    `cel:"coverage_gaps"`
	ToolsUsed            []string `cel:"tools_used"`
	Models               []string `cel:"models"`
	UnusedGrants         []string `cel:"unused_grants"`
	FirstSeenDaysAgo     int64    `cel:"first_seen_days_ago"` // -1 when no events
	LastSeenDaysAgo      int64    `cel:"last_seen_days_ago"`  // -1 when no events
}

// AgentFacts describe one agent: `agent`.
type AgentFacts struct {
	ID             string   `cel:"id"`
	Name           string   `cel:"name"`
	System         string   `cel:"system"`
	Owner          string   `cel:"owner"`
	Purpose        string   `cel:"purpose"`
	Lifecycle      string   `cel:"lifecycle"`
	Version        string   `cel:"version"`
	Scope          string   `cel:"scope"`
	Audience       string   `cel:"audience"`
	Deployed       bool     `cel:"deployed"`
	CustomerFacing bool     `cel:"customer_facing"` // audience, else the system's customer_facing
	Identities     []string `cel:"identities"`

	Model         ModelFacts     `cel:"model"`
	Isolation     string         `cel:"isolation"`
	Tools         []GrantFacts   `cel:"tools"`
	ToolsDeclared bool           `cel:"tools_declared"` // a tools list is present (possibly empty)
	Data          []DataFacts    `cel:"data"`
	Logging       LoggingFacts   `cel:"logging"`
	Oversight     OversightFacts `cel:"oversight"`
	Risk          RiskFacts      `cel:"risk"` // the agent's own declaration
	Testing       TestingFacts   `cel:"testing"`
	Approval      ApprovalFacts  `cel:"approval"`
	Disclosure    bool           `cel:"disclosure"`

	TrainingOnCustomerData bool   `cel:"training_on_customer_data"` // declared, or the provider trains on it
	RetiredOn              string `cel:"retired_on"`

	// DeclaredRisk is the agent's risk level, else its system's; DeclaredRiskSource says which ("agent", "system", "").
	DeclaredRisk       string `cel:"declared_risk"`
	DeclaredRiskRank   int64  `cel:"declared_risk_rank"`
	DeclaredRiskSource string `cel:"declared_risk_source"`
	// ComputedTier is risk.Compute's tier (low ... critical) with its rank 1..4 and score.
	ComputedTier  string `cel:"computed_tier"`
	ComputedRank  int64  `cel:"computed_rank"`
	ComputedScore int64  `cel:"computed_score"`
	// RiskVerdict is risk.Judge's state: not-declared, covered, below (a
	// finding) or accepted (below, with a risk acceptance in effect).
	// RiskAcceptanceNote says what became of a risk acceptance of a level
	// below the tier: accepted (by, on, until), expired or not yet in effect.
	RiskVerdict        string `cel:"risk_verdict"`
	RiskAcceptanceNote string `cel:"risk_acceptance_note"`

	// WriteOperations are "tool:operation" of write-like grants ("tool:*" for any operation).
	WriteOperations []string `cel:"write_operations"`
	// UnreviewedWriteOperations are the write operations no human-review rule covers.
	UnreviewedWriteOperations []string `cel:"unreviewed_write_operations"`
	// SensitiveCategories are the sensitive data categories the agent touches, sorted.
	SensitiveCategories []string `cel:"sensitive_categories"`
	// WritesWithoutJustification are data sources with write access and no justification.
	WritesWithoutJustification []string `cel:"writes_without_justification"`
	// SourcesWithoutCategories are data sources that declare no data categories.
	SourcesWithoutCategories []string `cel:"sources_without_categories"`

	// Activity is absent (has(agent.activity) is false) when no logs were analysed.
	Activity *ActivityFacts `cel:"activity"`
}

// AuditLogFacts are a vendor's answer about its audit log.
type AuditLogFacts struct {
	Answered      bool     `cel:"answered"`
	Captures      []string `cel:"captures"`
	RetentionDays int64    `cel:"retention_days"`
	Export        bool     `cel:"export"`
}

// VendorLifecycleFacts are a vendor's answer about agent config lifecycle.
type VendorLifecycleFacts struct {
	Answered        bool `cel:"answered"`
	VersionedConfig bool `cel:"versioned_config"`
	ChangeTracking  bool `cel:"change_tracking"`
	Decommissioning bool `cel:"decommissioning"`
}

// AnswerFacts are a vendor's replies to the six A.10.3 questions.
type AnswerFacts struct {
	Isolation                       string               `cel:"isolation"`
	InferencePath                   string               `cel:"inference_path"`
	PerAgentToolPermissions         bool                 `cel:"per_agent_tool_permissions"`
	PerAgentToolPermissionsAnswered bool                 `cel:"per_agent_tool_permissions_answered"`
	AuditLog                        AuditLogFacts        `cel:"audit_log"`
	TrainsOnCustomerData            bool                 `cel:"trains_on_customer_data"`
	TrainsOnCustomerDataAnswered    bool                 `cel:"trains_on_customer_data_answered"`
	Lifecycle                       VendorLifecycleFacts `cel:"lifecycle"`
	// Missing names the unanswered questions, in question order.
	Missing []string `cel:"missing"`
}

// VendorFacts describe one vendor of the register: `vendor`.
type VendorFacts struct {
	ID             string   `cel:"id"`
	Name           string   `cel:"name"`
	Role           string   `cel:"role"`
	Certifications []string `cel:"certifications"`
	// DPA is the agreement's path or URL; "" for `dpa: true|false` and when not given.
	DPA string `cel:"dpa"`
	// DPAInPlace: `dpa: true` or a reference; DPADeclared: the dpa key is set at all.
	DPAInPlace      bool        `cel:"dpa_in_place"`
	DPADeclared     bool        `cel:"dpa_declared"`
	DataLocation    string      `cel:"data_location"`
	Reviewed        bool        `cel:"reviewed"`
	ReviewedOn      string      `cel:"reviewed_on"`
	ReviewAgeDays   int64       `cel:"review_age_days"`   // -1 when never reviewed
	ReviewAgeMonths int64       `cel:"review_age_months"` // calendar months, rounded up; -1 when never reviewed
	Evidence        []string    `cel:"evidence"`
	Answers         AnswerFacts `cel:"answers"`
	// UsedBy are the agents that use the vendor: as model provider, through a
	// tool it provides or a data source it hosts. Systems are the systems
	// that list it. Used is true when either is non-empty.
	UsedBy  []string `cel:"used_by"`
	Systems []string `cel:"systems"`
	Used    bool     `cel:"used"`
	// DataCategories are the categories of the data the vendor handles: those
	// of the systems that list it and of the agents that use it, sorted.
	// PersonalCategories are the personal or sensitive ones among them.
	DataCategories     []string `cel:"data_categories"`
	PersonalCategories []string `cel:"personal_categories"`
}

// Facts binds the CEL variables for one evaluation. Unset subjects are not
// resolvable, so a rule can only reach what its subject kind declares.
type Facts struct {
	Org        *OrgFacts
	Thresholds *ThresholdFacts
	System     *SystemFacts
	Agent      *AgentFacts
	Vendor     *VendorFacts
	Policy     *PolicyFacts
}

// ResolveName implements interpreter.Activation without a map per subject,
// which keeps evaluating 100,000 agents cheap.
func (f *Facts) ResolveName(name string) (any, bool) {
	switch name {
	case "org":
		return f.Org, f.Org != nil
	case "thresholds":
		return f.Thresholds, f.Thresholds != nil
	case "system":
		return f.System, f.System != nil
	case "agent":
		return f.Agent, f.Agent != nil
	case "vendor":
		return f.Vendor, f.Vendor != nil
	case "policy":
		return f.Policy, f.Policy != nil
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (f *Facts) Parent() interpreter.Activation { return nil }
