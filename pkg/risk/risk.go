// Package risk computes an agent's risk tier from its configuration, factor by
// factor, so that a declared risk level can be checked against it and a config
// change can be judged by what it does to the tier.
package risk

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
)

// Tiers, lowest first.
var Tiers = []string{model.SeverityLow, model.SeverityMedium, model.SeverityHigh, model.SeverityCritical}

// Factor and Profile live in model so that results can carry them without
// importing this package.
type (
	Factor  = model.RiskFactor
	Profile = model.RiskProfile
)

// Tier thresholds on the score. A floor from the system's EU AI Act class
// can raise the tier further (a high-risk system's agents are never below high).
const (
	mediumFrom   = 4
	highFrom     = 8
	criticalFrom = 12
)

// SensitiveCategories are data categories whose exposure harms people directly.
var SensitiveCategories = []string{
	"personal", "pii", "personal-data", "special-category", "health", "medical", "biometric",
	"financial", "payment", "credit", "banking", "credentials", "secrets", "children", "minors",
	"genetic", "criminal", "political", "religious", "ethnic", "sexual-orientation", "trade-union",
	"location", "government-id", "national-id", "hr", "employee", "salary",
}

// IsSensitive reports whether a data category is sensitive (case-insensitive,
// "customer-pii" and "pii:email" match "pii").
func IsSensitive(category string) bool {
	c := strings.ToLower(category)
	for _, s := range SensitiveCategories {
		if categoryMatches(c, s) {
			return true
		}
	}
	return false
}

// personalCategories are data about people that is not sensitive by itself
// (GDPR Art. 4(1) personal data): handling it still needs a data-processing
// agreement with the vendor (Art. 28).
var personalCategories = []string{
	"contact", "email", "phone", "address", "identity", "customer", "customer-data", "user-data", "account",
}

// IsPersonal reports whether a data category is about people: sensitive, or
// personal data such as contact details or customer accounts. Public and
// internal data are not.
func IsPersonal(category string) bool {
	if IsSensitive(category) {
		return true
	}
	c := strings.ToLower(category)
	for _, s := range personalCategories {
		if categoryMatches(c, s) {
			return true
		}
	}
	return false
}

// categoryMatches: c is s, starts with "s:" or "s-", ends with "-s" or
// contains "-s-". Written out rather than with concatenated patterns
// because it runs for every data category of every agent (no allocation).
func categoryMatches(c, s string) bool {
	if c == s {
		return true
	}
	n := len(s)
	if len(c) <= n {
		return false
	}
	if c[:n] == s && (c[n] == ':' || c[n] == '-') {
		return true
	}
	if c[len(c)-n:] == s && c[len(c)-n-1] == '-' {
		return true
	}
	for i := 1; i+n < len(c); {
		j := strings.Index(c[i:], s)
		if j < 0 {
			return false
		}
		j += i
		if j+n < len(c) && c[j-1] == '-' && c[j+n] == '-' {
			return true
		}
		i = j + 1
	}
	return false
}

var writeVerbs = []string{
	"write", "create", "update", "post", "send", "reply", "comment", "delete", "remove", "modify",
	"edit", "put", "patch", "insert", "upload", "publish", "execute", "exec", "run", "approve",
	"transfer", "pay", "merge", "deploy", "invite", "share", "export", "set", "assign", "close",
	"open", "submit", "move", "rename", "drop", "purge", "destroy", "grant", "revoke", "book",
	"apply", "add", "replace", "save", "store", "append", "clear", "restore", "sync", "import", "refund",
	"cancel", "charge", "purchase", "buy", "scale", "restart", "reboot", "rollback", "kill", "terminate",
	"stop", "start", "install", "uninstall", "upgrade", "reset", "enable", "disable", "lock", "unlock",
	"archive", "rotate", "provision", "cordon", "drain", "evict", "notify", "schedule", "sign", "trigger",
	"invoke", "accept", "reject",
}

var destructiveVerbs = []string{"delete", "remove", "drop", "purge", "destroy", "transfer", "pay", "execute", "exec", "deploy", "revoke", "grant"}

// readVerbs name functions that only look: a tool granted with no
// operations list whose name is one of these (and no write verb) is one
// read-only function, as kagent's k8s_get_events, an MCP server's
// read_file or an ADK search tool are.
var readVerbs = []string{
	"get", "list", "read", "search", "describe", "fetch", "find", "lookup", "view", "show", "retrieve",
	"inspect", "browse", "count", "watch",
}

// hasVerb reports whether a word of s is one of verbs (lower case). Words
// are runs of letters and digits, split also where a lower-case letter or
// digit meets an upper-case one, so camelCase tool names (createTicket,
// the Vercel AI SDK's and MCP's usual spelling) read as the words they
// are. It scans bytes instead of splitting: it runs for every operation of
// every agent, and bytes of multi-byte runes are separators just as the
// runes themselves would be.
func hasVerb(s string, verbs []string) bool {
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		lower, upper := c >= 'a' && c <= 'z' || c >= '0' && c <= '9', c >= 'A' && c <= 'Z'
		hump := upper && i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= '0' && s[i-1] <= '9')
		if start >= 0 && (!lower && !upper || hump) {
			if isVerb(s[start:i], verbs) {
				return true
			}
			start = -1
		}
		if start < 0 && (lower || upper) {
			start = i
		}
	}
	return false
}

