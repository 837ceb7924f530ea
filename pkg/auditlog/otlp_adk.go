package auditlog

import (
	"bytes"
	"strings"

	"github.com/valyala/fastjson"
)

// ADK tool confirmation (human in the loop). Google ADK runs a tool's
// before-tool callbacks and the tool itself inside one "execute_tool NAME"
// span (adk-python flows/llm_flows/functions.py, _run_with_trace), so a call
// that waits for a person, and a call the person rejected, each leave a tool
// span whose gcp.vertex.agent.tool_response is the framework's answer, not
// the tool's:
//   - ADK's own confirmation (FunctionTool require_confirmation, adk-python
//     tools/function_tool.py; adk-js MCPTool): {"error": "This tool call
//     requires confirmation, please approve or reject."} while it waits,
//     {"error": "This tool call is rejected."} once rejected;
//   - kagent's requireApproval (kagent-adk _approval.py, commit 312c114,
//     before_tool callback): {"status": "confirmation_requested", "tool":
//     NAME} while it waits, "Tool call was rejected by user." (optionally
//     followed by " Reason: ...", wrapped by ADK as {"result": ...}) once
//     rejected.
// The decision resumes the invocation, which runs the call again with the
// same function call id: that span is the call.

const (
	adkPendingError  = "This tool call requires confirmation, please approve or reject."
	adkRejectedError = "This tool call is rejected."
	kagentPending    = "confirmation_requested"
	kagentRejected   = "Tool call was rejected by user."
)

