package auditlog

import (
	"fmt"
	"sort"
	"time"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
)

// Distinct tools, models and data categories per agent (issue 16): a log
// can name any number of them, and each kept one costs an aggregate. Each
// map keeps a bounded set chosen by rank (smallest first), a pure function
// of the name, so the kept set is the bottom of all names seen, whatever
// the order of the records or the worker that read them (a worker's kept
// set merged with another's and cut again is the bottom of their union).
// What falls past the bound is folded into one rest aggregate per agent:
// counts, the first records, and the distinct names as hashes.

// Hash kinds of the ranks (idHash).
const (
	kindTool  = 'T'
	kindModel = 'M'
	kindCat   = 'D'
)

// toolRank orders tools for keeping: a tool that some grant covers (or
// that the grants cannot judge) before every other, then by hash. An
// ungranted flood can thus never push a granted tool out.
func toolRank(name []byte, priority bool) uint64 {
	h := idHash(kindTool, name) >> 1
	if !priority {
		h |= 1 << 63
	}
	return h | 1 // never 0: 0 marks "not computed" in toolTop
}

// toolRest is what an agent did with tools past its bound of kept tools.
type toolRest struct {
	names                 hashSet // ranks of the distinct tools folded in
	count, errors, denied int64
	// toolOut: calls of tools no grant covers (one tool-out-of-scope
	// finding for them all), toolDenied of them denied; opOut: calls of
	// granted tools with an operation the grant does not allow; resOut:
	// calls on a resource outside the grant, resEx the first.
	toolOut, opOut, resOut countPos
	toolDenied, opDenied   int64
	resEx                  string
	// o is the one operation aggregate of every call past the bound, for
	// review matching (the pending calls name it with opKey.rest).
	o *opAgg
}

// maxTools is the bound of kept tools of aa.
func (aa *agentAgg) maxTools() int {
	if aa.agent == nil {
		return maxShadowTools
	}
	return maxTools
}

func (aa *agentAgg) restTools() *toolRest {
	if aa.rest == nil {
		aa.rest = &toolRest{names: newHashSet(aa.restCap()), o: &opAgg{granted: true, rest: true}}
	}
	return aa.rest
}

// tool returns the aggregate of tool name, made on its first call, or nil
// when the tool falls past the bound (its calls then count in aa.rest).
func (aa *agentAgg) tool(name []byte) *toolAgg {
	if t := aa.tools[string(name)]; t != nil {
		return t
	}
	t := aa.newTool(name)
	if !aa.keepTool(t) {
		return nil
	}
	return t
}

// newTool makes the aggregate of a tool of aa with its grants judged, not
// yet kept.
func (aa *agentAgg) newTool(name []byte) *toolAgg {
	t := &toolAgg{name: string(name), ops: map[string]*opAgg{}, delegTo: delegUnset}
	if a := aa.agent; a != nil {
		t.grants = grant.Tool(a.Tools, t.name)
		t.notJudged = len(t.grants) == 0 && t.name == unnamedMCPTool && len(mcpGrants(a)) > 0
	}
	t.rank = toolRank(name, len(t.grants) > 0 || t.notJudged)
	return t
}

// keepTool puts t among the kept tools if its rank allows, evicting the
// kept tool of the largest rank to the rest when full; false: t is past
// the bound and was not kept.
func (aa *agentAgg) keepTool(t *toolAgg) bool {
	return keepRanked(aa.tools, &aa.toolTop, aa.maxTools(), t.name, t, aa.foldTool)
}

// ranked is an entry of a bounded per-agent set (tools, models, data
// categories): the entries of the smallest ranks are kept, and a rank is a
// hash of the name, so which ones does not depend on record order or the
// worker count.
type ranked interface{ rankOf() uint64 }

func (t *toolAgg) rankOf() uint64  { return t.rank }
func (m *modelAgg) rankOf() uint64 { return m.rank }
func (c *catAgg) rankOf() uint64   { return c.rank }