func isVerb(word string, verbs []string) bool {
	for _, v := range verbs {
		if strings.EqualFold(word, v) {
			return true
		}
	}
	return false
}

// IsWrite reports whether an operation (or, where operations are not
// declared, a tool name) changes something outside the agent.
func IsWrite(op string) bool { return hasVerb(op, writeVerbs) }

// ReadsOnly reports whether a tool name reads as one read-only function: a
// read verb and no write verb (k8s_get_events, read_file, searchDocs, not
// get_and_delete or jira). Only a grant without an operations list is
// judged by its name: the operations, where declared, say what it may do.
func ReadsOnly(name string) bool { return hasVerb(name, readVerbs) && !hasVerb(name, writeVerbs) }

// IsDestructive reports whether an operation deletes, pays, runs code or changes rights.
func IsDestructive(op string) bool { return hasVerb(op, destructiveVerbs) }

// delegationTools are the frameworks' own tools that hand the task to another
// agent: ADK's transfer_to_agent (google/adk-python,
// flows/llm_flows/agent_transfer.py) and CrewAI's coworker tools
// (crewai/tools/agent_tools). They change nothing outside the agents: the
// agent handed to acts under its own grants, judged on its own, and the
// grant's resources say which agents may be handed to.
//
// SubAgents is the grant aims import adk writes for a workflow agent
// (SequentialAgent, ParallelAgent, LoopAgent: agents/*_agent.py), which runs
// its sub_agents itself, with no tool call: its resources are the agents it
// runs, matched in the logs by their invoke_agent spans nested in its own.
var delegationTools = map[string]bool{"transfer_to_agent": true, SubAgents: true, "Delegate work to coworker": true, "Ask question to coworker": true}

// SubAgents names the delegation grant of an agent that runs its sub-agents
// itself (see delegationTools).
const SubAgents = "sub_agents"

// IsDelegation reports whether a granted tool only hands the task to another
// agent, so that none of its operations is a write.
func IsDelegation(tool string) bool { return delegationTools[tool] }

// DelegationNames lists the names under which a grant may hand a task to
// another agent: the resources of a delegation tool, else the tool's own
// name (a kagent Agent tool or an A2A remote agent granted by name). Only
// literal names count: a glob names no particular agent. Callers resolve
// the names to agents; a name that is no agent's is no delegation.
func DelegationNames(g model.Grant) []string {
	names := []string{g.Name}
	if IsDelegation(g.Name) {
		names = g.Resources
	}
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" && !strings.ContainsAny(n, "*?[") {
			out = append(out, n)
		}
	}
	return out
}

// AppendGrantWrites appends to dst the operations of one grant that may
// write, and returns the extended slice: "*" when the grant lists no
// operations (it allows any, writes included) unless its name reads as one
// read-only function (ReadsOnly), else every listed operation
// that is "*" or write-like; nothing for a delegation tool, which writes
// nothing itself. It is the one judge of whether a grant may write: the risk
// tier, the engine's facts (write-operations-reviewed) and diff all read it.
// It appends instead of returning a list because the engine calls it for
// every grant of every agent into one reused buffer.
func AppendGrantWrites(dst []string, g model.Grant) []string {
	if IsDelegation(g.Name) {
		return dst
	}
	if g.Operations == nil {
		if ReadsOnly(g.Name) {
			return dst
		}
		return append(dst, "*")
	}
	for _, op := range g.Operations {
		if op == "*" || IsWrite(op) {
			dst = append(dst, op)
		}
	}
	return dst
}

// WriteOperations lists "tool:operation" for every operation
// AppendGrantWrites judges may write ("tool:*" for a grant with no
// operations list).
func WriteOperations(a *model.Agent) []string {
	var out, ops []string
	for _, g := range a.Tools {
		ops = AppendGrantWrites(ops[:0], g)
		for _, op := range ops {
			out = append(out, g.Name+":"+op)
		}
	}
	return out
}

// Reviewed reports whether tool:op needs a human approval under the oversight rules
// ("tool", "op", "tool:op"; globs allowed).
func Reviewed(o model.Oversight, tool, op string) bool {
	for _, r := range o.HumanReview {
		t, p, hasOp := strings.Cut(r, ":")
		switch {
		case hasOp:
			if match(t, tool) && (match(p, op) || op == "*" && p == "*") {
				return true
			}
		case match(r, tool), op != "*" && match(r, op):
			return true
		}
	}
	return false
}

// match is grant.Glob: a review rule's glob means what a grant's glob means
// (`*` crosses `/`), so oversight and log analysis cannot disagree.
func match(pattern, s string) bool { return grant.Glob(pattern, s) }

