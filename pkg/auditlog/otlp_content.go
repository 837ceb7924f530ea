package auditlog

import (
	"encoding/binary"
	"strings"

	"github.com/valyala/fastjson"
)

// GenAI content exported as log records of its own (OpenTelemetry GenAI
// semantic conventions, docs/gen-ai/gen-ai-events.md: up to v1.36.0 the
// per-message events gen_ai.system|user|assistant|tool.message and
// gen_ai.choice with the content in the body; since v1.37.0 the
// gen_ai.client.inference.operation.details event with gen_ai.input.messages,
// gen_ai.output.messages and gen_ai.system_instructions as attributes). The
// record carries the spanId of the call it belongs to; its content is given
// to that span's content key, so the span's content capture counts it
// (content.go). The span may come before or after, in any file: a record
// whose span was seen joins at once, the others wait (at most
// maxWaitingContent) and join when the span comes. What joins nothing by the
// end, or does not fit, is a counted ignore with the reason.

// maxWaitingContent bounds the content records waiting for their span.
const maxWaitingContent = 1 << 16

// contentRec is one GenAI content event read as a log record.
type contentRec struct {
	span    uint64
	bits    uint8
	file    int32
	name    string // the event name, bounded (reasonName)
	done    bool
	details *pendingSpan // an operation.details record that names its operation
	direct  bool         // details: its own identities name the agent
}

// spanContentKey is the content key of span id. The leading NUL keeps it
// apart from every call ID a producer writes.
func spanContentKey(id uint64) string {
	var b [11]byte
	copy(b[:], "\x00sp")
	binary.BigEndian.PutUint64(b[3:], id)
	return string(b[:])
}

// contentEvent tells a GenAI content event name (the "event." prefix as the
// conventions' headings write it is accepted).
func contentEvent(n string) bool {
	n = strings.TrimPrefix(n, "event.")
	switch n {
	case "gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message",
		"gen_ai.choice", "gen_ai.client.inference.operation.details":
		return true
	}
	return false
}

// contentBits says what content a GenAI content event carries. The message
// events are the call's input (the chat history sent to the model, the
// assistant's earlier turns and tool results included); the choice is its
// output. Content is only there when capture is on: a body with a role, an
// index, a finish reason or tool call IDs and names only is no content.
func contentBits(n string, a *attrs, body *fastjson.Value) uint8 {
	var in, out bool
	switch strings.TrimPrefix(n, "event.") {
	case "gen_ai.client.inference.operation.details":
		in, out = a.input, a.output
	case "gen_ai.choice":
		out = a.input || a.output || textBody(body) || bodyContent(anyField(anyBody(body), "message"))
	default:
		in = a.input || a.output || textBody(body) || bodyContent(anyBody(body))
	}
	var b uint8
	if in {
		b |= hasIn
	}
	if out {
		b |= hasOut
	}
	return b
}

// bodyContent reports whether a message body holds content: a non-empty
// content, or a tool call's function arguments.
func bodyContent(m *fastjson.Value) bool {
	if anyNonEmpty(anyField(m, "content")) {
		return true
	}
	for _, tc := range anyList(anyField(m, "tool_calls")) {
		if anyNonEmpty(anyField(anyField(tc, "function"), "arguments")) {
			return true
		}
	}
	return false
}

// anyBody returns the body to read fields from: an AnyValue kvlist, a plain
// JSON object (some SDKs), or a string holding JSON text.
func anyBody(v *fastjson.Value) *fastjson.Value {
	if v == nil {
		return nil
	}
	if sv := v.Get("stringValue"); sv != nil {
		if b, err := sv.StringBytes(); err == nil {
			var p fastjson.Parser
			if x, err := p.ParseBytes(b); err == nil && x.Type() == fastjson.TypeObject {
				return x
			}
		}
		return nil
	}
	return v
}

