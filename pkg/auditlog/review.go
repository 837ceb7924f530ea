package auditlog

import (
	"encoding/binary"
	"math/bits"
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
// worker has already seen an approval by the ID that decides it.
//
// Memory (issue 14): IDs are kept as 64-bit hashes (idHash), never as
// strings, and calls as fixed-size values that name their agent, tool and
// operation by a small index, so a waiting call costs about 150 bytes and a
// decision about 20. Two different IDs with the same hash would be taken for
// one: with n IDs the chance is about n²/2^65 (1e-8 for a million calls
// against a hundred thousand reviews), and such a log would have to be built
// for it. Bounds per worker: calls whose operation needs a review, and calls
// already rejected, wait up to maxPending (beyond, counted as undetermined);
// the other calls wait in a window of the last maxPendingOther (an older one
// leaves it counted as untracked: a rejection that then finds no call cannot
// say whether the call ran, logs.rejected-call-outcome-unknown); reviews up to
// maxReviews, those whose ID already met a call dropped as they are spent.

// idHash is a 64-bit hash of an ID of one kind; never 0 (0 means "no ID").
// It is fixed (not seeded per process) so that a result never depends on the
// run.
func idHash(kind byte, id []byte) uint64 {
	const m1, m2 = 0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9
	h := uint64(kind)<<56 ^ uint64(len(id)) ^ m2
	for len(id) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(id)) * m1
		h = bits.RotateLeft64(h, 29)
		id = id[8:]
	}
	var tail uint64
	for i, c := range id {
		tail |= uint64(c) << (8 * i)
	}
	h = (h ^ tail) * m1
	// Final avalanche (MurmurHash3 fmix64).
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}

// reviewMap holds bits per ID (content seen, by content.go), keyed by the
// ID's hash.
type reviewMap struct {
	m u64Table[uint8]
}

// or sets bits on rid's entry (one hash, one probe).
func (m *reviewMap) or(rid []byte, bits uint8) { *m.m.at(idHash(0, rid)) |= bits }

func (m *reviewMap) get(rid []byte) (uint8, bool) { return m.m.get(idHash(0, rid)) }

func (m *reviewMap) getHash(h uint64) uint8 { v, _ := m.m.get(h); return v }

func (m *reviewMap) len() int { return m.m.len() }

// merge ORs o's bits into m; o must not be used afterwards.
func (m *reviewMap) merge(o *reviewMap) { mergeDecisions(&m.m, &o.m) }

// mergeDecisions ORs b into a, walking the smaller table into the larger
// (then a holds the larger).
func mergeDecisions(a, b *u64Table[uint8]) {
	if a.len() < b.len() {
		*a, *b = *b, *a
	}
	b.each(func(h uint64, v uint8) { *a.at(h) |= v })
	*b = u64Table[uint8]{}
}

// Review decisions seen for one ID, and whether the ID decided a call (then
// its reviews are spent and never decide another call by time).
const (
	decApproved uint8 = 1 << iota
	decRejected
	decClaimed

	decMask = decApproved | decRejected
)

// decision is the rule of the file comment: any approval wins.
func decision(dec uint8) (decided, rejected bool) {
	return dec&decMask != 0, dec&decApproved == 0
}

// ID kinds, salted into idHash.
const (
	kindCall = 'c'
	kindReq  = 'r'
)

// review is one human decision, kept for the fallback by time and for a
// rejection that no call answers.
type review struct {
	agent    int32
	tool, op string // interned
	call     uint64 // tool call ID hash, 0 when none
	req      uint64 // request ID hash, 0 when none
	t        time.Time
	pos      pos
	rejected bool
	used     bool // decided a call by time
}

// opRef names the agent, tool and operation of a waiting call: the index
// keeps the call small and survives the merge (renumbered by name).
type opRef struct {
	agent    int32
	tool, op string
	// rest: the calls of the agent's tools past the bound of kept tools
	// (aggcap.go), tool and op empty.
	rest bool
	o    *opAgg // the worker's aggregate; nil in the merged one
}

type opKey struct {
	agent    int32
	tool, op string
	rest     bool
}

