package auditlog

import (
	"encoding/binary"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// Bounds that keep memory independent of the number of events.
const (
	// maxActors is how many distinct actors are counted exactly per agent;
	// beyond it the count saturates (and says so).
	maxActors = 1000
	// maxPending bounds, per worker, the calls that need a human review and
	// whose review has not been seen yet, and separately the reviews kept for
	// matching. Reviews are human clicks, so this is generous; calls beyond it
	// are counted as "review not determined" and reported.
	maxPending = 1 << 16
	// maxPendingOther is the window of calls that need no review kept per
	// worker for a rejection that may name them later (review.go).
	maxPendingOther = 1 << 14
	// maxInterned bounds the tool, operation and action names interned per
	// worker (beyond, a name is allocated each time it is kept).
	maxInterned = 4096
	// maxReviews bounds, per worker, the request IDs whose review decisions
	// are kept (about 50 bytes each).
	maxReviews = 1 << 18
	// maxRecordErrors is how many bad records are listed per file.
	maxRecordErrors = 20
	// maxResCache is how many recent resource decisions are cached per
	// agent, tool and operation (beyond, the grants are matched again).
	maxResCache = 8
	// maxRoutes bounds the per-worker route cache and identity cache
	// (beyond, events are routed and identities resolved without them).
	maxRoutes = 1 << 14
	// maxCachedKey bounds the length of an identity or route key those
	// caches keep: a longer one is resolved each time, so that the caches
	// hold at most maxRoutes x maxCachedKey bytes whatever the identities.
	maxCachedKey = 512
	// maxShadow bounds the identities no inventory agent claims that are
	// kept, each with its own aggregate (about 12 KB); maxShadowRest the
	// distinct others counted (as hashes) for the summary's note.
	maxShadow     = 1 << 10
	maxShadowRest = 1 << 20
	// maxActorIdx bounds the actors numbered per worker for the per-agent
	// bitmaps (beyond, an actor is looked up in its agent's set each time).
	maxActorIdx = 1 << 14
	// maxTools bounds the distinct tools kept with their own aggregate
	// (about 1.6 KB each) per inventory agent, maxShadowTools per identity
	// no inventory agent claims (up to maxShadow of them are kept). Granted
	// tools are kept first, then those with the smallest hash of the name,
	// so the kept set is the same whatever the record order or worker
	// count; the others are folded into one aggregate (toolRest), counted
	// distinct by hash up to maxToolRest. Grant usage does not depend on
	// the cap: agentAgg.grantUse keeps it per grant of the agent file.
	maxTools       = 1 << 10
	maxShadowTools = 1 << 6
	maxToolRest    = 1 << 16
	// maxModels and maxCats bound the distinct models and data categories
	// kept per agent, by the smallest hash of the name; the others are
	// counted in modelRest and catRest.
	maxModels = 1 << 8
	maxCats   = 1 << 8
)

// route is where events with one combination of identities, tool and
// operation are counted.
type route struct {
	idx int32 // inventory agent, or -1 for a shadow agent
	// aa is nil for a shadow identity beyond maxShadow, restH its hash.
	aa    *agentAgg
	restH uint64
	t     *toolAgg // set by the first event of the route that uses the tool
	o     *opAgg
}

// agg is one worker's partial aggregate. Every field merges commutatively
// (sums, min/max by position, set unions), so the result does not depend on
// which worker saw which record.
type agg struct {
	an     *analysis
	agents []*agentAgg
	shadow map[string]*agentAgg
	// Shadow identities (issue 16): at most maxShadow are kept, those with
	// the smallest hash (agentAgg.idh), so the kept set and its counts are
	// the same whatever the order of the records or the worker that read
	// them: an identity among the maxShadow smallest is never evicted.
	// The others are counted in shadowRest (hashes) and shadowRestEvents.
	shadowTop        uint64 // the largest kept hash, once maxShadow are kept; 0: to compute
	shadowRest       hashSet
	shadowRestEvents int64
	files            map[int32]*fileAgg
	cache            map[string]int32
	// routes caches, per identities + tool + operation of an event, where it
	// is counted, so that a repeat costs one map lookup instead of four.
	routes routeTable
	rkey   []byte

	outside     int64
	lastFile    *fileAgg
	lastFileIdx int32

	// Review matching (review.go): decisions by ID hash, the reviews kept
	// for the fallback by time, and the calls waiting for their decision
	// (slots in calls, chained by deciding ID from callIdx; those that need
	// no review also in the window), their agent, tool and operation in ops.
	dec       u64Table[uint8]
	revs      []review
	revMark   int
	calls     []pendingCall
	callIdx   u64Table[int32]
	freeSlots []int32
	window    []windowSlot
	seq       uint32
	nreview   int
	ops       []opRef
	opIdx     map[opKey]int32
	strs      map[string]string
	// actorIdx numbers the distinct actors (by hash) this worker saw, up to
	// maxActorIdx, for agentAgg.actorBits.
	actorIdx u64Table[int32]
	// Content capture (content.go).
	contentByCall, contentByReq reviewMap
	missing                     []missingContent
	contentOver, missingOver    int64
	contentIncomplete           bool
	overflowCall                int64
	overflowRev                 int64
	// otlpOver: what the OTLP join state could not keep (otlp.go).
	otlpOver otlpOverflow
	// Configuration changes listed in the summary (changes.go).
	changes  []changeRec
	nchanges int64
	// rejPos keeps, per rejected tool call or request ID hash, the first
	// rejection record, so that a call that ran anyway cites its decision.
	rejPos map[uint64]pos
	// deleg holds, per inventory agent reached by delegation, the hours in
	// which another inventory agent delegated to it (delegate.go).
	deleg map[int32]map[int64]*uint64
	// nested holds, per inventory agent, the inventory agents it ran by
	// nesting their invocation in its own (otlp_adk.go sendNested).
	nested map[int32]map[int32]bool
}

type fileAgg struct {
	events, skipped int64
	errs            []recErr
	// ignored counts records read on purpose without an event, by reason
	// (at most maxIgnoreReasons distinct reasons; the rest under "other").
	ignored   int64
	ignoredBy map[string]int64
	// auto counts decisions taken by configuration, not by a person
	// (Claude Code tool_decision source=config): never a human review.
	auto int64
	// unnamedMCP counts tool calls of an MCP server the record does not name.
	unnamedMCP int64
}

// maxIgnoreReasons bounds the distinct ignore reasons kept per file.
const maxIgnoreReasons = 32

// ignore counts a record that was read and deliberately produced no event.
// reason must come from a small set (a span or event name at most), never
// from free text of the record.
func (g *agg) ignore(file int32, reason string) {
	f := g.file(file)
	f.ignored++
	if f.ignoredBy == nil {
		f.ignoredBy = map[string]int64{}
	}
	addIgnored(f.ignoredBy, reason, 1)
}

// autoApproval counts an automatic (configured) approval of file.
func (g *agg) autoApproval(file int32) { g.file(file).auto++ }

type recErr struct {
	line   int64
	col    int // 0 when unknown
	reason string
}

// countPos counts offending events and remembers the first ones: pos and
// the smallest positions, at most lim (the analysis' cites: the pack's
// excerpt bound, at least model.MaxSamples), of which a finding cites the
// first model.MaxSamples as samples and all as its records. Keeping the
// smallest makes both independent of the worker count; keeping at most lim
// bounds the memory by finding, not by event.
type countPos struct {
	n           int64
	pos         pos
	smp         []pos     // sorted, no zero, len <= lim
	first, last time.Time // event times; zero when unknown
}

func (c *countPos) add(p pos, t time.Time, lim int) {
	c.n++
	c.pos = minPos(c.pos, p)
	c.sample(p, lim)
	c.times(t, t)
}

// times widens [first, last] to take in [f, l].
func (c *countPos) times(f, l time.Time) {
	if !f.IsZero() && (c.first.IsZero() || f.Before(c.first)) {
		c.first = f
	}
	if l.After(c.last) {
		c.last = l
	}
}

func (c *countPos) merge(o countPos, lim int) {
	c.n += o.n
	c.pos = minPos(c.pos, o.pos)
	c.times(o.first, o.last)
	c.sample(o.pos, lim)
	for _, p := range o.smp {
		c.sample(p, lim)
	}
}

// sample inserts p among the lim smallest positions.
func (c *countPos) sample(p pos, lim int) {
	if p.isZero() || lim <= 0 {
		return
	}
	n := len(c.smp)
	if n > 0 && c.smp[n-1].less(p) {
		// Records mostly come in file order: the common case appends.
		if n < lim {
			c.smp = append(c.smp, p)
		}
		return
	}
	i := sort.Search(n, func(i int) bool { return !c.smp[i].less(p) })
	if i < n && c.smp[i] == p {
		return
	}
	if n >= lim {
		if i >= lim {
			return
		}
		c.smp = c.smp[:lim-1]
	}
	c.smp = slices.Insert(c.smp, i, p)
}

type agentAgg struct {
	events      int64
	first, last time.Time
	firstPos    pos
	hours       map[int64]*uint64
	lastHourKey int64
	lastHour    *uint64
	tools       map[string]*toolAgg
	models      map[string]*modelAgg
	errors      int64
	denials     int64
	reviews     int64
	rejections  int64
	actors      hashSet // by idHash('a', actor)
	actorsOver  bool
	// actorBits marks, by the index its worker gave the actor (agg.actorIdx),
	// the actors already in actors: a repeated actor costs a bit test in a
	// few words instead of a probe of this agent's table. Valid only for the
	// aggregate actorOwner; any other starts the bits afresh.
	actorBits  []uint64
	actorOwner *agg
	missingIn  countPos
	missingOut countPos
	retired    countPos
	early      countPos
	cats       map[string]*catAgg
	// rejUnk counts, by tool and operation, rejections that decided no
	// logged call while calls of that tool went uncounted.
	rejUnk map[[2]string]*countPos
	// miss breaks missingIn/missingOut down by source (file, action).
	miss map[missKey]*countPos
	// shadow: what a shadow identity did (shadow.go); nil for inventory agents.
	shadow *shadowInfo
	// idh: a shadow identity's hash (idHash kindShadow); dead once evicted
	// (beyond maxShadow), so that a route to it is taken again.
	idh  uint64
	dead bool
	// unnamedMCP counts calls of an MCP server the logs do not name, for
	// which grants that may be that server are not judged (claude_mcp.go).
	unnamedMCP int64
	// builtins: the agent's ADK model calls, and the model built-in tools
	// their responses showed in use (otlp_adk.go).
	builtins uint8
	// agent is the inventory agent (nil for a shadow identity); cites the
	// records a finding keeps (analysis.cites), for the rests.
	agent *model.Agent
	cites int
	// Past the bounds on distinct tools, models and data categories
	// (aggcap.go): the largest kept rank of each (0: to compute), the rest,
	// and the grants used by tools in the rest.
	toolTop, modelTop, catTop uint64
	rest                      *toolRest
	grantUse                  []grantUse
	modelRest                 *modelRest
	catRest                   *catRest
	// requested holds the tool names the agent's model calls asked to run
	// in the period (toolRequests), at most maxRequested.
	requested map[string]struct{}
}

// maxRequested bounds the distinct tool names kept per agent from model
// tool-call requests.
const maxRequested = 256

func (aa *agentAgg) request(name string) {
	if _, ok := aa.requested[name]; ok {
		return
	}
	if aa.requested == nil {
		aa.requested = map[string]struct{}{}
	}
	if len(aa.requested) < maxRequested {
		aa.requested[name] = struct{}{}
	}
}

func (aa *agentAgg) rejUnknown(tool, op string) *countPos {
	if aa.rejUnk == nil {
		aa.rejUnk = map[[2]string]*countPos{}
	}
	k := [2]string{tool, op}
	c := aa.rejUnk[k]
	if c == nil {
		c = &countPos{}
		aa.rejUnk[k] = c
	}
	return c
}

type toolAgg struct {
	name   string
	grants []grant.Match // grants covering this tool name
	// notJudged: an MCP call whose server is not logged, of an agent with
	// grants that may be that server: neither in nor out of scope.
	notJudged bool
	ops       map[string]*opAgg
	resOut    countPos
	resEx     string // first out-of-scope resource
	// delegTo is the inventory agent a call of this tool hands the task to
	// (delegate.go): delegNone, delegByResource (a delegation tool naming
	// its target as resource) or the target's index; delegUnset until the
	// first call.
	delegTo int32
	// rank orders the tool for keeping (toolRank); dead: folded into the
	// agent's rest, so that a route that holds it is taken again.
	rank uint64
	dead bool
}

type opAgg struct {
	count, errors, denied int64
	granted               bool
	review                bool
	outOfScope            countPos
	unreviewed            countPos
	rejectedRan           countPos
	undetermined          int64
	// rejectedUnknown: rejected calls whose outcome does not say whether
	// they ran; untracked: calls not kept for matching (bound reached).
	rejectedUnknown countPos
	// rejectedBy is the first rejection record of a call that ran anyway,
	// cited beside the call (zero when not kept: see maxRejectionPos).
	rejectedBy pos
	untracked  int64
	// ref is 1 + this operation's index in its worker's agg.ops (0: none
	// yet); meaningless once merged into another aggregate.
	ref int32
	// resSet holds the resource globs of the grants of this tool that
	// allow this operation, prepared once: a literal or a literal prefix
	// and '*' costs one comparison per event (issue 14).
	resSet grant.ResourceSet
	// res caches the last maxResCache decisions when a glob of resSet needs
	// grant.Glob (nil otherwise: with a hundred thousand distinct resources
	// a cache rarely hits, and a prefix match is cheaper than a lookup).
	res *resCache
	// fwd: this operation's tool was folded into the rest, whose operation
	// takes its counts from then on (live); rest: this is that operation.
	fwd  *opAgg
	rest bool
}

type modelAgg struct {
	count, denied int64
	allowed       bool
	pos           pos
	rank          uint64
}

type catAgg struct {
	declared bool
	c        countPos
	rank     uint64
}

func newAgg(an *analysis) *agg {
	g := &agg{
		an:         an,
		agents:     make([]*agentAgg, len(an.agents)),
		shadow:     map[string]*agentAgg{},
		shadowRest: newHashSet(maxShadowRest),
		files:      map[int32]*fileAgg{},
		cache:      map[string]int32{},
		opIdx:      map[opKey]int32{},
		strs:       map[string]string{},
	}
	return g
}

func newAgentAgg() *agentAgg {
	return &agentAgg{
		hours:  map[int64]*uint64{},
		tools:  map[string]*toolAgg{},
		models: map[string]*modelAgg{},
		actors: newHashSet(maxActors),
		cats:   map[string]*catAgg{},
	}
}

func (g *agg) file(i int32) *fileAgg {
	f := g.files[i]
	if f == nil {
		f = &fileAgg{}
		g.files[i] = f
	}
	return f
}

// badRecord counts a skipped record and lists it while the list is short.
func (g *agg) badRecord(file int32, line int64, reason string) {
	f := g.file(file)
	f.skipped++
	f.errs = insertErr(f.errs, recErr{line: line, reason: reason})
}

// insertErr keeps the maxRecordErrors smallest lines, sorted.
func insertErr(errs []recErr, e recErr) []recErr {
	if len(errs) == maxRecordErrors && e.line >= errs[len(errs)-1].line {
		return errs
	}
	i := len(errs)
	for i > 0 && errs[i-1].line > e.line {
		i--
	}
	if len(errs) < maxRecordErrors {
		errs = append(errs, recErr{})
	}
	copy(errs[i+1:], errs[i:len(errs)-1])
	errs[i] = e
	return errs
}

// resolve returns the agent index of the event, or -1 and the shadow identity.
func (g *agg) resolve(ev *event) (int32, []byte) {
	for i := 0; i < ev.nids; i++ {
		if idx := g.resolveID(ev.ids[i]); idx >= 0 {
			return idx, nil
		}
	}
	if ev.nids == 0 {
		return -1, []byte("(unknown)")
	}
	return -1, ev.ids[0]
}

// resolveID maps one identity to an agent index (-1: none) through the
// bounded cache, so a repeated identity costs one map lookup.
func (g *agg) resolveID(id []byte) int32 {
	idx, ok := g.cache[string(id)]
	if !ok {
		idx = int32(g.an.resolveOne(string(id)))
		if len(g.cache) < maxRoutes && len(id) <= maxCachedKey {
			g.cache[string(id)] = idx
		}
	}
	return idx
}

// route returns where ev is counted, creating its agent aggregate.
func (g *agg) route(ev *event) *route {
	// Length-prefixed parts: identities may hold any byte.
	k := append(g.rkey[:0], byte(ev.nids))
	for i := 0; i < ev.nids; i++ {
		k = binary.AppendUvarint(k, uint64(len(ev.ids[i])))
		k = append(k, ev.ids[i]...)
	}
	k = binary.AppendUvarint(k, uint64(len(ev.tool)))
	k = append(k, ev.tool...)
	k = append(k, ev.op...)
	g.rkey = k
	h := idHash('r', k)
	if rt := g.routes.get(h, k); rt != nil {
		if rt.aa != nil && rt.aa.dead {
			rt.aa, rt.restH, rt.t, rt.o = nil, rt.aa.idh, nil, nil
		}
		if rt.t != nil && rt.t.dead {
			rt.t, rt.o = nil, nil
		}
		return rt
	}
	rt := &route{}
	idx, shadowID := g.resolve(ev)
	rt.idx = idx
	if idx >= 0 {
		rt.aa = g.agents[idx]
		if rt.aa == nil {
			rt.aa = newAgentAgg()
			rt.aa.agent, rt.aa.cites = g.an.agents[idx].a, g.an.cites
			g.agents[idx] = rt.aa
		}
	} else if rt.aa = g.shadowAgg(shadowID); rt.aa == nil {
		rt.restH = idHash(kindShadow, shadowID)
	}
	if len(k) <= maxCachedKey {
		g.routes.put(h, k, rt)
	}
	return rt
}

// kindShadow salts idHash for shadow identities.
const kindShadow = 's'

// shadowAgg returns the aggregate of shadow identity id, or nil when it is
// beyond maxShadow (its hash is larger than every kept one).
func (g *agg) shadowAgg(id []byte) *agentAgg {
	if aa := g.shadow[string(id)]; aa != nil {
		return aa
	}
	h := idHash(kindShadow, id)
	if len(g.shadow) >= maxShadow {
		if h >= g.shadowMax() {
			return nil
		}
		g.evictShadow()
	}
	aa := newAgentAgg()
	aa.idh, aa.cites = h, g.an.cites
	g.shadow[string(id)] = aa
	return aa
}

// shadowMax is the largest hash of the kept shadow identities.
func (g *agg) shadowMax() uint64 {
	if g.shadowTop == 0 {
		for _, aa := range g.shadow {
			g.shadowTop = max(g.shadowTop, aa.idh)
		}
	}
	return g.shadowTop
}

// evictShadow moves the kept shadow identity with the largest hash to the
// counted rest.
func (g *agg) evictShadow() {
	top := g.shadowMax()
	for id, aa := range g.shadow {
		if aa.idh == top {
			delete(g.shadow, id)
			aa.dead = true
			g.shadowRest.add(aa.idh)
			g.shadowRestEvents += aa.events
			break
		}
	}
	g.shadowTop = 0
}

// add aggregates one event.
func (g *agg) add(ev *event) {
	if g.lastFile == nil || g.lastFileIdx != ev.file {
		g.lastFile, g.lastFileIdx = g.file(ev.file), ev.file
	}
	g.lastFile.events++
	if string(ev.tool) == unnamedMCPTool && string(ev.action) == model.ActionToolCall {
		g.lastFile.unnamedMCP++
	}
	if (len(ev.callID) > 0 || len(ev.requestID) > 0) && (ev.hasInput || ev.hasOutput) {
		g.noteContent(ev)
	}
	if !g.an.inPeriod(ev.t) {
		g.outside++
		return
	}
	p := pos{file: ev.file, line: ev.line}
	rt := g.route(ev)
	idx, aa := rt.idx, rt.aa
	if aa == nil {
		// A shadow identity beyond maxShadow: counted, and its
		// configuration changes still listed.
		g.shadowRest.add(rt.restH)
		g.shadowRestEvents++
		if string(ev.action) == model.ActionConfigChange {
			g.noteChange(ev, p, string(ev.ids[0]))
		}
		return
	}
	var info *agentInfo
	if idx >= 0 {
		info = g.an.agents[idx]
	}
	aa.events++
	if aa.first.IsZero() || ev.t.Before(aa.first) || ev.t.Equal(aa.first) && p.less(aa.firstPos) {
		aa.first, aa.firstPos = ev.t, p
	}
	if ev.t.After(aa.last) {
		aa.last = ev.t
	}
	aa.markHour(ev.t)

	action := ev.action
	if string(action) == model.ActionConfigChange {
		who := string(ev.ids[0])
		if info != nil {
			who = info.a.ID
		}
		g.noteChange(ev, p, who)
	}
	outcome := string(ev.outcome)
	denied := outcome == model.OutcomeDenied
	failed := outcome == model.OutcomeError
	isReview := string(action) == model.ActionHumanReview
	if failed {
		aa.errors++
	}
	if denied && !isReview {
		aa.denials++
	}
	if len(ev.actor) > 0 && !aa.actorsOver {
		// Only the number of distinct actors is reported: a hash serves
		// as well as the name, without a string per actor.
		g.noteActor(aa, idHash('a', ev.actor))
	}
	if info == nil {
		// Shadow (or no inventory): record what it did, judge nothing else.
		aa.shadowSeen(ev, p, g.an.cites)
		if isReview {
			aa.shadow.reviews++
		}
		if isReview && (len(ev.callID) > 0 || len(ev.requestID) > 0) {
			// A review tool may name the agent otherwise (a display name)
			// than the inventory does; its IDs still say which call it
			// decides (issue 11 §1: tool call id first). Without an ID it
			// decides nothing: agent + tool + time needs the agent. The IDs
			// tell later whether the name is only such a tool's (reviewAlias).
			aa.shadow.addReviewIDs(g.addReview(-1, ev, p, denied))
		}
		if len(ev.tool) > 0 && !isReview {
			if rt.o == nil {
				if rt.t = aa.tool(ev.tool); rt.t != nil {
					rt.o = rt.t.op(nil, ev.op)
				}
			}
			if o := rt.o; o != nil {
				o.count++
				if failed {
					o.errors++
				}
				if denied {
					o.denied++
				}
			} else {
				r := aa.restTools()
				r.names.add(toolRank(ev.tool, false))
				r.count++
				if failed {
					r.errors++
				}
				if denied {
					r.denied++
				}
			}
		}
		if len(ev.model) > 0 {
			if m, _ := aa.model(ev.model, func() bool { return true }, p); m != nil {
				m.count++
			} else {
				aa.countModelRest(ev.model, true, denied, p, ev.t)
			}
		}
		return
	}
	a := info.a

	if !info.retiredAfter.IsZero() && !ev.t.Before(info.retiredAfter) {
		aa.retired.add(p, ev.t, g.an.cites)
	}
	if !info.approvedFrom.IsZero() && ev.t.Before(info.approvedFrom) {
		aa.early.add(p, ev.t, g.an.cites)
	}

	if isReview {
		aa.reviews++
		if denied {
			aa.rejections++
		}
		g.addReview(idx, ev, p, denied)
		return
	}

	for _, r := range ev.requested {
		aa.request(r)
	}
	if len(ev.model) > 0 {
		m, allowed := aa.model(ev.model, func() bool { return modelAllowed(a, string(ev.model)) }, p)
		if m != nil {
			m.count++
			if denied {
				m.denied++
			}
			m.pos = minPos(m.pos, p)
		} else {
			aa.countModelRest(ev.model, allowed, denied, p, ev.t)
		}
	}
	aa.builtins |= ev.builtins
	if len(ev.delegFrom) > 0 && string(action) == model.ActionAgentInvoke {
		g.noteNested(idx, ev)
	}

	if len(ev.tool) > 0 {
		if rt.o == nil {
			if rt.t = aa.tool(ev.tool); rt.t != nil {
				rt.o = rt.t.op(a, ev.op)
			}
		}
		t, o := rt.t, rt.o
		// Past the bound of kept tools: the call is judged as any other on
		// an aggregate of its own, then folded into the agent's rest.
		past := o == nil
		if past {
			t = aa.newTool(ev.tool)
			o = t.op(a, ev.op)
		}
		if t.notJudged {
			aa.unnamedMCP++
		}
		o.count++
		if failed {
			o.errors++
		}
		if denied {
			o.denied++
		}
		if !o.granted {
			o.outOfScope.add(p, ev.t, g.an.cites)
		} else if len(ev.resource) > 0 && !o.resourceOK(ev.resource) {
			if t.resOut.n == 0 || p.less(t.resOut.pos) {
				t.resEx = string(ev.resource)
			}
			t.resOut.add(p, ev.t, g.an.cites)
		}
		callOp := o
		if past {
			callOp = aa.restTools().o
		}
		g.addCall(idx, ev, p, callOp, o.review)
		g.noteDelegation(idx, t, ev)
		if past {
			aa.foldTool(t)
		}
	}

	if ev.ioCapable && outcome != model.OutcomeError && outcome != model.OutcomeDenied {
		g.missContent(idx, aa, ev, p, a)
	}

	for _, c := range ev.cats {
		// Only data about people (risk.IsPersonal: sensitive, or personal
		// such as contact details) is a finding when undeclared: handling
		// public or internal data outside the declared list harms no one
		// (issue 11 §3), personal data must be in the record of processing
		// (GDPR Art. 30).
		ca, declared := aa.cat(c, func() bool {
			return info.declaredCats[strings.ToLower(string(c))] || !risk.IsPersonal(string(c))
		})
		switch {
		case ca == nil:
			aa.countCatRest(c, declared, p, ev.t)
		case !ca.declared:
			ca.c.add(p, ev.t, g.an.cites)
		}
	}
}

// noteActor counts actor hash h for aa. Only the number of distinct actors
// is reported: a hash serves as well as the name, without a string per actor.
func (g *agg) noteActor(aa *agentAgg, h uint64) {
	i, ok := g.actorIdx.get(h)
	if !ok {
		if g.actorIdx.len() >= maxActorIdx {
			if _, full := aa.actors.add(h); full {
				aa.actorsOver = true
			}
			return
		}
		i = int32(g.actorIdx.len())
		g.actorIdx.set(h, i)
	}
	if aa.actorOwner != g {
		aa.actorOwner, aa.actorBits = g, aa.actorBits[:0]
	}
	w, bit := int(i>>6), uint64(1)<<(i&63)
	if w < len(aa.actorBits) && aa.actorBits[w]&bit != 0 {
		return
	}
	if _, full := aa.actors.add(h); full {
		aa.actorsOver = true
		return
	}
	for len(aa.actorBits) <= w {
		aa.actorBits = append(aa.actorBits, 0)
	}
	aa.actorBits[w] |= bit
}

func modelAllowed(a *model.Agent, m string) bool {
	allowed := a.Model.Allowed
	if len(allowed) == 0 {
		// Without an allow-list, the declared model is the only one expected;
		// with neither, nothing is judged.
		if a.Model.Name == "" {
			return true
		}
		allowed = []string{a.Model.Name}
	}
	for _, p := range allowed {
		if modelMatch(p, m) {
			return true
		}
	}
	return false
}

func (aa *agentAgg) markHour(t time.Time) {
	h := unixHour(t)
	if key := h >> 6; aa.lastHour == nil || key != aa.lastHourKey {
		aa.lastHourKey, aa.lastHour = key, hourWord(aa.hours, key)
	}
	*aa.lastHour |= 1 << uint(h&63)
}

// Active hours are bitmaps of UTC hours since 1970, 64 hours a word keyed
// by hour/64 (times before 1970 count as its first hour).
func unixHour(t time.Time) int64 { return max(t.Unix(), 0) / 3600 }

// hourWord returns the word of hours that holds key, adding it.
func hourWord(hours map[int64]*uint64, key int64) *uint64 {
	w := hours[key]
	if w == nil {
		w = new(uint64)
		hours[key] = w
	}
	return w
}

func (t *toolAgg) op(a *model.Agent, name []byte) *opAgg {
	o := t.ops[string(name)]
	if o != nil {
		return o
	}
	o = &opAgg{granted: true}
	if a != nil && !t.notJudged {
		o.granted = false
		for _, m := range t.grants {
			if grant.Operation(&a.Tools[m.Grant], m, string(name)) {
				o.granted = true
			}
		}
		o.review = needsReview(a, t.name, string(name))
		var rg []*model.Grant
		for _, m := range t.grants {
			g := &a.Tools[m.Grant]
			if len(name) == 0 || grant.Operation(g, m, string(name)) {
				rg = append(rg, g)
			}
		}
		o.resSet = grant.NewResourceSet(rg...)
		if o.resSet.Slow() {
			o.res = &resCache{}
		}
	}
	t.ops[string(name)] = o
	return o
}

// resCache holds the last maxResCache resource decisions of one tool and
// operation. A lookup compares each entry's length and last eight bytes
// (kept beside it) before its bytes, so a miss reads one cache line.
type resCache struct {
	tail [maxResCache]uint64
	n    [maxResCache]int32 // 0: free (an empty resource is never judged)
	res  [maxResCache][]byte
	ok   [maxResCache]bool
	next uint8
}

// resTail is the last eight bytes of b (fewer when b is shorter).
func resTail(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b[len(b)-8:])
	}
	var t uint64
	for i, c := range b {
		t |= uint64(c) << (8 * i)
	}
	return t
}

