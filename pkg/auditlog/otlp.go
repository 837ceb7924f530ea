package auditlog

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// Bounds of the OTLP span index: tool spans carry no agent, so they are
// attributed through parentSpanId to the nearest invoke_agent span, which may
// come later, in another batch or another file. The index keeps the last
// maxSpanIndex spans (about 64 bytes each); spans whose ancestor is not yet
// known wait, at most maxPendingSpans of them, until the end of the OTLP input.
const (
	maxSpanIndex    = 1 << 18
	maxPendingSpans = 1 << 16
	maxSpanDepth    = 64
)

type spanRef struct {
	parent uint64
	agents []string // identities of an agent span; nil otherwise
	tool   bool     // a tool-call span
	// graph: agents holds the name of a LangGraph graph's root run, the
	// identity of the spans inside the graph only (langgraphGraph).
	graph bool
	// lost: an agent span whose identities the index could not keep
	// (maxSpanIDBytes); agents is then empty, not nil.
	lost bool
}

// ownedEvent is an event copied out of the parser's buffers so it can wait.
type ownedEvent struct {
	t                                                 time.Time
	ids                                               []string
	actor, action, tool, op, resource, model, outcome string
	requestID, callID                                 string
	// requested: the tools a model call asked to run (its tool_call
	// output parts), for the grants they use (toolRequests).
	requested []string
	// contentKey: the span's content key (spanContentKey), under which
	// GenAI content events exported as log records are matched.
	contentKey          string
	hasInput, hasOutput bool
	fields              uint8 // event.fields
	// noContent: this record type never carries content (Claude Code
	// api_request, tool_result), so missing content is not judged on it.
	noContent bool
	// ccCall is the hash (idHash kindToolUse) of the tool_use_id of a
	// Claude Code tool call, which its claude_code.tool span and its
	// tool_result event both record: the second one met is the same call
	// (send); 0 for every other record. ccSpan is the span's ID, for a
	// rejection its claude_code.tool.blocked_on_user child recorded.
	ccCall uint64
	ccSpan uint64
	// cc joins a Claude Code model call recorded both as an event and as a
	// span (otlp_claude.go); nil for every other record.
	cc *claudeModel
	// builtins: an ADK model call, and the model built-in tools its
	// response shows in use (otlp_adk.go).
	builtins uint8
	// delegFrom: the identities (NUL-separated) of the agent span that
	// ran this nested agent invocation (otlp_adk.go).
	delegFrom string
	file      int32
	line      int64
}

type pendingSpan struct {
	ev      ownedEvent
	parent  uint64
	service string
	// mcp: an MCP tools/call span, the same call as its parent when that
	// is a tool span (the MCP client span under a GenAI execute_tool span,
	// the server span under the client span); own are its own identities.
	mcp bool
	own []string
	// langgraph: a span of a LangGraph node (OpenInference metadata with
	// langgraph_node), attributed to its graph's root run when no agent
	// span is nearer.
	langgraph bool
	// lgSub: the outer graph's node that runs the span's sub-graph (a
	// sub-agent of a supervisor), the identity tried before the graph's.
	lgSub string
	// nested: an agent span with its own identities (own) whose enclosing
	// agent span, if no tool span lies between, ran it (otlp_adk.go).
	nested bool
}

// otlpState reads OTLP traces and logs. Attribution depends on the order
// spans are met in (the index is bounded and evicts the oldest), so it runs
// in file order on one goroutine; parsing does not. A worker parses its
// chunk with an otlpState in record mode (rec set): every step that touches
// shared state (remember, attribute, send, bad, ignore, auto) is appended to
// rec instead of done, and the replayer applies the chunks' steps in input
// order to the one real otlpState. The real state thus sees exactly the
// sequence a single goroutine would produce, whatever the worker count.
type otlpState struct {
	rec     *[]otlpOp
	index   *spanIndex
	pending []*pendingSpan
	emit    func(*event)
	bad     func(file int32, line int64, reason string)
	// ignore counts a span or log record read on purpose without an event,
	// auto an automatic (configured) approval.
	ignore func(file int32, reason string)
	auto   func(file int32)
	// note records content joined to a span under its content key.
	note func(key []byte, bits uint8)
	// GenAI content events as log records wait for their span here (by
	// span ID, in arrival order) unless it was already seen.
	waiting   map[uint64][]*contentRec
	waitOrder []*contentRec
	// Claude Code calls met (tool_use_id hashes) and tool spans whose
	// permission wait ended in a rejection, each bounded by maxClaudeCalls;
	// over counts what did not fit (a note of the summary).
	ccSeen     hashSet
	ccRejected map[uint64]struct{}
	cc         *claudeCalls
	over       *otlpOverflow
	ev         event
	// evBuf holds the bytes of the event send passes on (until the next).
	evBuf []byte
	// block holds the events of this batch's recorded sends (recorder).
	block []pendingSpan
}

