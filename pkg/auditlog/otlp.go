package auditlog

import (
	"bytes"
	"encoding/hex"
	"hash/fnv"
	"strconv"
	"strings"
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
}

// ownedEvent is an event copied out of the parser's buffers so it can wait.
type ownedEvent struct {
	t                                                 time.Time
	ids                                               []string
	actor, action, tool, op, resource, model, outcome string
	requestID                                         string
	hasInput, hasOutput                               bool
	file                                              int32
	line                                              int64
}

type pendingSpan struct {
	ev      ownedEvent
	parent  uint64
	service string
}

// otlpState reads OTLP traces and logs in file order, one goroutine.
type otlpState struct {
	index   map[uint64]spanRef
	ring    []uint64
	ringPos int
	pending []*pendingSpan
	emit    func(*event)
	bad     func(file int32, line int64, reason string)
	ev      event
}

func newOTLPState(emit func(*event), bad func(int32, int64, string)) *otlpState {
	return &otlpState{index: map[uint64]spanRef{}, emit: emit, bad: bad}
}

// record processes one OTLP record: a TracesData/LogsData object (a JSON
// Lines line) or one ResourceSpans/ResourceLogs element of a document
// (kind names which). lineOf refines the line of a span in a document.
func (s *otlpState) record(v *fastjson.Value, kind string, file int32, line int64, lineOf func(id []byte) int64) {
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
	if rs == nil && rl == nil {
		s.bad(file, line, "not an OTLP TracesData or LogsData object (no resourceSpans or resourceLogs)")
		return
	}
	if rs != nil {
		arr, err := rs.Array()
		if err != nil {
			s.bad(file, line, "resourceSpans is not an array")
		}
		for _, r := range arr {
			s.resourceSpans(r, file, line, lineOf)
		}
	}
	if rl != nil {
		arr, err := rl.Array()
		if err != nil {
			s.bad(file, line, "resourceLogs is not an array")
		}
		for _, r := range arr {
			s.resourceLogs(r, file, line, lineOf)
		}
	}
}

// attrs are the attributes aims reads from a span or log record.
type attrs struct {
	op, agentID, agentName, model, respModel, tool, callID, errType []byte
	dataSource, service, eventName, decision, source, user          []byte
	success                                                         []byte
	input, output                                                   bool
	hasError                                                        bool
}

func attrValue(v *fastjson.Value) []byte {
	if v == nil {
		return nil
	}
	o, err := v.Object()
	if err != nil {
		return str(v)
	}
	var out []byte
	o.Visit(func(k []byte, x *fastjson.Value) {
		switch string(k) {
		case "stringValue", "intValue", "doubleValue":
			out = str(x)
		case "boolValue":
			if x.Type() == fastjson.TypeTrue {
				out = []byte("true")
			} else {
				out = []byte("false")
			}
		case "arrayValue", "kvlistValue", "bytesValue":
			out = []byte("(structured)")
		}
	})
	return out
}

func (a *attrs) read(list []*fastjson.Value) {
	for _, kv := range list {
		key := str(kv.Get("key"))
		val := kv.Get("value")
		switch string(key) {
		case "gen_ai.operation.name":
			a.op = attrValue(val)
		case "gen_ai.agent.id":
			a.agentID = attrValue(val)
		case "gen_ai.agent.name":
			a.agentName = attrValue(val)
		case "gen_ai.request.model", "model":
			a.model = attrValue(val)
		case "gen_ai.response.model":
			a.respModel = attrValue(val)
		case "gen_ai.tool.name", "tool_name", "tool.name":
			a.tool = attrValue(val)
		case "gen_ai.tool.call.id", "tool_use_id", "tool_call_id", "tool.call.id", "tool_use.id":
			a.callID = attrValue(val)
		case "error.type", "error":
			a.errType = attrValue(val)
			a.hasError = len(a.errType) > 0
		case "gen_ai.data_source.id":
			a.dataSource = attrValue(val)
		case "service.name":
			a.service = attrValue(val)
		case "event.name":
			a.eventName = attrValue(val)
		case "decision":
			a.decision = attrValue(val)
		case "source":
			a.source = attrValue(val)
		case "user.email", "user.id", "user.account_uuid", "enduser.id":
			if len(a.user) == 0 || string(key) == "user.email" {
				a.user = attrValue(val)
			}
		case "success":
			a.success = attrValue(val)
		case "gen_ai.input.messages", "gen_ai.prompt", "gen_ai.tool.call.arguments", "prompt", "tool_parameters":
			a.input = len(attrValue(val)) > 0
		case "gen_ai.output.messages", "gen_ai.completion", "gen_ai.tool.call.result":
			a.output = len(attrValue(val)) > 0
		}
	}
}

// spanID turns a hex span ID into a map key; other encodings are hashed.
func spanID(b []byte) uint64 {
	if len(b) == 0 {
		return 0
	}
	if len(b) == 16 {
		var x [8]byte
		if _, err := hex.Decode(x[:], b); err == nil {
			var n uint64
			for _, c := range x {
				n = n<<8 | uint64(c)
			}
			if n != 0 {
				return n
			}
		}
	}
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64() | 1
}