// keepRanked puts v under name in m unless m is full and v ranks past all
// it keeps (false); when full, the kept entry of the largest rank goes to
// fold. top caches that largest rank (0: not known).
func keepRanked[T ranked](m map[string]T, top *uint64, limit int, name string, v T, fold func(T)) bool {
	if len(m) >= limit {
		largest := maxRank(m, top)
		if v.rankOf() >= largest {
			return false
		}
		for n, k := range m {
			if k.rankOf() == largest {
				delete(m, n)
				fold(k)
				break
			}
		}
		*top = 0
	}
	m[name] = v
	if *top != 0 && v.rankOf() > *top {
		*top = v.rankOf()
	}
	return true
}

// maxRank is the largest rank m keeps, cached in top.
func maxRank[T ranked](m map[string]T, top *uint64) uint64 {
	if *top == 0 {
		for _, v := range m {
			*top = max(*top, v.rankOf())
		}
	}
	return *top
}

// foldTool adds tool t, no longer kept, to aa's rest: its counts, its
// out-of-scope calls, its review state, and which grants it used. A route
// or pending call that still holds it sees it dead (and its operations
// forward to the rest's).
func (aa *agentAgg) foldTool(t *toolAgg) {
	t.dead = true
	r := aa.restTools()
	r.names.add(t.rank)
	if t.resOut.n > 0 {
		if r.resOut.n == 0 || t.resOut.pos.less(r.resOut.pos) {
			r.resEx = t.resEx
		}
		r.resOut.merge(t.resOut, aa.cites)
	}
	for on, o := range t.ops {
		r.count += o.count
		r.errors += o.errors
		r.denied += o.denied
		if len(t.grants) == 0 {
			r.toolOut.merge(o.outOfScope, aa.cites)
			if o.outOfScope.n > 0 {
				r.toolDenied += o.denied
			}
		} else {
			r.opOut.merge(o.outOfScope, aa.cites)
			if o.outOfScope.n > 0 {
				r.opDenied += o.denied
			}
		}
		r.o.mergeReview(o, aa.cites)
		o.fwd = r.o
		if o.count > 0 {
			for _, m := range t.grants {
				aa.useGrant(m, t.name, on)
			}
		}
	}
}

// mergeReview adds o's review and rejection state to d.
func (d *opAgg) mergeReview(o *opAgg, lim int) {
	d.undetermined += o.undetermined
	d.untracked += o.untracked
	d.unreviewed.merge(o.unreviewed, lim)
	d.rejectedRan.merge(o.rejectedRan, lim)
	d.rejectedUnknown.merge(o.rejectedUnknown, lim)
	d.rejectedBy = minPos(d.rejectedBy, o.rejectedBy)
}

// live is the aggregate o's counts go to: o, or the rest's once its tool
// was folded.
func (o *opAgg) live() *opAgg {
	for o.fwd != nil {
		o = o.fwd
	}
	return o
}

func (r *toolRest) merge(o *toolRest, lim int) {
	o.names.each(func(h uint64) bool {
		r.names.add(h)
		return true
	})
	r.count += o.count
	r.errors += o.errors
	r.denied += o.denied
	r.toolOut.merge(o.toolOut, lim)
	r.opOut.merge(o.opOut, lim)
	r.toolDenied += o.toolDenied
	r.opDenied += o.opDenied
	if o.resOut.n > 0 && (r.resOut.n == 0 || o.resOut.pos.less(r.resOut.pos)) {
		r.resEx = o.resEx
	}
	r.resOut.merge(o.resOut, lim)
	r.o.mergeReview(o.o, lim)
}

// grantUse is what the calls of an agent used of one of its grants: any
// call (used), and which of its operations (ops, by index; anyOp: a call
// named no operation while the grant lists several, so any could be used).
type grantUse struct {
	used, anyOp bool
	ops         []bool
}