func newOTLPState(g *agg) *otlpState {
	return &otlpState{index: newSpanIndex(maxSpanIndex), emit: g.add, bad: g.badRecord, ignore: g.ignore, auto: g.autoApproval,
		note: g.noteKeyContent, waiting: map[uint64][]*contentRec{}, ccSeen: newHashSet(maxClaudeCalls), over: &g.otlpOver}
}

// otlpOverflow counts the Claude Code records the bounded join state could
// not keep (issue 16): each may make a call count twice, or a rejected call
// count as run, so the summary says how many there were.
type otlpOverflow struct {
	// toolIDs: tool_use_ids not kept (their twin record, if any, counts
	// again); rejections: blocked_on_user rejections not kept (their tool
	// span keeps its own outcome); modelIDs, sessions: request IDs and
	// session IDs of model-call events not kept (a span twin counts again).
	toolIDs, rejections, modelIDs, sessions int64
	// earlySpans: spans attributed before their ancestor was read, as more
	// than maxPendingSpans waited (the service may then stand for the
	// agent); earlyModelSpans: Claude Code model-call spans judged before
	// the end of the input, as more than maxClaudeDeferred waited (one whose
	// event comes later counts twice).
	earlySpans, earlyModelSpans int64
	// identities: agent spans whose identities the span index could not
	// keep (maxSpanIDBytes): their children are attributed to the service.
	identities int64
}

func (o *otlpOverflow) add(p otlpOverflow) {
	o.toolIDs += p.toolIDs
	o.rejections += p.rejections
	o.modelIDs += p.modelIDs
	o.sessions += p.sessions
	o.earlySpans += p.earlySpans
	o.earlyModelSpans += p.earlyModelSpans
	o.identities += p.identities
}

// notes says what the bounds left out, one sentence per bound reached.
func (o *otlpOverflow) notes() []string {
	var out []string
	add := func(n int64, format string, args ...any) {
		if n > 0 {
			out = append(out, fmt.Sprintf(format, append([]any{n}, args...)...))
		}
	}
	add(o.toolIDs, "OTLP: %d Claude Code tool_use_ids beyond the bound of %d were not kept: a tool call recorded both as a claude_code.tool span and a tool_result event may count twice", maxClaudeCalls)
	add(o.rejections, "OTLP: %d Claude Code permission rejections (claude_code.tool.blocked_on_user) beyond the bound of %d were not kept: their tool calls keep the outcome their own record gives", maxClaudeCalls)
	add(o.modelIDs, "OTLP: %d Claude Code model-call request IDs beyond the bound of %d were not kept: spans of their sessions were not counted", maxClaudeCalls)
	add(o.sessions, "OTLP: %d Claude Code model-call events of sessions beyond the bound of %d: a claude_code.llm_request span of such a session may count the same call again", maxClaudeCalls)
	add(o.earlySpans, "OTLP: %d spans were attributed before their parent span was read (more than %d waited): an agent may be named by its service", maxPendingSpans)
	add(o.identities, "OTLP: %d agent spans' identities were not kept for their child spans (more than %d bytes of distinct identities were held): their children's calls are attributed to their service", maxSpanIDBytes)
	add(o.earlyModelSpans, "OTLP: %d Claude Code model-call spans were judged before the end of the input (more than %d waited): one whose event came later counts twice", maxClaudeDeferred)
	return out
}

// Kinds of recorded OTLP steps.
const (
	opRemember = iota
	opAttribute
	opSend
	opBad
	opIgnore
	opAuto
	opContent
	opReject
	opBlock // no step: blk holds the batch's send events, reused after the replay
)

