package auditlog

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// The fuzz targets feed arbitrary bytes through each reader, the way Analyze
// does, with the Northwind agents, and check that nothing panics and that
// every record is either an event or a counted bad record.

func seed(f *testing.F, name string) {
	data, err := os.ReadFile(filepath.Join("testdata", "samples", name))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	// Each line alone, and a truncated copy, as seeds of their own.
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(line) > 0 && len(line) < 4096 {
			f.Add(line)
		}
	}
	f.Add(data[:len(data)/2])
}

func fuzzAnalysis() *analysis {
	return newAnalysis(benchAgents(), Options{}, model.Thresholds{MaxRecordBytes: 1 << 16, LogGapHours: 1})
}

// fuzzLines runs the JSON Lines path of one stateless format.
func fuzzLines(t *testing.T, data []byte, format string) {
	an := fuzzAnalysis()
	g := newAgg(an)
	r := &run{an: an, th: an.th}
	var w wstate
	r.parseChunk(g, &w, job{data: data, file: 0, line: 1, lf: lookupFormat(format)})
	fuzzFinish(t, g, an)
}

// fuzzDocument runs the document path (splitter) of one format.
func fuzzDocument(t *testing.T, data []byte, format string) {
	an := fuzzAnalysis()
	g := newAgg(an)
	var p fastjson.Parser
	var ev event
	r := &run{an: an, th: an.th}
	st := newOTLPState(g)
	sp := &splitter{r: bufio.NewReader(bytes.NewReader(data)), max: an.th.MaxRecordBytes,
		bad: func(line int64, reason string) { g.badRecord(0, line, reason) }}
	sp.record = func(key string, raw []byte, line int64) {
		v, err := p.ParseBytes(raw)
		if err != nil {
			g.badRecord(0, line, jsonReason(err))
			return
		}
		if format == FormatOTLP {
			st.record(v, key, 0, line, func(id []byte) int64 { return line })
			return
		}
		r.decode(g, &ev, v, lookupFormat(format), 0, line)
	}
	_ = sp.run()
	st.finish()
	fuzzFinish(t, g, an)
}

func fuzzFinish(t *testing.T, g *agg, an *analysis) {
	g.finishReviews()
	files := []*inputFile{{display: "fuzz"}}
	s := summarize(g, files, []model.LogFile{{Path: "fuzz"}}, an)
	for _, f := range s.Findings {
		if f.Check == "" || f.Control == "" || f.Severity == "" {
			t.Fatalf("incomplete finding %+v", f)
		}
	}
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(benchLine))
	f.Add([]byte(`{"time":"2026-02-30T00:00:00Z","agent":"a"}` + "\n" + `{"time":1776157202100,"agent":"agt-001","action":"human.review","outcome":"denied","request_id":"r1","tool":"x"}` + "\n\xff\n"))
	// Hostile seeds: repeated keys (plain, escaped, past 16 keys), times out
	// of range or out of int64.
	for _, s := range []string{
		`{"time":"2026-04-14T09:00:00Z","agent":"agt-001","agent":"shadow"}`,
		`{"time":"2026-04-14T09:00:00Z","agent":"agt-001","\u0061gent":"shadow"}`,
		`{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":1,"o":1,"p":1,"q":1,"a":2,"time":"2026-04-14T09:00:00Z","agent":"x"}`,
		`{"time":"0001-01-01T00:00:00Z","agent":"a"}`,
		`{"time":"9999-12-31T23:59:59-23:59","agent":"a"}`,
		`{"time":1e300,"agent":"a"}`,
		`{"time":-9.3e18,"agent":"a"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLines(t, data, FormatJSONL)
		fuzzDocument(t, data, FormatJSONL)
		_, _, _ = detect(data, FormatAuto, "fuzz.jsonl")
	})
}

func FuzzOCSF(f *testing.F) {
	seed(f, "ocsf-api-activity.jsonl")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLines(t, data, FormatOCSF)
	})
}

func FuzzCloudTrail(f *testing.F) {
	seed(f, "cloudtrail-bedrock.json")
	f.Add([]byte(`{"eventTime":"2026-04-14T09:00:00Z","eventSource":"bedrock-agentcore.amazonaws.com","eventName":"InvokeGateway","additionalEventData":{"jwt":{"claims":{"sub":7}}},` +
		`"requestParameters":{"body":{"method":"tools/call","params":{"name":[]}}},"responseElements":{"statusCode":"403","body":{"error":{"code":-32001,"message":"Unauthorized"}}}}`))
	// A Bedrock model invocation log record and a digest file, read by the same format.
	f.Add([]byte(`{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2026-04-14T09:00:00Z","identity":{"arn":"arn:aws:sts::1:assumed-role/r/"},` +
		`"requestId":"r","operation":"Converse","modelId":"m","input":{"inputBodyJson":{}},"errorCode":"AccessDeniedException"}`))
	f.Add([]byte(`{"digestStartTime":"2026-04-14T09:00:00Z","logFiles":[{"s3Object":"x"}]}`))
	f.Add([]byte(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"{\"eventSource\":\"bedrock.amazonaws.com\",\"eventTime\":7}"},{"message":7}]}` + "\n" +
		`{"messageType":"CONTROL_MESSAGE","logEvents":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDocument(t, data, FormatCloudTrail)
		fuzzLines(t, data, FormatCloudTrail)
	})
}

