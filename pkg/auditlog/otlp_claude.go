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
// request had no span); a session only traced counts its spans. Records
// without session.id form one session of their own. Spans wait
// until the end of the OTLP input, so the file order does not matter.

// claudeModel is what joins a Claude Code model-call record to its twin:
// the hashes (idHash) of its session.id, request_id and client_request_id,
// 0 when absent, so that memory does not grow with the IDs' length.
type claudeModel struct {
	span                    bool // a claude_code.llm_request span (else an event)
	session, req, clientReq uint64
}

// claudeModelOf reads the join keys from a record's attributes.
func claudeModelOf(list []*fastjson.Value, span bool) *claudeModel {
	c := &claudeModel{span: span}
	for _, kv := range list {
		var kind byte
		var dst *uint64
		switch string(str(kv.Get("key"))) {
		case "session.id":
			kind, dst = 's', &c.session
		case "request_id":
			kind, dst = 'q', &c.req
		case "client_request_id":
			kind, dst = 'k', &c.clientReq
		default:
			continue
		}
		if v := attrValue(kv.Get("value")); len(v) > 0 {
			*dst = idHash(kind, v) | 1 // never 0: 0 is "absent"
		}
	}
	return c
}

// Bounds: request IDs and sessions kept (maxClaudeCalls each, as 64-bit
// hashes), and spans waiting for the end of the input (about 300 bytes each). Beyond the wait
// bound the oldest spans are judged on what has been read so far: one whose
// event comes later in the input then counts twice.
const (
	maxClaudeDeferred = 1 << 14
)

type claudeCalls struct {
	ids      map[uint64]struct{} // request_id and client_request_id hashes of events
	idsOver  bool
	sessions map[uint64]bool // session with model-call events -> one had no request ID
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
		c = &claudeCalls{ids: map[uint64]struct{}{}, sessions: map[uint64]bool{}}
		s.cc = c
	}
	if o.cc.span {
		if len(c.deferred) >= maxClaudeDeferred {
			s.over.earlyModelSpans += int64(len(c.deferred) / 2)
			s.flushClaude(len(c.deferred) / 2)
		}
		c.deferred = append(c.deferred, *o)
		return false
	}
	for _, k := range [2]uint64{o.cc.req, o.cc.clientReq} {
		if k == 0 {
			continue
		}
		if len(c.ids) >= maxClaudeCalls {
			c.idsOver = true
			if _, ok := c.ids[k]; !ok {
				s.over.modelIDs++
			}
			break
		}
		c.ids[k] = struct{}{}
	}
	noID := o.cc.req == 0 && o.cc.clientReq == 0
	if prev, ok := c.sessions[o.cc.session]; ok || len(c.sessions) < maxClaudeCalls {
		c.sessions[o.cc.session] = prev || noID
	} else {
		s.over.sessions++
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
		_, r := c.ids[cm.req]
		_, cr := c.ids[cm.clientReq]
		if cm.req != 0 && r || cm.clientReq != 0 && cr {
			s.ignore(o.file, claudeDupReason)
			continue
		}
		noID, logged := c.sessions[cm.session]
		if logged && (cm.req == 0 && cm.clientReq == 0 || noID || c.idsOver) {
			s.ignore(o.file, claudeSessionReason)
			continue
		}
		o.cc = nil
		s.send(o)
	}
}
