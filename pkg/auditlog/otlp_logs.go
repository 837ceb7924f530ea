package auditlog

import (
	"strings"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

func (s *otlpState) resourceLogs(rl *fastjson.Value, file int32, line int64, lineOf func([]byte) int64) {
	var res attrs
	res.read(rl.GetArray("resource", "attributes"))
	service := string(res.service)
	n := 0
	for _, sl := range rl.GetArray("scopeLogs") {
		for _, lr := range sl.GetArray("logRecords") {
			n++
			s.logRecord(lr, &res, service, file, line, lineOf)
		}
	}
	if n == 0 {
		s.ignore(file, "ResourceLogs without log records")
	}
}

// logRecord maps GenAI and Claude Code events exported as log records
// (Claude Code 2.1 monitoring: https://docs.claude.com/en/docs/claude-code/monitoring-usage;
// the event name is in eventName, attribute event.name or body "claude_code.NAME").
// A tool_decision from a user_* source is a human review; one from config
// (or a hook) is an automatic approval, counted per file and never a review.
func (s *otlpState) logRecord(lr *fastjson.Value, res *attrs, service string, file int32, line int64, lineOf func([]byte) int64) {
	if lr.Type() != fastjson.TypeObject {
		s.bad(file, line, "log record is not an object")
		return
	}
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
	var join *contentRec
	if contentEvent(n) {
		join = &contentRec{span: spanID(sid), bits: contentBits(n, &a, lr.Get("body")), file: file, name: reasonName(name)}
		if len(a.op) == 0 {
			if join.span == 0 {
				s.ignore(file, "GenAI content event as a log record, without a spanId (no call to join): "+join.name)
				return
			}
			s.joinContent(join)
			return
		}
		// An operation.details record names its operation: with no span
		// it is the call itself (read below); with a span it is its content.
		if join.span == 0 {
			join = nil
		}
	}
	switch {
	case n == "tool_decision":
		src := string(a.source)
		if !strings.HasPrefix(src, "user") {
			s.auto(file)
			s.ignore(file, "automatic approval (tool_decision source "+reasonName(a.source)+")")
			return
		}
		ev.action = model.ActionHumanReview
		ev.tool = claudeToolName(a.tool, lr)
		ev.callID = string(a.callID)
		ev.requestID = ev.callID
		ev.actor = string(a.user)
		if string(a.decision) == "reject" || src == "user_reject" || src == "user_abort" {
			ev.outcome = model.OutcomeDenied
		}
		ev.noContent = true
	case n == "tool_result":
		ev.action = model.ActionToolCall
		ev.tool = claudeToolName(a.tool, lr)
		ev.callID = string(a.callID)
		ev.requestID = ev.callID
		ev.actor = string(a.user)
		ok := string(a.success)
		ev.outcome = a.outcome(ok == "false" || a.hasError && ok != "true", nil)
		if string(a.decision) == "reject" {
			// A call the user or a rule refused never ran.
			ev.outcome = model.OutcomeDenied
		}
		// Claude Code logs a turn's content in user_prompt and
		// assistant_response; per-call records carry sizes, not content.
		ev.ccCall = ccCallHash(ev.callID)
		ev.noContent = true
	case n == "api_request":
		ev.action = model.ActionModelCall
		ev.model = string(a.model)
		ev.actor = string(a.user)
		ev.noContent = true
		ev.cc = claudeModelOf(lr.GetArray("attributes"), false)
	case n == "api_error":
		ev.action = model.ActionError
		ev.model = string(a.model)
		ev.actor = string(a.user)
		ev.cc = claudeModelOf(lr.GetArray("attributes"), false)
		// status_code is the model API's HTTP status: 401/403 is a refusal.
		ev.outcome = a.outcome(true, nil)
	case n == "user_prompt":
		ev.action = model.ActionMessageRead
		ev.actor = string(a.user)
	case n == "assistant_response":
		// The model's output; its model is counted on api_request.
		ev.action = model.ActionOutput
		ev.actor = string(a.user)
	case len(a.op) > 0:
		switch string(a.op) {
		case "execute_tool":
			ev.action = model.ActionToolCall
			ev.tool = string(a.tool)
			ev.callID = string(a.callID)
			ev.requestID = ev.callID
		case "invoke_agent", "create_agent":
			ev.action = model.ActionAgentInvoke
		default:
			ev.action = model.ActionModelCall
			ev.model = string(a.model)
		}
		ev.outcome = a.outcome(a.hasError, nil)
	default:
		s.ignore(file, "log event not read: "+reasonName(name))
		return
	}
	t, ok, why := unixNano(lr.Get("timeUnixNano"))
	if !ok {
		// OTLP: use observedTimeUnixNano when timeUnixNano is unknown.
		var why2 string
		t, ok, why2 = unixNano(lr.Get("observedTimeUnixNano"))
		if why == "" {
			why = why2
		}
	}
	if !ok {
		if why == "" {
			why = "no timeUnixNano"
		}
		s.bad(file, line, "log record "+why)
		return
	}
	ev.t = t
	var ids []string
	for _, b := range [][]byte{a.agentID, a.agentName, res.agentID, res.agentName} {
		if len(b) > 0 {
			ids = append(ids, string(b))
		}
	}
	var p *pendingSpan
	if len(ids) == 0 && len(sid) > 0 {
		p = &pendingSpan{ev: ev, parent: spanID(sid), service: service}
	} else {
		ev.ids = append(ids, service)
		p = &pendingSpan{ev: ev}
	}
	if join != nil {
		join.details, join.direct = p, p.parent == 0
		s.joinContent(join)
		return
	}
	if p.parent != 0 {
		s.attribute(p, false)
		return
	}
	s.send(&p.ev)
}

// claudeToolName is the tool of a Claude Code tool_decision or tool_result.
// Since 2.1.2 Claude Code logs every MCP tool as "mcp_tool" and names the
// server and tool only in tool_parameters (mcp_server_name, mcp_tool_name,
// with OTEL_LOG_TOOL_DETAILS=1; anthropics/claude-code issues 17046, 22308):
// those are joined as the mcp__SERVER__TOOL name the client uses elsewhere,
// so a server grant covers them. Without both names the call stays
// unnamedMCPTool: a call of some MCP server (claude_mcp.go).
func claudeToolName(tool []byte, lr *fastjson.Value) string {
	if string(tool) != unnamedMCPTool {
		return string(tool)
	}
	for _, kv := range lr.GetArray("attributes") {
		if string(str(kv.Get("key"))) != "tool_parameters" {
			continue
		}
		var p fastjson.Parser
		v, err := p.ParseBytes(attrValue(kv.Get("value")))
		if err != nil {
			break
		}
		server, name := string(str(v.Get("mcp_server_name"))), string(str(v.Get("mcp_tool_name")))
		if server != "" && name != "" {
			return "mcp__" + server + "__" + name
		}
	}
	return string(tool)
}
