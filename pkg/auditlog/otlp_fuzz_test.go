package auditlog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzOTLPProducers feeds the OTLP reader spans and log records shaped as
// the real producers write them, plus hostile seeds: huge and negative
// times, wrong types everywhere, deep parent chains, escaped and duplicate
// span IDs, control characters in names. Nothing may panic and every record
// must be accounted (fuzzFinish checks the summary).
func FuzzOTLPProducers(f *testing.F) {
	for _, p := range []string{"claude-code-logs.jsonl", "otel-genai-otlp.jsonl"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "samples", p)); err == nil {
			f.Add(data)
		}
	}
	chain := make([]string, 0, 80)
	for i := 0; i < 80; i++ {
		chain = append(chain, otlpSpan(strings.Repeat("0", 14)+string(rune('a'+i%26))+string(rune('a'+i/26)), strings.Repeat("0", 14)+string(rune('a'+(i+1)%26))+string(rune('a'+(i+1)/26)), "execute_tool t", ""))
	}
	for _, s := range []string{
		otlpTraces("svc", chain...),
		otlpTraces("svc", otlpSpan("0000000000000001", "", "ai.toolCall", "", "ai.toolCall.name", "x\x1b[31m", "ai.telemetry.functionId", "f")),
		otlpTraces("svc", strings.Replace(otlpSpan("0000000000000001", "", "call_llm", "", "gen_ai.request.model", "m", "gen_ai.system", "s"), `"1776157200000000000"`, `-1`, 1)),
		otlpTraces("svc", strings.Replace(otlpSpan("0000000000000001", "", "chat", ""), `"1776157200000000000"`, `1e300`, 1)),
		otlpTraces("svc", otlpSpan(`\u0030000000000000001`, "0000000000000001", "chat", `,"events":[1,{"name":"gen_ai.choice","attributes":7}]`)),
		`{"resourceSpans":[{"scopeSpans":[{"spans":[1,"x",null,[]]}]}]}`,
		`{"resourceSpans":{},"resourceLogs":7}`,
		`{"resourceSpans":[]}`,
		// MCP spans: a server span before its client span, a self-parented one.
		otlpTraces("svc", otlpSpan("0000000000000002", "0000000000000001", "tools/call t", "", "mcp.method.name", "tools/call"),
			otlpSpan("0000000000000001", "0000000000000001", "tools/call t", "", "mcp.method.name", "tools/call", "gen_ai.agent.name", "a"),
			otlpSpan("0000000000000003", "", "x", "", "mcp.method.name", "\x00")),
		// Status codes of every kind and type (outcome.go).
		otlpTraces("svc", otlpSpan("0000000000000001", "", "execute_tool t", `,"status":{"code":2,"message":"Forbidden"}`, "http.response.status_code", "99999999999999999999", "error.type", "-32001", "rpc.grpc.status_code", "7")),
		otlpTraces("svc", otlpSpan("0000000000000001", "", "tools/call t", `,"status":{"code":"x","message":7}`, "rpc.response.status_code", "PERMISSION_DENIED", "http.status_code", "-403")),
		// GenAI content events as log records (semantic-conventions
		// gen-ai-events.md v1.36.0 bodies, v1.37 operation.details): joined
		// before and after their span, to no span, without a spanId, with
		// bodies of every AnyValue shape (kvlist, plain JSON, JSON text,
		// wrong types) and a details record naming its operation.
		otlpLogs("svc", otlpLog("gen_ai.user.message", "0000000000000001", kv("content", "hi")),
			otlpLog("gen_ai.choice", "0000000000000001", kv("message", kv("content", "yo", "tool_calls", `{"arrayValue":{"values":[7,`+kv("function", kv("arguments", "{}"))+`]}}`))),
			otlpLog("gen_ai.tool.message", "", `{"content":"x","id":"call_1"}`),
			otlpLog("gen_ai.assistant.message", "00000000000000ff", `{"stringValue":"{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}"}`),
			otlpLog("event.gen_ai.system.message", "0000000000000001", `{"kvlistValue":{"values":7}}`),
			otlpLog("gen_ai.choice", "0000000000000001", `[1,2]`),
			otlpLog("gen_ai.client.inference.operation.details", "0000000000000002", "", "gen_ai.operation.name", "chat", "gen_ai.input.messages", "[]"),
			otlpLog("gen_ai.client.inference.operation.details", "0000000000000003", "", "gen_ai.operation.name", "chat", "gen_ai.agent.name", "a")) + "\n" +
			otlpTraces("svc", otlpSpan("0000000000000001", "", "chat m", "", "gen_ai.operation.name", "chat"),
				otlpSpan("0000000000000002", "0000000000000009", "chat m", "", "gen_ai.operation.name", "chat")),
		// Delegation tools with captured, placeholder and hostile arguments
		// (ADK transfer_to_agent, Strands handoff_to_agent: agent_name).
		otlpTraces("svc", otlpSpan("0000000000000001", "", "execute_tool transfer_to_agent", "", "gen_ai.tool.name", "transfer_to_agent", "gcp.vertex.agent.tool_call_args", `{"agent_name":{"x":[1]}}`),
			otlpSpan("0000000000000002", "", "execute_tool transfer_to_agent", "", "gcp.vertex.agent.tool_call_args", `{"agent_name":"\u0000\u001b[31m`+strings.Repeat("a", 200)+`"}`),
			otlpSpan("0000000000000003", "", "execute_tool handoff_to_agent", "", "gen_ai.tool.call.arguments", `[{"parts":[{"arguments":{"agent_name":"w"}}]}`),
			otlpSpan("0000000000000004", "", "execute_tool transfer_to_agent", "", "gcp.vertex.agent.tool_call_args", `N/A`)),
		`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"claude_code.tool_decision"},"attributes":[{"key":"source","value":{"kvlistValue":{}}}]},{"timeUnixNano":"18446744073709551615","eventName":"claude_code.api_request"}]}]}]}`,
	} {
		f.Add([]byte(s))
		f.Add([]byte(s + "\n" + s + "\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDocument(t, data, FormatOTLP)
	})
}
