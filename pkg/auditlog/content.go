package auditlog

import (
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// Content capture (issue 11 §1): an event that carries no input or output
// although the agent's logging says they are kept is a finding only where
// its source can carry content (event.ioCapable), and only when no other
// source logged the content of the same call: the same tool call ID, or the
// same request ID, or the same content key (content logged in records of
// its own, see noteKeyContent). Events with an ID and no content wait until the merge;
// IDs whose content was seen are kept per worker up to maxContentIDs, and
// waiting events up to maxPending (beyond either bound an event counts as
// missing at once, and the summary says the matching was incomplete).

// maxContentIDs bounds, per worker and ID kind, the IDs whose content was seen.
const maxContentIDs = 1 << 16

// Content bits.
const (
	hasIn uint8 = 1 << iota
	hasOut
)

// missKey is one source of missing content: direction, file and action,
// which name the source's field at the summary.
type missKey struct {
	out    bool
	fields uint8
	file   int32
	action string
}

type missingContent struct {
	agent     int32
	call, req uint64 // ID hashes (idHash kind 0), 0 when none
	key       uint64 // content key hash, 0 when none
	action    string // interned
	fields    uint8
	pos       pos
	t         time.Time
	in, out   bool
}

// noteContent records that the call of ev logged content.
func (g *agg) noteContent(ev *event) {
	var bits uint8
	if ev.hasInput {
		bits |= hasIn
	}
	if ev.hasOutput {
		bits |= hasOut
	}
	if bits == 0 {
		return
	}
	g.noteID(&g.contentByCall, ev.callID, bits)
	g.noteID(&g.contentByReq, ev.requestID, bits)
}

// noteKeyContent records content logged apart from its call, under the
// call's content key (event.contentKey). Keys share the call-ID map within
// its bound; their bytes cannot collide with a call ID (see spanContentKey).
func (g *agg) noteKeyContent(key []byte, bits uint8) {
	if bits != 0 {
		g.noteID(&g.contentByCall, key, bits)
	}
}

func (g *agg) noteID(m *reviewMap, id []byte, bits uint8) {
	if len(id) == 0 {
		return
	}
	if m.len() >= maxContentIDs {
		// Full: no lookup either, so the bound also bounds the cost.
		g.contentOver++
		return
	}
	m.or(id, bits)
}

// covered reports which of the wanted bits the call's other records logged.
func (g *agg) covered(call, req, key []byte) uint8 {
	var c uint8
	for _, x := range [...]struct {
		m  *reviewMap
		id []byte
	}{{&g.contentByCall, call}, {&g.contentByReq, req}, {&g.contentByCall, key}} {
		if len(x.id) > 0 {
			v, _ := x.m.get(x.id)
			c |= v
		}
	}
	return c
}

// missContent judges an event of agent idx whose source can carry content.
func (g *agg) missContent(idx int32, aa *agentAgg, ev *event, p pos, a *model.Agent) {
	act := g.intern(ev.action)
	in := a.Logging.Inputs && !ev.hasInput && expectsInput(act)
	out := a.Logging.Outputs && !ev.hasOutput && expectsOutput(act)
	if !in && !out {
		return
	}
	if len(ev.callID) > 0 || len(ev.requestID) > 0 || len(ev.contentKey) > 0 {
		c := g.covered(ev.callID, ev.requestID, ev.contentKey)
		in = in && c&hasIn == 0
		out = out && c&hasOut == 0
		if !in && !out {
			return
		}
		if len(g.missing) < maxPending {
			m := missingContent{agent: idx, action: g.intern(ev.action), fields: ev.fields, pos: p, t: ev.t, in: in, out: out}
			if len(ev.callID) > 0 {
				m.call = idHash(0, ev.callID)
			}
			if len(ev.requestID) > 0 {
				m.req = idHash(0, ev.requestID)
			}
			if len(ev.contentKey) > 0 {
				m.key = idHash(0, ev.contentKey)
			}
			g.missing = append(g.missing, m)
			return
		}
		g.missingOver++
	}
	aa.addMissing(p, ev.t, act, ev.fields, in, out, g.an.cites)
}

func (aa *agentAgg) addMissing(p pos, t time.Time, action string, fields uint8, in, out bool, lim int) {
	if in {
		aa.missingIn.add(p, t, lim)
		aa.missBy(missKey{out: false, fields: fields, file: p.file, action: action}).add(p, t, lim)
	}
	if out {
		aa.missingOut.add(p, t, lim)
		aa.missBy(missKey{out: true, fields: fields, file: p.file, action: action}).add(p, t, lim)
	}
}

func (aa *agentAgg) missBy(k missKey) *countPos {
	if aa.miss == nil {
		aa.miss = map[missKey]*countPos{}
	}
	c := aa.miss[k]
	if c == nil {
		c = &countPos{}
		aa.miss[k] = c
	}
	return c
}

// finishContent judges the waiting events against the merged content IDs.
func (g *agg) finishContent() {
	g.contentIncomplete = g.missingOver > 0 || g.contentOver > 0 && len(g.missing) > 0
	for _, m := range g.missing {
		c := g.contentByCall.getHash(m.call) | g.contentByReq.getHash(m.req) | g.contentByCall.getHash(m.key)
		in, out := m.in && c&hasIn == 0, m.out && c&hasOut == 0
		if !in && !out {
			continue
		}
		if aa := g.agents[m.agent]; aa != nil {
			aa.addMissing(m.pos, m.t, m.action, m.fields, in, out, g.an.cites)
		}
	}
	g.missing = nil
}

func (g *agg) mergeContent(o *agg) {
	g.contentByCall.merge(&o.contentByCall)
	g.contentByReq.merge(&o.contentByReq)
	g.missing = append(g.missing, o.missing...)
	g.contentOver += o.contentOver
	g.missingOver += o.missingOver
}

// Producers whose records carry content in fields of their own, not the
// format's (event.fields).
const (
	fieldsFormat uint8 = iota
	// OpenInference spans: input.value / output.value (hidden by the
	// instrumentation's TraceConfig or by the traced SDK's own setting, such
	// as the OpenAI Agents SDK's trace_include_sensitive_data).
	fieldsOpenInference
)

// contentField names where a source of format carries the content of an
// action: the field whose absence a finding reports.
func contentField(format, action string, out bool, fields uint8) string {
	if fields == fieldsOpenInference {
		if out {
			return "output.value (OpenInference)"
		}
		return "input.value (OpenInference)"
	}
	if lf := lookupFormat(format); lf != nil && lf.contentField != nil {
		return lf.contentField(action, out)
	}
	if out {
		return "output"
	}
	return "input"
}

// otlpContentField is contentField for OTLP: the GenAI attributes, and
// Claude Code's events for what only they carry.
func otlpContentField(action string, out bool) string {
	switch action {
	case model.ActionToolCall:
		if out {
			return "gen_ai.tool.call.result"
		}
		return "gen_ai.tool.call.arguments"
	case model.ActionMessageRead:
		return "prompt (Claude Code user_prompt; OTEL_LOG_USER_PROMPTS=1)"
	case model.ActionOutput:
		return "response (Claude Code assistant_response)"
	}
	if out {
		return "gen_ai.output.messages"
	}
	return "gen_ai.input.messages"
}
