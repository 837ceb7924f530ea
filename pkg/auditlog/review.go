package auditlog

import (
	"sort"
	"time"
)

// Human-review matching. A call that needs a review is matched to the
// reviews with the same request ID (tool call ID for OTLP): any approval
// approves it, otherwise a rejection rejects it; this rule does not depend on
// the order records are read in, so the result is the same whatever the
// worker count. Where the call or the review has no ID, the call is matched
// to the nearest earlier review of the same agent and tool. A call settles at
// once when its worker has already seen an approval; the others wait until
// the merge. Memory per worker: at most maxReviews request IDs with their
// decisions (a few dozen bytes each), maxPending waiting calls and
// maxPending reviews without an ID.

// reviewMap holds the review decisions by request ID, the largest map of a
// run (one entry per reviewed request). IDs up to ridMax bytes, most request
// IDs, are kept inline in the key: no allocation per review and one memory
// access less per lookup; longer ones (UUIDs ...) go to a string-keyed map.
// Inline keys are kept short because the map's memory counts against the
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

// Review decisions seen for one request ID.
const (
	decApproved uint8 = 1 << iota
	decRejected
)

func (g *agg) addReview(agent int32, ev *event, p pos, rejected bool) {
	dec := decApproved
	if rejected {
		dec = decRejected
	}
	if len(ev.requestID) == 0 {
		if len(g.noIDReviews) >= maxPending {
			g.overflowRev++
			return
		}
		g.noIDReviews = append(g.noIDReviews, &review{agent: agent, tool: string(ev.tool), t: ev.t, pos: p, rejected: rejected})
		return
	}
	if old, ok := g.reviews.get(ev.requestID); ok {
		g.reviews.set(ev.requestID, old|dec)
	} else {
		if g.reviews.len() >= maxReviews {
			g.overflowRev++
			return
		}
		g.reviews.set(ev.requestID, dec)
	}
	if dec == decApproved && g.pendingRIDs[string(ev.requestID)] > 0 {
		for k := range g.pending {
			if k.rid == string(ev.requestID) {
				delete(g.pending, k)
			}
		}
		delete(g.pendingRIDs, string(ev.requestID))
	}
}

func (g *agg) addCall(agent int32, ev *event, p pos, ran bool, o *opAgg) {
	rid := ev.requestID
	if len(rid) > 0 {
		if dec, _ := g.reviews.get(rid); dec&decApproved != 0 {
			return // approved: final whatever else is seen
		}
		k := pendKey{rid: string(rid), agent: agent, tool: string(ev.tool), op: string(ev.op)}
		pc := g.pending[k]
		if pc == nil {
			if len(g.pending) >= maxPending {
				o.undetermined++
				g.overflowCall++
				return
			}
			pc = &pendingCall{agent: agent, tool: k.tool, op: k.op, t: ev.t, pos: p}
			g.pending[k] = pc
			g.pendingRIDs[k.rid]++
		}
		pc.add(ev.t, p, ran)
		return
	}
	if len(g.noIDPending) >= maxPending {
		o.undetermined++
		g.overflowCall++
		return
	}
	pc := &pendingCall{agent: agent, tool: string(ev.tool), op: string(ev.op), t: ev.t, pos: p}
	pc.add(ev.t, p, ran)
	g.noIDPending = append(g.noIDPending, pc)
}

func (pc *pendingCall) add(t time.Time, p pos, ran bool) {
	pc.count++
	if t.Before(pc.t) {
		pc.t = t
	}
	pc.pos = minPos(pc.pos, p)
	if ran {
		pc.ran++
		pc.rpos = minPos(pc.rpos, p)
	}
}

func (pc *pendingCall) merge(o *pendingCall) {
	pc.count += o.count
	pc.ran += o.ran
	if o.t.Before(pc.t) {
		pc.t = o.t
	}
	pc.pos = minPos(pc.pos, o.pos)
	pc.rpos = minPos(pc.rpos, o.rpos)
}

// opOf finds the op aggregate a pending call counts against.
func (g *agg) opOf(pc *pendingCall) *opAgg {
	aa := g.agents[pc.agent]
	if aa == nil {
		return nil
	}
	t := aa.tools[pc.tool]
	if t == nil {
		return nil
	}
	return t.ops[pc.op]
}

// settle applies a decision to a pending call.
func (g *agg) settle(pc *pendingCall, rejected bool) {
	if !rejected || pc.ran == 0 {
		return
	}
	if o := g.opOf(pc); o != nil {
		o.rejectedRan.merge(countPos{n: pc.ran, pos: pc.rpos})
	}
}

