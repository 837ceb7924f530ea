package auditlog

import (
	"sort"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// Human-review matching (issue 11 §1). A review decides the calls it names:
// by tool call ID first (gen_ai.tool.call.id, Claude Code tool_use_id ...),
// then by request ID, then, for a call and a review whose IDs cannot tell
// them apart, by agent + tool + the nearest earlier review. Reviews and calls
// of every file and format meet in one merged aggregate, so a review in one
// file decides a call in another. Among the reviews that decide one call any
// approval approves it, otherwise a rejection rejects it: the rule does not
// depend on the order records are read in, so the result is the same
// whatever the worker count or the order of the files.
//
// Every call that carries an ID or whose operation needs a review waits for
// its decision (a rejected call that ran is critical for every operation, not
// only those oversight.human_review lists). A call settles at once when its
// worker has already seen an approval by the ID that decides it. Memory per
// worker: at most maxReviews reviews and maxPending waiting calls of each kind;
// calls beyond the bound are counted per operation, and a rejection that then
// finds no call cannot say whether the call ran (logs.rejected-call-outcome-unknown).

// reviewMap holds the review decisions by ID. IDs up to ridMax bytes, most
// request IDs, are kept inline in the key: no allocation per review and one
// memory access less per lookup; longer ones (UUIDs ...) go to a string-keyed
// map. Inline keys are kept short because the map's memory counts against the
// RSS bound.
type reviewMap struct {
	short map[ridKey]uint8
	long  map[string]uint8
}

const ridMax = 23

// ridKey is a length byte and up to ridMax bytes of ID.
type ridKey [ridMax + 1]byte

func makeRidKey(rid []byte) (k ridKey) {
	k[0] = byte(len(rid))
	copy(k[1:], rid)
	return k
}

func (m *reviewMap) get(rid []byte) (uint8, bool) {
	if len(rid) <= ridMax {
		v, ok := m.short[makeRidKey(rid)]
		return v, ok
	}
	v, ok := m.long[string(rid)]
	return v, ok
}

func (m *reviewMap) set(rid []byte, v uint8) {
	if len(rid) <= ridMax {
		if m.short == nil {
			m.short = map[ridKey]uint8{}
		}
		m.short[makeRidKey(rid)] = v
		return
	}
	if m.long == nil {
		m.long = map[string]uint8{}
	}
	m.long[string(rid)] = v
}

func (m *reviewMap) len() int { return len(m.short) + len(m.long) }

// merge ORs o's decisions into m; o must not be used afterwards. The merge
// runs after the parallel part, so it walks the smaller map into the larger.
func (m *reviewMap) merge(o *reviewMap) {
	m.short = mergeDecisions(m.short, o.short)
	m.long = mergeDecisions(m.long, o.long)
}

func mergeDecisions[K comparable](a, b map[K]uint8) map[K]uint8 {
	if len(a) < len(b) {
		a, b = b, a
	}
	if a == nil {
		return nil
	}
	for k, v := range b {
		a[k] |= v
	}
	return a
}

// Review decisions seen for one ID.
const (
	decApproved uint8 = 1 << iota
	decRejected
)

// decision is the rule of the file comment: any approval wins.
func decision(dec uint8) (decided, rejected bool) {
	return dec != 0, dec&decApproved == 0
}

// ID kinds of a pending call's key.
const (
	kindCall = 'c'
	kindReq  = 'r'
)

// review is one human decision, kept for the fallback by time and for a
// rejection that no call answers.
type review struct {
	agent    int32
	tool, op string
	call     string // tool call ID, "" when none
	req      string // request ID, "" when none
	t        time.Time
	pos      pos
	rejected bool
	used     bool // decided a call by time
}

type pendingCall struct {
	agent     int32
	tool, op  string
	call, req string
	t, tlast  time.Time // first and last call
	count     int64
	ran       int64 // outcome success or error: the tool ran
	unknown   int64 // outcome neither ran nor denied: cannot be told
	pos, rpos pos   // first call, first call that ran
	upos      pos   // first call whose outcome is unknown
	review    bool  // the operation needs a review
}

// outcomeRan tells from a call's outcome whether the tool ran: success and
// error ran (an error is a run that failed), denied did not, anything else
// (no outcome, a producer's own word) cannot be told.
func outcomeRan(outcome []byte) (ran, known bool) {
	switch string(outcome) {
	case model.OutcomeSuccess, model.OutcomeError:
		return true, true
	case model.OutcomeDenied:
		return false, true
	}
	return false, false
}

func (g *agg) addReview(agent int32, ev *event, p pos, rejected bool) {
	dec := decApproved
	if rejected {
		dec = decRejected
	}
	if len(g.revs) >= maxReviews {
		g.overflowRev++
		return
	}
	g.revs = append(g.revs, &review{agent: agent, tool: string(ev.tool), op: string(ev.op),
		call: string(ev.callID), req: string(ev.requestID), t: ev.t, pos: p, rejected: rejected})
	if len(ev.callID) > 0 {
		old, _ := g.byCall.get(ev.callID)
		g.byCall.set(ev.callID, old|dec)
	}
	if len(ev.requestID) > 0 {
		old, _ := g.byReq.get(ev.requestID)
		g.byReq.set(ev.requestID, old|dec)
	}
	if dec != decApproved {
		return
	}
	// An approval is final: free the calls it decides.
	if len(ev.callID) > 0 {
		g.dropPending(kindCall, ev.callID)
	}
	if len(ev.requestID) > 0 {
		g.dropPending(kindReq, ev.requestID)
	}
}

func (g *agg) dropPending(kind byte, id []byte) {
	k := pendGroupKey(kind, id)
	if grp := g.pending[k]; grp != nil {
		g.claimed[k] = struct{}{}
		delete(g.pending, k)
	}
}

// claim records that an ID decided a call (so its reviews are spent).
func (g *agg) claim(kind byte, id []byte) {
	g.kbuf = append(append(g.kbuf[:0], kind), id...)
	if _, ok := g.claimed[string(g.kbuf)]; !ok {
		g.claimed[string(g.kbuf)] = struct{}{}
	}
}

func pendGroupKey(kind byte, id []byte) string {
	return string(append([]byte{kind}, id...))
}

// addCall registers a tool call for matching; review says whether its
// operation needs a human review.
func (g *agg) addCall(agent int32, ev *event, p pos, o *opAgg, review bool) {
	ran, known := outcomeRan(ev.outcome)
	var kind byte
	var id []byte
	switch {
	case len(ev.callID) > 0:
		kind, id = kindCall, ev.callID
		if dec, _ := g.byCall.get(id); dec&decApproved != 0 {
			g.claim(kind, id)
			return // approved by its own call ID: final
		}
	case len(ev.requestID) > 0:
		kind, id = kindReq, ev.requestID
		if dec, _ := g.byReq.get(id); dec&decApproved != 0 {
			g.claim(kind, id)
			return
		}
	}
	var pc *pendingCall
	if kind != 0 {
		// The key is built in a reused buffer: the lookup allocates nothing,
		// only a new entry does.
		g.kbuf = append(append(g.kbuf[:0], kind), id...)
		grp := g.pending[string(g.kbuf)]
		for _, c := range grp {
			if c.agent == agent && c.tool == string(ev.tool) && c.op == string(ev.op) && c.req == string(ev.requestID) {
				pc = c
			}
		}
		if pc == nil {
			if g.npending >= maxPending {
				g.overflow(o, review)
				return
			}
			pc = &pendingCall{agent: agent, tool: string(ev.tool), op: string(ev.op), call: string(ev.callID), req: string(ev.requestID), t: ev.t, pos: p, review: review}
			g.pending[string(g.kbuf)] = append(grp, pc)
			g.npending++
		}
	} else {
		if len(g.noIDPending) >= maxPending {
			g.overflow(o, review)
			return
		}
		pc = &pendingCall{agent: agent, tool: string(ev.tool), op: string(ev.op), t: ev.t, pos: p, review: review}
		g.noIDPending = append(g.noIDPending, pc)
	}
	pc.add(ev.t, p, ran, known)
}

func (g *agg) overflow(o *opAgg, review bool) {
	if review {
		o.undetermined++
		g.overflowCall++
		return
	}
	o.untracked++
}

func (pc *pendingCall) add(t time.Time, p pos, ran, known bool) {
	pc.count++
	if t.Before(pc.t) {
		pc.t = t
	}
	if t.After(pc.tlast) {
		pc.tlast = t
	}
	pc.pos = minPos(pc.pos, p)
	switch {
	case !known:
		pc.unknown++
		pc.upos = minPos(pc.upos, p)
	case ran:
		pc.ran++
		pc.rpos = minPos(pc.rpos, p)
	}
}

func (pc *pendingCall) merge(o *pendingCall) {
	pc.count += o.count
	pc.ran += o.ran
	pc.unknown += o.unknown
	if o.t.Before(pc.t) {
		pc.t = o.t
	}
	if o.tlast.After(pc.tlast) {
		pc.tlast = o.tlast
	}
	pc.pos = minPos(pc.pos, o.pos)
	pc.rpos = minPos(pc.rpos, o.rpos)
	pc.upos = minPos(pc.upos, o.upos)
}

func (pc *pendingCall) same(o *pendingCall) bool {
	return pc.agent == o.agent && pc.tool == o.tool && pc.op == o.op && pc.req == o.req
}

// opOf finds the op aggregate a pending call counts against.
func (g *agg) opOf(agent int32, tool, op string) *opAgg {
	if int(agent) >= len(g.agents) || agent < 0 {
		return nil
	}
	aa := g.agents[agent]
	if aa == nil {
		return nil
	}
	t := aa.tools[tool]
	if t == nil {
		return nil
	}
	return t.ops[op]
}

// settle applies a decision to a pending call.
func (g *agg) settle(pc *pendingCall, rejected bool) {
	if !rejected {
		return
	}
	o := g.opOf(pc.agent, pc.tool, pc.op)
	if o == nil {
		return
	}
	if pc.ran > 0 {
		o.rejectedRan.merge(countPos{n: pc.ran, pos: pc.rpos, first: pc.t, last: pc.tlast})
	}
	if pc.unknown > 0 {
		o.rejectedUnknown.merge(countPos{n: pc.unknown, pos: pc.upos, first: pc.t, last: pc.tlast})
	}
}

// finishReviews settles everything left after the merge: calls by tool call
// ID, then by request ID, then the rest by agent, tool and time; then the
// rejections that decided no call.
func (g *agg) finishReviews() {
	keys := make([]string, 0, len(g.pending))
	for k := range g.pending {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rest := g.noIDPending
	for _, k := range keys {
		for _, pc := range g.pending[k] {
			if pc.call != "" {
				if dec, _ := g.byCall.get([]byte(pc.call)); dec != 0 {
					g.claimed[string(kindCall)+pc.call] = struct{}{}
					_, rej := decision(dec)
					g.settle(pc, rej)
					continue
				}
			}
			if pc.req != "" {
				if dec, _ := g.byReq.get([]byte(pc.req)); dec != 0 {
					g.claimed[string(kindReq)+pc.req] = struct{}{}
					_, rej := decision(dec)
					g.settle(pc, rej)
					continue
				}
			}
			rest = append(rest, pc)
		}
	}
	g.pending = map[string][]*pendingCall{}
	g.npending = 0
	g.noIDPending = nil

	// Reviews that decided a call by ID are spent; the others may decide a
	// call by time.
	type key struct {
		agent int32
		tool  string
	}
	revs := map[key][]*review{}
	var free []*review
	for _, r := range g.revs {
		if g.claimedReview(r) {
			continue
		}
		free = append(free, r)
		k := key{r.agent, r.tool}
		revs[k] = append(revs[k], r)
	}
	calls := map[key][]*pendingCall{}
	for _, pc := range rest {
		k := key{pc.agent, pc.tool}
		calls[k] = append(calls[k], pc)
	}
	for k, cs := range calls {
		sort.Slice(cs, func(i, j int) bool {
			if !cs[i].t.Equal(cs[j].t) {
				return cs[i].t.Before(cs[j].t)
			}
			return cs[i].pos.less(cs[j].pos)
		})
		rs := revs[k]
		sortReviews(rs)
		ri := 0
		for _, pc := range cs {
			for ri < len(rs) && !rs[ri].t.After(pc.t) {
				ri++
			}
			if r := nearestFree(rs[:ri], pc); r != nil {
				r.used = true
				g.settle(pc, r.rejected)
				continue
			}
			if !pc.review {
				continue
			}
			if o := g.opOf(pc.agent, pc.tool, pc.op); o != nil {
				o.unreviewed.merge(countPos{n: pc.count, pos: pc.pos, first: pc.t, last: pc.tlast})
			}
		}
	}

	// A rejection that decided no call: the block held, unless calls of that
	// tool went uncounted (beyond the bound, or without an ID): then whether
	// the rejected call ran cannot be told.
	for _, r := range free {
		if !r.rejected || r.used || r.agent < 0 || int(r.agent) >= len(g.agents) {
			continue
		}
		aa := g.agents[r.agent]
		if aa == nil {
			continue
		}
		t := aa.tools[r.tool]
		if t == nil {
			continue
		}
		for _, on := range sortedKeys(t.ops) {
			o := t.ops[on]
			if r.op != "" && on != r.op {
				continue
			}
			if o.untracked > 0 || o.undetermined > 0 {
				aa.rejUnknown(r.tool, on).add(r.pos, r.t)
				break
			}
		}
	}
	g.revs = nil
	g.finishContent()
}

func sortReviews(rs []*review) {
	sort.Slice(rs, func(i, j int) bool {
		if !rs[i].t.Equal(rs[j].t) {
			return rs[i].t.Before(rs[j].t)
		}
		return rs[i].pos.less(rs[j].pos)
	})
}

// maxLookBack bounds how many earlier reviews one call looks at by time.
const maxLookBack = 64

// nearestFree is the latest review in rs (sorted, all no later than the
// call) not yet spent whose IDs and operation do not contradict the call: an
// ID of one kind that both carry and that differs names another call.
func nearestFree(rs []*review, pc *pendingCall) *review {
	for i, n := len(rs)-1, 0; i >= 0 && n < maxLookBack; i, n = i-1, n+1 {
		r := rs[i]
		if r.used {
			continue
		}
		if r.call != "" && pc.call != "" && r.call != pc.call ||
			r.req != "" && pc.req != "" && r.req != pc.req ||
			r.op != "" && pc.op != "" && r.op != pc.op {
			continue
		}
		return r
	}
	return nil
}

// claimedReview reports whether r decided a call by one of its IDs.
func (g *agg) claimedReview(r *review) bool {
	if r.call != "" {
		if _, ok := g.claimed[string(kindCall)+r.call]; ok {
			return true
		}
	}
	if r.req != "" {
		if _, ok := g.claimed[string(kindReq)+r.req]; ok {
			return true
		}
	}
	return false
}

// mergeReviews folds o's review state into g.
func (g *agg) mergeReviews(o *agg) {
	g.byCall.merge(&o.byCall)
	g.byReq.merge(&o.byReq)
	g.revs = append(g.revs, o.revs...)
	for k := range o.claimed {
		g.claimed[k] = struct{}{}
	}
	for k, grp := range o.pending {
		mine := g.pending[k]
		for _, pc := range grp {
			merged := false
			for _, c := range mine {
				if c.same(pc) {
					c.merge(pc)
					merged = true
					break
				}
			}
			if !merged {
				mine = append(mine, pc)
				g.npending++
			}
		}
		g.pending[k] = mine
	}
	g.noIDPending = append(g.noIDPending, o.noIDPending...)
	g.overflowCall += o.overflowCall
	g.overflowRev += o.overflowRev
}
