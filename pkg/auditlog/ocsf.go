package auditlog

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

var (
	ocsfOps     = [][]byte{nil, []byte("create"), []byte("read"), []byte("update"), []byte("delete")}
	mcpToolCall = []byte("tools/call")
)

// ignoredError marks a record that was read and deliberately gives no event;
// the reason is from a small fixed set (see agg.ignore).
type ignoredError string

func (e ignoredError) Error() string { return string(e) }

// decodeOCSF maps one OCSF API Activity (class_uid 6003, schema 1.0-1.5) event
// onto ev, as https://schema.ocsf.io/1.5.0/classes/api_activity defines it:
//
//   - the tool is the service called, api.service.name (else the
//     destination's dst_endpoint.svc_name), and the operation is
//     api.operation (service "jira", operation "create_issue"); only an
//     MCP-style operation ("tools/call:NAME", or "tools/call" with the tool in
//     api.request.data's params.name) names the tool, and then the service is
//     the MCP server: the tool is "SERVER___TOOL" so grants can name either;
//   - activity_id/activity_name (Create/Read/Update/Delete/Other) is the
//     operation only when api.operation is absent; the verb is kept beside it;
//   - identities are ai_agent (1.5.0+), actor.app_name/app_uid, the cloud
//     role of actor.session.issuer and actor.user (uid, name), as every SIEM
//     and Security Lake mapping writes the principal;
//   - status_id 2 (Failure) is an error, or a denial by the HTTP status
//     (api.response.code, else http_response.code, else a failure's
//     status_code of 400-599) or the error text (outcome.go).
//
// Other classes are counted as ignored, not as bad records.
func decodeOCSF(root *fastjson.Value, ev *event) error {
	if root.Type() != fastjson.TypeObject {
		return errNotObject
	}
	v := newOCSFRec(root)
	cls := v.Get("class_uid")
	if cls == nil {
		return fmt.Errorf("not an OCSF event: no class_uid")
	}
	c, ok := intValue(cls)
	if !ok {
		return fmt.Errorf("OCSF class_uid is not an integer")
	}
	if c != 6003 {
		return ignoredError("OCSF class_uid " + strconv.Itoa(c) + " (not API Activity 6003)")
	}
	t, err := recordTime(root, "time", "time_dt")
	if err != nil {
		return err
	}
	ev.t = t
	ev.addID(str(v.Get("ai_agent", "uid")))
	ev.addID(str(v.Get("ai_agent", "name")))
	ev.addID(str(v.Get("actor", "app_name")))
	ev.addID(str(v.Get("actor", "app_uid")))
	ev.addID(str(v.Get("actor", "session", "issuer")))
	ev.addID(str(v.Get("actor", "user", "uid")))
	ev.addID(str(v.Get("actor", "user", "name")))
	if ev.nids == 0 {
		return errNoAgent
	}
	ev.actor = str(v.Get("actor", "user", "name"))
	if len(ev.actor) == 0 {
		ev.actor = str(v.Get("actor", "user", "uid"))
	}
	ev.actorKind = ocsfUserType(v, "actor", "user")
	ev.action = []byte(model.ActionToolCall)
	var verb []byte
	if a := v.GetInt("activity_id"); a >= 1 && a <= 4 {
		verb = ocsfOps[a]
	} else if name := str(v.Get("activity_name")); len(name) > 0 {
		verb = bytes.ToLower(name)
	}
	service := str(v.Get("api", "service", "name"))
	if len(service) == 0 {
		// A gateway or proxy that logs the MCP JSON-RPC method (or the bare
		// tool) as the operation names the upstream server it routed to as
		// the destination's service (network_endpoint.svc_name, OCSF 1.1+);
		// that is the service called. A server named only by its URL
		// (http_request.url) stays unnamed: a grant names the server, not
		// its URL.
		service = str(v.Get("dst_endpoint", "svc_name"))
	}
	op := str(v.Get("api", "operation"))
	switch {
	case bytes.HasPrefix(op, mcpToolCall) && (len(op) == len(mcpToolCall) || op[len(mcpToolCall)] == ':'):
		tool := op[len(mcpToolCall):]
		if len(tool) > 0 {
			tool = tool[1:]
		} else {
			tool = ocsfRequestTool(v)
		}
		ev.tool = qualify(service, tool)
		if len(ev.tool) == 0 {
			// tools/call of a tool the record does not name.
			ev.tool = service
		}
		ev.op = verb
		ev.activity = mcpToolCall
	case bedrockModelCall(service, op):
		// CloudTrail in OCSF (Amazon Security Lake): a Bedrock runtime call
		// is a model call, as in the CloudTrail reader, not a tool.
		ev.action = []byte(model.ActionModelCall)
		ev.model = ocsfRequest(v, []string{"modelId"})
		ev.op = op
		ev.activity = verb
	case len(op) > 0:
		ev.tool = service
		ev.op = op
		ev.activity = verb
	default:
		ev.tool = service
		ev.op = verb
	}
	if len(ev.model) == 0 {
		ev.model = str(v.Get("ai_model", "name"))
	}
	if len(ev.model) == 0 {
		// ai_agent.ai_model: the model backing the agent for this event.
		ev.model = str(v.Get("ai_agent", "ai_model", "name"))
	}
	if len(ev.tool) == 0 {
		if len(ev.model) > 0 {
			ev.action = []byte(model.ActionModelCall)
		} else if len(op) > 0 {
			// A service-less API call (GitHub audit "git.push"): the operation
			// is all the record says was called.
			ev.tool = op
		}
	}
	ev.requestID = str(v.Get("api", "request", "uid"))
	ev.resource = str(v.Get("resources", "0", "uid"))
	if len(ev.resource) == 0 {
		ev.resource = str(v.Get("resources", "0", "name"))
	}
	if len(ev.model) == 0 && bedrockModelCall(service, op) {
		// The model's ARN when the request data is not kept.
		ev.model = ev.resource
	}
	// The refusal may be in the response (code, error, error_message) or in
	// the base event's status_code ("AccessDenied") and status_detail.
	failed := v.GetInt("status_id") == 2 || bytes.EqualFold(str(v.Get("status")), []byte("Failure"))
	var text []byte
	if failed {
		for _, t := range [][]byte{str(v.Get("api", "response", "error")), str(v.Get("api", "response", "error_message")),
			str(v.Get("status_code")), str(v.Get("status_detail"))} {
			text = append(append(text, t...), ' ')
		}
	}
	code := ocsfHTTPCode(v)
	if code == 0 && failed {
		// No response object: the base event's status_code is the source's
		// own code, which for a gateway or API is its HTTP status ("401").
		// Only a failure's code in the HTTP status range is read so, as other
		// sources write their own numbers there (a Windows failure code).
		if n, ok := intValue(v.Get("status_code")); ok && n >= 400 && n <= 599 {
			code = n
		}
	}
	ev.outcome = []byte(statusOutcome(failed, code, 0, text))
	// OCSF API Activity has no place for prompts or results.
	ev.ioCapable = false
	return nil
}