// textBody reports a body that is plain text (not a JSON object): the
// content itself.
func textBody(v *fastjson.Value) bool {
	if v == nil {
		return false
	}
	sv := v.Get("stringValue")
	if sv == nil {
		return false
	}
	b, err := sv.StringBytes()
	if err != nil || !content(b) {
		return false
	}
	var p fastjson.Parser
	x, err := p.ParseBytes(b)
	return err != nil || x.Type() != fastjson.TypeObject
}

// anyField is field key of an AnyValue kvlist or a plain JSON object.
func anyField(v *fastjson.Value, key string) *fastjson.Value {
	if v == nil || v.Type() != fastjson.TypeObject {
		return nil
	}
	if kv := v.Get("kvlistValue"); kv != nil {
		for _, e := range kv.GetArray("values") {
			if string(str(e.Get("key"))) == key {
				return e.Get("value")
			}
		}
		return nil
	}
	return v.Get(key)
}

// anyList is the elements of an AnyValue array or a plain JSON array.
func anyList(v *fastjson.Value) []*fastjson.Value {
	if v == nil {
		return nil
	}
	if v.Type() == fastjson.TypeObject {
		return v.GetArray("arrayValue", "values")
	}
	a, _ := v.Array()
	return a
}

// anyNonEmpty reports whether an AnyValue (or plain JSON value) holds
// something: a string that is not a placeholder, a non-empty list or map.
func anyNonEmpty(v *fastjson.Value) bool {
	if v == nil {
		return false
	}
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return content(b)
	case fastjson.TypeArray:
		a, _ := v.Array()
		return len(a) > 0
	case fastjson.TypeNumber, fastjson.TypeTrue, fastjson.TypeFalse:
		return true
	case fastjson.TypeObject:
	default:
		return false
	}
	o, _ := v.Object()
	val, plain := false, false
	o.Visit(func(k []byte, x *fastjson.Value) {
		switch string(k) {
		case "stringValue", "bytesValue":
			b, _ := x.StringBytes()
			val = val || content(b)
		case "intValue", "doubleValue", "boolValue":
			val = true
		case "arrayValue", "kvlistValue":
			val = val || len(x.GetArray("values")) > 0
		default:
			plain = true
		}
	})
	return val || plain
}

// joinContent gives a content record's content to its span, now or when the
// span comes.
func (s *otlpState) joinContent(c *contentRec) {
	if s.rec != nil {
		*s.rec = append(*s.rec, otlpOp{kind: opContent, file: c.file, c: c})
		return
	}
	if _, ok := s.index.get(c.span); ok {
		s.joined(c)
		return
	}
	if len(s.waitOrder) >= maxWaitingContent {
		// Drop the joined ones first; only a full list of waiting ones overflows.
		keep := s.waitOrder[:0]
		for _, w := range s.waitOrder {
			if !w.done {
				keep = append(keep, w)
			}
		}
		clear(s.waitOrder[len(keep):])
		s.waitOrder = keep
		if len(keep) >= maxWaitingContent {
			s.unjoined(c, "more GenAI content events waiting for their span than aims keeps")
			return
		}
	}
	s.waiting[c.span] = append(s.waiting[c.span], c)
	s.waitOrder = append(s.waitOrder, c)
}

func (s *otlpState) joined(c *contentRec) {
	c.done = true
	if c.bits != 0 {
		s.note([]byte(spanContentKey(c.span)), c.bits)
	}
	s.ignore(c.file, "GenAI content event joined to its span (counted for that call): "+c.name)
}

// unjoined accounts for a record that joins no span: an operation.details
// record that names its operation is the call itself, as it would be with
// no span at all; any other is ignored with why.
func (s *otlpState) unjoined(c *contentRec, why string) {
	c.done = true
	if c.details != nil {
		if c.direct {
			s.send(&c.details.ev)
		} else {
			s.attribute(c.details, false)
		}
		return
	}
	s.ignore(c.file, "GenAI content event as a log record, "+why+": "+c.name)
}

// flushContent accounts for the records still waiting (end of the input).
func (s *otlpState) flushContent() {
	for _, c := range s.waitOrder {
		if !c.done {
			s.unjoined(c, "not joined (no span with its spanId)")
		}
	}
	s.waitOrder = nil
	clear(s.waiting)
}