// adkConfirmation tells from an ADK tool span's tool_response whether the
// span only asked for a confirmation (the tool did not run: the call waits
// for a decision) or records a rejection (the tool did not run).
func adkConfirmation(resp []byte) (pending, rejected bool) {
	if !bytes.Contains(resp, []byte("confirmation")) && !bytes.Contains(resp, []byte("rejected")) {
		return false, false
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(resp)
	if err != nil || v.Type() != fastjson.TypeObject {
		return false, false
	}
	switch e := string(v.GetStringBytes("error")); {
	case e == adkPendingError:
		return true, false
	case e == adkRejectedError:
		return false, true
	}
	if string(v.GetStringBytes("status")) == kagentPending && v.Get("tool") != nil {
		return true, false
	}
	return false, strings.HasPrefix(string(v.GetStringBytes("result")), kagentRejected)
}

// ADK model built-in tools. Some ADK tools are not called by ADK at all: they
// add a tool to the model request that the Gemini model runs itself
// (google/adk-python tools/google_search_tool.py, enterprise_search_tool.py,
// google_maps_grounding_tool.py, url_context_tool.py, vertex_ai_search_tool.py:
// process_llm_request appends types.Tool(google_search=...) and the like),
// or they only change the request (preload_memory_tool.py). No execute_tool
// span is written for them. What the model did shows only in its response,
// which ADK logs on the call_llm span as gcp.vertex.agent.llm_response
// (telemetry/tracing.py trace_call_llm: LlmResponse.model_dump_json, so
// snake_case field names; the Gemini REST form is camelCase): a search
// grounded the answer when grounding_metadata lists web_search_queries or web
// grounding_chunks (maps chunks for Maps, retrieved_context for a Vertex AI
// Search data store), url_context_metadata lists the URLs read. So a built-in
// is used when a logged response shows it; when no response does, whether it
// was used cannot be told (the model may not have needed it, or content
// capture, ADK_CAPTURE_MESSAGE_CONTENT_IN_SPANS, was off): never unused.
const (
	adkModelCall uint8 = 1 << iota // an ADK call_llm span
	adkWebSearch
	adkMapsSearch
	adkRetrieval
	adkURLContext
)

type adkBuiltin struct {
	why string
	bit uint8 // 0: nothing in the response shows its use
}

var adkBuiltins = map[string]adkBuiltin{
	"google_search":         {"runs inside the Gemini model (grounding)", adkWebSearch},
	"enterprise_web_search": {"runs inside the Gemini model (grounding)", adkWebSearch},
	"google_maps_grounding": {"runs inside the Gemini model (grounding)", adkMapsSearch},
	"VertexAiSearchTool":    {"runs inside the Gemini model (retrieval)", adkRetrieval},
	"url_context":           {"runs inside the Gemini model", adkURLContext},
	"preload_memory":        {"adds memory to each model request", 0},
}

// ADKModelBuiltin reports whether name is an ADK built-in tool that ADK
// writes no tool call for, and why (the importer notes it on the grant).
func ADKModelBuiltin(name string) (why string, ok bool) {
	b, ok := adkBuiltins[name]
	return b.why, ok
}

// adkBuiltinsUsed marks an ADK model-call span (call_llm, or a model span
// of the gcp.vertex.agent system) and the built-ins its logged response
// shows in use.
func adkBuiltinsUsed(name []byte, a *attrs) uint8 {
	if string(name) != "call_llm" && string(a.system) != "gcp.vertex.agent" {
		return 0
	}
	bits := adkModelCall
	resp := a.adkLLMResp
	if !bytes.Contains(resp, []byte("rounding")) && !bytes.Contains(resp, []byte("rl_context_metadata")) && !bytes.Contains(resp, []byte("rlContextMetadata")) {
		return bits
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(resp)
	if err != nil {
		return bits
	}
	get := func(v *fastjson.Value, snake, camel string) *fastjson.Value {
		if x := v.Get(snake); x != nil {
			return x
		}
		return v.Get(camel)
	}
	nonEmpty := func(v *fastjson.Value) bool {
		if v == nil {
			return false
		}
		arr, err := v.Array()
		return err == nil && len(arr) > 0
	}
	if gm := get(v, "grounding_metadata", "groundingMetadata"); gm != nil && gm.Type() == fastjson.TypeObject {
		if nonEmpty(get(gm, "web_search_queries", "webSearchQueries")) {
			bits |= adkWebSearch
		}
		if nonEmpty(get(gm, "retrieval_queries", "retrievalQueries")) {
			bits |= adkRetrieval
		}
		var chunks []*fastjson.Value
		if c := get(gm, "grounding_chunks", "groundingChunks"); c != nil {
			chunks, _ = c.Array()
		}
		for _, c := range chunks {
			switch {
			case c.Get("web") != nil:
				bits |= adkWebSearch
			case c.Get("maps") != nil:
				bits |= adkMapsSearch
			case get(c, "retrieved_context", "retrievedContext") != nil:
				bits |= adkRetrieval
			}
		}
	}
	if uc := get(v, "url_context_metadata", "urlContextMetadata"); uc != nil && nonEmpty(get(uc, "url_metadata", "urlMetadata")) {
		bits |= adkURLContext
	}
	return bits
}

// adkBuiltinUse tells, for a grant named name, whether it is an ADK model
// built-in of an agent whose ADK model calls were logged (builtins), and
// then whether a logged response showed it in use.
func adkBuiltinUse(name string, builtins uint8) (builtin, used bool) {
	b, ok := adkBuiltins[name]
	if !ok || builtins&adkModelCall == 0 {
		return false, false
	}
	return true, b.bit != 0 && builtins&b.bit != 0
}

// Delegation by nesting. An agent that runs another agent itself leaves no
// tool call: ADK's workflow agents (SequentialAgent, ParallelAgent,
// LoopAgent, agents/*_agent.py _run_async_impl) call each sub-agent's
// run_async, whose "invoke_agent NAME" span (agents/base_agent.py) opens
// inside the workflow agent's own; an LlmAgent that transferred to a
// sub-agent runs it the same way after its transfer_to_agent call. So an
// agent span whose nearest enclosing agent span is another agent's, with
// no tool span between, is that agent handing it the task. Under a tool
// span (an AgentTool, kagent's remote agent tool: "execute_tool NAME" >
// "invocation" > "invoke_agent NAME") the tool call is the delegation and
// is counted as such. The nested span stays the invoked agent's own event;
// it also records which agent ran it (delegFrom): the runner's delegation
// grant to it is used (risk.DelegationNames) and, for coverage, the hour
// of the delegation is noted (delegate.go).
func (s *otlpState) sendNested(p *pendingSpan, ref spanRef) {
	if !ref.tool && len(ref.agents) > 0 {
		p.ev.delegFrom = strings.Join(ref.agents, "\x00")
	}
	p.ev.ids = append(p.own, p.service)
	s.send(&p.ev)
}