// resourceOK reports whether a grant of this tool and operation allows
// resource res, from the cache when one is kept and decided it recently.
func (o *opAgg) resourceOK(res []byte) bool {
	c := o.res
	if c == nil {
		return o.resSet.Match(string(res))
	}
	tail := resTail(res)
	for i := range c.tail {
		if c.tail[i] == tail && int(c.n[i]) == len(res) && string(c.res[i]) == string(res) {
			return c.ok[i]
		}
	}
	ok := o.resSet.Match(string(res))
	if len(res) <= 64 {
		i := c.next % maxResCache
		c.next++
		c.tail[i], c.n[i], c.ok[i] = tail, int32(len(res)), ok
		c.res[i] = append(c.res[i][:0], res...)
	}
	return ok
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
		d.unnamedMCP += f.unnamedMCP
		for reason, n := range f.ignoredBy {
			if d.ignoredBy == nil {
				d.ignoredBy = map[string]int64{}
			}
			addIgnored(d.ignoredBy, reason, n)
		}
		d.ignored += f.ignored
	}
	g.outside += o.outside
	g.otlpOver.add(o.otlpOver)
	for i, a := range o.agents {
		if a == nil {
			continue
		}
		if g.agents[i] == nil {
			g.agents[i] = a
			continue
		}
		g.agents[i].merge(a, g.an.cites)
	}
	for k, a := range o.shadow {
		if d := g.shadow[k]; d != nil {
			d.merge(a, g.an.cites)
			continue
		}
		if len(g.shadow) >= maxShadow {
			if a.idh >= g.shadowMax() {
				g.shadowRest.add(a.idh)
				g.shadowRestEvents += a.events
				continue
			}
			g.evictShadow()
		}
		g.shadow[k] = a
		g.shadowTop = 0
	}
	o.shadowRest.each(func(h uint64) bool {
		g.shadowRest.add(h)
		return true
	})
	g.shadowRestEvents += o.shadowRestEvents
	g.mergeReviews(o)
	g.mergeContent(o)
	g.mergeChanges(o)
	g.mergeDelegations(o)
}