func FuzzOTLP(f *testing.F) {
	seed(f, "otel-genai-otlp.jsonl")
	seed(f, "otel-genai-otlp.json")
	seed(f, "claude-code-logs.jsonl")
	// An aws/spans record (flat attribute maps, string kind and status).
	f.Add([]byte(`{"resource":{"attributes":{"service.name":"a","n":null,"l":[1,"x",{"k":true}]}},"traceId":"t","spanId":"s1","name":"execute_tool x",` +
		`"kind":"CLIENT","startTimeUnixNano":1776157200000000000,"attributes":{"gen_ai.tool.name":"x\u0000\"","gen_ai.operation.name":"execute_tool","f":1.5},` +
		`"status":{"code":"ERROR","message":"denied"},"events":[{"name":"gen_ai.choice","timeUnixNano":"1","attributes":{"message":"[]"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzDocument(t, data, FormatOTLP)
	})
}

func FuzzCSV(f *testing.F) {
	seed(f, "native.csv")
	seed(f, "ocsf-flat.csv")
	// Hostile seeds: stray quotes of each kind, an open quote to the end,
	// CRLF inside quotes, an oversized line, a quote open past the limit.
	const h = "time,agent,tool\n"
	for _, s := range []string{
		h + "2026-04-14T09:00:00Z,agt-001,a\"b\n2026-04-14T09:00:01Z,agt-001,c\n",
		h + "2026-04-14T09:00:00Z,agt-001,\"a\"b\n",
		h + "2026-04-14T09:00:00Z,agt-001,\"open\n2026-04-14T09:00:01Z,agt-001,c\n",
		h + "2026-04-14T09:00:00Z,agt-001,\"a\r\nb\"\"c\"\r\n",
		h + "2026-04-14T09:00:00Z,agt-001," + strings.Repeat("x", 70000) + "\n2026-04-14T09:00:01Z,agt-001,c\n",
		h + "2026-04-14T09:00:00Z,agt-001,\"" + strings.Repeat("x\n", 40000),
		"\"time\nagent\",tool\n1,2\n",
		h + "0001-01-01T00:00:00Z,agt-001,c\n",
		"time,agent,tool,outcome,status_code,error\n2026-04-14T09:00:00Z,a,t,,403,\n2026-04-14T09:00:00Z,a,t,failure,x,Forbidden\n2026-04-14T09:00:00Z,a,t,success,99999999999999999,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		an := fuzzAnalysis()
		g := newAgg(an)
		_ = readCSV(bytes.NewReader(data), 0, nil, an.th.MaxRecordBytes, g.add, g.badRecordAt)
		_ = readCSV(bytes.NewReader(data), 0, map[string]string{"agent": "app", "time": "ts"}, an.th.MaxRecordBytes, g.add, g.badRecordAt)
		fuzzFinish(t, g, an)
		// The parallel reader, in small chunks, reads what readCSV reads.
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want := csvTestAnalyze(t, path, false, 1, 0, 1024)
		if d := cmp.Diff(want, csvTestAnalyze(t, path, true, 2, 61, 1024)); d != "" {
			t.Fatalf("parallel differs from sequential (-want +got):\n%s", d)
		}
	})
}
