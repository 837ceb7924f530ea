package auditlog

import (
	"bytes"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

var opPrefixes = []string{"invoke_agent", "create_agent", "invoke_workflow", "execute_tool", "chat", "text_completion", "generate_content", "embeddings", "retrieval", "rerank"}

// Operation names (gen_ai.operation.name) by what the span records. The
// conventions' own (semantic-conventions docs/gen-ai) plus those producers
// add: OpenLIT's media and model_request operations (openlit semcov), the
// steps and orchestration spans of Strands (execute_event_loop_cycle,
// invoke_swarm, invoke_graph: sdk-python telemetry/tracer.py), ADK-Go
// workflows (invoke_node: internal/telemetry/node_tracing.go), Vercel AI
// SDK 7 (agent_step) and OpenLIT (execute_task, tool_coordination ...).
// A step is read through its children: counting it would count the same
// model or tool call twice, or a model call that never happened.
var (
	modelOps = map[string]bool{"chat": true, "text_completion": true, "generate_content": true, "embeddings": true,
		"rerank": true, "image": true, "audio": true, "translate": true, "speech_to_text": true, "text_to_speech": true,
		"transliterate": true, "language_identification": true, "speech_to_text_translate": true, "model_request": true}
	stepOps = map[string]string{
		"agent_step":               "agent step span (its model and tool calls are their own spans)",
		"execute_event_loop_cycle": "Strands event loop cycle (its model and tool calls are their own spans)",
		"invoke_node":              "workflow node span (its agents' calls are their own spans)",
		"invoke_swarm":             "multi-agent orchestration span (each agent's invocation is its own span)",
		"invoke_graph":             "multi-agent orchestration span (each agent's invocation is its own span)",
		"execute_task":             "task span (its model and tool calls are their own spans)",
		"user_prompt_processing":   "step span (its model and tool calls are their own spans)",
		"tool_coordination":        "step span (its tool calls are their own spans)",
	}
)

// spanKind is what a span is, producer by producer.
type spanKind struct {
	action string // "" means ignored, for reason
	reason string
	tool   string
}

// classifySpan decides what a span records. The GenAI convention's
// gen_ai.operation.name wins; producers that do not set it are recognised by
// their own names (see attrs for the sources).
func classifySpan(name []byte, a *attrs) spanKind {
	op := string(a.op)
	if op == "" {
		for _, p := range opPrefixes {
			if bytes.HasPrefix(name, []byte(p+" ")) || string(name) == p {
				op = p
				break
			}
		}
	}
	if op == "" && len(a.tool) > 0 && string(name) == "running tool" {
		op = "execute_tool" // pydantic-ai before gen_ai.operation.name (instrumentation version 2)
	}
	if op == "" && len(a.runAgent) > 0 && string(name) == "agent run" {
		op = "invoke_agent"
	}
	if op == "" && stepOps[string(name)] != "" {
		// Strands names its event loop cycle span execute_event_loop_cycle
		// and, in the latest conventions mode, sets no operation on it.
		op = string(name)
	}
	// OpenLLMetry's CrewAI instrumentation (opentelemetry-instrumentation-crewai
	// 0.62, instrumentation.py) sets gen_ai.operation.name invoke_agent on the
	// crew's kickoff span and on every task span as well as on the agents':
	// the crew and its steps are no agent (each agent's invocation is its own
	// "{role}.agent" span, with the task span as its parent).
	if op == "" || op == "invoke_agent" {
		switch {
		case string(a.tlKind) == "task":
			return spanKind{reason: "Traceloop task span (a step: its model and tool calls are their own spans)"}
		case string(name) == "crewai.workflow" && string(a.system) == "crewai":
			return spanKind{reason: "CrewAI crew kickoff span (the crew's run: each agent's invocation is its own span)"}
		}
	}
	switch {
	case op == "":
	case op == "invoke_agent", op == "create_agent", op == "invoke_workflow":
		return spanKind{action: model.ActionAgentInvoke}
	case op == "execute_tool":
		tool := string(a.tool)
		if tool == "" {
			tool = strings.TrimSpace(strings.TrimPrefix(string(name), "execute_tool"))
		}
		// ADK groups parallel calls under "execute_tool (merged)"; each call
		// has its own span, so the group would count them twice.
		if tool == "(merged tools)" || tool == "(merged)" {
			return spanKind{reason: "ADK merged tool span (each call has its own span)"}
		}
		return spanKind{action: model.ActionToolCall, tool: tool}
	case op == "retrieval":
		return spanKind{action: model.ActionMessageRead}
	case stepOps[op] != "":
		return spanKind{reason: stepOps[op]}
	case modelOps[op], len(a.model) > 0:
		// An operation this list does not know is a model call only when
		// it names the model it called.
		return spanKind{action: model.ActionModelCall}
	default:
		return spanKind{reason: "GenAI operation not read: " + reasonName([]byte(op))}
	}

	// Claude Code traces (beta; code.claude.com/docs/en/monitoring-usage,
	// "Traces"): claude_code.interaction (a user turn) >
	// claude_code.llm_request (model, gen_ai.request.model) and
	// claude_code.tool (tool_name, tool_use_id) > claude_code.tool.blocked_on_user
	// (decision, source: the tool_decision event's) and claude_code.tool.execution.
	if n, ok := bytes.CutPrefix(name, []byte("claude_code.")); ok {
		switch string(n) {
		case "llm_request":
			return spanKind{action: model.ActionModelCall}
		case "tool":
			return spanKind{action: model.ActionToolCall, tool: string(a.tool)}
		case "interaction":
			return spanKind{reason: "Claude Code interaction span (a user turn: its model and tool calls are their own spans; its prompt is the user_prompt event)"}
		case "tool.blocked_on_user":
			return spanKind{reason: "Claude Code permission wait (the decision is read from the tool_decision event; a rejection marks its tool span denied)"}
		case "tool.execution":
			return spanKind{reason: "Claude Code tool execution (its claude_code.tool span is the call)"}
		}
		return spanKind{reason: "Claude Code span not read: " + reasonName(name)}
	}

	// MCP spans (semantic-conventions docs/gen-ai/mcp.md): mcp.method.name,
	// span name "{method} {target}"; only tools/call is a call an agent makes.
	if len(a.mcpMethod) > 0 {
		if string(a.mcpMethod) != "tools/call" {
			return spanKind{reason: "MCP request not a tool call: " + reasonName(a.mcpMethod)}
		}
		tool := string(a.tool)
		if tool == "" {
			tool = strings.TrimSpace(strings.TrimPrefix(string(name), "tools/call"))
		}
		return spanKind{action: model.ActionToolCall, tool: tool}
	}

	// Vercel AI SDK 6 (legacy ai.* spans): ai.operationId, else the span name.
	vop := a.aiOp
	if len(vop) == 0 && bytes.HasPrefix(name, []byte("ai.")) {
		vop = name
	}
	if len(vop) > 0 {
		switch v := string(vop); {
		case v == "ai.toolCall":
			return spanKind{action: model.ActionToolCall, tool: string(a.aiTool)}
		case strings.HasSuffix(v, ".doGenerate"), strings.HasSuffix(v, ".doStream"),
			strings.HasSuffix(v, ".doEmbed"), strings.HasSuffix(v, ".doRerank"):
			return spanKind{action: model.ActionModelCall}
		case v == "ai.generateText", v == "ai.streamText", v == "ai.generateObject", v == "ai.streamObject",
			v == "ai.embed", v == "ai.embedMany", v == "ai.rerank":
			return spanKind{action: model.ActionAgentInvoke}
		}
		return spanKind{reason: "Vercel AI SDK span not read: " + reasonName(vop)}
	}

	// Traceloop/OpenLLMetry: traceloop.span.kind, names "<entity>.<kind>".
	switch string(a.tlKind) {
	case "agent", "workflow":
		return spanKind{action: model.ActionAgentInvoke}
	case "tool":
		return spanKind{action: model.ActionToolCall, tool: string(a.tlName)}
	case "task":
		return spanKind{reason: "Traceloop task span (a step: its model and tool calls are their own spans)"}
	case "":
	default:
		return spanKind{reason: "Traceloop span kind not read: " + reasonName(a.tlKind)}
	}
	if len(a.llmType) > 0 {
		return spanKind{action: model.ActionModelCall} // older OpenLLMetry LLM spans
	}

	// OpenInference (Arize): openinference.span.kind.
	switch string(a.oiKind) {
	case "LLM", "EMBEDDING", "RERANKER":
		return spanKind{action: model.ActionModelCall}
	case "TOOL":
		tool := string(a.tool)
		if tool == "" {
			// An OpenAI Agents handoff (openinference-instrumentation-openai-agents
			// _processor.py: HandoffSpanData as a TOOL span named
			// "handoff to AGENT", no tool.name, the tool the model called
			// deliberately not reconstructed): a delegation to that agent,
			// granted by the agent's name as a kagent Agent tool is.
			tool = strings.TrimSpace(strings.TrimPrefix(string(name), "handoff to "))
			if tool == string(name) {
				tool = ""
			}
		}
		return spanKind{action: model.ActionToolCall, tool: tool}
	case "AGENT":
		return spanKind{action: model.ActionAgentInvoke}
	case "RETRIEVER":
		return spanKind{action: model.ActionMessageRead}
	case "":
	default:
		return spanKind{reason: "OpenInference span kind not read: " + reasonName(a.oiKind)}
	}

	// Google ADK: call_llm carries gen_ai.system and gen_ai.request.model but
	// no operation; older versions name agent runs "agent_run [NAME]".
	switch {
	case string(name) == "call_llm":
		return spanKind{action: model.ActionModelCall}
	case bytes.HasPrefix(name, []byte("agent_run [")):
		return spanKind{action: model.ActionAgentInvoke}
	case len(a.model) > 0 && len(a.system) > 0:
		return spanKind{action: model.ActionModelCall}
	}
	return spanKind{reason: "span without a GenAI operation: " + reasonName(name)}
}

// runName is the agent an agent span names when no attribute does:
// pydantic-ai agent_name, OpenInference agent.name, ADK-Go
// gen_ai.workflow.name; else the span name "invoke_agent NAME" (ADK,
// Strands, pydantic-ai 3: semantic-conventions "invoke_agent {gen_ai.agent.name}")
// or older ADK's "agent_run [NAME]". Vercel AI SDK 7 names its root span
// "invoke_agent MODEL" when no functionId is set: a suffix that is the
// span's model is no agent.
func runName(name []byte, a *attrs) []string {
	if len(a.runAgent) > 0 {
		return []string{string(a.runAgent)}
	}
	n := string(name)
	var who string
	switch {
	case strings.HasPrefix(n, "agent_run ["):
		who = strings.TrimSuffix(strings.TrimPrefix(n, "agent_run ["), "]")
	case strings.HasPrefix(n, "invoke_agent "), strings.HasPrefix(n, "invoke_workflow "), strings.HasPrefix(n, "create_agent "):
		who = strings.TrimSpace(n[strings.IndexByte(n, ' ')+1:])
		for _, m := range [][]byte{a.model, a.aiModel, a.respModel} {
			if who == string(m) {
				return nil
			}
		}
	}
	if who == "" {
		return nil
	}
	return []string{who}
}

// delegationTool is a tool whose call hands the work to another agent:
// Google ADK transfer_to_agent (adk-python tools/transfer_to_agent_tool.py,
// adk-go internal/llminternal/agent_transfer.go), Strands Swarm
// handoff_to_agent (sdk-python multiagent/swarm.py); both take agent_name.
func delegationTool(tool string) bool {
	return tool == "transfer_to_agent" || tool == "handoff_to_agent"
}

// delegationTarget finds agent_name in a tool call's logged arguments: a
// JSON object (ADK tool_call_args, gen_ai.tool.call.arguments), or the
// messages that carry it (Strands' tool message events, the newer
// operation.details input messages with parts[].arguments). "" when the
// arguments were not captured.
func delegationTarget(args []byte) string {
	if len(args) == 0 {
		return ""
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(args)
	if err != nil {
		return ""
	}
	return findString(v, "agent_name", 0)
}

func findString(v *fastjson.Value, key string, depth int) string {
	if v == nil || depth > 8 {
		return ""
	}
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		if x := o.Get(key); x != nil && x.Type() == fastjson.TypeString {
			b, _ := x.StringBytes()
			return reasonName(b)
		}
		var found string
		o.Visit(func(_ []byte, x *fastjson.Value) {
			if found == "" {
				found = findString(x, key, depth+1)
			}
		})
		return found
	case fastjson.TypeArray:
		arr, _ := v.Array()
		for _, x := range arr {
			if f := findString(x, key, depth+1); f != "" {
				return f
			}
		}
	case fastjson.TypeString:
		// arguments as a JSON string inside the messages
		b, _ := v.StringBytes()
		if depth < 8 && bytes.Contains(b, []byte(key)) {
			var p fastjson.Parser
			if x, err := p.ParseBytes(b); err == nil {
				return findString(x, key, depth+1)
			}
		}
	}
	return ""
}

// reasonName bounds a name taken from a record before it becomes part of an
// ignore reason (reasons are counted per distinct text).
func reasonName(b []byte) string {
	const max = 64
	var sb strings.Builder
	for _, r := range string(b) {
		if sb.Len() >= max {
			sb.WriteString("...")
			break
		}
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			r = '?'
		}
		sb.WriteRune(r)
	}
	if sb.Len() == 0 {
		return "(no name)"
	}
	return sb.String()
}