// A worker's recorded steps, and the events of its sends, are most of what
// an OTLP analysis allocates; each batch's are reused once it is replayed.
var (
	otlpOpsPool   sync.Pool // *[]otlpOp
	otlpBlockPool sync.Pool // *[]pendingSpan
)

const otlpBlockLen = 256

// maxClaudeCalls bounds the Claude Code tool_use_ids kept (as 64-bit
// hashes) to count a call recorded both as a span and as a tool_result event
// once; beyond it a call exported both ways counts twice, and the summary
// says how many IDs were not kept (otlpOverflow).
const maxClaudeCalls = 1 << 16

// ccCallHash is the ccCall of a Claude Code tool_use_id; 0 when there is none.
func ccCallHash(id string) uint64 {
	if id == "" {
		return 0
	}
	return idHash('u', []byte(id))
}

// otlpOp is one recorded step; it owns everything it holds (strings, not
// slices of the parser's buffers), so it outlives the chunk it came from.
type otlpOp struct {
	kind   uint8
	file   int32
	line   int64
	id     uint64
	ref    spanRef
	p      *pendingSpan // attribute: the span; send: its event
	c      *contentRec  // content: the record
	blk    *[]pendingSpan
	reason string
}

// newOTLPRecorder returns an otlpState that records its steps into *rec.
func newOTLPRecorder(rec *[]otlpOp) *otlpState {
	s := &otlpState{rec: rec, over: new(otlpOverflow)}
	s.bad = func(file int32, line int64, reason string) {
		*rec = append(*rec, otlpOp{kind: opBad, file: file, line: line, reason: reason})
	}
	s.ignore = func(file int32, reason string) {
		*rec = append(*rec, otlpOp{kind: opIgnore, file: file, reason: reason})
	}
	s.auto = func(file int32) { *rec = append(*rec, otlpOp{kind: opAuto, file: file}) }
	return s
}

// replay applies recorded steps to the real state, in their order, and
// gives the batch's storage back: nothing the steps hold is kept after them
// except the spans that wait (attribute, not sends) and content records.
func (s *otlpState) replay(ops []otlpOp) {
	defer func() {
		for i := range ops {
			if b := ops[i].blk; b != nil {
				clear(*b)
				*b = (*b)[:0]
				otlpBlockPool.Put(b)
			}
		}
		clear(ops)
		ops = ops[:0]
		otlpOpsPool.Put(&ops)
	}()
	for i := range ops {
		op := &ops[i]
		switch op.kind {
		case opRemember:
			s.remember(op.id, op.ref)
		case opAttribute:
			s.attribute(op.p, false)
		case opSend:
			s.send(&op.p.ev)
		case opBad:
			s.bad(op.file, op.line, op.reason)
		case opIgnore:
			s.ignore(op.file, op.reason)
		case opAuto:
			s.auto(op.file)
		case opContent:
			s.joinContent(op.c)
		case opReject:
			s.rejectSpan(op.id)
		case opBlock:
		}
	}
}

// record processes one OTLP record: a TracesData/LogsData object (a JSON
// Lines line) or one ResourceSpans/ResourceLogs element of a document
// (kind names which). lineOf refines the line of a span in a document.
func (s *otlpState) record(v *fastjson.Value, kind string, file int32, line int64, lineOf func(id []byte) int64) {
	if s.rec != nil && len(*s.rec) == 0 {
		// A new batch: its storage from a replayed one, and no send event
		// in a block an earlier batch gives back.
		if *s.rec == nil {
			if p, ok := otlpOpsPool.Get().(*[]otlpOp); ok {
				*s.rec = *p
			}
		}
		s.block = nil
	}
	if v.Type() != fastjson.TypeObject {
		s.bad(file, line, errNotObject.Error())
		return
	}
	switch kind {
	case "resourceSpans":
		s.resourceSpans(v, file, line, lineOf)
		return
	case "resourceLogs":
		s.resourceLogs(v, file, line, lineOf)
		return
	}
	rs, rl := v.Get("resourceSpans"), v.Get("resourceLogs")
	if rs == nil && rl == nil && isFlatSpan(v) {
		// An aws/spans record (otlp_flatspan.go): its own parser, since
		// the spans it holds may wait in the batch for their parents.
		var p fastjson.Parser
		tv, err := p.ParseBytes(flatSpanTraces(nil, v))
		if err != nil {
			s.bad(file, line, "span record that cannot be read as OTLP: "+err.Error())
			return
		}
		rs = tv.Get("resourceSpans")
	}
	if rs == nil && rl == nil {
		s.bad(file, line, "not an OTLP TracesData or LogsData object (no resourceSpans or resourceLogs)")
		return
	}
	if rs != nil {
		arr, err := rs.Array()
		if err != nil {
			s.bad(file, line, "resourceSpans is not an array")
		} else if len(arr) == 0 {
			s.ignore(file, "TracesData without spans")
		}
		for _, r := range arr {
			s.resourceSpans(r, file, line, lineOf)
		}
	}
	if rl != nil {
		arr, err := rl.Array()
		if err != nil {
			s.bad(file, line, "resourceLogs is not an array")
		} else if len(arr) == 0 {
			s.ignore(file, "LogsData without log records")
		}
		for _, r := range arr {
			s.resourceLogs(r, file, line, lineOf)
		}
	}
}

