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