// useGrant records a call of tool:op through grant match m. Kept tools
// record theirs at the summary (usedGrants); this is for the tools that
// were folded into the rest, so that a grant never reads unused because
// its calls fell past the bound.
func (aa *agentAgg) useGrant(m grant.Match, tool, op string) {
	if aa.grantUse == nil {
		aa.grantUse = make([]grantUse, len(aa.agent.Tools))
	}
	aa.grantUse[m.Grant].mark(&aa.agent.Tools[m.Grant], m, tool, op)
}

// mark records one used (tool, operation) of grant gr (issue 11 §2): a call
// through the grant's target uses the operation that names its tool part; a
// call that names no operation uses the grant's only operation.
func (u *grantUse) mark(gr *model.Grant, m grant.Match, tool, op string) {
	u.used = true
	if len(gr.Operations) == 0 {
		return
	}
	if u.ops == nil {
		u.ops = make([]bool, len(gr.Operations))
	}
	if m.ViaTarget {
		_, op = grant.Split(tool)
	} else if op == "" {
		if len(gr.Operations) > 1 {
			u.anyOp = true
		} else {
			u.ops[0] = true
		}
		return
	}
	for i, p := range gr.Operations {
		if grant.Allows([]string{p}, op) {
			u.ops[i] = true
		}
	}
}

func (u *grantUse) merge(o grantUse) {
	u.used = u.used || o.used
	u.anyOp = u.anyOp || o.anyOp
	if o.ops != nil && u.ops == nil {
		u.ops = make([]bool, len(o.ops))
	}
	for i, b := range o.ops {
		u.ops[i] = u.ops[i] || b
	}
}

// usedGrants is, per grant of the agent, what its calls used: the kept
// tools' calls and the rest's.
func (aa *agentAgg) usedGrants() []grantUse {
	a := aa.agent
	use := make([]grantUse, len(a.Tools))
	for i := range aa.grantUse {
		use[i].merge(aa.grantUse[i])
	}
	for _, t := range aa.tools {
		for on, o := range t.ops {
			if o.count == 0 {
				continue
			}
			for _, m := range t.grants {
				use[m.Grant].mark(&a.Tools[m.Grant], m, t.name, on)
			}
		}
	}
	return use
}

// unusedOps lists the indexes of the operations grant gr lists and no call
// used in the period; none where a call could have used any of them.
func unusedOps(gr *model.Grant, u grantUse) []int {
	if len(gr.Operations) == 0 || u.anyOp {
		return nil
	}
	var out []int
	for i := range gr.Operations {
		if u.ops == nil || !u.ops[i] {
			out = append(out, i)
		}
	}
	return out
}

// modelRest counts the models of an agent past maxModels.
type modelRest struct {
	names, outNames hashSet // all, and those model.allowed does not allow
	count           int64
	out             countPos // calls of models not allowed
	outDenied       int64
}

// model returns the aggregate of model name, made on its first call with
// allowed() judged, or nil past the bound, with allowed() judged: the
// caller then counts the call with countModelRest.
func (aa *agentAgg) model(name []byte, allowed func() bool, p pos) (*modelAgg, bool) {
	if m := aa.models[string(name)]; m != nil {
		return m, m.allowed
	}
	m := &modelAgg{allowed: allowed(), pos: p, rank: idHash(kindModel, name) | 1}
	if !keepRanked(aa.models, &aa.modelTop, maxModels, string(name), m, aa.foldModel) {
		return nil, m.allowed
	}
	return m, m.allowed
}

// foldModel adds model m, no longer kept, to the rest.
func (aa *agentAgg) foldModel(m *modelAgg) {
	if aa.modelRest == nil {
		aa.modelRest = &modelRest{names: newHashSet(aa.restCap()), outNames: newHashSet(aa.restCap())}
	}
	r := aa.modelRest
	r.names.add(m.rank)
	r.count += m.count
	if !m.allowed {
		r.outNames.add(m.rank)
		if m.count > 0 {
			r.out.merge(countPos{n: m.count, pos: m.pos}, aa.cites)
			r.outDenied += m.denied
		}
	}
}