// ocsfHTTPCode is the HTTP status of the call: the API response's code, else
// the class's own http_response.code (API Activity has http_response since
// OCSF 1.4.0, events/application/api_activity.json: a gateway that refuses a
// call before the API answers writes the 403 there, with no api.response). A
// code written as a numeric string counts the same; 0 when there is none.
func ocsfHTTPCode(v ocsfRec) int {
	for _, c := range []*fastjson.Value{v.Get("api", "response", "code"), v.Get("http_response", "code")} {
		if n, ok := intValue(c); ok && n != 0 {
			return n
		}
	}
	return 0
}

// bedrockModelCall reports whether a call of service's operation op is an
// Amazon Bedrock runtime model call (InvokeModel*, Converse*, ApplyGuardrail:
// https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html).
// CloudTrail names the service bedrock.amazonaws.com; OCSF mappings of it keep
// eventSource as api.service.name and eventName as api.operation.
func bedrockModelCall(service, op []byte) bool {
	if len(service) > 0 && !bytes.HasPrefix(service, []byte("bedrock.")) && !bytes.HasPrefix(service, []byte("bedrock-runtime.")) {
		return false
	}
	return bytes.HasPrefix(op, []byte("InvokeModel")) || bytes.HasPrefix(op, []byte("Converse")) || string(op) == "ApplyGuardrail"
}

// ocsfRequest reads the first non-empty of the given paths in
// api.request.data, an object or a JSON string (Security Lake writes
// CloudTrail's requestParameters there as a string, MCP gateways the request).
func ocsfRequest(v ocsfRec, paths ...[]string) []byte {
	d := v.Get("api", "request", "data")
	if d == nil {
		if !v.flat {
			return nil
		}
		// Flattened, an object's members are fields of their own
		// (api.request.data.params.name).
		for _, p := range paths {
			if s := str(v.Get(append([]string{"api", "request", "data"}, p...)...)); len(s) > 0 {
				return s
			}
		}
		return nil
	}
	if d.Type() == fastjson.TypeString {
		var p fastjson.Parser
		pd, err := p.ParseBytes(d.GetStringBytes())
		if err != nil {
			return nil
		}
		// The parser is local: copy before it goes.
		return append([]byte(nil), firstStr(pd, paths)...)
	}
	return firstStr(d, paths)
}