// pendingCall is one call (or several records of one call) waiting for its
// decision, in agg.calls.
type pendingCall struct {
	key       uint64 // hash of the deciding ID (call, else request); 0 none
	call, req uint64 // ID hashes, 0 when none
	op        int32  // index into agg.ops
	next      int32  // next call with the same key, -1 at the end
	seq       uint32 // insertion number, to tell a reused slot in the window
	t, tlast  time.Time
	count     int64
	ran       int64 // outcome success or error: the tool ran
	unknown   int64 // outcome neither ran nor denied: cannot be told
	pos, rpos pos   // first call, first call that ran
	upos      pos   // first call whose outcome is unknown
	review    bool  // the operation needs a review
	live      bool
	windowed  bool // in the window of calls that need no review
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

// intern returns a string equal to b, allocated once per agg.
func (g *agg) intern(b []byte) string {
	if s, ok := g.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(g.strs) < maxInterned {
		g.strs[s] = s
	}
	return s
}

// opIndex is the index of o's agent, tool and operation in g.ops.
func (g *agg) opIndex(agent int32, ev *event, o *opAgg) int32 {
	if o.ref > 0 {
		return o.ref - 1
	}
	k := opKey{agent: agent, rest: true}
	if !o.rest {
		k = opKey{agent, g.intern(ev.tool), g.intern(ev.op), false}
	}
	i := g.internOp(k)
	g.ops[i].o = o
	o.ref = i + 1
	return i
}

func (g *agg) internOp(k opKey) int32 {
	if i, ok := g.opIdx[k]; ok {
		return i
	}
	i := int32(len(g.ops))
	g.ops = append(g.ops, opRef{agent: k.agent, tool: k.tool, op: k.op, rest: k.rest})
	g.opIdx[k] = i
	return i
}

// addReview keeps one human decision for matching and returns the hashes of
// its tool call and request IDs (0 when absent, or when the bound dropped it).
func (g *agg) addReview(agent int32, ev *event, p pos, rejected bool) (call, req uint64) {
	dec := decApproved
	if rejected {
		dec = decRejected
	}
	if len(g.revs) >= g.revMark {
		g.compactReviews()
	}
	if len(g.revs) >= maxReviews {
		g.overflowRev++
		return 0, 0
	}
	r := review{agent: agent, tool: g.intern(ev.tool), op: g.intern(ev.op), t: ev.t, pos: p, rejected: rejected}
	if len(ev.callID) > 0 {
		r.call = idHash(kindCall, ev.callID)
		*g.dec.at(r.call) |= dec
	}
	if len(ev.requestID) > 0 {
		r.req = idHash(kindReq, ev.requestID)
		*g.dec.at(r.req) |= dec
	}
	g.revs = append(g.revs, r)
	if rejected {
		g.keepRejection(p, r.call, r.req)
	}
	for _, h := range [2]uint64{r.call, r.req} {
		if h == 0 {
			continue
		}
		if dec == decApproved {
			// An approval is final: free the calls it decides.
			g.dropPending(h)
		} else {
			// A rejection: the calls it names must not leave the window.
			g.pin(h)
		}
	}
	return r.call, r.req
}

// compactReviews drops the reviews whose ID already decided a call (they
// are spent), then sets the next compaction for when the rest doubled.
func (g *agg) compactReviews() {
	keep := g.revs[:0]
	for _, r := range g.revs {
		if !g.claimedReview(&r) {
			keep = append(keep, r)
		}
	}
	clear(g.revs[len(keep):])
	g.revs = keep
	g.revMark = 2*len(keep) + 4096
}

// dropPending settles the calls whose deciding ID hashes to h as approved.
func (g *agg) dropPending(h uint64) {
	i, ok := g.callIdx.get(h)
	if !ok {
		return
	}
	g.callIdx.del(h)
	*g.dec.at(h) |= decClaimed
	for i >= 0 {
		pc := &g.calls[i]
		next := pc.next
		g.freeCall(i)
		i = next
	}
}

// pin takes the calls whose deciding ID hashes to h out of the window: a
// rejection decides them.
func (g *agg) pin(h uint64) {
	i, ok := g.callIdx.get(h)
	if !ok {
		return
	}
	for ; i >= 0; i = g.calls[i].next {
		pc := &g.calls[i]
		if pc.windowed {
			pc.windowed = false
			g.nreview++
		}
	}
}

func (g *agg) freeCall(i int32) {
	pc := &g.calls[i]
	if !pc.windowed {
		g.nreview--
	}
	*pc = pendingCall{}
	g.freeSlots = append(g.freeSlots, i)
}

// newCall takes a slot for a call.
func (g *agg) newCall() int32 {
	if n := len(g.freeSlots); n > 0 {
		i := g.freeSlots[n-1]
		g.freeSlots = g.freeSlots[:n-1]
		return i
	}
	g.calls = append(g.calls, pendingCall{})
	return int32(len(g.calls) - 1)
}

// addCall registers a tool call for matching; review says whether its
// operation needs a human review.
func (g *agg) addCall(agent int32, ev *event, p pos, o *opAgg, review bool) {
	ran, known := outcomeRan(ev.outcome)
	var call, req, key uint64
	if len(ev.callID) > 0 {
		call = idHash(kindCall, ev.callID)
	}
	if len(ev.requestID) > 0 {
		req = idHash(kindReq, ev.requestID)
	}
	switch {
	case call != 0:
		key = call
	case req != 0:
		key = req
	}
	rejected := false
	if key != 0 {
		d, _ := g.dec.get(key)
		if d&decApproved != 0 {
			// Approved by its own ID: final.
			if d&decClaimed == 0 {
				g.dec.set(key, d|decClaimed)
			}
			return
		}
		rejected = d&decRejected != 0 || call != 0 && req != 0 && g.decOf(req)&decRejected != 0
	}
	op := g.opIndex(agent, ev, o)
	var pc *pendingCall
	if key != 0 {
		head, ok := g.callIdx.get(key)
		if ok {
			for i := head; i >= 0; i = g.calls[i].next {
				if c := &g.calls[i]; c.op == op && c.req == req {
					pc = c
					break
				}
			}
		}
		if pc == nil {
			i, ok2 := g.admit(o, review || rejected)
			if !ok2 {
				return
			}
			pc = &g.calls[i]
			pc.key, pc.call, pc.req, pc.op = key, call, req, op
			pc.next = -1
			if ok {
				pc.next = head
			}
			g.callIdx.set(key, i)
		} else if pc.windowed && rejected {
			pc.windowed = false
			g.nreview++
		}
	} else {
		i, ok := g.admit(o, review)
		if !ok {
			return
		}
		pc = &g.calls[i]
		pc.op, pc.next = op, -1
	}
	if pc.count == 0 {
		pc.t, pc.review = ev.t, review
	}
	pc.add(ev.t, p, ran, known)
}

// admit takes a slot for a new waiting call: a call that needs a decision
// (its operation needs a review, or a rejection names it) within maxPending;
// any other into the window, pushing out its oldest call when full.
func (g *agg) admit(o *opAgg, decided bool) (int32, bool) {
	if decided {
		if g.nreview >= maxPending {
			g.overflow(o, true)
			return 0, false
		}
		i := g.newCall()
		g.calls[i].live = true
		g.nreview++
		return i, true
	}
	if len(g.window) == maxPendingOther {
		g.evict()
	}
	i := g.newCall()
	pc := &g.calls[i]
	pc.live, pc.windowed = true, true
	g.seq++
	pc.seq = g.seq
	g.window = append(g.window, windowSlot{slot: i, seq: g.seq})
	return i, true
}

type windowSlot struct {
	slot int32
	seq  uint32
}

// evict pushes the oldest half of the window out: its calls that still wait
// count as untracked (one pass per half window keeps the cost per call flat).
func (g *agg) evict() {
	n := len(g.window) / 2
	for _, w := range g.window[:n] {
		pc := &g.calls[w.slot]
		if !pc.live || pc.seq != w.seq || !pc.windowed {
			continue // settled, reused or pinned since
		}
		if o := g.ops[pc.op].o; o != nil {
			o.live().untracked += pc.count
		}
		g.unlink(w.slot)
		g.freeCall(w.slot)
	}
	g.window = append(g.window[:0], g.window[n:]...)
}

// unlink removes slot i from its key's chain.
func (g *agg) unlink(i int32) {
	pc := &g.calls[i]
	if pc.key == 0 {
		return
	}
	head, _ := g.callIdx.get(pc.key)
	if head == i {
		if pc.next < 0 {
			g.callIdx.del(pc.key)
		} else {
			g.callIdx.set(pc.key, pc.next)
		}
		return
	}
	for j := head; j >= 0; j = g.calls[j].next {
		if g.calls[j].next == i {
			g.calls[j].next = pc.next
			return
		}
	}
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
	pc.review = pc.review || o.review
}

// opOf finds the op aggregate a pending call counts against: its tool's,
// or the agent's rest's when the tool is past the bound of kept tools.
func (g *agg) opOf(ref opRef) *opAgg {
	if int(ref.agent) >= len(g.agents) || ref.agent < 0 {
		return nil
	}
	aa := g.agents[ref.agent]
	if aa == nil {
		return nil
	}
	if t := aa.tools[ref.tool]; t != nil && !ref.rest {
		return t.ops[ref.op]
	}
	if aa.rest != nil {
		return aa.rest.o
	}
	return nil
}

// settle applies a decision to a pending call.
func (g *agg) settle(pc *pendingCall, rejected bool, by pos) {
	if !rejected {
		return
	}
	o := g.opOf(g.ops[pc.op])
	if o == nil {
		return
	}
	if pc.ran > 0 {
		o.rejectedRan.merge(countPos{n: pc.ran, pos: pc.rpos, first: pc.t, last: pc.tlast}, g.an.cites)
		o.rejectedBy = minPos(o.rejectedBy, by)
		// The decision is a record the auditor samples with the call: cite it
		// among the samples, so the pack's excerpts hold it too.
		if !by.isZero() {
			o.rejectedRan.sample(by, g.an.cites)
		}
	}
	if pc.unknown > 0 {
		o.rejectedUnknown.merge(countPos{n: pc.unknown, pos: pc.upos, first: pc.t, last: pc.tlast}, g.an.cites)
	}
}

// decOf is the decision bits of the ID hashing to h (0: none seen).
func (g *agg) decOf(h uint64) uint8 { d, _ := g.dec.get(h); return d }

// decide settles pc by the decision of the ID hashing to h, if there is one.
func (g *agg) decide(pc *pendingCall, h uint64) bool {
	if h == 0 {
		return false
	}
	d := g.decOf(h)
	if d&decMask == 0 {
		return false
	}
	g.dec.set(h, d|decClaimed)
	_, rej := decision(d)
	g.settle(pc, rej, g.rejPos[h])
	return true
}

// finishReviews settles everything left after the merge: calls by tool call
// ID, then by request ID, then the rest by agent, tool and time; then the
// rejections that decided no call. Settling adds to counts and keeps the
// smallest positions, so the order calls are visited in does not matter.
func (g *agg) finishReviews() {
	var rest []*pendingCall
	for i := range g.calls {
		pc := &g.calls[i]
		if !pc.live {
			continue
		}
		if g.decide(pc, pc.call) || g.decide(pc, pc.req) {
			continue
		}
		rest = append(rest, pc)
	}

	// Reviews that decided a call by ID are spent; the others may decide a
	// call by time.
	type key struct {
		agent int32
		tool  string
	}
	revs := map[key][]*review{}
	var free []*review
	for i := range g.revs {
		r := &g.revs[i]
		if g.claimedReview(r) {
			continue
		}
		free = append(free, r)
		k := key{r.agent, r.tool}
		revs[k] = append(revs[k], r)
	}
	calls := map[key][]*pendingCall{}
	for _, pc := range rest {
		ref := g.ops[pc.op]
		k := key{ref.agent, ref.tool}
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
			ref := g.ops[pc.op]
			if r := nearestFree(rs[:ri], pc, ref.op); r != nil {
				r.used = true
				g.settle(pc, r.rejected, r.pos)
				continue
			}
			if !pc.review {
				continue
			}
			if o := g.opOf(ref); o != nil {
				if o.rest {
					// Past the bound of kept tools the call's tool name is
					// not kept, so a review by agent, tool and time cannot
					// be matched: not determined, never "missing".
					o.undetermined += pc.count
					continue
				}
				// A call the system refused (denied) never ran: there was
				// nothing for a person to review. One whose outcome cannot
				// be told may have run.
				n := pc.ran + pc.unknown
				if n == 0 {
					continue
				}
				o.unreviewed.merge(countPos{n: n, pos: minPos(pc.rpos, pc.upos), first: pc.t, last: pc.tlast}, g.an.cites)
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
			// A tool past the bound: its calls are in the rest, whose
			// matching is as complete as its untracked count says.
			if rs := aa.rest; rs != nil && (rs.o.untracked > 0 || rs.o.undetermined > 0) {
				aa.rejUnknown(r.tool, r.op).add(r.pos, r.t, g.an.cites)
			}
			continue
		}
		for _, on := range sortedKeys(t.ops) {
			o := t.ops[on]
			if r.op != "" && on != r.op {
				continue
			}
			if o.untracked > 0 || o.undetermined > 0 {
				aa.rejUnknown(r.tool, on).add(r.pos, r.t, g.an.cites)
				break
			}
		}
	}
	g.calls, g.callIdx, g.freeSlots, g.window, g.revs = nil, u64Table[int32]{}, nil, nil, nil
	g.nreview = 0
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
func nearestFree(rs []*review, pc *pendingCall, op string) *review {
	for i, n := len(rs)-1, 0; i >= 0 && n < maxLookBack; i, n = i-1, n+1 {
		r := rs[i]
		if r.used {
			continue
		}
		if r.call != 0 && pc.call != 0 && r.call != pc.call ||
			r.req != 0 && pc.req != 0 && r.req != pc.req ||
			r.op != "" && op != "" && r.op != op {
			continue
		}
		return r
	}
	return nil
}

// claimedReview reports whether r decided a call by one of its IDs.
func (g *agg) claimedReview(r *review) bool {
	return r.call != 0 && g.decOf(r.call)&decClaimed != 0 || r.req != 0 && g.decOf(r.req)&decClaimed != 0
}

// mergeReviews folds o's review state into g (no bound applies: the merge
// keeps every call the workers kept).
func (g *agg) mergeReviews(o *agg) {
	mergeDecisions(&g.dec, &o.dec)
	for h, p := range o.rejPos {
		g.keepRejection(p, h)
	}
	g.revs = append(g.revs, o.revs...)
	remap := make([]int32, len(o.ops))
	for i, r := range o.ops {
		remap[i] = g.internOp(opKey{r.agent, r.tool, r.op, r.rest})
	}
	for i := range o.calls {
		src := &o.calls[i]
		if !src.live {
			continue
		}
		op := remap[src.op]
		if src.key != 0 {
			head, ok := g.callIdx.get(src.key)
			merged := false
			if ok {
				for j := head; j >= 0; j = g.calls[j].next {
					if c := &g.calls[j]; c.op == op && c.req == src.req {
						c.merge(src)
						merged = true
						break
					}
				}
			}
			if merged {
				continue
			}
			j := g.newCall()
			c := &g.calls[j]
			*c = *src
			c.op, c.windowed, c.next = op, false, -1
			if ok {
				c.next = head
			}
			g.callIdx.set(src.key, j)
			continue
		}
		j := g.newCall()
		c := &g.calls[j]
		*c = *src
		c.op, c.windowed, c.next = op, false, -1
	}
	g.overflowCall += o.overflowCall
	g.overflowRev += o.overflowRev
	o.calls, o.revs = nil, nil
}

// reviewAlias reports whether a shadow identity's records are all human
// reviews and one of them decided an inventory agent's call by ID: the
// name a review tool gives the agent (a Slack bot's display name), under
// which no agent acted. Only inventory calls claim decisions (a shadow's
// calls are not matched), so a claimed ID is an inventoried call's.
func (g *agg) reviewAlias(aa *agentAgg) bool {
	si := aa.shadow
	if si == nil || si.reviews == 0 || si.reviews != aa.events {
		return false
	}
	for _, h := range si.reviewIDs {
		if g.decOf(h)&decClaimed != 0 {
			return true
		}
	}
	return false
}

// maxRejectionPos bounds the rejection records kept for citing: past it a
// rejected call that ran is still found, only without its decision's line.
const maxRejectionPos = 65536

// keepRejection keeps p as the first rejection record of each ID hash.
func (g *agg) keepRejection(p pos, hashes ...uint64) {
	for _, h := range hashes {
		if h == 0 {
			continue
		}
		if g.rejPos == nil {
			g.rejPos = map[uint64]pos{}
		}
		if q, ok := g.rejPos[h]; ok {
			g.rejPos[h] = minPos(q, p)
		} else if len(g.rejPos) < maxRejectionPos {
			g.rejPos[h] = p
		}
	}
}