// countModelRest counts one call of a model past the bound.
func (aa *agentAgg) countModelRest(name []byte, allowed, denied bool, p pos, t time.Time) {
	aa.foldModel(&modelAgg{rank: idHash(kindModel, name) | 1, allowed: allowed})
	r := aa.modelRest
	r.count++
	if !allowed {
		r.out.add(p, t, aa.cites)
		if denied {
			r.outDenied++
		}
	}
}

func (r *modelRest) merge(o *modelRest, lim int) {
	o.names.each(func(h uint64) bool { r.names.add(h); return true })
	o.outNames.each(func(h uint64) bool { r.outNames.add(h); return true })
	r.count += o.count
	r.out.merge(o.out, lim)
	r.outDenied += o.outDenied
}

// catRest counts the data categories of an agent past maxCats.
type catRest struct {
	names, undeclNames hashSet
	undeclared         countPos
}

// cat returns the aggregate of data category name, made on its first
// event with declared() judged, or nil past the bound, with declared()
// judged: the caller then counts the event with countCatRest.
func (aa *agentAgg) cat(name []byte, declared func() bool) (*catAgg, bool) {
	if c := aa.cats[string(name)]; c != nil {
		return c, c.declared
	}
	c := &catAgg{declared: declared(), rank: idHash(kindCat, name) | 1}
	if !keepRanked(aa.cats, &aa.catTop, maxCats, string(name), c, aa.foldCat) {
		return nil, c.declared
	}
	return c, c.declared
}

func (aa *agentAgg) foldCat(c *catAgg) {
	if aa.catRest == nil {
		aa.catRest = &catRest{names: newHashSet(aa.restCap()), undeclNames: newHashSet(aa.restCap())}
	}
	r := aa.catRest
	r.names.add(c.rank)
	if !c.declared {
		r.undeclNames.add(c.rank)
		r.undeclared.merge(c.c, aa.cites)
	}
}

// countCatRest counts one event with a data category past the bound.
func (aa *agentAgg) countCatRest(name []byte, declared bool, p pos, t time.Time) {
	c := &catAgg{declared: declared, rank: idHash(kindCat, name) | 1}
	if !declared {
		c.c.add(p, t, aa.cites)
	}
	aa.foldCat(c)
}

func (r *catRest) merge(o *catRest, lim int) {
	o.names.each(func(h uint64) bool { r.names.add(h); return true })
	o.undeclNames.each(func(h uint64) bool { r.undeclNames.add(h); return true })
	r.undeclared.merge(o.undeclared, lim)
}

// restCap bounds the distinct names a rest counts exactly: fewer for an
// identity no inventory agent claims, since up to maxShadow are kept.
func (aa *agentAgg) restCap() int {
	if aa.agent == nil {
		return maxShadowTools << 4
	}
	return maxToolRest
}

// atLeast is a rest's distinct count, "at least N" once its set is full.
func atLeast(s hashSet) string {
	if s.len() >= s.max {
		return fmt.Sprintf("at least %d", s.len())
	}
	return fmt.Sprint(s.len())
}