func firstStr(d *fastjson.Value, paths [][]string) []byte {
	for _, p := range paths {
		if s := str(d.Get(p...)); len(s) > 0 {
			return s
		}
	}
	return nil
}

// ocsfUserTypes are the captions of the user object's type_id (OCSF 1.3 and
// 1.4, https://schema.ocsf.io/1.4.0/objects/user: 0 Unknown, 1 User, 2 Admin,
// 3 System, 99 Other).
var ocsfUserTypes = map[int][]byte{1: []byte("User"), 2: []byte("Admin"), 3: []byte("System"), 99: []byte("Other")}

// ocsfUserType is the user's kind: the type caption as written (a producer
// may name a kind the enum lacks, such as "Service"), else type_id's caption;
// Unknown (0) says nothing and is left out.
func ocsfUserType(v ocsfRec, user ...string) []byte {
	if t := str(v.Get(append(user, "type")...)); len(t) > 0 && !bytes.EqualFold(t, []byte("Unknown")) {
		return t
	}
	n, _ := intValue(v.Get(append(user, "type_id")...))
	return ocsfUserTypes[n]
}

// ocsfRequestTool finds the tool of a bare "tools/call" operation in the
// request: the MCP request's params.name, else a top-level name.
func ocsfRequestTool(v ocsfRec) []byte {
	return ocsfRequest(v, []string{"params", "name"}, []string{"name"})
}

// qualify joins an MCP server and its tool as "SERVER___TOOL" (AgentCore
// Gateway's form), which grant matching splits; either part may be absent.
func qualify(server, tool []byte) []byte {
	switch {
	case len(tool) == 0:
		return nil
	case len(server) == 0:
		return tool
	}
	out := make([]byte, 0, len(server)+3+len(tool))
	out = append(out, server...)
	out = append(out, "___"...)
	return append(out, tool...)
}

// ocsfRec reads an OCSF event's attributes nested, as the schema writes
// them, or flattened, as a SIEM that keeps each attribute as a field of its
// own exports them: Falcon LogScale's parseJson names nested members
// "api.service.name" and array elements "resources[0].uid", and its JSON
// search results (application/json, a JSON array) write every field value
// as a string except @timestamp
// (https://library.humio.com/logscale-api/api-search-responseformat.html).
type ocsfRec struct {
	v    *fastjson.Value
	flat bool
}

func newOCSFRec(v *fastjson.Value) ocsfRec {
	// Flattened when neither object of a 6003 event's required attributes
	// (actor, api) is nested but one of their members is a field.
	flat := v.Get("actor") == nil && v.Get("api") == nil &&
		(v.Exists("api.operation") || v.Exists("api.service.name") || v.Exists("actor.user.uid") ||
			v.Exists("actor.user.name") || v.Exists("actor.app_name") || v.Exists("actor.session.issuer"))
	return ocsfRec{v: v, flat: flat}
}

// Get is the attribute at path; an all-digit part is an array index.
func (r ocsfRec) Get(path ...string) *fastjson.Value {
	if !r.flat || len(path) == 1 {
		return r.v.Get(path...)
	}
	var b strings.Builder
	for i, p := range path {
		switch {
		case isIndex(p):
			b.WriteString("[" + p + "]")
		case i > 0:
			b.WriteString("." + p)
		default:
			b.WriteString(p)
		}
	}
	return r.v.Get(b.String())
}

func (r ocsfRec) GetInt(path ...string) int {
	n, _ := intValue(r.Get(path...))
	return n
}

func isIndex(p string) bool {
	if p == "" {
		return false
	}
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// intValue reads an integer written as a JSON number or as a numeric
// string (a SIEM that keeps field values as strings).
func intValue(v *fastjson.Value) (int, bool) {
	if v == nil {
		return 0, false
	}
	switch v.Type() {
	case fastjson.TypeNumber:
		n, err := v.Int()
		return n, err == nil
	case fastjson.TypeString:
		b := bytes.TrimSpace(v.GetStringBytes())
		if len(b) == 0 || len(b) > 12 {
			return 0, false
		}
		n, err := strconv.Atoi(string(b))
		return n, err == nil
	}
	return 0, false
}
