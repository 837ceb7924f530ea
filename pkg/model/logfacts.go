package model

import (
	"strconv"
	"strings"
	"time"
)

// LogSummary is what the audit-log analysis found in the period: per-file read
// statistics, per-agent activity, shadow agents and log findings.
type LogSummary struct {
	Period  Period    `json:"period"`
	Files   []LogFile `json:"files"`
	Events  int64     `json:"events"`
	Skipped int64     `json:"skipped"`
	// Ignored counts records read on purpose without an event (see LogFile).
	Ignored  int64           `json:"ignored,omitempty"`
	Agents   []AgentActivity `json:"agents"`
	Shadow   []ShadowAgent   `json:"shadow_agents"`
	Findings []Finding       `json:"findings"`
	// OutsidePeriod counts events read but outside the period (not analysed).
	OutsidePeriod int64 `json:"outside_period,omitempty"`
	// Notes say what limits the analysis (no inventory loaded, a matching bound reached).
	Notes []string `json:"notes,omitempty"`
	// ConfigChanges are the configuration changes logged in the period, the
	// earliest first (at most 100); MoreConfigChanges counts the rest.
	ConfigChanges     []ConfigChange `json:"config_changes,omitempty"`
	MoreConfigChanges int64          `json:"more_config_changes,omitempty"`
}

// LogFile is one file that was read (or could not be).
type LogFile struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256,omitempty"`
	// Records is every record read: Events + Skipped + Ignored.
	Records int64 `json:"records"`
	Events  int64 `json:"events"`
	Skipped int64 `json:"skipped"`
	// Ignored counts records that were read and deliberately gave no event
	// (a non-GenAI span, an event name no rule knows), by reason in IgnoredReasons.
	Ignored        int64       `json:"ignored,omitempty"`
	IgnoredReasons []NameCount `json:"ignored_reasons,omitempty"`
	// AutoApprovals counts decisions taken by configuration, not by a person.
	AutoApprovals int64 `json:"automatic_approvals,omitempty"`
	// UnnamedMCPCalls counts tool calls of an MCP server the record does not
	// name (Claude Code "mcp_tool" without OTEL_LOG_TOOL_DETAILS=1).
	UnnamedMCPCalls int64 `json:"mcp_calls_without_server,omitempty"`
	// Errors lists the first bad records with file:line and reason.
	Errors []RecordError `json:"errors,omitempty"`
	// Unreadable says why the whole file could not be read ("" when it was read).
	Unreadable string `json:"unreadable,omitempty"`
}

// RecordError is one record that could not be read.
type RecordError struct {
	Location Pos    `json:"location"`
	Reason   string `json:"reason"`
}

// AgentActivity is what one inventory agent did according to the logs.
type AgentActivity struct {
	Agent          string      `json:"agent"`
	Events         int64       `json:"events"`
	FirstSeen      time.Time   `json:"first_seen"`
	LastSeen       time.Time   `json:"last_seen"`
	Tools          []ToolUse   `json:"tools"`
	Models         []NameCount `json:"models"`
	Errors         int64       `json:"errors"`
	Denials        int64       `json:"denials"`
	HumanReviews   int64       `json:"human_reviews"`
	Rejections     int64       `json:"rejections"`
	Actors         int         `json:"distinct_actors"`
	OutOfScope     int64       `json:"out_of_scope"`
	MissingInputs  int64       `json:"missing_inputs"`
	MissingOutputs int64       `json:"missing_outputs"`
	UnreviewedOps  int64       `json:"unreviewed_operations"`
	Gaps           int         `json:"coverage_gaps"`
	// Coverage says what cadence the coverage-gap judgement assumed, or why
	// it judged nothing (not deployed, too little activity).
	Coverage string `json:"coverage,omitempty"`
	// CadenceHours is the assumed cadence: the median interval in hours
	// between active hours while deployed (0 when not judged).
	CadenceHours int      `json:"coverage_cadence_hours,omitempty"`
	UnusedGrants []string `json:"unused_grants"`
	// UnusedOperations lists, per used grant, the granted operations no call
	// used in the period (a grant with operations [read, write] that only read).
	UnusedOperations []ToolOperation `json:"unused_operations,omitempty"`
	// UnnamedMCPCalls counts the agent's calls of an MCP server the logs do
	// not name; while there are any, GrantsNotJudged lists the grants that
	// may be that server: whether they were used cannot be told, so they are
	// neither unused grants nor used.
	UnnamedMCPCalls int64    `json:"mcp_calls_without_server,omitempty"`
	GrantsNotJudged []string `json:"grants_not_judged,omitempty"`
	// ActorsTruncated: more distinct actors than counted exactly (Actors is a lower bound).
	ActorsTruncated bool `json:"distinct_actors_truncated,omitempty"`
	// RejectedRan counts tool runs that a human had rejected.
	RejectedRan int64 `json:"rejected_ran,omitempty"`
	// OutOfScopeTools and DisallowedModels list, sorted, what the CEL checks can name.
	OutOfScopeTools  []string `json:"out_of_scope_tools,omitempty"`
	DisallowedModels []string `json:"disallowed_models,omitempty"`
	// MoreTools and MoreModels count the distinct tools and models past the
	// bound of those listed (log analysis keeps a bounded number per
	// agent), MoreToolCalls and MoreModelCalls their calls.
	MoreTools      int   `json:"more_tools,omitempty"`
	MoreToolCalls  int64 `json:"more_tool_calls,omitempty"`
	MoreModels     int   `json:"more_models,omitempty"`
	MoreModelCalls int64 `json:"more_model_calls,omitempty"`
}