// restFindings are the findings of an inventory agent's tools past the
// bound: one per check, for all of them, citing their first records.
func restFindings(name string, aa *agentAgg, loc func(pos) model.Pos, smp func(countPos) []model.Sample) []model.Finding {
	var out []model.Finding
	f := func(check, sev string, c countPos, msg, rem string) model.Finding {
		return model.Finding{Control: "A.9.4", Check: check, Severity: sev, Location: loc(c.pos), Samples: smp(c),
			First: c.first.UTC(), Last: c.last.UTC(), Count: int(c.n), Message: msg, Remediation: rem}
	}
	beyond := fmt.Sprintf("beyond the %d tools listed", maxTools)
	if r := aa.rest; r != nil {
		if r.toolOut.n > 0 {
			out = append(out, f(CheckToolOutOfScope, model.SeverityHigh, r.toolOut,
				fmt.Sprintf("agent %s used %s more tools, which it is not granted (%s)%s", name, atLeast(r.names), beyond, deniedNote(r.toolDenied, r.toolOut.n)),
				"Remove the tools from the agent's runtime, or grant them in the agent config after a risk review."))
		}
		if r.opOut.n > 0 {
			out = append(out, f(CheckOpOutOfScope, model.SeverityHigh, r.opOut,
				fmt.Sprintf("agent %s used operations that its grants do not allow of granted tools %s%s", name, beyond, deniedNote(r.opDenied, r.opOut.n)),
				"Restrict the tools' permissions to the granted operations, or extend the grants after a risk review."))
		}
		if r.resOut.n > 0 {
			fd := f(CheckResourceOutScope, model.SeverityHigh, r.resOut,
				fmt.Sprintf("agent %s used granted tools %s on resources outside their grants, first %s", name, beyond, r.resEx),
				"Restrict the tools' credentials to the granted resources, or extend the grants after a risk review.")
			fd.Resource = r.resEx
			out = append(out, fd)
		}
		o := r.o
		if o.rejectedRan.n > 0 {
			fd := f(CheckRejectedToolRan, model.SeverityCritical, o.rejectedRan,
				fmt.Sprintf("agent %s ran a tool %s although a human rejected it%s", name, beyond, rejectionAt(o.rejectedBy, loc)),
				"Make the human decision blocking: the tool must not run after a reject.")
			fd.Control = "A.9.2"
			out = append(out, fd)
		}
		if o.rejectedUnknown.n > 0 {
			fd := f(CheckRejectedUnknown, model.SeverityHigh, o.rejectedUnknown,
				fmt.Sprintf("agent %s: a human rejected a call of a tool %s and the logs cannot tell whether it ran (its call record does not say whether it ran)", name, beyond),
				"Log every tool call with its outcome (success, error, denied) and the tool call or request ID of the decision, so that a blocked call can be shown blocked.")
			fd.Control = "A.9.2"
			out = append(out, fd)
		}
		if o.undetermined > 0 {
			out = append(out, model.Finding{Control: "A.9.2", Check: CheckReviewUnknown, Severity: model.SeverityLow, Count: int(o.undetermined),
				Message: fmt.Sprintf("agent %s: the human review of %d calls of tools %s could not be checked (their tool names are not kept, or the matching bound of %d was reached)", name, o.undetermined, beyond, maxPending)})
		}
	}
	// Rejections of a tool past the bound that decided no kept call.
	var keys [][2]string
	for k, c := range aa.rejUnk {
		if aa.tools[k[0]] == nil && c.n > 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		out = append(out, rejectedUnknown(name, k[0], k[1], *aa.rejUnk[k], loc, smp, "no logged call answers the rejection while calls of tools past the bound of kept tools were not all kept for matching"))
	}
	return out
}

// restNotes say what an agent's rests left out of the lists.
func restNotes(name string, aa *agentAgg) []string {
	var out []string
	if r := aa.rest; r != nil {
		how := fmt.Sprintf("at most %d distinct tools are kept per inventory agent, granted ones first, then those with the smallest hash of the name; grant use and out-of-scope calls are still judged on every call", maxTools)
		if aa.agent == nil {
			how = fmt.Sprintf("at most %d distinct tools are kept per identity no inventory agent claims, those with the smallest hash of the name", maxShadowTools)
		}
		out = append(out, fmt.Sprintf("agent %s: %s more tools (%d calls) are not listed: %s", name, atLeast(r.names), r.count, how))
	}
	if r := aa.modelRest; r != nil {
		out = append(out, fmt.Sprintf("agent %s: %s more models (%d calls) are not listed: at most %d distinct models are kept per agent, those with the smallest hash of the name", name, atLeast(r.names), r.count, maxModels))
	}
	if r := aa.catRest; r != nil {
		out = append(out, fmt.Sprintf("agent %s: %s more data categories are not listed: at most %d distinct categories are kept per agent, those with the smallest hash of the name", name, atLeast(r.names), maxCats))
	}
	return out
}
