package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// otlpLog writes one log record: event name, span id, body (an AnyValue,
// "" for none) and string attributes.
func otlpLog(name, span, body string, kv ...string) string {
	var a []string
	for i := 0; i+1 < len(kv); i += 2 {
		a = append(a, `{"key":"`+kv[i]+`","value":{"stringValue":`+jsonQuote(kv[i+1])+`}}`)
	}
	s := `{"timeUnixNano":"1776157200000000000","eventName":"` + name + `","traceId":"5b8efff798038103d269b633813fc60c"`
	if span != "" {
		s += `,"spanId":"` + span + `"`
	}
	if body != "" {
		s += `,"body":` + body
	}
	return s + `,"attributes":[` + strings.Join(a, ",") + `]}`
}

func otlpLogs(service string, records ...string) string {
	return `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"` + service + `"}}]},"scopeLogs":[{"logRecords":[` + strings.Join(records, ",") + `]}]}]}`
}

// kv is an AnyValue kvlist of string values (key, value pairs).
func kv(pairs ...string) string {
	var v []string
	for i := 0; i+1 < len(pairs); i += 2 {
		val := pairs[i+1]
		if !strings.HasPrefix(val, "{") {
			val = `{"stringValue":` + jsonQuote(val) + `}`
		}
		v = append(v, `{"key":"`+pairs[i]+`","value":`+val+`}`)
	}
	return `{"kvlistValue":{"values":[` + strings.Join(v, ",") + `]}}`
}

