package model

import "time"

// Event actions of the native log format. Readers may emit others.
const (
	ActionMessageRead  = "message.read"
	ActionToolCall     = "tool.call"
	ActionModelCall    = "model.call"
	ActionOutput       = "output"
	ActionError        = "error"
	ActionHumanReview  = "human.review"
	ActionConfigChange = "config.change"
	ActionAgentInvoke  = "agent.invoke"
)

// Event outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeError   = "error"
	OutcomeDenied  = "denied"
)

// Event is the one normalised audit-log event every reader maps onto.
// A human.review event carries the reviewed action's RequestID, Tool and
// Operation; its Actor is the reviewer; Outcome success approves, denied rejects.
type Event struct {
	Time           time.Time `json:"time" jsonschema:"required"`
	Agent          string    `json:"agent" jsonschema:"required"`
	Actor          string    `json:"actor,omitempty"`
	Action         string    `json:"action" jsonschema:"required"`
	Tool           string    `json:"tool,omitempty"`
	Operation      string    `json:"operation,omitempty"`
	Resource       string    `json:"resource,omitempty"`
	Model          string    `json:"model,omitempty"`
	DataCategories []string  `json:"data_categories,omitempty"`
	Outcome        string    `json:"outcome,omitempty" jsonschema:"enum=success,enum=error,enum=denied"`
	RequestID      string    `json:"request_id,omitempty"`
	Input          string    `json:"input,omitempty"`
	Output         string    `json:"output,omitempty"`

	// Source is where the record was read (file and line, or record index in Line).
	Source Pos `json:"-"`
}
