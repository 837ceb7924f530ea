package auditlog

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/aims-cli/aims/pkg/grant"
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
	// delegates: inventory agents another one's grants can hand a task to
	// (delegate.go), judged for coverage against the delegations they got.
	delegates []bool
	from, to  time.Time // to is exclusive; zero means open
	th        model.Thresholds
	// cites is how many records a finding keeps (Options.Records, at
	// least model.MaxSamples).
	cites int
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
	an := &analysis{exact: map[string]int{}, th: th, noInventory: agents == nil, cites: max(opts.Records, model.MaxSamples)}
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
	an.delegates = an.delegateTargets()
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
	if role, _ := roleFromAssumed(id); role != "" && role != id {
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

// globMatch is the one glob meaning (pkg/grant): '*' crosses '/'.
func globMatch(pattern, s string) bool { return grant.Glob(pattern, s) }

// needsReview reports whether tool:op of agent a needs a human review. A
// qualified tool ("crm___export", "mcp__crm__export") is matched under its
// name as logged, its bare tool and its server (or gateway target), the
// server last: a grant of the whole server, as imported MCP configs write
// it, covers each of its tools. It is also the server's operation TOOL:
// "crm:export" names it as the agent file's review rules and
// write-operations-reviewed read it, whatever verb the source logs beside it.
func needsReview(a *model.Agent, tool, op string) bool {
	if len(a.Oversight.HumanReview) == 0 {
		return false
	}
	o := op
	if o == "" {
		o = "*"
	}
	if risk.Reviewed(a.Oversight, tool, o) {
		return true
	}
	target, bare := grant.Split(tool)
	return target != "" && (risk.Reviewed(a.Oversight, bare, o) || risk.Reviewed(a.Oversight, target, o) ||
		risk.Reviewed(a.Oversight, target, bare))
}

// roleFromAssumed turns arn:aws:sts::ACCT:assumed-role/NAME/SESSION into
// the role's ARN arn:aws:iam::ACCT:role/NAME and its name NAME ("" when s is
// not an assumed-role ARN). The role path is not in the session ARN, so a
// role with a path needs a glob identity or its name.
func roleFromAssumed(s string) (role, name string) {
	const marker = ":assumed-role/"
	i := strings.Index(s, marker)
	if !strings.HasPrefix(s, "arn:") || i < 0 {
		return "", ""
	}
	prefix := s[:i] // arn:aws:sts::ACCT
	rest := s[i+len(marker):]
	name, _, ok := strings.Cut(rest, "/")
	parts := strings.SplitN(prefix, ":", 5)
	if len(parts) < 5 || !ok || name == "" {
		return "", ""
	}
	return parts[0] + ":" + parts[1] + ":iam::" + parts[4] + ":role/" + name, name
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

// memLimit is the memory budget of an analysis: the soft memory limit
// (runtime/debug.SetMemoryLimit) it runs under is the live heap at its start
// plus memLimit, unless the user set GOMEMLIMIT or a lower limit. The
// live state is bounded (a few tens of MB on native logs at any size), but
// with the default GOGC the heap grows to twice the live data before a
// collection; the limit makes the collector run earlier instead, which on
// native JSONL costs no measurable CPU (it allocates ~160 MB per GiB) and
// keeps peak RSS under 100 MB. Where live data comes near the limit (OTLP's
// recorded replay steps) the collector runs more often, at most half the
// CPU by the runtime's own cap: slower, never out of memory
// (docs/performance.md).
const memLimit = 80 << 20

// liveHeap is the heap the last collection kept; a variable so that a test
// can stand in a large process.
var liveHeap = func() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

var (
	memMu    sync.Mutex
	memUsers int
	memPrev  int64
)

// limitMemory sets memLimit for the duration of an analysis; call the
// returned function when it ends (nested and concurrent analyses share it).
func limitMemory() (restore func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	memMu.Lock()
	defer memMu.Unlock()
	if memUsers == 0 {
		memPrev = debug.SetMemoryLimit(-1)
		// The budget is on top of what the process already holds (an
		// assess or pack of a large fleet): a fixed limit below its live
		// heap would run the collector without pause.
		if lim := liveHeap() + memLimit; memPrev > lim {
			debug.SetMemoryLimit(lim)
		}
	}
	memUsers++
	return func() {
		memMu.Lock()
		defer memMu.Unlock()
		if memUsers--; memUsers == 0 {
			debug.SetMemoryLimit(memPrev)
		}
	}
}