// finishReviews settles everything left after the merge: calls with an ID
// against the merged reviews, then the rest by agent, tool and time.
func (g *agg) finishReviews() {
	keys := make([]pendKey, 0, len(g.pending))
	for k := range g.pending {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	rest := g.noIDPending
	for _, k := range keys {
		pc := g.pending[k]
		if dec, _ := g.reviews.get([]byte(k.rid)); dec != 0 {
			g.settle(pc, dec&decApproved == 0)
			continue
		}
		rest = append(rest, pc)
	}
	g.pending = map[pendKey]*pendingCall{}
	g.pendingRIDs = map[string]int{}

	type key struct {
		agent int32
		tool  string
	}
	revs := map[key][]*review{}
	for _, r := range g.noIDReviews {
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
		sort.Slice(rs, func(i, j int) bool {
			if !rs[i].t.Equal(rs[j].t) {
				return rs[i].t.Before(rs[j].t)
			}
			return rs[i].pos.less(rs[j].pos)
		})
		var stack []*review
		ri := 0
		for _, pc := range cs {
			for ri < len(rs) && !rs[ri].t.After(pc.t) {
				stack = append(stack, rs[ri])
				ri++
			}
			if len(stack) > 0 {
				r := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				g.settle(pc, r.rejected)
				continue
			}
			if o := g.opOf(pc); o != nil {
				o.unreviewed.merge(countPos{n: pc.count, pos: pc.pos})
			}
		}
	}
	g.noIDPending = nil
}

// merge folds o into g. o must not be used afterwards.
func (g *agg) merge(o *agg) {
	for i, f := range o.files {
		d := g.file(i)
		d.events += f.events
		d.skipped += f.skipped
		for _, e := range f.errs {
			d.errs = insertErr(d.errs, e)
		}
		d.auto += f.auto
		for reason, n := range f.ignoredBy {
			if d.ignoredBy == nil {
				d.ignoredBy = map[string]int64{}
			}
			if _, ok := d.ignoredBy[reason]; !ok && len(d.ignoredBy) >= maxIgnoreReasons {
				reason = "other"
			}
			d.ignoredBy[reason] += n
		}
		d.ignored += f.ignored
	}
	g.outside += o.outside
	for i, a := range o.agents {
		if a == nil {
			continue
		}
		if g.agents[i] == nil {
			g.agents[i] = a
			continue
		}
		g.agents[i].merge(a)
	}
	for k, a := range o.shadow {
		if g.shadow[k] == nil {
			g.shadow[k] = a
			continue
		}
		g.shadow[k].merge(a)
	}
	g.reviews.merge(&o.reviews)
	g.noIDReviews = append(g.noIDReviews, o.noIDReviews...)
	for k, pc := range o.pending {
		if old := g.pending[k]; old != nil {
			old.merge(pc)
		} else {
			g.pending[k] = pc
		}
	}
	g.noIDPending = append(g.noIDPending, o.noIDPending...)
	g.overflowCall += o.overflowCall
	g.overflowRev += o.overflowRev
}

func (a *agentAgg) merge(o *agentAgg) {
	a.events += o.events
	if a.first.IsZero() || !o.first.IsZero() && (o.first.Before(a.first) || o.first.Equal(a.first) && o.firstPos.less(a.firstPos)) {
		a.first, a.firstPos = o.first, o.firstPos
	}
	if o.last.After(a.last) {
		a.last = o.last
	}
	for k, w := range o.hours {
		if d := a.hours[k]; d != nil {
			*d |= *w
		} else {
			a.hours[k] = w
		}
	}
	a.lastHour = nil
	for name, t := range o.tools {
		d := a.tools[name]
		if d == nil {
			a.tools[name] = t
			continue
		}
		if t.resOut.n > 0 && (d.resOut.n == 0 || t.resOut.pos.less(d.resOut.pos)) {
			d.resEx = t.resEx
		}
		d.resOut.merge(t.resOut)
		for on, op := range t.ops {
			do := d.ops[on]
			if do == nil {
				d.ops[on] = op
				continue
			}
			do.count += op.count
			do.errors += op.errors
			do.denied += op.denied
			do.undetermined += op.undetermined
			do.outOfScope.merge(op.outOfScope)
			do.unreviewed.merge(op.unreviewed)
			do.rejectedRan.merge(op.rejectedRan)
		}
	}
	for name, m := range o.models {
		d := a.models[name]
		if d == nil {
			a.models[name] = m
			continue
		}
		d.count += m.count
		d.denied += m.denied
		d.pos = minPos(d.pos, m.pos)
	}
	a.errors += o.errors
	a.denials += o.denials
	a.reviews += o.reviews
	a.rejections += o.rejections
	a.actorsOver = a.actorsOver || o.actorsOver
	for k := range o.actors {
		if len(a.actors) >= maxActors {
			if _, ok := a.actors[k]; !ok {
				a.actorsOver = true
				break
			}
			continue
		}
		a.actors[k] = struct{}{}
	}
	a.missingIn.merge(o.missingIn)
	a.missingOut.merge(o.missingOut)
	a.retired.merge(o.retired)
	a.early.merge(o.early)
	for k, c := range o.cats {
		d := a.cats[k]
		if d == nil {
			a.cats[k] = c
			continue
		}
		d.c.merge(c.c)
	}
}

// pendKey identifies the calls of one request that wait for their review.
type pendKey struct {
	rid      string
	agent    int32
	tool, op string
}

func (a pendKey) less(b pendKey) bool {
	if a.rid != b.rid {
		return a.rid < b.rid
	}
	if a.agent != b.agent {
		return a.agent < b.agent
	}
	if a.tool != b.tool {
		return a.tool < b.tool
	}
	return a.op < b.op
}