func (a *agentAgg) merge(o *agentAgg, lim int) {
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
	if o.rest != nil {
		a.restTools().merge(o.rest, lim)
	}
	for i := range o.grantUse {
		if a.grantUse == nil {
			a.grantUse = make([]grantUse, len(o.grantUse))
		}
		a.grantUse[i].merge(o.grantUse[i])
	}
	for name, t := range o.tools {
		d := a.tools[name]
		if d == nil {
			if !a.keepTool(t) {
				a.foldTool(t)
			}
			continue
		}
		if t.resOut.n > 0 && (d.resOut.n == 0 || t.resOut.pos.less(d.resOut.pos)) {
			d.resEx = t.resEx
		}
		d.resOut.merge(t.resOut, lim)
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
			do.outOfScope.merge(op.outOfScope, lim)
			do.unreviewed.merge(op.unreviewed, lim)
			do.rejectedRan.merge(op.rejectedRan, lim)
			do.rejectedUnknown.merge(op.rejectedUnknown, lim)
			do.untracked += op.untracked
		}
	}
	if o.modelRest != nil {
		if a.modelRest == nil {
			a.modelRest = o.modelRest
		} else {
			a.modelRest.merge(o.modelRest, lim)
		}
	}
	for name, m := range o.models {
		d := a.models[name]
		if d == nil {
			if !keepRanked(a.models, &a.modelTop, maxModels, name, m, a.foldModel) {
				a.foldModel(m)
			}
			continue
		}
		d.count += m.count
		d.denied += m.denied
		d.pos = minPos(d.pos, m.pos)
	}
	a.unnamedMCP += o.unnamedMCP
	a.builtins |= o.builtins
	for r := range o.requested {
		a.request(r)
	}
	a.errors += o.errors
	a.denials += o.denials
	a.reviews += o.reviews
	a.rejections += o.rejections
	a.actorsOver = a.actorsOver || o.actorsOver
	o.actors.each(func(h uint64) bool {
		if _, full := a.actors.add(h); full {
			a.actorsOver = true
			return false
		}
		return true
	})
	a.missingIn.merge(o.missingIn, lim)
	for k, c := range o.miss {
		a.missBy(k).merge(*c, lim)
	}
	a.missingOut.merge(o.missingOut, lim)
	a.retired.merge(o.retired, lim)
	a.early.merge(o.early, lim)
	if o.shadow != nil {
		if a.shadow == nil {
			a.shadow = o.shadow
		} else {
			a.shadow.merge(o.shadow, lim)
		}
	}
	for k, c := range o.rejUnk {
		a.rejUnknown(k[0], k[1]).merge(*c, lim)
	}
	if o.catRest != nil {
		if a.catRest == nil {
			a.catRest = o.catRest
		} else {
			a.catRest.merge(o.catRest, lim)
		}
	}
	for k, c := range o.cats {
		d := a.cats[k]
		if d == nil {
			if !keepRanked(a.cats, &a.catTop, maxCats, k, c, a.foldCat) {
				a.foldCat(c)
			}
			continue
		}
		d.c.merge(c.c, lim)
	}
}
