package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// A Strands agent on AgentCore Runtime, its spans as CloudWatch keeps them
// in aws/spans (CloudWatch User Guide, "Transaction Search" and "Spans":
// one span a log event, OpenTelemetry's span model with flat attribute
// maps, string kinds and status codes). Strands' spans follow
// strands-agents/sdk-python telemetry/tracer.py: invoke_agent NAME,
// chat, execute_tool NAME. The same spans written as OTLP TracesData must
// give the same analysis: the flat record is only another encoding.
func TestAWSSpansRecords(t *testing.T) {
	type span struct {
		id, parent, name, kind, status string
		attrs                          map[string]string
	}
	spans := []span{
		{"a1a1a1a1a1a1a1a1", "", "invoke_agent claims_agent", "SERVER", "UNSET", map[string]string{
			"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "claims_agent", "gen_ai.system": "strands-agents"}},
		{"b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1", "chat", "CLIENT", "UNSET", map[string]string{
			"gen_ai.operation.name": "chat", "gen_ai.request.model": "us.anthropic.claude-sonnet-4-20250514-v1:0", "gen_ai.system": "strands-agents"}},
		{"c3c3c3c3c3c3c3c3", "a1a1a1a1a1a1a1a1", "execute_tool lookup_policy", "INTERNAL", "OK", map[string]string{
			"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_policy", "gen_ai.tool.call.id": "tooluse_1", "gen_ai.tool.status": "success"}},
		{"d4d4d4d4d4d4d4d4", "a1a1a1a1a1a1a1a1", "execute_tool pay_claim", "INTERNAL", "ERROR", map[string]string{
			"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "pay_claim", "gen_ai.tool.call.id": "tooluse_2", "gen_ai.tool.status": "error"}},
	}
	flat := func(s span) string {
		var a []string
		for k, v := range s.attrs {
			a = append(a, jsonQuote(k)+":"+jsonQuote(v))
		}
		a = append(a, `"aws.local.service":"claims_agent.DEFAULT"`, `"gen_ai.usage.input_tokens":412`)
		parent := ""
		if s.parent != "" {
			parent = `"parentSpanId":"` + s.parent + `",`
		}
		return `{"resource":{"attributes":{"service.name":"claims_agent.DEFAULT","cloud.platform":"aws_bedrock_agentcore","telemetry.sdk.version":"1.33.0"}},` +
			`"scope":{"name":"strands.telemetry.tracer"},"traceId":"68f0a1b2c3d4e5f60718293a4b5c6d7e","spanId":"` + s.id + `",` + parent +
			`"flags":256,"name":` + jsonQuote(s.name) + `,"kind":"` + s.kind + `","startTimeUnixNano":` + "1776157200000000000" +
			`,"endTimeUnixNano":1776157201000000000,"durationNano":1000000000,"attributes":{` + strings.Join(a, ",") + `},"status":{"code":"` + s.status + `"}}`
	}
	otlp := func(s span) string {
		var kv []string
		for k, v := range s.attrs {
			kv = append(kv, k, v)
		}
		kv = append(kv, "aws.local.service", "claims_agent.DEFAULT")
		code := map[string]string{"UNSET": "0", "OK": "1", "ERROR": "2"}[s.status]
		return otlpTraces("claims_agent.DEFAULT", otlpSpan(s.id, s.parent, s.name, `,"status":{"code":`+code+`}`, kv...))
	}
	var flatLines, otlpLines []string
	for _, s := range spans {
		flatLines = append(flatLines, flat(s))
		otlpLines = append(otlpLines, otlp(s))
	}
	agents := []*model.Agent{{ID: "claims", Lifecycle: "deployed", Identities: []string{"claims_agent"},
		Tools:   []model.Grant{{Name: "lookup_policy"}, {Name: "pay_claim"}},
		Model:   model.Model{Allowed: []string{"anthropic.claude-sonnet-4*"}},
		Logging: model.Logging{Actions: true}}}
	summarise := func(name, data string) *model.LogSummary {
		dir := t.TempDir()
		write(t, dir, name, []byte(data))
		return analyze(t, dir, agents, Options{}, name)
	}
	want := summarise("otlp.jsonl", strings.Join(otlpLines, "\n")+"\n")
	if want.Files[0].Events != 4 || want.Agents[0].Errors != 1 {
		t.Fatalf("OTLP reference: events %d errors %d, want 4 (invocation, model call, two tool calls) and 1", want.Files[0].Events, want.Agents[0].Errors)
	}
	ignore := cmpopts.IgnoreFields(model.LogFile{}, "Path", "Bytes", "SHA256", "Errors")
	for name, data := range map[string]string{
		"aws-spans.jsonl": strings.Join(flatLines, "\n") + "\n",
		"aws-spans.json":  "[\n" + strings.Join(flatLines, ",\n") + "\n]\n",
	} {
		got := summarise(name, data)
		if d := cmp.Diff(want.Files, got.Files, ignore); d != "" {
			t.Errorf("%s: files (-otlp +aws/spans):\n%s", name, d)
		}
		if d := cmp.Diff(want.Agents, got.Agents); d != "" {
			t.Errorf("%s: agents (-otlp +aws/spans):\n%s", name, d)
		}
		var wf, gf []string
		for _, f := range want.Findings {
			wf = append(wf, f.Check+" "+f.Message)
		}
		for _, f := range got.Findings {
			gf = append(gf, f.Check+" "+f.Message)
		}
		if d := cmp.Diff(wf, gf); d != "" {
			t.Errorf("%s: findings (-otlp +aws/spans):\n%s", name, d)
		}
	}
}