func (s *otlpState) resourceSpans(rs *fastjson.Value, file int32, line int64, lineOf func([]byte) int64) {
	var res attrs
	res.read(rs.GetArray("resource", "attributes"))
	service := string(res.service)
	n := 0
	for _, ss := range rs.GetArray("scopeSpans") {
		for _, sp := range ss.GetArray("spans") {
			n++
			s.span(sp, &res, service, file, line, lineOf)
		}
	}
	if n == 0 {
		s.ignore(file, "ResourceSpans without spans")
	}
}

func (s *otlpState) span(sp *fastjson.Value, res *attrs, service string, file int32, line int64, lineOf func([]byte) int64) {
	if sp.Type() != fastjson.TypeObject {
		s.bad(file, line, "span is not an object")
		return
	}
	idb := str(sp.Get("spanId"))
	if lineOf != nil && len(idb) > 0 {
		line = lineOf(idb)
	}
	var a attrs
	a.read(sp.GetArray("attributes"))
	a.spanEvents(sp.GetArray("events"))
	id := spanID(idb)
	parent := spanID(str(sp.Get("parentSpanId")))
	name := str(sp.Get("name"))
	k := classifySpan(name, &a)
	lgNode, lcAgent, lgSub := langgraphMeta(a.oiMeta)
	if k.action == model.ActionAgentInvoke && string(a.oiKind) == "AGENT" && len(a.runAgent) == 0 && len(a.agentName) == 0 && lcAgent == "" {
		// OpenInference marks a LangChain run AGENT when its name contains
		// "agent" (_tracer.py _update_span): a LangGraph node such as
		// create_react_agent's "agent" is a step of its graph. The
		// OpenAI Agents instrumentation (openinference-instrumentation-openai-agents
		// _processor.py on_trace_start) opens each trace with an AGENT
		// span named after the workflow, with no agent.name; its agent
		// spans name the agents.
		switch {
		case lgNode:
			k = spanKind{reason: "LangGraph node span OpenInference marks AGENT by its name (a step of the graph: its model and tool calls are their own spans)"}
		case parent == 0:
			k = spanKind{reason: "OpenInference root AGENT span that names no agent (an OpenAI Agents trace or a LangGraph graph's run: the agents' calls are their own spans)"}
		}
	}

	// Identity candidates, most specific first.
	var ids []string
	agentID := a.agentID
	if a.crewRole {
		agentID = nil
	}
	for _, b := range [][]byte{agentID, a.agentName, a.functionID} {
		if len(b) > 0 {
			ids = append(ids, string(b))
		}
	}
	if lcAgent != "" {
		ids = append(ids, lcAgent)
	}
	if k.action == model.ActionAgentInvoke && len(a.tlName) > 0 && (string(a.tlKind) == "agent" || string(a.tlKind) == "workflow") {
		ids = append(ids, string(a.tlName))
	}
	if k.action == model.ActionAgentInvoke && len(ids) == 0 {
		ids = append(ids, runName(name, &a)...)
	}
	if len(a.workflow) > 0 {
		ids = append(ids, string(a.workflow))
	}
	if id != 0 {
		ref := spanRef{parent: parent, tool: k.action == model.ActionToolCall}
		if k.action == model.ActionAgentInvoke || len(ids) > 0 {
			// An agent span that names no agent still ends the search:
			// its children are not its parent agent's calls.
			ref.agents = append([]string{}, ids...)
		} else if g := langgraphGraph(name, &a, parent); g != "" {
			ref.agents, ref.graph = []string{g}, true
		}
		s.remember(id, ref)
	}
	claude := bytes.HasPrefix(name, []byte("claude_code."))
	if k.action == "" {
		if claude && string(name) == "claude_code.tool.blocked_on_user" && parent != 0 &&
			(string(a.decision) == "reject" || string(a.source) == "user_reject" || string(a.source) == "user_abort") {
			s.rejectSpan(parent)
		}
		s.ignore(file, k.reason)
		return
	}
	adkPending, adkRejected := false, false
	if k.action == model.ActionToolCall && len(a.adkToolResp) > 0 {
		adkPending, adkRejected = adkConfirmation(a.adkToolResp)
	}
	strandsInterrupted, strandsCancelled := false, false
	if k.action == model.ActionToolCall {
		strandsInterrupted, strandsCancelled = strandsToolState(&a, str(sp.Get("status", "message")))
	}
	oaRejected, oaCallID := false, ""
	if k.action == model.ActionToolCall && string(a.oiKind) == "TOOL" {
		var pending bool
		pending, oaRejected, oaCallID = openaiAgentsApproval(a.outValue, str(sp.Get("status", "message")))
		if pending {
			s.ignore(file, "OpenAI Agents tool call waiting for approval (the tool did not run: it runs, or is rejected, when the run resumes, in a span of its own)")
			return
		}
	}
	if k.action == model.ActionToolCall && string(a.oiKind) == "TOOL" && langgraphInterrupt(a.excType) {
		s.ignore(file, "LangGraph interrupt() inside the tool (the tool did not finish: the graph waits for a human and runs the tool again, in a span of its own, when it resumes)")
		return
	}
	if strandsInterrupted {
		s.ignore(file, "Strands tool call interrupted for a human decision (the tool did not run: it runs, or is cancelled, under the same toolUseId in a span of its own)")
		return
	}
	if adkPending {
		s.ignore(file, "ADK tool confirmation request (the tool did not run: the call waits for a human decision and runs, or is refused, under the same tool call id)")
		return
	}
	t, ok, why := unixNano(sp.Get("startTimeUnixNano"))
	if !ok {
		if why == "" {
			why = "no startTimeUnixNano"
		}
		s.bad(file, line, "span "+why)
		return
	}
	ev := ownedEvent{t: t, file: file, line: line, hasInput: a.input, hasOutput: a.output, action: k.action}
	if len(a.oiKind) > 0 {
		ev.fields = fieldsOpenInference
	}
	switch k.action {
	case model.ActionAgentInvoke:
		// Content is judged on the model and tool calls inside the
		// invocation: producers put it there (an agent span's own input
		// and output are optional wrappers of the same messages).
		ev.noContent = true
	case model.ActionToolCall:
		ev.tool = k.tool
		ev.callID = string(a.callID)
		if ev.callID == "" {
			ev.callID = string(a.aiToolID)
		}
		if ev.callID == "" && string(a.oiKind) == "TOOL" {
			ev.callID = toolMessageCallID(a.outValue)
		}
		if ev.callID == "" {
			ev.callID = oaCallID
		}
		if ev.callID == "" && string(a.tlKind) == "tool" {
			ev.callID = toolMessageCallID(a.tlOut)
		}
		ev.requestID = ev.callID
		if delegationTool(k.tool) {
			// The target agent is the resource, as the importers grant it
			// (adk: transfer_to_agent on the sub-agent).
			ev.resource = delegationTarget(a.toolArgs)
		}
	case model.ActionMessageRead:
		ev.resource = string(a.dataSource)
	case model.ActionModelCall:
		// An invocation that names the agent's model is not a model call:
		// only model-call spans count model use.
		for _, m := range [][]byte{a.model, a.aiModel, a.oiModel, a.respModel} {
			if len(m) > 0 {
				ev.model = string(m)
				break
			}
		}
		ev.builtins = adkBuiltinsUsed(name, &a)
		ev.requested = toolRequests(a.rawOutput)
	}
	if ev.tool == "" && len(a.dataSource) > 0 {
		ev.resource = string(a.dataSource)
	}
	if id != 0 && !ev.noContent {
		ev.contentKey = spanContentKey(id)
	}
	failed := a.hasError
	if code := sp.Get("status", "code"); code != nil {
		if c := str(code); string(c) == "2" || string(c) == "STATUS_CODE_ERROR" {
			failed = true
		}
	}
	if string(a.success) == "false" {
		failed = true
	}
	ev.outcome = a.outcome(failed, str(sp.Get("status", "message")))
	if adkRejected || strandsCancelled || oaRejected {
		// The confirmation was refused: the tool never ran.
		ev.outcome = model.OutcomeDenied
	}
	if claude {
		// Claude Code logs a turn's content on the user_prompt and
		// assistant_response events; its spans carry sizes (as api_request
		// and tool_result do).
		ev.noContent = true
		ev.actor = string(a.user)
		if k.action == model.ActionToolCall {
			ev.tool = claudeToolName(a.tool, sp)
			ev.ccSpan = id
			ev.ccCall = ccCallHash(ev.callID)
		}
		if k.action == model.ActionModelCall {
			ev.cc = claudeModelOf(sp.GetArray("attributes"), true)
		}
	}
	if k.action == model.ActionToolCall && len(a.mcpMethod) > 0 && parent != 0 {
		s.attribute(&pendingSpan{ev: ev, parent: parent, service: service, mcp: true, own: ids}, false)
		return
	}
	if len(ids) > 0 && k.action == model.ActionAgentInvoke && parent != 0 {
		s.attribute(&pendingSpan{ev: ev, parent: parent, service: service, own: ids, nested: true}, false)
		return
	}
	if len(ids) > 0 {
		ev.ids = append(ids, service)
		s.send(&ev)
		return
	}
	s.attribute(&pendingSpan{ev: ev, parent: parent, service: service, langgraph: lgNode, lgSub: lgSub}, false)
}

