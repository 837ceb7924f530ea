package auditlog

import (
	"bytes"
	"encoding/hex"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// attrs are the attributes aims reads from a span, span event or log record.
// The names come from the producers' own documentation and source:
//   - OpenTelemetry GenAI semantic conventions (gen_ai.*);
//   - Vercel AI SDK 6 telemetry (ai.*: ai.operationId, ai.telemetry.functionId,
//     ai.model.id, ai.toolCall.name|id|args|result, ai.prompt*, ai.response.*),
//     https://ai-sdk.dev/docs/ai-sdk-core/telemetry;
//   - Traceloop/OpenLLMetry (traceloop.span.kind, traceloop.entity.*,
//     traceloop.workflow.name, llm.request.type), opentelemetry-semantic-conventions-ai;
//   - Google ADK telemetry.py (gen_ai.system, gcp.vertex.agent.*);
//   - OpenInference (openinference.span.kind, llm.model_name, input.value ...);
//   - Claude Code monitoring (event.name, tool_name, tool_use_id, decision, source, prompt, response).
type attrs struct {
	op, agentID, agentName, model, respModel, tool, callID, errType []byte
	dataSource, service, eventName, decision, source, user          []byte
	success                                                         []byte
	// httpCode and rpcCode are the status of the call as HTTP and
	// JSON-RPC/gRPC report it; a 401/403 or an auth error is a denial.
	httpCode, rpcCode, grpcCode []byte
	// producer-specific names
	aiOp, functionID, aiModel, aiTool, aiToolID []byte
	system, tlKind, tlName, workflow, llmType   []byte
	oiKind, oiModel                             []byte
	mcpMethod                                   []byte
	// Agent names that only name an agent on an agent span: pydantic-ai
	// agent_name, OpenInference agent.name, ADK-Go gen_ai.workflow.name.
	runAgent []byte
	// crewRole is set on OpenLLMetry's CrewAI agent spans (crewai.agent.role):
	// their gen_ai.agent.id is the Agent's uuid4, new for every Agent object
	// (crewAI base_agent.py `id: UUID4 = Field(default_factory=uuid.uuid4)`),
	// so a new one every kickoff: no identity, the role is.
	crewRole bool
	// toolArgs is the raw arguments of a tool call when the producer logs
	// them (capture on): the target of a delegation tool is read from it.
	toolArgs []byte
	// rawContent and rawInput are the raw "content" and
	// gen_ai.input.messages values: Strands carries a tool call's arguments
	// there, in its span events.
	rawContent, rawInput []byte
	// rawOutput is gen_ai.output.messages: a model call's tool_call parts
	// name the tools the model asked to run (toolRequests).
	rawOutput []byte
	// adkToolResp is ADK's gcp.vertex.agent.tool_response: a confirmation
	// request or a rejection is read from it (otlp_adk.go).
	adkToolResp []byte
	// adkLLMResp is ADK's gcp.vertex.agent.llm_response: the model's
	// grounding metadata shows its built-in tools' use (otlp_adk.go).
	adkLLMResp []byte
	// oiMeta is OpenInference's metadata (the LangChain run's metadata as
	// JSON): LangGraph's langgraph_node and LangChain's lc_agent_name.
	oiMeta []byte
	// outValue is OpenInference's output.value: on a LangChain TOOL span
	// the ToolMessage, which alone carries the tool call ID.
	outValue []byte
	// tlOut is OpenLLMetry's traceloop.entity.output (gen_ai.tool.call.result
	// too): on a LangChain tool span {"output": the ToolMessage, "kwargs": ...}.
	tlOut []byte
	// toolStatus is Strands' gen_ai.tool.status (tool.status before), set
	// when the tool call ends with a result; choiceMsg the message of its
	// gen_ai.choice event (the result's content).
	toolStatus, choiceMsg []byte
	hasChoice             bool
	// excType and excMessage are the exception.type and exception.message
	// of the span's "exception" event (OpenTelemetry's record_exception):
	// a Strands tool that raised, a LangGraph interrupt().
	excType, excMessage []byte
	// detailsOut is gen_ai.output.messages of a span's
	// gen_ai.client.inference.operation.details event: where Strands in
	// its latest-conventions mode puts a tool's result (tracer.py
	// end_tool_call_span), instead of a gen_ai.choice event.
	detailsOut    []byte
	input, output bool
	hasError      bool
}

// attrValue is an AnyValue as text; structured values only say they exist.
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

// content reports whether an attribute holds captured content: ADK writes
// "{}" and "N/A" placeholders when there is none.
func content(b []byte) bool {
	b = bytes.TrimSpace(b)
	switch string(b) {
	case "", "{}", "[]", "null", "N/A", "<not specified>", "<elided>":
		// "<elided>": ADK-Go's content placeholder when capture is off.
		return false
	}
	return true
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
		case "gen_ai.agent.name", "crewai.agent.role":
			// OpenLLMetry's CrewAI instrumentation names the agent only by
			// its role, on the "{role}.agent" span (crewai_span_attributes.py).
			a.agentName = attrValue(val)
			if string(key) == "crewai.agent.role" {
				a.crewRole = true
			}
		case "gen_ai.request.model", "model":
			a.model = attrValue(val)
		case "gen_ai.response.model":
			a.respModel = attrValue(val)
		case "gen_ai.tool.name", "tool_name", "tool.name":
			a.tool = attrValue(val)
		case "gen_ai.tool.call.id", "tool_use_id", "tool_call_id", "tool.call.id", "tool_use.id", "tool.id":
			// ADK writes "<not specified>" (and "N/A" on merged spans) when it
			// has no ID: a placeholder shared by every such call is no ID.
			if v := attrValue(val); content(v) {
				a.callID = v
			}
		case "error.type", "error", "error_message", "rpc.jsonrpc.error_message":
			if v := attrValue(val); len(v) > 0 {
				a.errType = v
				a.hasError = true
			}
		case "http.response.status_code", "http.status_code", "status_code":
			a.httpCode = attrValue(val)
		case "rpc.jsonrpc.error_code", "rpc.response.status_code":
			a.rpcCode = attrValue(val)
		case "rpc.grpc.status_code":
			a.grpcCode = attrValue(val)
		case "gen_ai.data_source.id":
			a.dataSource = attrValue(val)
		case "service.name":
			a.service = attrValue(val)
		case "event.name":
			a.eventName = attrValue(val)
		case "decision", "decision_type":
			a.decision = attrValue(val)
		case "source", "decision_source":
			a.source = attrValue(val)
		case "user.email", "user.id", "user.account_uuid", "enduser.id":
			if len(a.user) == 0 || string(key) == "user.email" {
				a.user = attrValue(val)
			}
		case "success":
			a.success = attrValue(val)
		case "ai.operationId":
			a.aiOp = attrValue(val)
		case "ai.telemetry.functionId":
			a.functionID = attrValue(val)
		case "ai.model.id":
			a.aiModel = attrValue(val)
		case "ai.toolCall.name":
			a.aiTool = attrValue(val)
		case "ai.toolCall.id":
			a.aiToolID = attrValue(val)
		case "gen_ai.system", "gen_ai.provider.name":
			a.system = attrValue(val)
		case "traceloop.span.kind":
			a.tlKind = attrValue(val)
		case "traceloop.entity.name":
			a.tlName = attrValue(val)
		case "traceloop.workflow.name":
			a.workflow = attrValue(val)
		case "llm.request.type":
			a.llmType = attrValue(val)
		case "mcp.method.name":
			a.mcpMethod = attrValue(val)
		case "agent_name", "agent.name", "gen_ai.workflow.name":
			a.runAgent = attrValue(val)
		case "openinference.span.kind":
			a.oiKind = attrValue(val)
		case "llm.model_name":
			a.oiModel = attrValue(val)
		case "metadata":
			a.oiMeta = attrValue(val)
		case "gen_ai.tool.call.arguments", "ai.toolCall.args", "gcp.vertex.agent.tool_call_args", "tool_arguments", "tool_input":
			// tool_arguments: pydantic-ai instrumentation version 2.
			if v := attrValue(val); content(v) {
				a.input, a.toolArgs = true, v
			}
		case "content":
			v := attrValue(val)
			a.rawContent = v
			a.input = a.input || content(v)
		case "gen_ai.input.messages":
			v := attrValue(val)
			a.rawInput = v
			a.input = a.input || messagesContent(v)
		case "gen_ai.output.messages":
			v := attrValue(val)
			a.rawOutput = v
			a.output = a.output || messagesContent(v)
		case "events":
			// pydantic-ai instrumentation version 1 (0.x releases,
			// models/instrumented.py _emit_events): every message event of a
			// model request as one JSON array attribute.
			in, out := pydanticEvents(attrValue(val))
			a.input, a.output = a.input || in, a.output || out
		case "gen_ai.prompt", "prompt", "tool_parameters",
			"ai.prompt", "ai.prompt.messages", "ai.value", "ai.values",
			"traceloop.entity.input", "gcp.vertex.agent.llm_request",
			"input.value", "gen_ai.system_instructions":
			a.input = a.input || content(attrValue(val))
		case "gcp.vertex.agent.tool_response":
			a.adkToolResp = attrValue(val)
			a.output = a.output || content(a.adkToolResp)
		case "gen_ai.completion", "gen_ai.tool.call.result", "response", "tool_response",
			"ai.response.text", "ai.response.toolCalls", "ai.response.object", "ai.toolCall.result", "ai.embedding", "ai.embeddings",
			"traceloop.entity.output", "gcp.vertex.agent.llm_response",
			"output.value", "message":
			v := attrValue(val)
			switch string(key) {
			case "output.value":
				a.outValue = v
			case "traceloop.entity.output", "gen_ai.tool.call.result":
				a.tlOut = v
			case "gcp.vertex.agent.llm_response":
				a.adkLLMResp = v
			case "message":
				a.choiceMsg = v
			}
			a.output = a.output || content(v)
		case "gen_ai.tool.status", "tool.status":
			a.toolStatus = attrValue(val)
		case "exception.type":
			a.excType = attrValue(val)
		case "exception.message":
			a.excMessage = attrValue(val)
		default:
			// Traceloop's older indexed content attributes and OpenInference's
			// flattened messages: gen_ai.prompt.0.content, llm.input_messages.0...
			switch {
			case bytes.HasPrefix(key, []byte("gen_ai.prompt.")), bytes.HasPrefix(key, []byte("llm.input_messages.")):
				a.input = a.input || content(attrValue(val))
			case bytes.HasPrefix(key, []byte("gen_ai.completion.")), bytes.HasPrefix(key, []byte("llm.output_messages.")):
				a.output = a.output || content(attrValue(val))
			}
		}
	}
}