// attribute finds the agent of a span through its ancestors; when an
// ancestor is still unknown the span waits (unless final).
func (s *otlpState) attribute(p *pendingSpan, final bool) {
	if s.rec != nil {
		// Into the batch's block, given back once replayed: a span
		// allocated per record was a fifth of what an OTLP analysis
		// allocated. One that has to wait is copied out (below).
		q := s.blockSpan()
		*q = *p
		*s.rec = append(*s.rec, otlpOp{kind: opAttribute, p: q})
		return
	}
	cur := p.parent
	for depth := 0; cur != 0 && depth < maxSpanDepth; depth++ {
		ref, ok := s.index.get(cur)
		if ok && p.nested && (ref.tool || ref.agents != nil && !ref.graph) {
			s.sendNested(p, ref)
			return
		}
		if ok && depth == 0 && p.mcp {
			if ref.tool {
				s.ignore(p.ev.file, "MCP span of a tool call its parent span counts")
				return
			}
			if len(p.own) > 0 {
				p.ev.ids = append(p.own, p.service)
				s.send(&p.ev)
				return
			}
		}
		if !ok {
			if !final {
				if len(s.pending) >= maxPendingSpans {
					s.over.earlySpans += int64(len(s.pending) / 2)
					s.flushPending(len(s.pending) / 2)
				}
				w := new(pendingSpan)
				*w = *p // p may be in a block that is reused
				s.pending = append(s.pending, w)
				return
			}
			break
		}
		if ref.agents != nil && (!ref.graph || p.langgraph) {
			var ids []string
			if ref.graph && p.lgSub != "" {
				ids = append(ids, p.lgSub)
			}
			p.ev.ids = append(append(ids, ref.agents...), p.service)
			s.send(&p.ev)
			return
		}
		cur = ref.parent
	}
	// A root without an agent span: the service is the best identity there is.
	p.ev.ids = append(p.own, p.service)
	s.send(&p.ev)
}

// flushPending attributes the n oldest waiting spans with what is known now.
func (s *otlpState) flushPending(n int) {
	head := s.pending[:n]
	s.pending = append([]*pendingSpan(nil), s.pending[n:]...)
	for _, p := range head {
		s.attribute(p, true)
	}
}

// finish attributes every span still waiting (end of the OTLP input).
func (s *otlpState) finish() {
	s.flushContent()
	s.flushPending(len(s.pending))
	if s.cc != nil {
		s.flushClaude(len(s.cc.deferred))
	}
}

func (s *otlpState) remember(id uint64, ref spanRef) {
	if s.rec != nil {
		*s.rec = append(*s.rec, otlpOp{kind: opRemember, id: id, ref: ref})
		return
	}
	if !s.index.put(id, ref) {
		s.over.identities++
	}
	if cs, ok := s.waiting[id]; ok {
		delete(s.waiting, id)
		for _, c := range cs {
			s.joined(c)
		}
	}
}

// rejectSpan records that the permission wait under Claude Code tool span
// id ended in a rejection: the call did not run.
func (s *otlpState) rejectSpan(id uint64) {
	if s.rec != nil {
		*s.rec = append(*s.rec, otlpOp{kind: opReject, id: id})
		return
	}
	if s.ccRejected == nil {
		s.ccRejected = map[uint64]struct{}{}
	}
	if _, ok := s.ccRejected[id]; ok || len(s.ccRejected) < maxClaudeCalls {
		s.ccRejected[id] = struct{}{}
	} else {
		s.over.rejections++
	}
}