func unixNano(v *fastjson.Value) (time.Time, bool) {
	if v == nil {
		return time.Time{}, false
	}
	var n uint64
	var err error
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		n, err = strconv.ParseUint(string(b), 10, 64)
	case fastjson.TypeNumber:
		n, err = v.Uint64()
		if err != nil {
			f, ferr := v.Float64()
			n, err = uint64(f), ferr
		}
	default:
		return time.Time{}, false
	}
	if err != nil || n == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, int64(n)).UTC(), true
}

var opPrefixes = []string{"invoke_agent", "create_agent", "invoke_workflow", "execute_tool", "chat", "text_completion", "generate_content", "embeddings", "retrieval"}

func (s *otlpState) resourceSpans(rs *fastjson.Value, file int32, line int64, lineOf func([]byte) int64) {
	var res attrs
	res.read(rs.GetArray("resource", "attributes"))
	service := string(res.service)
	for _, ss := range rs.GetArray("scopeSpans") {
		for _, sp := range ss.GetArray("spans") {
			s.span(sp, &res, service, file, line, lineOf)
		}
	}
}

func (s *otlpState) span(sp *fastjson.Value, res *attrs, service string, file int32, line int64, lineOf func([]byte) int64) {
	idb := str(sp.Get("spanId"))
	if lineOf != nil && len(idb) > 0 {
		line = lineOf(idb)
	}
	var a attrs
	a.read(sp.GetArray("attributes"))
	id := spanID(idb)
	parent := spanID(str(sp.Get("parentSpanId")))
	op := string(a.op)
	name := str(sp.Get("name"))
	if op == "" {
		for _, p := range opPrefixes {
			if bytes.HasPrefix(name, []byte(p+" ")) || string(name) == p {
				op = p
				break
			}
		}
	}
	var ids []string
	if len(a.agentID) > 0 {
		ids = append(ids, string(a.agentID))
	}
	if len(a.agentName) > 0 {
		ids = append(ids, string(a.agentName))
	}
	isAgent := op == "invoke_agent" || op == "create_agent"
	if id != 0 {
		ref := spanRef{parent: parent}
		if isAgent || len(ids) > 0 {
			ref.agents = ids
		}
		s.remember(id, ref)
	}
	if op == "" {
		return
	}
	t, ok := unixNano(sp.Get("startTimeUnixNano"))
	if !ok {
		s.bad(file, line, "span without a valid startTimeUnixNano")
		return
	}
	ev := ownedEvent{t: t, file: file, line: line, hasInput: a.input, hasOutput: a.output}
	switch op {
	case "invoke_agent", "create_agent", "invoke_workflow":
		ev.action = model.ActionAgentInvoke
		ev.model = string(a.model)
	case "execute_tool":
		ev.action = model.ActionToolCall
		ev.tool = string(a.tool)
		if ev.tool == "" {
			ev.tool = strings.TrimSpace(strings.TrimPrefix(string(name), "execute_tool"))
		}
		ev.requestID = string(a.callID)
	case "retrieval":
		ev.action = model.ActionMessageRead
		ev.resource = string(a.dataSource)
	default:
		ev.action = model.ActionModelCall
		ev.model = string(a.model)
		if ev.model == "" {
			ev.model = string(a.respModel)
		}
	}
	if ev.tool == "" && len(a.dataSource) > 0 {
		ev.resource = string(a.dataSource)
	}
	ev.outcome = model.OutcomeSuccess
	if code := sp.Get("status", "code"); code != nil {
		if c := str(code); string(c) == "2" || string(c) == "STATUS_CODE_ERROR" {
			ev.outcome = model.OutcomeError
		}
	}
	if a.hasError {
		ev.outcome = model.OutcomeError
	}
	if len(ids) > 0 {
		ev.ids = append(ids, service)
		s.send(&ev)
		return
	}
	s.attribute(&pendingSpan{ev: ev, parent: parent, service: service}, false)
}

// attribute finds the agent of a span through its ancestors; when an
// ancestor is still unknown the span waits (unless final).
func (s *otlpState) attribute(p *pendingSpan, final bool) {
	cur := p.parent
	for depth := 0; cur != 0 && depth < maxSpanDepth; depth++ {
		ref, ok := s.index[cur]
		if !ok {
			if !final {
				if len(s.pending) >= maxPendingSpans {
					s.flushPending(len(s.pending) / 2)
				}
				s.pending = append(s.pending, p)
				return
			}
			break
		}
		if ref.agents != nil {
			p.ev.ids = append(append([]string(nil), ref.agents...), p.service)
			s.send(&p.ev)
			return
		}
		cur = ref.parent
	}
	// A root without an agent span: the service is the best identity there is.
	p.ev.ids = []string{p.service}
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
	s.flushPending(len(s.pending))
}

