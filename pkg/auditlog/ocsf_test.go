package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"
)

// TestDecodeOCSF: API Activity fields as https://schema.ocsf.io/1.5.0/classes/api_activity
// defines them (api.service.name, api.operation, activity_id, actor.user, actor.session.issuer).
func TestDecodeOCSF(t *testing.T) {
	type got struct{ IDs, Kind, Tool, Op, Activity, Outcome, Res, Err string }
	tests := []struct {
		name, in string
		want     got
	}{
		{"service and operation", `{"class_uid":6003,"time":1700000000,"activity_id":1,"actor":{"user":{"uid":"u1","name":"bot"}},"api":{"operation":"create_issue","service":{"name":"jira"}}}`,
			got{IDs: "u1,bot", Tool: "jira", Op: "create_issue", Activity: "create", Outcome: "success"}},
		// The user object of OCSF 1.3 and 1.4 (https://schema.ocsf.io/1.4.0/objects/user):
		// uid and name are identities, type/type_id (0 Unknown, 1 User, 2 Admin,
		// 3 System, 99 Other) is the actor's kind.
		{"system user by type_id", `{"class_uid":6003,"time":1700000000,"actor":{"user":{"uid":"svc-7","name":"ingest","type_id":3}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "svc-7,ingest", Kind: "System", Tool: "s", Op: "x", Outcome: "success"}},
		{"service user by caption", `{"class_uid":6003,"time":1700000000,"actor":{"user":{"uid":"sp-1","type":"Service","type_id":99}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "sp-1", Kind: "Service", Tool: "s", Op: "x", Outcome: "success"}},
		{"unknown kind left out", `{"class_uid":6003,"time":1700000000,"actor":{"user":{"uid":"u","type":"Unknown","type_id":0}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "u", Tool: "s", Op: "x", Outcome: "success"}},
		{"kind of a wrong type ignored", `{"class_uid":6003,"time":1700000000,"actor":{"user":{"uid":"u","type":{},"type_id":[3]}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "u", Tool: "s", Op: "x", Outcome: "success"}},
		// A SIEM that keeps field values as strings (LogScale) writes "3".
		{"type_id as a numeric string", `{"class_uid":6003,"time":1700000000,"actor":{"user":{"uid":"u","type":{},"type_id":"3"}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "u", Kind: "System", Tool: "s", Op: "x", Outcome: "success"}},
		{"mcp tool in operation", `{"class_uid":6003,"time":1700000000000,"activity_id":2,"actor":{"app_name":"agent-x"},"api":{"operation":"tools/call:search","service":{"name":"docs-mcp"}}}`,
			got{IDs: "agent-x", Tool: "docs-mcp___search", Op: "read", Activity: "tools/call", Outcome: "success"}},
		{"mcp tool in request", `{"class_uid":6003,"time_dt":"2025-01-01T00:00:00Z","actor":{"user":{"name":"a"}},"api":{"operation":"tools/call","service":{"name":"s"},"request":{"data":"{\"params\":{\"name\":\"t\"}}"}}}`,
			got{IDs: "a", Tool: "s___t", Activity: "tools/call", Outcome: "success"}},
		{"activity only", `{"class_uid":6003,"time":1700000000,"activity_id":4,"actor":{"session":{"issuer":"arn:aws:iam::1:role/r"}},"api":{"service":{"name":"s3"}}}`,
			got{IDs: "arn:aws:iam::1:role/r", Tool: "s3", Op: "delete", Outcome: "success"}},
		{"denied", `{"class_uid":6003,"time":1700000000,"status_id":2,"actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"},"response":{"code":403}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "denied"}},
		{"failure", `{"class_uid":6003,"time":1700000000,"status":"Failure","actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"},"response":{"code":500}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "error"}},
		// OCSF 1.4.0 API Activity has http_response beside api.response
		// (ocsf-schema 1.4.0 events/application/api_activity.json): a gateway that
		// refuses a call before the API answers writes the 403 there only.
		{"denied in http_response", `{"class_uid":6003,"time":1700000000000,"status_id":2,"status_code":"403","actor":{"app_name":"a"},"api":{"operation":"tools/call:t","service":{"name":"s"}},"http_response":{"code":403}}`,
			got{IDs: "a", Tool: "s___t", Activity: "tools/call", Outcome: "denied"}},
		{"code as a numeric string", `{"class_uid":6003,"time":1700000000,"status_id":2,"actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"},"response":{"code":"401"}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "denied"}},
		// MCP over HTTP answers a JSON-RPC error with HTTP 200: the error
		// text says whether the caller was refused.
		{"JSON-RPC refusal on HTTP 200", `{"class_uid":6003,"time":1700000000,"status_id":2,"actor":{"user":{"name":"a"}},"api":{"operation":"tools/call:t","service":{"name":"s"},"response":{"code":200,"error":"-32001","error_message":"Unauthorized: token lacks scope"}}}`,
			got{IDs: "a", Tool: "s___t", Activity: "tools/call", Outcome: "denied"}},
		// base_event status_code is "the event status code, as reported by
		// the event source" (ocsf-schema 1.4.0 dictionary.json): an HTTP
		// source's status when there is no response object.
		{"denied by a failure's status_code", `{"class_uid":6003,"time":1700000000,"status_id":2,"status_code":"401","status_detail":"invalid_token","actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "denied"}},
		{"status_code outside HTTP range is text", `{"class_uid":6003,"time":1700000000,"status_id":2,"status_code":"24","actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "error"}},
		{"status_code of a success not read", `{"class_uid":6003,"time":1700000000,"status_id":1,"status_code":"403","actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"}}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "success"}},
		{"api code before http_response", `{"class_uid":6003,"time":1700000000,"status_id":2,"actor":{"user":{"name":"a"}},"api":{"operation":"x","service":{"name":"s"},"response":{"code":500}},"http_response":{"code":403}}`,
			got{IDs: "a", Tool: "s", Op: "x", Outcome: "error"}},
		// A proxy that names the upstream only as the destination service
		// (network_endpoint.svc_name, OCSF 1.1.0-1.4.0): the MCP server, for
		// a tools/call or a bare tool name as the operation.
		{"mcp server in dst_endpoint.svc_name", `{"class_uid":6003,"time":1700000000000,"activity_id":2,"actor":{"app_name":"a"},"api":{"operation":"tools/call","request":{"data":{"method":"tools/call","params":{"name":"screen_party"}}}},"dst_endpoint":{"hostname":"gw","svc_name":"sanctions-check"}}`,
			got{IDs: "a", Tool: "sanctions-check___screen_party", Op: "read", Activity: "tools/call", Outcome: "success"}},
		{"bare tool on dst_endpoint.svc_name", `{"class_uid":6003,"time":1700000000000,"activity_id":2,"actor":{"app_name":"a"},"api":{"operation":"screen_party"},"dst_endpoint":{"svc_name":"sanctions-check"}}`,
			got{IDs: "a", Tool: "sanctions-check", Op: "screen_party", Activity: "read", Outcome: "success"}},
		{"api.service before svc_name", `{"class_uid":6003,"time":1700000000000,"actor":{"app_name":"a"},"api":{"operation":"tools/call:t","service":{"name":"s"}},"dst_endpoint":{"svc_name":"other"}}`,
			got{IDs: "a", Tool: "s___t", Activity: "tools/call", Outcome: "success"}},
		// Only a URL: no server name a grant could name, so the bare tool.
		{"server only by url", `{"class_uid":6003,"time":1700000000000,"actor":{"app_name":"a"},"api":{"operation":"tools/call","request":{"data":{"params":{"name":"t"}}}},"http_request":{"url":{"url_string":"https://gw/s/mcp"}}}`,
			got{IDs: "a", Tool: "t", Activity: "tools/call", Outcome: "success"}},
		// Falcon LogScale's JSON search results: parseJson's flattened field
		// names ("api.service.name", "resources[0].uid") and every value a
		// string but @timestamp
		// (https://library.humio.com/logscale-api/api-search-responseformat.html).
		{"LogScale flattened, values as strings", `{"@timestamp":1794216000000,"#repo":"r","class_uid":"6003","activity_id":"3","status_id":"1","time":"1794216000000","actor.user.uid":"svc-f","actor.user.type_id":"3","actor.session.issuer":"arn:aws:iam::1:role/f","api.operation":"flag_claim","api.service.name":"claims-db","api.request.uid":"q1","resources[0].uid":"CLM-1"}`,
			got{IDs: "arn:aws:iam::1:role/f,svc-f", Kind: "System", Tool: "claims-db", Op: "flag_claim", Activity: "update", Outcome: "success", Res: "CLM-1"}},
		{"LogScale flattened denial", `{"class_uid":"6003","status_id":"2","time_dt":"2026-11-11T14:10:00.000Z","actor.user.uid":"svc-f","api.operation":"hold_payment","api.service.name":"payments","api.response.code":"403","api.response.error":"AccessDenied"}`,
			got{IDs: "svc-f", Tool: "payments", Op: "hold_payment", Outcome: "denied"}},
		{"LogScale flattened MCP request", `{"class_uid":"6003","time":"1794216000000","actor.app_name":"a","api.operation":"tools/call","api.service.name":"s","api.request.data.params.name":"t"}`,
			got{IDs: "a", Tool: "s___t", Activity: "tools/call", Outcome: "success"}},
		{"LogScale flattened other class", `{"class_uid":"3002","time":"1794216000000","user.name":"x"}`, got{Err: "OCSF class_uid 3002 (not API Activity 6003)"}},
		{"other class", `{"class_uid":3002,"time":1700000000}`, got{Err: "OCSF class_uid 3002 (not API Activity 6003)"}},
		{"no principal", `{"class_uid":6003,"time":1700000000,"api":{"operation":"x"}}`, got{Err: "missing agent"}},
		{"class not a number", `{"class_uid":"x","time":1}`, got{Err: "OCSF class_uid is not an integer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p fastjson.Parser
			v, err := p.Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var e event
			var g got
			if err := decodeOCSF(v, &e); err != nil {
				g.Err = err.Error()
			} else {
				for i := 0; i < e.nids; i++ {
					if i > 0 {
						g.IDs += ","
					}
					g.IDs += string(e.ids[i])
				}
				g.Kind, g.Tool, g.Op, g.Activity, g.Outcome, g.Res = string(e.actorKind), string(e.tool), string(e.op), string(e.activity), string(e.outcome), string(e.resource)
			}
			if d := cmp.Diff(tc.want, g); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func FuzzDecodeOCSF(f *testing.F) {
	for _, s := range []string{`{"class_uid":6003,"time":1,"actor":{"user":{"name":"a"}},"api":{"operation":"tools/call","request":{"data":"{\"params\":{\"name\":[]}}"}}}`,
		`{"class_uid":6003,"time":-1}`, `{"class_uid":6003,"time":1,"actor":{"user":{"uid":"u","type":7,"type_id":1e400}}}`, `{"class_uid":1e400}`, `{"class_uid":6003,"time_dt":"x"}`, `[]`, `{"class_uid":6003,"time":1,"actor":{"app_name":"a"},"api":{"operation":"tools/call:"}}`,
		`{"class_uid":6003,"time":1,"status_id":2,"status_code":7,"ai_agent":{"uid":"a","ai_model":{"name":[]}},"api":{"response":{"code":"403","error_message":{}}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p fastjson.Parser
		v, err := p.Parse(s)
		if err != nil {
			return
		}
		var e event
		_ = decodeOCSF(v, &e)
	})
}
