package auditlog

import (
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestRefusalAlikeInEveryReader: a call refused with 401/403, a JSON-RPC
// authorisation error or a gRPC PERMISSION_DENIED counts as denied in every
// reader, and a 500 or a 429 as an error (issue 12). Field names:
//   - OTLP: HTTP semconv http.response.status_code (and the older
//     http.status_code), MCP semconv error.type / rpc.response.status_code
//     holding the JSON-RPC code (semantic-conventions docs/gen-ai/mcp.md),
//     rpc.grpc.status_code (RPC semconv); Claude Code 2.1 api_error
//     status_code (code.claude.com/docs/en/monitoring-usage);
//   - OCSF 1.x API Activity api.response.code / error / error_message and
//     the base event's status_code (ocsf-schema objects/response.json);
//   - CloudTrail AgentCore Gateway responseElements.statusCode and the
//     JSON-RPC body error (AWS AgentCore Gateway CloudTrail docs), errorCode;
//   - CSV: status_code / api.response.code and error columns.
func TestRefusalAlikeInEveryReader(t *testing.T) {
	span := func(extra string, kv ...string) string {
		return otlpTraces("svc", otlpSpan("00000000000000a1", "", "execute_tool t", extra,
			append([]string{"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "t", "gen_ai.agent.name", "agt"}, kv...)...))
	}
	ccErr := func(code string) string {
		return `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"agt"}}]},"scopeLogs":[{"logRecords":[` +
			`{"timeUnixNano":"1776157200000000000","body":{"stringValue":"claude_code.api_error"},"attributes":[` +
			`{"key":"model","value":{"stringValue":"m"}},{"key":"error","value":{"stringValue":"request failed"}},{"key":"status_code","value":{"stringValue":"` + code + `"}}]}]}]}]}`
	}
	ocsf := func(resp string) string {
		return `{"class_uid":6003,"time":1776157200000,"status_id":2,"actor":{"app_name":"agt"},"api":{"operation":"tools/call:t","service":{"name":"s"},"response":` + resp + `}}`
	}
	gw := func(resp string) string {
		return `{"eventTime":"2026-04-14T09:00:00Z","eventSource":"bedrock-agentcore.amazonaws.com","eventName":"InvokeGateway","userIdentity":{"type":"AWSAccount","principalId":""},` +
			`"additionalEventData":{"jwt":{"claims":{"sub":"agt"}}},"requestParameters":{"body":{"method":"tools/call","params":{"name":"T___t"}}},"responseElements":` + resp + `}`
	}
	csv := func(code, errText string) string {
		return "time,agent,action,tool,outcome,status_code,error\n2026-04-14T09:00:00Z,agt,tool.call,t,failure," + code + "," + errText + "\n"
	}
	tests := []struct {
		name, file, data string
		denied, errors   int64
	}{
		{"otlp http 403", "a.jsonl", span(`,"status":{"code":2}`, "http.response.status_code", "403"), 1, 0},
		{"otlp http 401 without error status", "a.jsonl", span("", "http.status_code", "401"), 1, 0},
		{"otlp http 500", "a.jsonl", span(`,"status":{"code":2}`, "http.response.status_code", "500", "error.type", "500"), 0, 1},
		{"otlp mcp json-rpc auth error", "a.jsonl", span(`,"status":{"code":2,"message":"Unauthorized"}`, "error.type", "-32001"), 1, 0},
		{"otlp mcp invalid params", "a.jsonl", span(`,"status":{"code":2,"message":"Invalid params"}`, "error.type", "-32602"), 0, 1},
		{"otlp grpc permission denied", "a.jsonl", span(`,"status":{"code":2}`, "rpc.grpc.status_code", "7"), 1, 0},
		{"claude code api_error 403", "c.jsonl", ccErr("403"), 1, 0},
		{"claude code api_error 429", "c.jsonl", ccErr("429"), 0, 1},
		{"ocsf 401", "e.ocsf", ocsf(`{"code":401}`), 1, 0},
		{"ocsf status_code AccessDenied", "e.ocsf", strings.Replace(ocsf(`{"code":0}`), `"status_id":2`, `"status_id":2,"status_code":"AccessDenied"`, 1), 1, 0},
		{"ocsf 500", "e.ocsf", ocsf(`{"code":500,"error_message":"boom"}`), 0, 1},
		{"cloudtrail gateway 403", "g.json", gw(`{"statusCode":403}`), 1, 0},
		{"cloudtrail gateway json-rpc unauthorized", "g.json", gw(`{"statusCode":200,"body":{"error":{"code":-32001,"message":"Unauthorized"}}}`), 1, 0},
		{"cloudtrail gateway 500", "g.json", gw(`{"statusCode":500}`), 0, 1},
		{"csv 403", "l.csv", csv("403", ""), 1, 0},
		{"csv forbidden text", "l.csv", csv("", "Forbidden"), 1, 0},
		{"csv 502", "l.csv", csv("502", "bad gateway"), 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.file, []byte(tc.data+"\n"))
			agents := []*model.Agent{{ID: "agt", Identities: []string{"agt"}}}
			s := analyze(t, dir, agents, Options{}, tc.file)
			if s.Events != 1 || len(s.Agents) != 1 {
				t.Fatalf("events %d skipped %d agents %d files %+v", s.Events, s.Skipped, len(s.Agents), s.Files)
			}
			a := s.Agents[0]
			// A denial is counted as a denial, never also as an error.
			if a.Denials != tc.denied || a.Errors != tc.errors {
				t.Errorf("denials %d errors %d, want %d %d", a.Denials, a.Errors, tc.denied, tc.errors)
			}
		})
	}
}