// Compute returns the agent's risk profile. sys and vendors may be nil.
func Compute(a *model.Agent, sys *model.System, vendors map[string]*model.Vendor) Profile {
	// Computed for every agent of every assessment: constant details skip fmt,
	// and the factors fit one allocation.
	p := Profile{Factors: make([]Factor, 0, 12)}
	add := func(id string, pts int, format string, args ...any) {
		detail := format
		if len(args) > 0 {
			detail = fmt.Sprintf(format, args...)
		}
		p.Factors = append(p.Factors, Factor{ID: id, Points: pts, Detail: detail})
		p.Score += pts
	}

	switch a.Scope {
	case "private":
		add("scope", 0, "private scope: one user's data and actions")
	case "team":
		add("scope", 1, "team scope: acts for a team")
	case "organization":
		add("scope", 2, "organisation-wide scope")
	default:
		add("scope", 2, "scope not declared: assumed organisation-wide")
	}

	customer := a.Audience == "customer-facing" || a.Audience == "" && sys != nil && sys.CustomerFacing
	if customer {
		add("audience", 2, "customer-facing: acts towards people outside the organisation")
	} else {
		add("audience", 0, "internal audience")
	}

	writes := WriteOperations(a)
	destructive := 0
	unreviewed := []string{}
	unbounded := []string{}
	for _, w := range writes {
		tool, op, _ := strings.Cut(w, ":")
		if op == "*" || IsDestructive(op) {
			destructive++
		}
		if !Reviewed(a.Oversight, tool, op) {
			unreviewed = append(unreviewed, w)
		}
	}
	for _, g := range a.Tools {
		if g.Resources == nil {
			unbounded = append(unbounded, g.Name)
		}
	}
	switch {
	case len(writes) == 0:
		add("write-operations", 0, "read-only grants")
	default:
		add("write-operations", 2, "write operations granted: %s", strings.Join(writes, ", "))
	}
	if destructive > 0 {
		add("destructive-operations", 2, "%d grant(s) allow deleting, paying, executing or any operation", destructive)
	}
	if len(unreviewed) > 0 {
		add("no-human-review", 2, "write operations without human review: %s", strings.Join(unreviewed, ", "))
	} else if len(writes) > 0 {
		add("no-human-review", 0, "every write operation needs human review")
	}
	if len(unbounded) > 0 {
		add("unbounded-resources", 1, "tools with no resource limit: %s", strings.Join(unbounded, ", "))
	}

	var sensitive []string
	dataWrite := false
	for _, d := range a.Data {
		for _, c := range d.Categories {
			if IsSensitive(c) && !slices.Contains(sensitive, c) {
				sensitive = append(sensitive, c)
			}
		}
		if d.Access == "write" {
			dataWrite = true
		}
	}
	if len(sensitive) > 0 {
		slices.Sort(sensitive)
		add("sensitive-data", 2, "sensitive data: %s", strings.Join(sensitive, ", "))
	}
	if dataWrite {
		add("data-write", 1, "writes to a data source")
	}

	switch a.Isolation {
	case "container":
		add("isolation", 0, "runs in its own container")
	case "process":
		add("isolation", 1, "process isolation only")
	case "shared":
		add("isolation", 2, "shares a runtime with other agents")
	default:
		add("isolation", 2, "isolation not declared: assumed shared")
	}

	byok := a.Model.BYOK != nil && *a.Model.BYOK
	if !byok && vendors != nil {
		if v := vendors[a.Model.Provider]; v != nil && v.Answers.InferencePath == "byok-direct" && a.Model.BYOK == nil {
			byok = true
		}
	}
	switch {
	case byok:
		add("inference-path", 0, "inference with the organisation's own key, direct to the provider")
	case len(sensitive) > 0:
		add("inference-path", 2, "sensitive data flows through the vendor during inference")
	default:
		add("inference-path", 1, "inference runs through the vendor")
	}

	trains := a.TrainingOnCustomerData
	if vendors != nil {
		if v := vendors[a.Model.Provider]; v != nil && v.Answers.TrainsOnCustomerData != nil && *v.Answers.TrainsOnCustomerData {
			trains = true
		}
	}
	if trains {
		add("training-on-customer-data", 3, "customer data may be used to train models")
	}

	p.Tier = TierForScore(p.Score)
	if sys != nil {
		switch sys.EUAIAct {
		case "prohibited":
			raise(&p, model.SeverityCritical, "system is a prohibited practice under the EU AI Act")
		case "high":
			raise(&p, model.SeverityHigh, "system is high-risk under the EU AI Act")
		}
	}
	return p
}

func raise(p *Profile, tier, why string) {
	if Rank(tier) > Rank(p.Tier) {
		p.Factors = append(p.Factors, Factor{ID: "floor", Points: 0, Detail: why + ": tier raised to " + tier})
		p.Tier = tier
	}
}

// TierForScore maps a score to a tier.
func TierForScore(score int) string {
	switch {
	case score >= criticalFrom:
		return model.SeverityCritical
	case score >= highFrom:
		return model.SeverityHigh
	case score >= mediumFrom:
		return model.SeverityMedium
	}
	return model.SeverityLow
}

// Rank orders tiers: low 1 ... critical 4, unknown or empty 0.
func Rank(tier string) int {
	r := model.SeverityRank(tier)
	if r < 0 {
		return 0
	}
	return r
}
