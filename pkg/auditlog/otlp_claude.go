package auditlog

import (
	"github.com/valyala/fastjson"
)

// Claude Code records one model call twice when logs and traces are both
// exported: as a claude_code.api_request event (claude_code.api_error when
// it failed) and as a claude_code.llm_request span (beta). The monitoring
// documentation (code.claude.com/docs/en/monitoring-usage, "Traces") gives
// the span request_id, gen_ai.response.id and client_request_id (the
// Anthropic request-id header); against Anthropic's API the events carry
// request_id and client_request_id too (Claude Code 2.1.289, observed).
// Against an Anthropic-compatible endpoint, and in older exports (the 2.1.197
// sample), neither record has one, and the events' prompt.id and
// event.sequence are not on the spans: no key joins them. So a span is the
// same call as an event with its request_id; a span of a session (session.id,
// on both records) whose events carry none is not counted, the events are
// (they are the stable signal: on Anthropic's API some prompts' first
// request had no span); a session only traced counts its spans. Spans wait
// until the end of the OTLP input, so the file order does not matter.

// claudeModel is what joins a Claude Code model-call record to its twin.
type claudeModel struct {
	span           bool // a claude_code.llm_request span (else an event)
	session        string
	req, clientReq string
}

// claudeModelOf reads the join keys from a record's attributes.
func claudeModelOf(list []*fastjson.Value, span bool) *claudeModel {
	c := &claudeModel{span: span}
	for _, kv := range list {
		switch string(str(kv.Get("key"))) {
		case "session.id":
			c.session = string(attrValue(kv.Get("value")))
		case "request_id":
			c.req = string(attrValue(kv.Get("value")))
		case "client_request_id":
			c.clientReq = string(attrValue(kv.Get("value")))
		}
	}
	return c
}

// Bounds: request IDs and sessions kept (about 50 bytes each), and spans
// waiting for the end of the input (about 300 bytes each). Beyond the wait
// bound the oldest spans are judged on what has been read so far: one whose
// event comes later in the input then counts twice.
const (
	maxClaudeDeferred = 1 << 14
)

type claudeCalls struct {
	ids      map[string]struct{} // "r"+request_id, "c"+client_request_id of events
	idsOver  bool
	sessions map[string]bool // session with model-call events -> one had no request ID
	deferred []ownedEvent
}

const (
	claudeDupReason     = "Claude Code model call recorded both as a claude_code.llm_request span and an api_request or api_error event (request_id; counted once)"
	claudeSessionReason = "Claude Code claude_code.llm_request span of a session whose api_request events count its model calls (no request_id joins them)"
)

// claudeModelSend handles a Claude Code model-call record on its way to the
// aggregate: an event is noted and goes on (true); a span waits (false).
func (s *otlpState) claudeModelSend(o *ownedEvent) bool {
	c := s.cc
	if c == nil {
		c = &claudeCalls{ids: map[string]struct{}{}, sessions: map[string]bool{}}
		s.cc = c
	}
	if o.cc.span {
		if len(c.deferred) >= maxClaudeDeferred {
			s.flushClaude(len(c.deferred) / 2)
		}
		c.deferred = append(c.deferred, *o)
		return false
	}
	for _, k := range [2]string{"r" + o.cc.req, "c" + o.cc.clientReq} {
		if len(k) == 1 {
			continue
		}
		if len(c.ids) >= maxClaudeCalls {
			c.idsOver = true
			break
		}
		c.ids[k] = struct{}{}
	}
	noID := o.cc.req == "" && o.cc.clientReq == ""
	if prev, ok := c.sessions[o.cc.session]; ok || len(c.sessions) < maxClaudeCalls {
		c.sessions[o.cc.session] = prev || noID
	}
	return true
}

// flushClaude judges the n oldest waiting spans: each is counted, or
// ignored with the reason, once.
func (s *otlpState) flushClaude(n int) {
	c := s.cc
	if c == nil {
		return
	}
	head := c.deferred[:n]
	c.deferred = append([]ownedEvent(nil), c.deferred[n:]...)
	for i := range head {
		o := &head[i]
		cm := o.cc
		_, r := c.ids["r"+cm.req]
		_, cr := c.ids["c"+cm.clientReq]
		if cm.req != "" && r || cm.clientReq != "" && cr {
			s.ignore(o.file, claudeDupReason)
			continue
		}
		noID, logged := c.sessions[cm.session]
		if logged && (cm.req == "" && cm.clientReq == "" || noID || c.idsOver) {
			s.ignore(o.file, claudeSessionReason)
			continue
		}
		o.cc = nil
		s.send(o)
	}
}