func (s *otlpState) send(o *ownedEvent) {
	if s.rec != nil {
		q := s.blockSpan()
		q.ev = *o
		*s.rec = append(*s.rec, otlpOp{kind: opSend, p: q})
		return
	}
	if o.cc != nil && !s.claudeModelSend(o) {
		return
	}
	if o.ccSpan != 0 {
		if _, ok := s.ccRejected[o.ccSpan]; ok {
			delete(s.ccRejected, o.ccSpan)
			o.outcome = model.OutcomeDenied
		}
	}
	if o.ccCall != 0 {
		added, full := s.ccSeen.add(o.ccCall)
		if !added && !full {
			s.ignore(o.file, "Claude Code tool call recorded both as a claude_code.tool span and a tool_result event (counted once)")
			return
		}
		if full {
			s.over.toolIDs++
		}
	}
	ev := &s.ev
	ev.reset()
	ev.t = o.t
	// The event's bytes, copied into one reused buffer, not allocated per
	// field: the aggregate copies what it keeps.
	n := len(o.actor) + len(o.action) + len(o.tool) + len(o.op) + len(o.resource) + len(o.model) +
		len(o.outcome) + len(o.requestID) + len(o.callID) + len(o.contentKey) + len(o.delegFrom)
	for _, id := range o.ids {
		n += len(id)
	}
	if cap(s.evBuf) < n {
		s.evBuf = make([]byte, 0, 2*n)
	}
	b := s.evBuf[:0]
	put := func(v string) []byte {
		from := len(b)
		b = append(b, v...)
		return b[from:len(b):len(b)]
	}
	for _, id := range o.ids {
		ev.addID(put(id))
	}
	ev.actor = put(o.actor)
	ev.action = put(o.action)
	ev.tool = put(o.tool)
	ev.op = put(o.op)
	ev.resource = put(o.resource)
	ev.model = put(o.model)
	ev.outcome = put(o.outcome)
	ev.requestID = put(o.requestID)
	ev.callID = put(o.callID)
	ev.contentKey = put(o.contentKey)
	ev.hasInput, ev.hasOutput, ev.ioCapable = o.hasInput, o.hasOutput, !o.noContent
	ev.fields = o.fields
	ev.builtins = o.builtins
	ev.requested = o.requested
	ev.delegFrom = put(o.delegFrom)
	ev.file, ev.line = o.file, o.line
	s.emit(ev)
}

// blockSpan is a free slot of this batch's block (recorder), for the span
// or event of a recorded step; the replay gives the block back.
func (s *otlpState) blockSpan() *pendingSpan {
	if len(s.block) == cap(s.block) {
		b, ok := otlpBlockPool.Get().(*[]pendingSpan)
		if !ok {
			nb := make([]pendingSpan, 0, otlpBlockLen)
			b = &nb
		}
		s.block = *b
		*s.rec = append(*s.rec, otlpOp{kind: opBlock, blk: b})
	}
	s.block = append(s.block, pendingSpan{})
	return &s.block[len(s.block)-1]
}

// lineLocator finds the line of each span or log record inside one
// multi-line document (raw, starting at line first). Records are met in
// document order, so it searches forward from the last hit: the whole
// document is scanned about once however many spans it holds (searching
// from the start each time made a 4,000-span document quadratic). A probe
// that is not found (an escaped ID) gets the last known line; failed
// searches are bounded to a few passes over the document, after which every
// later probe gets the last known line too.
type lineLocator struct {
	raw    []byte
	off    int   // search start: just after the last hit
	line   int64 // line at off
	missed int   // bytes scanned by failed searches
}

func newLineLocator(raw []byte, first int64) *lineLocator {
	return &lineLocator{raw: raw, line: first}
}

func (l *lineLocator) lineOf(id []byte) int64 {
	if len(id) == 0 || l.missed > 4*len(l.raw)+4096 {
		return l.line
	}
	i := bytes.Index(l.raw[l.off:], id)
	if i < 0 {
		l.missed += len(l.raw) - l.off
		return l.line
	}
	l.line += int64(bytes.Count(l.raw[l.off:l.off+i], []byte{'\n'}))
	l.off += i
	return l.line
}
