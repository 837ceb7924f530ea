package auditlog

import (
	"path"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// analysis is the read-only context every worker shares: the inventory agents
// prepared for fast matching, the period and the thresholds.
type analysis struct {
	agents      []*agentInfo
	exact       map[string]int
	globs       []identityGlob
	noInventory bool
	from, to    time.Time // to is exclusive; zero means open
	th          model.Thresholds
}

type identityGlob struct {
	pattern string
	agent   int
}

// agentInfo is one inventory agent with what the per-event checks need.
type agentInfo struct {
	a            *model.Agent
	retiredAfter time.Time // first instant after retired_on; zero when not retired
	approvedFrom time.Time // start of approval.approved_on; zero when not recorded
	declaredCats map[string]bool
}

func newAnalysis(agents []*model.Agent, opts Options, th model.Thresholds) *analysis {
	an := &analysis{exact: map[string]int{}, th: th, noInventory: agents == nil}
	if !opts.Period.From.IsZero() {
		an.from = opts.Period.From.Time
	}
	if !opts.Period.To.IsZero() {
		an.to = opts.Period.To.AddDate(0, 0, 1)
	}
	for i, a := range agents {
		if a == nil {
			continue
		}
		ai := &agentInfo{a: a, declaredCats: map[string]bool{}}
		if !a.RetiredOn.IsZero() {
			ai.retiredAfter = a.RetiredOn.AddDate(0, 0, 1)
		}
		if !a.Approval.ApprovedOn.IsZero() {
			ai.approvedFrom = a.Approval.ApprovedOn.Time
		}
		for _, d := range a.Data {
			for _, c := range d.Categories {
				ai.declaredCats[strings.ToLower(c)] = true
			}
		}
		an.agents = append(an.agents, ai)
		idx := len(an.agents) - 1
		_ = i
		if _, dup := an.exact[a.ID]; !dup && a.ID != "" {
			an.exact[a.ID] = idx
		}
	}
	// Identities after IDs, so that an agent's own ID always wins; exact
	// identities before globs (exact match first).
	for idx, ai := range an.agents {
		for _, id := range ai.a.Identities {
			if strings.ContainsAny(id, "*?[") {
				an.globs = append(an.globs, identityGlob{pattern: id, agent: idx})
				continue
			}
			if _, dup := an.exact[id]; !dup {
				an.exact[id] = idx
			}
		}
	}
	return an
}

// resolveOne maps one identity to an agent index, or -1.
func (an *analysis) resolveOne(id string) int {
	if i, ok := an.exact[id]; ok {
		return i
	}
	for _, g := range an.globs {
		if globMatch(g.pattern, id) {
			return g.agent
		}
	}
	// An assumed-role session ARN names its role: match it to a role ARN identity.
	if role := roleFromAssumed(id); role != "" && role != id {
		return an.resolveOne(role)
	}
	return -1
}

// inPeriod reports whether t falls in the analysed period.
func (an *analysis) inPeriod(t time.Time) bool {
	if !an.from.IsZero() && t.Before(an.from) {
		return false
	}
	if !an.to.IsZero() && !t.Before(an.to) {
		return false
	}
	return true
}

// globMatch is path.Match with exact match first; a bad pattern matches nothing.
func globMatch(pattern, s string) bool {
	if pattern == s {
		return true
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}

// toolNames yields the names a logged tool is matched under: the name as
// logged, and the bare tool of an MCP-qualified name ("crm___export",
// "mcp__crm__export"), and the server it belongs to.
func toolNames(tool string) []string {
	// The server (or gateway target) comes last: a grant of the whole server,
	// as imported MCP configs write it, covers each of its tools.
	names := []string{tool}
	if i := strings.LastIndex(tool, "___"); i >= 0 && i+3 < len(tool) {
		names = append(names, tool[i+3:])
		if i > 0 {
			names = append(names, tool[:i])
		}
	} else if strings.HasPrefix(tool, "mcp__") {
		if i := strings.LastIndex(tool, "__"); i > 4 && i+2 < len(tool) {
			names = append(names, tool[i+2:], tool[5:i])
		}
	}
	return names
}

// grantsFor returns the grants whose name matches the logged tool.
func grantsFor(a *model.Agent, tool string) []int {
	var out []int
	for _, n := range toolNames(tool) {
		for gi, g := range a.Tools {
			if globMatch(g.Name, n) {
				out = append(out, gi)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// opGranted applies the nil = any, empty = none rule of Grant.Operations.
func opGranted(g *model.Grant, op string) bool {
	if g.Operations == nil {
		return true
	}
	for _, o := range g.Operations {
		if o == "*" || strings.EqualFold(o, op) || globMatch(o, op) {
			return true
		}
	}
	return false
}

// resourceGranted applies the nil = any, empty = none rule of Grant.Resources.
func resourceGranted(g *model.Grant, res string) bool {
	if g.Resources == nil || res == "" {
		return true
	}
	for _, r := range g.Resources {
		if globMatch(r, res) {
			return true
		}
	}
	return false
}

// needsReview reports whether tool:op of agent a needs a human review.
func needsReview(a *model.Agent, tool, op string) bool {
	if len(a.Oversight.HumanReview) == 0 {
		return false
	}
	for _, n := range toolNames(tool) {
		o := op
		if o == "" {
			o = "*"
		}
		if risk.Reviewed(a.Oversight, n, o) {
			return true
		}
	}
	return false
}

// roleFromAssumed turns arn:aws:sts::ACCT:assumed-role/NAME/SESSION into
// arn:aws:iam::ACCT:role/NAME ("" when s is not an assumed-role ARN). The role
// path is not in the session ARN, so a role with a path needs a glob identity.
func roleFromAssumed(s string) string {
	const marker = ":assumed-role/"
	i := strings.Index(s, marker)
	if !strings.HasPrefix(s, "arn:") || i < 0 {
		return ""
	}
	prefix := s[:i] // arn:aws:sts::ACCT
	rest := s[i+len(marker):]
	name, _, _ := strings.Cut(rest, "/")
	parts := strings.SplitN(prefix, ":", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[0] + ":" + parts[1] + ":iam::" + parts[4] + ":role/" + name
}

// Actions for which inputs and outputs make sense.
func expectsInput(action string) bool {
	switch action {
	case model.ActionToolCall, model.ActionModelCall, model.ActionAgentInvoke, model.ActionMessageRead:
		return true
	}
	return false
}

func expectsOutput(action string) bool {
	switch action {
	case model.ActionToolCall, model.ActionModelCall, model.ActionAgentInvoke, model.ActionOutput:
		return true
	}
	return false
}