// outcome classifies a span or log record: failed by its status or an
// error attribute, denied by a 401/403, a JSON-RPC or gRPC refusal or an
// error text that names one (statusOutcome, as every reader does).
// MCP spans set error.type to the JSON-RPC error code (semantic-conventions
// docs/gen-ai/mcp.md), so a numeric error.type is read as that code.
func (a *attrs) outcome(failed bool, message []byte) string {
	rpc := codeNumber(a.rpcCode)
	if rpc == 0 {
		rpc = codeNumber(a.errType)
	}
	if deniedGRPC(codeNumber(a.grpcCode)) {
		return model.OutcomeDenied
	}
	text := make([]byte, 0, len(a.errType)+len(a.rpcCode)+len(message)+2)
	text = append(append(append(append(append(text, a.errType...), ' '), a.rpcCode...), ' '), message...)
	return statusOutcome(failed, codeNumber(a.httpCode), rpc, text)
}

// spanEvents reads content carried in span events rather than attributes:
// the GenAI conventions' per-message events (gen_ai.user.message,
// gen_ai.choice ..., content only when capture is on) and the newer
// gen_ai.client.inference.operation.details event with gen_ai.input.messages
// and gen_ai.output.messages.
func (a *attrs) spanEvents(list []*fastjson.Value) {
	for _, e := range list {
		var ea attrs
		ea.read(e.GetArray("attributes"))
		body := content(attrValue(e.Get("body")))
		switch string(str(e.Get("name"))) {
		case "gen_ai.user.message", "gen_ai.system.message", "gen_ai.tool.message", "gen_ai.assistant.message",
			// gen_ai.content.prompt: the older conventions' event (attribute
			// gen_ai.prompt), still written by OpenLIT.
			"gen_ai.content.prompt":
			a.input = a.input || ea.input || ea.output || body
			if len(a.toolArgs) == 0 {
				a.toolArgs = ea.rawContent
			}
		case "gen_ai.choice", "gen_ai.content.completion":
			a.output = a.output || ea.input || ea.output || body
			a.hasChoice = true
			if len(a.choiceMsg) == 0 {
				a.choiceMsg = ea.choiceMsg
			}
		case "gen_ai.client.inference.operation.details":
			a.input = a.input || ea.input
			a.output = a.output || ea.output
			if len(a.toolArgs) == 0 {
				a.toolArgs = ea.rawInput
			}
			if len(a.detailsOut) == 0 {
				a.detailsOut = ea.rawOutput
			}
		case "exception":
			if len(a.excType) == 0 {
				a.excType, a.excMessage = ea.excType, ea.excMessage
				if len(a.excType) == 0 {
					a.excType = []byte("(no type)")
				}
			}
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

// minOTLPTime is the earliest time taken as real: OTLP times are
// nanoseconds, and a value before 2000 is a unit mistake (seconds or
// milliseconds) or garbage, which would otherwise read as "a gap from 1970".
var minOTLPTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()

// unixNano reads an OTLP fixed64 time. ok is false when absent or zero
// (OTLP's "unknown"); reason says why a present value is unusable.
func unixNano(v *fastjson.Value) (t time.Time, ok bool, reason string) {
	if v == nil {
		return time.Time{}, false, ""
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
			if ferr != nil || f < 0 || f > math.MaxInt64 {
				return time.Time{}, false, "time out of range"
			}
			n, err = uint64(f), nil
		}
	default:
		return time.Time{}, false, "time is not a number"
	}
	switch {
	case err != nil:
		return time.Time{}, false, "time is not an unsigned integer of nanoseconds"
	case n == 0:
		return time.Time{}, false, ""
	case n > math.MaxInt64:
		return time.Time{}, false, "time out of range (after 2262)"
	case int64(n) < minOTLPTime:
		return time.Time{}, false, "time out of range (before 2000: not nanoseconds since the epoch)"
	}
	return time.Unix(0, int64(n)).UTC(), true, ""
}

// pydanticEvents reads the events attribute of pydantic-ai 0.x: objects
// with "event.name" gen_ai.*.message (content) or gen_ai.choice (message
// with content or tool_calls); content is absent when include_content is off.
func pydanticEvents(b []byte) (in, out bool) {
	if len(b) == 0 || b[0] != '[' {
		return false, false
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(b)
	if err != nil {
		return false, false
	}
	arr, _ := v.Array()
	for _, e := range arr {
		if string(str(e.Get("event.name"))) == "gen_ai.choice" {
			out = out || bodyContent(e.Get("message"))
		} else {
			in = in || bodyContent(e)
		}
	}
	return in, out
}

// messagesParsers serve messagesContent, which the parsing workers call
// concurrently.
var messagesParsers fastjson.ParserPool

// messagesContent reports whether a gen_ai.input.messages or
// gen_ai.output.messages value carries content. The conventions' message
// JSON (semantic-conventions docs/gen-ai/gen-ai-input-messages.json) keeps
// role, part type, tool call id and name when capture is off: pydantic-ai
// with include_content=False (otel_message_parts in messages.py) writes
// [{"role":"user","parts":[{"type":"text"}]}], which is no content. Any
// other field with a value (content, arguments, response, result, uri ...)
// is; text that is not a JSON array is read as content as it stands.
func messagesContent(b []byte) bool {
	if !content(b) {
		return false
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '[' {
		return true
	}
	// Most spans of a GenAI trace carry messages: a parser per call
	// allocated its value cache each time, a quarter of what an OTLP
	// analysis allocated (issue 14). Nothing parsed outlives the call.
	p := messagesParsers.Get()
	defer messagesParsers.Put(p)
	v, err := p.ParseBytes(t)
	if err != nil {
		return true
	}
	msgs, _ := v.Array()
	for _, m := range msgs {
		if m.Type() != fastjson.TypeObject {
			if valueContent(m) {
				return true
			}
			continue
		}
		if fieldsContent(m, "parts") {
			return true
		}
		for _, part := range m.GetArray("parts") {
			if part.Type() != fastjson.TypeObject || fieldsContent(part, "") {
				return true
			}
		}
	}
	return false
}

// messageMeta are the message and part fields that describe content
// without being content.
var messageMeta = map[string]bool{"role": true, "type": true, "id": true, "name": true,
	"finish_reason": true, "modality": true, "mime_type": true, "media_type": true}

// fieldsContent reports whether object o has a field with a value that is
// neither metadata nor skip.
func fieldsContent(o *fastjson.Value, skip string) bool {
	obj, _ := o.Object()
	found := false
	obj.Visit(func(k []byte, x *fastjson.Value) {
		if !found && string(k) != skip && !messageMeta[string(k)] && valueContent(x) {
			found = true
		}
	})
	return found
}

func valueContent(x *fastjson.Value) bool {
	switch x.Type() {
	case fastjson.TypeNull:
		return false
	case fastjson.TypeString:
		b, _ := x.StringBytes()
		return content(b)
	case fastjson.TypeObject:
		o, _ := x.Object()
		return o.Len() > 0
	case fastjson.TypeArray:
		a, _ := x.Array()
		return len(a) > 0
	}
	return true
}

// toolMessageCallID is the tool_call_id of a LangChain ToolMessage as
// OpenInference's LangChain tracer writes a TOOL run's output in
// output.value (openinference-instrumentation-langchain _tracer.py
// _convert_io): the serialized message ({"lc":1,"type":"constructor",
// "id":[...,"ToolMessage"],"kwargs":{...,"tool_call_id":...}}) or its
// fields. OpenLLMetry's LangChain callback handler (traceloop/openllmetry
// v0.54.0 opentelemetry-instrumentation-langchain callback_handler.py
// on_tool_end) writes the same message under "output" in
// traceloop.entity.output and gen_ai.tool.call.result. The span has no call
// ID attribute of its own; "" when absent.
func toolMessageCallID(b []byte) string {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' || !bytes.Contains(t, []byte("tool_call_id")) {
		return ""
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(t)
	if err != nil {
		return ""
	}
	for _, m := range []*fastjson.Value{v.Get("kwargs"), v, v.Get("output", "kwargs")} {
		if id := m.GetStringBytes("tool_call_id"); len(id) > 0 && content(id) {
			return string(id)
		}
	}
	return ""
}

// strandsToolState reads a Strands execute_tool span (sdk-python
// tools/executors/_executor.py _stream_with_trace, telemetry/tracer.py
// end_tool_call_span). A call interrupted for a human decision ends its
// span with no result: no tool status, no gen_ai.choice event; the tool
// runs, or is cancelled, later under the same toolUseId in a span of its
// own. A call a BeforeToolCallEvent hook cancels (cancel_tool, a message or
// true) never ran: _stream puts the hook's message, or "tool cancelled by
// user", as the one text of an error result, and the span ends with status
// error and that text (statusMsg). What a cancel does not write tells it
// from a call that ran and failed:
//   - Strands' own errors of a run are "Error: ..." texts (tools/decorator.py
//     for a tool that raised, _stream for a failure around it), and since
//     1.35 (287c5b6, "propagate tool exceptions to spans") they record the
//     exception as an "exception" event;
//   - a cancel records no exception since 1.38 (e12ac9d, "do not synthesize
//     exception for cancelled tools"); 1.35 to 1.37 synthesised
//     Exception(message), an exception of type Exception whose message is
//     the result's text.
//
// A tool that itself returns an error result without raising writes the
// same span as a custom cancel; it is read as a cancel.
func strandsToolState(a *attrs, statusMsg []byte) (interrupted, cancelled bool) {
	if string(a.system) != "strands-agents" {
		return false, false
	}
	if len(a.toolStatus) == 0 && !a.hasChoice {
		return true, false
	}
	if string(a.toolStatus) != "error" {
		return false, false
	}
	if bytes.Contains(a.choiceMsg, []byte("tool cancelled by user")) {
		return false, true
	}
	msg := a.choiceMsg
	if len(msg) == 0 {
		msg = strandsDetailsResponse(a.detailsOut)
	}
	if bytes.Contains(msg, []byte("tool cancelled by user")) {
		return false, true
	}
	text, ok := strandsResultText(msg)
	if !ok {
		text, ok = string(bytes.TrimSpace(statusMsg)), len(bytes.TrimSpace(statusMsg)) > 0 && len(msg) == 0
	}
	if !ok || strings.HasPrefix(text, "Error:") || strings.HasPrefix(text, "Unknown tool:") {
		return false, false
	}
	if len(a.excType) > 0 && (string(a.excType) != "Exception" || string(a.excMessage) != text) {
		return false, false // the tool raised
	}
	return false, true
}

// strandsResultText is the one text of a Strands tool result's content as
// the gen_ai.choice event's message serialises it ([{"text": ...}]); ok is
// false for any other content (several blocks, json, images: a result the
// tool produced).
func strandsResultText(msg []byte) (string, bool) {
	if len(msg) == 0 {
		return "", false
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(msg)
	if err != nil {
		return "", false
	}
	arr, err := v.Array()
	if err != nil || len(arr) != 1 {
		return "", false
	}
	o, err := arr[0].Object()
	if err != nil || o.Len() != 1 {
		return "", false
	}
	t := o.Get("text")
	if t == nil || t.Type() != fastjson.TypeString {
		return "", false
	}
	b, _ := t.StringBytes()
	return strings.TrimSpace(string(b)), true
}

// langgraphMeta reads OpenInference's metadata attribute of a LangChain
// run (openinference-instrumentation-langchain _tracer.py _metadata: the
// run's metadata as JSON). LangGraph puts langgraph_node (and
// langgraph_step, langgraph_path ...) in the metadata of every run inside a
// graph (langchain-ai/langgraph pregel); LangChain's create_agent and
// deepagents put the agent's name in lc_agent_name, which child runs
// inherit (langgraph stream/transformers.py reads it as the agent of a
// namespace). node reports a span inside a graph; agent is lc_agent_name.
// sub is the node of the outer graph that runs the span's own graph when it
// is a sub-graph: langgraph_checkpoint_ns is "NODE:TASK" per level, joined
// by "|" (pregel/_algo.py, _internal/_constants.py NS_SEP, NS_END), and a
// supervisor (langgraph-supervisor) runs each sub-agent as the node named
// after it.
func langgraphMeta(meta []byte) (node bool, agent, sub string) {
	if len(meta) == 0 || !bytes.Contains(meta, []byte("langgraph_")) && !bytes.Contains(meta, []byte("lc_agent_name")) {
		return false, "", ""
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(meta)
	if err != nil || v.Type() != fastjson.TypeObject {
		return false, "", ""
	}
	node = v.Get("langgraph_node") != nil
	if b := v.GetStringBytes("lc_agent_name"); content(b) {
		agent = string(b)
	}
	if ns := v.GetStringBytes("langgraph_checkpoint_ns"); bytes.IndexByte(ns, '|') >= 0 {
		levels := bytes.Split(ns, []byte("|"))
		outer := levels[len(levels)-2]
		if i := bytes.IndexByte(outer, ':'); i >= 0 {
			outer = outer[:i]
		}
		if content(outer) && len(outer) <= 256 {
			sub = string(outer)
		}
	}
	return node, agent, sub
}

// langgraphGraph is the graph a LangGraph root run names: OpenInference
// names each span after its LangChain run (_tracer.py _start_trace), and
// a compiled graph's run after the graph (langgraph pregel/main.py: the
// run_name of the config, else get_name()), which is the name given to
// StateGraph.compile(name=...) or create_react_agent(name=...). The
// default "LangGraph" names no agent. It is read only by the spans inside
// the graph (langgraph_node in their metadata): a LangChain chain's root
// or an OpenAI Agents trace has a name too, and neither names an agent.
func langgraphGraph(name []byte, a *attrs, parent uint64) string {
	if parent != 0 || len(a.oiKind) == 0 || string(name) == "LangGraph" || !content(name) {
		return ""
	}
	switch string(a.oiKind) {
	case "CHAIN", "AGENT":
		return string(name)
	}
	return ""
}

// langgraphInterrupt reports an exception event of LangGraph's interrupt():
// the node raises GraphInterrupt (NodeInterrupt in older releases) to pause
// the graph for a human, and the tool's run ends with it
// (openinference-instrumentation-langchain _tracer.py on_tool_error records
// it, and IGNORED_EXCEPTION_PATTERNS keeps the span's status OK). When the
// graph resumes (Command(resume=...)) the node runs again from its start.
func langgraphInterrupt(excType []byte) bool {
	t := string(excType)
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		t = t[i+1:] // a qualified name: langgraph.errors.GraphInterrupt
	}
	return t == "GraphInterrupt" || t == "NodeInterrupt"
}

// openaiAgentsApproval reads an OpenAI Agents SDK function span under
// human-in-the-loop approval (openai-agents-python
// run_internal/tool_execution.py _maybe_execute_tool_approval, traced by
// openinference-instrumentation-openai-agents _processor.py). While the
// call waits for a decision the span ends with the pending result as its
// output, a FunctionToolResult whose run_item is a ToolApprovalItem (with
// sensitive data traced; without it the span carries no output and reads
// as a call), and the run stops; it resumes in a new trace. A rejected call
// never runs: the SDK ends its span with the error "Tool execution for
// CALL_ID was manually rejected by user.", which OpenInference writes in
// the status message ("MESSAGE: DATA", _get_span_status). callID is the
// rejected call's ID from that text.
func openaiAgentsApproval(outValue, statusMsg []byte) (pending, rejected bool, callID string) {
	out := bytes.TrimSpace(outValue)
	if bytes.HasPrefix(out, []byte("FunctionToolResult(")) && bytes.Contains(out, []byte("run_item=ToolApprovalItem(")) {
		return true, false, ""
	}
	const pre, post = "Tool execution for ", " was manually rejected by user."
	for _, t := range [][]byte{statusMsg, outValue} {
		i := bytes.Index(t, []byte(pre))
		if i < 0 {
			continue
		}
		rest := t[i+len(pre):]
		j := bytes.Index(rest, []byte(post))
		if j < 0 {
			continue
		}
		if id := bytes.TrimSpace(rest[:j]); len(id) > 0 && len(id) <= 128 && bytes.IndexAny(id, " '\"") < 0 {
			callID = string(id)
		}
		return false, true, callID
	}
	return false, false, ""
}

// strandsDetailsResponse is the response of the tool_call_response part in
// the output messages Strands writes in its latest-conventions mode
// ([{"role":"tool","parts":[{"type":"tool_call_response","id":...,
// "response":CONTENT}]}]), as JSON; nil when there is none.
func strandsDetailsResponse(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(b)
	if err != nil {
		return nil
	}
	msgs, _ := v.Array()
	for _, m := range msgs {
		for _, part := range m.GetArray("parts") {
			if string(part.GetStringBytes("type")) == "tool_call_response" {
				if r := part.Get("response"); r != nil {
					return r.MarshalTo(nil)
				}
			}
		}
	}
	return nil
}