// TestOTLPContentLogRecordsJoinTheirSpan: GenAI content exported as log
// records of its own, written from the OpenTelemetry semantic conventions
// docs/gen-ai/gen-ai-events.md: v1.36.0 for the per-message events (body
// fields role, content, tool_calls[].function.arguments; gen_ai.choice body
// index, finish_reason, message; content only when capture is on) and
// v1.37.0+ (commit 00c5325) for gen_ai.client.inference.operation.details
// (gen_ai.operation.name required, gen_ai.input.messages /
// gen_ai.output.messages opt-in, structured on events). The log record
// carries the trace_id/span_id of its span; its content counts for that
// span's call, whichever file or order the span comes in, and with any
// worker count.
func TestOTLPContentLogRecordsJoinTheirSpan(t *testing.T) {
	traces := otlpTraces("chat-app",
		otlpSpan("00000000000000a1", "", "invoke_agent weather", "", "gen_ai.operation.name", "invoke_agent", "gen_ai.agent.name", "weather_agent"),
		// Three chat spans with no content of their own.
		otlpSpan("00000000000000a2", "00000000000000a1", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o"),
		otlpSpan("00000000000000a3", "00000000000000a1", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o"),
		otlpSpan("00000000000000a4", "00000000000000a1", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o"),
		// Its input only: the assistant's tool call and the tool's result.
		otlpSpan("00000000000000a5", "00000000000000a1", "chat gpt-4o", "", "gen_ai.operation.name", "chat", "gen_ai.request.model", "gpt-4o"))
	structured := `{"arrayValue":{"values":[{"kvlistValue":{"values":[{"key":"role","value":{"stringValue":"user"}}]}}]}}`
	logs := otlpLogs("chat-app",
		// a2: v1.36.0 per-message events, content captured.
		otlpLog("gen_ai.system.message", "00000000000000a2", kv("content", "You are a weather bot."), "gen_ai.system", "openai"),
		otlpLog("gen_ai.user.message", "00000000000000a2", kv("content", "Weather in Paris?"), "gen_ai.system", "openai"),
		otlpLog("gen_ai.choice", "00000000000000a2", kv("index", `{"intValue":"0"}`, "finish_reason", "stop", "message", kv("content", "Rainy, 57F")), "gen_ai.system", "openai"),
		// a3: the v1.37 event, structured content; it names its operation
		// but is the content of the span's call, not a second model call.
		`{"timeUnixNano":"1776157200000000000","eventName":"gen_ai.client.inference.operation.details","spanId":"00000000000000a3","attributes":[`+
			`{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},`+
			`{"key":"gen_ai.input.messages","value":`+structured+`},{"key":"gen_ai.output.messages","value":`+structured+`}]}`,
		// a4: capture off: the events come with role, index and tool call
		// names but no content, so a4 still misses its input and output.
		otlpLog("gen_ai.user.message", "00000000000000a4", kv("role", "user")),
		otlpLog("gen_ai.choice", "00000000000000a4", kv("index", `{"intValue":"0"}`, "finish_reason", "tool_calls",
			"message", kv("tool_calls", `{"arrayValue":{"values":[`+kv("id", "call_1", "type", "function", "function", kv("name", "get_weather"))+`]}}`))),
		// a5: the assistant's earlier tool call (arguments) and the tool
		// result are input; a5 misses its output only.
		otlpLog("gen_ai.assistant.message", "00000000000000a5", kv("tool_calls", `{"arrayValue":{"values":[`+kv("id", "call_1", "function", kv("name", "get_weather", "arguments", `{"location":"Paris"}`))+`]}}`)),
		otlpLog("gen_ai.tool.message", "00000000000000a5", kv("id", "call_1", "content", "rainy, 57F")),
		// No span anywhere has this ID: ignored with the reason.
		otlpLog("gen_ai.choice", "00000000000000ff", kv("message", kv("content", "orphan"))),
		// An operation.details record whose span is not exported is the call
		// itself, as it is when only logs are exported.
		`{"timeUnixNano":"1776157200000000000","eventName":"gen_ai.client.inference.operation.details","spanId":"00000000000000fe","attributes":[`+
			`{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o-mini"}},`+
			`{"key":"gen_ai.agent.name","value":{"stringValue":"weather_agent"}},{"key":"gen_ai.input.messages","value":`+structured+`}]}`)
	joined := "GenAI content event joined to its span (counted for that call): "
	wantReasons := []model.NameCount{
		{Name: "GenAI content event as a log record, not joined (no span with its spanId): gen_ai.choice", Count: 1},
		{Name: joined + "gen_ai.assistant.message", Count: 1},
		{Name: joined + "gen_ai.choice", Count: 2},
		{Name: joined + "gen_ai.client.inference.operation.details", Count: 1},
		{Name: joined + "gen_ai.system.message", Count: 1},
		{Name: joined + "gen_ai.tool.message", Count: 1},
		{Name: joined + "gen_ai.user.message", Count: 2},
	}
	type got struct {
		TraceEvents, LogEvents, LogIgnored, LogRecords int64
		Reasons                                        []model.NameCount
		Models                                         []model.NameCount
		MissingIn, MissingOut                          int64
	}
	want := got{TraceEvents: 5, LogEvents: 1, LogIgnored: 9, LogRecords: 10, Reasons: wantReasons,
		Models:    []model.NameCount{{Name: "gpt-4o", Count: 4}, {Name: "gpt-4o-mini", Count: 1}},
		MissingIn: 1, MissingOut: 3, // a4 both; a5 and the gpt-4o-mini record (input only) output
	}
	dir := t.TempDir()
	write(t, dir, "traces.jsonl", []byte(traces+"\n"))
	write(t, dir, "logs.jsonl", []byte(logs+"\n"))
	agents := []*model.Agent{{ID: "agt-w", Lifecycle: "deployed", Identities: []string{"weather_agent"},
		Logging: model.Logging{Inputs: true, Outputs: true}}}
	for _, order := range [][]string{{"traces.jsonl", "logs.jsonl"}, {"logs.jsonl", "traces.jsonl"}} {
		for _, workers := range []int{1, 4} {
			s := analyze(t, dir, agents, Options{Workers: workers}, order...)
			var g got
			for _, f := range s.Files {
				if strings.HasPrefix(f.Path, "traces") {
					g.TraceEvents = f.Events
					if f.Ignored != 0 || f.Skipped != 0 {
						t.Errorf("%v workers %d: traces ignored %d skipped %d", order, workers, f.Ignored, f.Skipped)
					}
					continue
				}
				g.LogEvents, g.LogIgnored, g.LogRecords, g.Reasons = f.Events, f.Ignored, f.Records, f.IgnoredReasons
			}
			if len(s.Agents) != 1 || len(s.Shadow) != 0 {
				t.Fatalf("%v workers %d: agents %+v shadow %+v", order, workers, s.Agents, s.Shadow)
			}
			a := s.Agents[0]
			g.Models, g.MissingIn, g.MissingOut = a.Models, a.MissingInputs, a.MissingOutputs
			if d := cmp.Diff(want, g, cmpopts.SortSlices(func(a, b model.NameCount) bool { return a.Name < b.Name })); d != "" {
				t.Errorf("%v workers %d (-want +got):\n%s", order, workers, d)
			}
		}
	}
}

// TestOTLPContentWaitIsBounded: content records whose span has not come yet
// wait, at most maxWaitingContent of them; one more is ignored with its
// reason at once, joined records free their places, and every record is
// accounted for exactly once (joined, overflow or not joined at the end).
func TestOTLPContentWaitIsBounded(t *testing.T) {
	reasons := map[string]int{}
	notes := 0
	s := &otlpState{index: newSpanIndex(maxSpanIndex), waiting: map[uint64][]*contentRec{},
		ignore: func(_ int32, r string) { reasons[r]++ },
		note:   func([]byte, uint8) { notes++ }}
	for i := 1; i <= maxWaitingContent+1; i++ {
		s.joinContent(&contentRec{span: uint64(i), bits: hasIn, name: "gen_ai.user.message"})
	}
	// The first span comes: its record joins and frees a place.
	s.remember(1, spanRef{})
	s.joinContent(&contentRec{span: uint64(maxWaitingContent + 2), bits: hasOut, name: "gen_ai.choice"})
	s.finish()
	want := map[string]int{
		"GenAI content event as a log record, more GenAI content events waiting for their span than aims keeps: gen_ai.user.message": 1,
		"GenAI content event joined to its span (counted for that call): gen_ai.user.message":                                        1,
		"GenAI content event as a log record, not joined (no span with its spanId): gen_ai.user.message":                             maxWaitingContent - 1,
		"GenAI content event as a log record, not joined (no span with its spanId): gen_ai.choice":                                   1,
	}
	if d := cmp.Diff(want, reasons); d != "" || notes != 1 {
		t.Errorf("notes %d (want 1), reasons (-want +got):\n%s", notes, d)
	}
	if len(s.waiting) != 0 || s.waitOrder != nil {
		t.Errorf("waiting %d, order %d after finish", len(s.waiting), len(s.waitOrder))
	}
}
