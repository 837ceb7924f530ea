package auditlog

import (
	"bytes"
	"fmt"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

var (
	ocsfOps   = [][]byte{nil, []byte("create"), []byte("read"), []byte("update"), []byte("delete")}
	mcpPrefix = []byte("tools/call:")
)

// decodeOCSF maps one OCSF API Activity (class_uid 6003) event onto ev. The
// agent is ai_agent (1.9.0-dev) or actor.app_name; the tool is the MCP tool in
// api.operation ("tools/call:NAME") or the operation itself; activity_id gives
// the operation; status_id 2 is a failure.
func decodeOCSF(v *fastjson.Value, ev *event) error {
	if v.Type() != fastjson.TypeObject {
		return errNotObject
	}
	cls := v.Get("class_uid")
	if cls == nil {
		return fmt.Errorf("not an OCSF event: no class_uid")
	}
	if c := cls.GetInt(); c != 6003 {
		return fmt.Errorf("OCSF class_uid %d is not API Activity (6003)", c)
	}
	tv := v.Get("time")
	if tv == nil {
		tv = v.Get("time_dt")
	}
	if tv == nil {
		return errNoTime
	}
	t, err := parseTimeValue(tv)
	if err != nil {
		return err
	}
	ev.t = t
	ev.addID(str(v.Get("ai_agent", "uid")))
	ev.addID(str(v.Get("ai_agent", "name")))
	ev.addID(str(v.Get("actor", "app_name")))
	ev.addID(str(v.Get("actor", "app_uid")))
	if ev.nids == 0 {
		return errNoAgent
	}
	ev.actor = str(v.Get("actor", "user", "name"))
	if len(ev.actor) == 0 {
		ev.actor = str(v.Get("actor", "user", "uid"))
	}
	op := str(v.Get("api", "operation"))
	switch {
	case bytes.HasPrefix(op, mcpPrefix):
		ev.tool = op[len(mcpPrefix):]
	case len(op) > 0:
		ev.tool = op
	}
	ev.action = []byte(model.ActionToolCall)
	if a := v.GetInt("activity_id"); a >= 1 && a <= 4 {
		ev.op = ocsfOps[a]
	} else if a == 99 {
		ev.op = bytes.ToLower(str(v.Get("activity_name")))
	}
	ev.model = str(v.Get("ai_model", "name"))
	if len(ev.tool) == 0 && len(ev.model) > 0 {
		ev.action = []byte(model.ActionModelCall)
	}
	ev.requestID = str(v.Get("api", "request", "uid"))
	if rs := v.GetArray("resources"); len(rs) > 0 {
		ev.resource = str(rs[0].Get("uid"))
		if len(ev.resource) == 0 {
			ev.resource = str(rs[0].Get("name"))
		}
	}
	ev.outcome = []byte(model.OutcomeSuccess)
	if v.GetInt("status_id") == 2 {
		ev.outcome = []byte(model.OutcomeError)
		code := v.GetInt("api", "response", "code")
		errText := str(v.Get("api", "response", "error"))
		if code == 401 || code == 403 || bytes.Contains(bytes.ToLower(errText), []byte("denied")) || bytes.Contains(bytes.ToLower(errText), []byte("forbidden")) {
			ev.outcome = []byte(model.OutcomeDenied)
		}
	}
	// OCSF API Activity has no place for prompts or results.
	ev.ioCapable = false
	return nil
}
