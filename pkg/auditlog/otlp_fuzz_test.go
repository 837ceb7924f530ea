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
		// Producer span shapes (otlp_shapes_test.go cites the sources):
		// Strands loop cycle and swarm, ADK-Go workflow nodes, pydantic-ai 2
		// names, OpenInference agent.name and CHAIN, OpenLIT operations and
		// gen_ai.content.* events, unknown operations, ADK placeholders.
		otlpTraces("strands-app",
			otlpSpan("00000000000000a1", "", "invoke_swarm", "", "gen_ai.operation.name", "invoke_swarm", "gen_ai.agent.name", "swarm"),
			otlpSpan("00000000000000a2", "00000000000000a1", "invoke_agent weather", "", "gen_ai.operation.name", "invoke_agent"),
			otlpSpan("00000000000000a3", "00000000000000a2", "execute_event_loop_cycle", "", "gen_ai.operation.name", "execute_event_loop_cycle"),
			otlpSpan("00000000000000a4", "00000000000000a3", "execute_tool handoff_to_agent", spanEvents([]string{"gen_ai.tool.message", "content", `{"agent_name":["x"]}`}, []string{"gen_ai.choice"}),
				"gen_ai.operation.name", "execute_tool", "gen_ai.tool.name", "handoff_to_agent")),
		otlpTraces("adk-go-app",
			otlpSpan("00000000000000d1", "", "invoke_workflow w", "", "gen_ai.operation.name", "invoke_workflow", "gen_ai.workflow.name", "w"),
			otlpSpan("00000000000000d2", "00000000000000d1", "invoke_node n", "", "gen_ai.operation.name", "invoke_node"),
			otlpSpan("00000000000000d3", "00000000000000d2", "invoke_agent ", "", "gen_ai.operation.name", "invoke_agent"),
			otlpSpan("00000000000000d4", "00000000000000d3", "generate_content m", "", "gen_ai.operation.name", "generate_content", "gen_ai.input.messages", "<elided>", "gen_ai.tool.call.id", "<not specified>")),
		otlpTraces("pyd-app",
			otlpSpan("00000000000000e1", "", "agent run", "", "agent_name", ""),
			otlpSpan("00000000000000e2", "00000000000000e1", "running tool", "", "gen_ai.tool.name", "lookup", "tool_arguments", "{", "tool_response", "N/A"),
			otlpSpan("00000000000000e3", "", "invoke_agent gpt-4o", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.request.model", "gpt-4o")),
		otlpTraces("oi-app",
			otlpSpan("00000000000000f1", "", "Agent", "", "openinference.span.kind", "AGENT", "agent.name", "p\x00"),
			otlpSpan("00000000000000f2", "00000000000000f1", "RunnableSequence", "", "openinference.span.kind", "CHAIN")),
		otlpTraces("openlit-app",
			otlpSpan("0000000000000101", "", "image dall-e", spanEvents([]string{"gen_ai.content.prompt", "gen_ai.prompt", "x"}, []string{"gen_ai.content.completion", "gen_ai.completion", ""}),
				"gen_ai.operation.name", "image", "gen_ai.request.model", "dall-e"),
			otlpSpan("0000000000000102", "", "execute_task t", "", "gen_ai.operation.name", "execute_task"),
			otlpSpan("0000000000000103", "", "weird_op", "", "gen_ai.operation.name", "weird_op"),
			otlpSpan("0000000000000104", "", "weird_op m", "", "gen_ai.operation.name", "\u0000", "gen_ai.request.model", "m")),
		`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"claude_code.tool_decision"},"attributes":[{"key":"source","value":{"kvlistValue":{}}}]},{"timeUnixNano":"18446744073709551615","eventName":"claude_code.api_request"}]}]}]}`,
	} {
		f.Add([]byte(s))
		f.Add([]byte(s + "\n" + s + "\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDocument(t, data, FormatOTLP)
	})
}