// ToolUse counts calls of one tool operation.
type ToolUse struct {
	Tool      string `json:"tool"`
	Operation string `json:"operation,omitempty"`
	Count     int64  `json:"count"`
	Errors    int64  `json:"errors"`
	Denied    int64  `json:"denied"`
	Granted   bool   `json:"granted"`
	// NotJudged: no grant was judged for the call: it names no tool its
	// grants can be judged against (an MCP call whose server is not
	// logged), its identity matches no inventory agent, or no inventory was
	// loaded; Granted is then false.
	NotJudged bool `json:"not_judged,omitempty"`
}

// ToolOperation is one operation of one granted tool.
type ToolOperation struct {
	Tool      string `json:"tool"`
	Operation string `json:"operation"`
}

// NameCount is a name with a count.
type NameCount struct {
	Name  string `json:"name"`
	Count int64  `json:"count"`
}

// ShadowAgent is log activity of an identity that matches no inventory agent:
// what it did, so that it can be registered (or shut down) knowingly.
type ShadowAgent struct {
	Identity  string    `json:"identity"`
	Events    int64     `json:"events"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Source is its first record.
	Source Pos `json:"source"`
	// Tools counts its calls per tool and operation; Models its model calls.
	Tools  []ToolUse   `json:"tools,omitempty"`
	Models []NameCount `json:"models,omitempty"`
	// Resources are the first distinct resources it touched, in file order;
	// MoreResources says there were others.
	Resources     []string `json:"resources,omitempty"`
	MoreResources bool     `json:"more_resources,omitempty"`
	Errors        int64    `json:"errors,omitempty"`
	Denials       int64    `json:"denials,omitempty"`
	// Sources are the files it was seen in, with their format and its events there.
	Sources []ShadowSource `json:"sources,omitempty"`
	// OtherSourceEvents counts its events in files beyond the listed ones.
	OtherSourceEvents int64 `json:"other_source_events,omitempty"`
	// MoreTools counts the distinct tools past the bound of those listed,
	// MoreToolCalls their calls.
	MoreTools     int   `json:"more_tools,omitempty"`
	MoreToolCalls int64 `json:"more_tool_calls,omitempty"`
}

// ShadowSource is one file a shadow agent was seen in.
type ShadowSource struct {
	File   string `json:"file"`
	Format string `json:"format"`
	Events int64  `json:"events"`
}

// AgentChange is one commit that touched an agent config, with its risk delta.
type AgentChange struct {
	Agent   string    `json:"agent"`
	File    string    `json:"file"`
	Commit  string    `json:"commit"`
	Author  string    `json:"author"`
	Email   string    `json:"email,omitempty"`
	Date    time.Time `json:"date"`
	Subject string    `json:"subject"`
	// TierBefore and TierAfter are the computed risk tiers around the commit ("" where the agent did not exist).
	TierBefore string   `json:"tier_before,omitempty"`
	TierAfter  string   `json:"tier_after,omitempty"`
	Delta      []string `json:"delta,omitempty"`
}

// History is the change history of every agent config.
type History struct {
	Changes []AgentChange `json:"changes"`
	// Truncated is set when the repository is shallow ("history truncated at <commit>").
	Truncated string `json:"truncated,omitempty"`
	// Note says why history was skipped (no git, not a repository), with
	// Skipped set, or which agents' history could not be read.
	Note    string `json:"note,omitempty"`
	Skipped bool   `json:"skipped,omitempty"`
	// BeforePeriod and AfterPeriod count the commits that changed an agent
	// config but fall outside the period: before its first day, or after its
	// last day or the run's clock. They are left out of Changes.
	BeforePeriod int `json:"commits_before_period,omitempty"`
	AfterPeriod  int `json:"commits_after_period,omitempty"`
}

// Outside says which commits the period left out ("" when none), so that a
// short or empty history says why.
func (h *History) Outside() string {
	var parts []string
	if h.BeforePeriod > 0 {
		parts = append(parts, plural(h.BeforePeriod, "commit")+" before the period")
	}
	if h.AfterPeriod > 0 {
		parts = append(parts, plural(h.AfterPeriod, "commit")+" after the period or the run's clock")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " and ") + " changed agent configurations and are left out"
}

// Empty says why no change is listed: no commit changed an agent
// configuration in the period, with the commits outside it. It is "" when
// there are changes, or when the history was skipped (the Note says why).
func (h *History) Empty() string {
	if len(h.Changes) > 0 || h.Skipped {
		return ""
	}
	s := "no commit changed an agent configuration in the period"
	if o := h.Outside(); o != "" {
		s += "; " + o
	}
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// ConfigChange is one configuration change an audit log recorded (a
// config.change event: CloudTrail Create*/Update*/Delete*/Put*, or the
// native action): who changed what, when, as ISO/IEC 42001 change evidence.
type ConfigChange struct {
	Time  time.Time `json:"time"`
	Agent string    `json:"agent"`
	Actor string    `json:"actor,omitempty"`
	// ActorKind is what the log says the actor is (OCSF actor.user.type,
	// CloudTrail userIdentity.type): a system account's change reads as one.
	ActorKind string `json:"actor_kind,omitempty"`
	Tool      string `json:"tool,omitempty"`
	Operation string `json:"operation,omitempty"`
	Resource  string `json:"resource,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Source    Pos    `json:"source"`
}
