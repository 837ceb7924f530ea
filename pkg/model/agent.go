package model

// Agent lifecycle stages.
const (
	LifecycleDesign      = "design"
	LifecycleDevelopment = "development"
	LifecycleTesting     = "testing"
	LifecycleDeployed    = "deployed"
	LifecycleRetired     = "retired"
)

// Agent is one agent config (kind Agent, one agent a file).
type Agent struct {
	APIVersion string `yaml:"apiVersion" json:"apiVersion" jsonschema:"required,enum=aims/v1"`
	Kind       string `yaml:"kind" json:"kind" jsonschema:"required,enum=Agent"`
	ID         string `yaml:"id" json:"id" jsonschema:"required"`
	Name       string `yaml:"name" json:"name,omitempty"`
	System     string `yaml:"system" json:"system" jsonschema:"required"`
	Owner      string `yaml:"owner" json:"owner,omitempty"`
	Purpose    string `yaml:"purpose" json:"purpose,omitempty"`
	Lifecycle  string `yaml:"lifecycle" json:"lifecycle,omitempty" jsonschema:"enum=design,enum=development,enum=testing,enum=deployed,enum=retired"`
	Version    string `yaml:"version" json:"version,omitempty"`
	Scope      string `yaml:"scope" json:"scope,omitempty" jsonschema:"enum=private,enum=team,enum=organization"`
	Audience   string `yaml:"audience" json:"audience,omitempty" jsonschema:"enum=internal,enum=customer-facing"`
	// Identities are the names logs use for this agent (role ARN, gen_ai.agent.id,
	// service.name, OCSF app name, MCP server name ...); globs allowed.
	Identities []string     `yaml:"identities" json:"identities,omitempty"`
	Model      Model        `yaml:"model" json:"model,omitempty"`
	Isolation  string       `yaml:"isolation" json:"isolation,omitempty" jsonschema:"enum=container,enum=process,enum=shared"`
	Tools      []Grant      `yaml:"tools" json:"tools,omitempty"`
	Data       []DataAccess `yaml:"data" json:"data,omitempty"`
	Logging    Logging      `yaml:"logging" json:"logging,omitempty"`
	Oversight  Oversight    `yaml:"oversight" json:"oversight,omitempty"`
	Risk       Risk         `yaml:"risk" json:"risk,omitempty"`
	Testing    Testing      `yaml:"testing" json:"testing,omitempty"`
	Approval   Approval     `yaml:"approval" json:"approval,omitempty"`
	// Disclosure: users are told they talk to an AI.
	Disclosure             bool `yaml:"disclosure" json:"disclosure,omitempty"`
	TrainingOnCustomerData bool `yaml:"training_on_customer_data" json:"training_on_customer_data,omitempty"`
	RetiredOn              Date `yaml:"retired_on" json:"retired_on,omitempty"`

	File string    `yaml:"-" json:"-"`
	Pos  Positions `yaml:"-" json:"-"`
}

// Model is the model an agent runs on.
type Model struct {
	Provider string `yaml:"provider" json:"provider,omitempty" jsonschema_description:"vendor id of the model provider in the vendor register"`
	Name     string `yaml:"name" json:"name,omitempty"`
	// BYOK: inference runs on the organisation's own key, directly with the provider.
	BYOK    *bool    `yaml:"byok" json:"byok,omitempty"`
	Allowed []string `yaml:"allowed" json:"allowed,omitempty" jsonschema_description:"model IDs (globs) the agent may use"`
}

// Grant is one tool permission. A nil Operations or Resources means any; an
// empty, non-nil list means none.
type Grant struct {
	Name       string   `yaml:"name" json:"name" jsonschema:"required"`
	Operations []string `yaml:"operations" json:"operations"`
	Resources  []string `yaml:"resources" json:"resources"`
}

// DataAccess is one data source an agent reads or writes.
type DataAccess struct {
	Source        string   `yaml:"source" json:"source" jsonschema:"required"`
	Categories    []string `yaml:"categories" json:"categories,omitempty"`
	Access        string   `yaml:"access" json:"access,omitempty" jsonschema:"enum=read,enum=write"`
	Justification string   `yaml:"justification" json:"justification,omitempty" jsonschema_description:"why write access is needed"`
}

// Logging says what the platform records of the agent's actions.
type Logging struct {
	Actions       bool   `yaml:"actions" json:"actions,omitempty"`
	Inputs        bool   `yaml:"inputs" json:"inputs,omitempty"`
	Outputs       bool   `yaml:"outputs" json:"outputs,omitempty"`
	RetentionDays int    `yaml:"retention_days" json:"retention_days,omitempty"`
	Export        string `yaml:"export" json:"export,omitempty" jsonschema_description:"where the logs are exported (SIEM, bucket ...)"`
}

// Oversight lists what needs a human approval before it runs: a tool ("slack"),
// an operation on any tool ("post"), or one operation of one tool ("slack:post").
type Oversight struct {
	HumanReview []string `yaml:"human_review" json:"human_review,omitempty"`
	Reviewers   []string `yaml:"reviewers" json:"reviewers,omitempty"`
}

// Testing records the agent's latest verification run.
type Testing struct {
	LastRun Date   `yaml:"last_run" json:"last_run,omitempty"`
	Ref     string `yaml:"ref" json:"ref,omitempty"`
}

// Approval records who approved the deployment.
type Approval struct {
	ApprovedBy string `yaml:"approved_by" json:"approved_by,omitempty"`
	ApprovedOn Date   `yaml:"approved_on" json:"approved_on,omitempty"`
}