func (s *otlpState) remember(id uint64, ref spanRef) {
	if _, ok := s.index[id]; !ok {
		if len(s.ring) < maxSpanIndex {
			s.ring = append(s.ring, id)
		} else {
			delete(s.index, s.ring[s.ringPos])
			s.ring[s.ringPos] = id
			s.ringPos = (s.ringPos + 1) % maxSpanIndex
		}
	}
	s.index[id] = ref
}

func (s *otlpState) send(o *ownedEvent) {
	ev := &s.ev
	ev.reset()
	ev.t = o.t
	for _, id := range o.ids {
		ev.addID([]byte(id))
	}
	ev.actor = []byte(o.actor)
	ev.action = []byte(o.action)
	ev.tool = []byte(o.tool)
	ev.op = []byte(o.op)
	ev.resource = []byte(o.resource)
	ev.model = []byte(o.model)
	ev.outcome = []byte(o.outcome)
	ev.requestID = []byte(o.requestID)
	ev.hasInput, ev.hasOutput, ev.ioCapable = o.hasInput, o.hasOutput, true
	ev.file, ev.line = o.file, o.line
	s.emit(ev)
}

func (s *otlpState) resourceLogs(rl *fastjson.Value, file int32, line int64, lineOf func([]byte) int64) {
	var res attrs
	res.read(rl.GetArray("resource", "attributes"))
	service := string(res.service)
	for _, sl := range rl.GetArray("scopeLogs") {
		for _, lr := range sl.GetArray("logRecords") {
			s.logRecord(lr, &res, service, file, line, lineOf)
		}
	}
}

// logRecord maps GenAI and Claude Code events exported as log records.
// Human decisions (tool_decision from a user_* source) become human.review
// events; decisions from config are automatic and are not reviews.
func (s *otlpState) logRecord(lr *fastjson.Value, res *attrs, service string, file int32, line int64, lineOf func([]byte) int64) {
	var a attrs
	a.read(lr.GetArray("attributes"))
	sid := str(lr.Get("spanId"))
	if lineOf != nil {
		probe := sid
		if len(probe) == 0 {
			probe = str(lr.Get("timeUnixNano"))
		}
		if len(probe) > 0 {
			line = lineOf(probe)
		}
	}
	name := str(lr.Get("eventName"))
	if len(name) == 0 {
		name = a.eventName
	}
	if len(name) == 0 {
		name = str(lr.Get("body", "stringValue"))
	}
	ev := ownedEvent{file: file, line: line, hasInput: a.input, hasOutput: a.output, outcome: model.OutcomeSuccess}
	n := strings.TrimPrefix(string(name), "claude_code.")
	switch {
	case n == "tool_decision":
		src := string(a.source)
		if !strings.HasPrefix(src, "user") {
			return // config or hook: automatic, not a human review
		}
		ev.action = model.ActionHumanReview
		ev.tool = string(a.tool)
		ev.requestID = string(a.callID)
		ev.actor = string(a.user)
		if string(a.decision) == "reject" || src == "user_reject" || src == "user_abort" {
			ev.outcome = model.OutcomeDenied
		}
	case n == "tool_result":
		ev.action = model.ActionToolCall
		ev.tool = string(a.tool)
		ev.requestID = string(a.callID)
		ev.actor = string(a.user)
		if s := string(a.success); s == "false" || a.hasError && s != "true" {
			ev.outcome = model.OutcomeError
		}
	case n == "api_request":
		ev.action = model.ActionModelCall
		ev.model = string(a.model)
		ev.actor = string(a.user)
	case n == "api_error":
		ev.action = model.ActionError
		ev.model = string(a.model)
		ev.actor = string(a.user)
		ev.outcome = model.OutcomeError
	case n == "user_prompt":
		ev.action = model.ActionMessageRead
		ev.actor = string(a.user)
	case len(a.op) > 0:
		switch string(a.op) {
		case "execute_tool":
			ev.action = model.ActionToolCall
			ev.tool = string(a.tool)
			ev.requestID = string(a.callID)
		case "invoke_agent", "create_agent":
			ev.action = model.ActionAgentInvoke
		default:
			ev.action = model.ActionModelCall
			ev.model = string(a.model)
		}
		if a.hasError {
			ev.outcome = model.OutcomeError
		}
	default:
		return // not an agent event
	}
	tv := lr.Get("timeUnixNano")
	t, ok := unixNano(tv)
	if !ok {
		t, ok = unixNano(lr.Get("observedTimeUnixNano"))
	}
	if !ok {
		s.bad(file, line, "log record without a valid timeUnixNano")
		return
	}
	ev.t = t
	var ids []string
	if len(a.agentID) > 0 {
		ids = append(ids, string(a.agentID))
	}
	if len(a.agentName) > 0 {
		ids = append(ids, string(a.agentName))
	}
	if len(res.agentID) > 0 {
		ids = append(ids, string(res.agentID))
	}
	if len(res.agentName) > 0 {
		ids = append(ids, string(res.agentName))
	}
	if len(ids) == 0 && len(sid) > 0 {
		s.attribute(&pendingSpan{ev: ev, parent: spanID(sid), service: service}, false)
		return
	}
	ev.ids = append(ids, service)
	s.send(&ev)
}