// maxRequests bounds the tool requests read from one model call.
const maxRequests = 16

// toolRequests names the tools a model call asked to run: the tool_call
// parts of its gen_ai.output.messages (semantic-conventions
// gen-ai-output-messages.json; OpenLLMetry's OpenAI instrumentation writes
// them, chat_wrappers.py _set_output_messages). A request is not a call: it
// does not say the tool ran, so it is no event. It says the agent needs the
// grant: OpenLLMetry's CrewAI instrumentation writes no span for a
// crewai_tools tool (instrumentation.py wraps kickoff, tasks, agents and
// LLM.call only), so the model's request is the only record of its use.
func toolRequests(out []byte) []string {
	t := bytes.TrimSpace(out)
	if len(t) == 0 || t[0] != '[' || !bytes.Contains(t, []byte("tool_call")) {
		return nil
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(t)
	if err != nil {
		return nil
	}
	var names []string
	msgs, _ := v.Array()
	for _, m := range msgs {
		for _, part := range m.GetArray("parts") {
			if string(part.GetStringBytes("type")) != "tool_call" {
				continue
			}
			n := part.GetStringBytes("name")
			if len(n) == 0 || len(names) == maxRequests {
				continue
			}
			names = append(names, reasonName(n))
		}
	}
	return names
}
