package auditlog

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// otlpCrossChunkFile writes an OTLP JSON Lines file of several parse chunks
// in the Collector file exporter's shape (one TracesData a line; OTLP/JSON
// encoding of opentelemetry-proto v1.3: hex span IDs, nanosecond strings)
// where every tool span's parent invoke_agent span is on the line before it
// or, for every third line, on the line after it (the exporter does not
// order spans), so attribution crosses chunk boundaries in both directions.
// Every 97th line is truncated JSON (a skip at its line), every 7th holds
// a span without a GenAI operation (an ignore) and line 5 is over the
// record limit. It returns the lines of the truncated records.
func otlpCrossChunkFile(minBytes int, maxRec int64) (string, []int64) {
	var b strings.Builder
	var bad []int64
	span := func(id, parent, name, attrs string) string {
		p := ""
		if parent != "" {
			p = `"parentSpanId":"` + parent + `",`
		}
		return `{"traceId":"5b8aa5a2d2c872e8321cf37308d69df2","spanId":"` + id + `",` + p + `"name":"` + name + `","startTimeUnixNano":"1776157200000000000","attributes":[` + attrs + `]}`
	}
	attr := func(k, v string) string { return `{"key":"` + k + `","value":{"stringValue":"` + v + `"}}` }
	id := func(line, j int, kind int) string { return fmt.Sprintf("%08x%06x%02x", line, j, kind) }
	const perLine = 24
	for line := 1; b.Len() < minBytes; line++ {
		switch {
		case line == 5:
			b.WriteString(`{"resourceSpans":[` + strings.Repeat(" ", int(maxRec)) + "]}\n")
			continue
		case line%97 == 0:
			b.WriteString(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":` + "\n")
			bad = append(bad, int64(line))
			continue
		}
		var spans []string
		for j := 0; j < perLine; j++ {
			agent := fmt.Sprintf("agt-00%d", 1+(line+j)%3)
			spans = append(spans, span(id(line, j, 1), "", "invoke_agent "+agent, attr("gen_ai.operation.name", "invoke_agent")+","+attr("gen_ai.agent.name", agent)))
			parentLine := line - 1
			if line%3 == 0 {
				parentLine = line + 1
			}
			tool := []string{"fetch_application", "search_kb", "generate_report", "update_core_banking"}[(line*perLine+j)%4]
			spans = append(spans, span(id(line, j, 2), id(parentLine, j, 1), "execute_tool "+tool, attr("gen_ai.operation.name", "execute_tool")+","+attr("gen_ai.tool.name", tool)+","+attr("gen_ai.tool.call.id", fmt.Sprintf("call-%d-%d", line, j))))
		}
		if line%7 == 0 {
			// Distinct names: past maxIgnoreReasons they count as "other",
			// so which ones are named depends on the order of the records.
			spans = append(spans, span(id(line, 99, 3), "", fmt.Sprintf("HTTP GET /p%d", line), attr("http.method", "GET")))
		}
		b.WriteString(`{"resourceSpans":[{"resource":{"attributes":[` + attr("service.name", "platform") + `]},"scopeSpans":[{"spans":[` + strings.Join(spans, ",") + "]}]}]}\n")
	}
	return b.String(), bad
}

// TestOTLPParallelDeterministic: OTLP chunks are parsed by the workers and
// their steps replayed in file order, so the summary is byte-identical with
// 1, 2 and 8 workers, tool spans are attributed to the agent of a parent in
// another chunk, and skips (file:line) and ignores are all counted.
func TestOTLPParallelDeterministic(t *testing.T) {
	dir := t.TempDir()
	th := model.Thresholds{MaxRecordBytes: 1 << 16}
	data, bad := otlpCrossChunkFile(4*chunkSize, th.MaxRecordBytes)
	write(t, dir, "a.jsonl", []byte(data))
	write(t, dir, "b.jsonl", []byte(data)) // a second file: the span index spans files
	var want []byte
	for _, w := range []int{1, 2, 8} {
		s := analyze(t, dir, benchAgents(), Options{Workers: w, Thresholds: th}, "a.jsonl", "b.jsonl")
		got, _ := json.MarshalIndent(s, "", " ")
		if want == nil {
			want = got
			checkCrossChunk(t, s, bad)
			continue
		}
		if d := cmp.Diff(string(want), string(got)); d != "" {
			t.Fatalf("workers=%d differs from workers=1:\n%s", w, d)
		}
	}
}

func checkCrossChunk(t *testing.T, s *model.LogSummary, bad []int64) {
	t.Helper()
	f := s.Files[0]
	if f.Format != FormatOTLP {
		t.Fatalf("format %q", f.Format)
	}
	// Every bad line, the over-long one first, at its own line.
	wantLines := append([]int64{5}, bad...)
	if len(wantLines) > maxRecordErrors {
		wantLines = wantLines[:maxRecordErrors]
	}
	var gotLines []int64
	for _, e := range f.Errors {
		gotLines = append(gotLines, int64(e.Location.Line))
	}
	if d := cmp.Diff(wantLines, gotLines); d != "" {
		t.Errorf("error lines (-want +got):\n%s", d)
	}
	if f.Skipped != int64(1+len(bad)) {
		t.Errorf("skipped %d, want %d", f.Skipped, 1+len(bad))
	}
	if f.Records != f.Events+f.Skipped+f.Ignored {
		t.Errorf("records %d != events %d + skipped %d + ignored %d", f.Records, f.Events, f.Skipped, f.Ignored)
	}
	if f.Ignored < maxIgnoreReasons+1 || len(f.IgnoredReasons) != maxIgnoreReasons+1 {
		t.Errorf("%d ignored under %d reasons, want more than %d reasons folded", f.Ignored, len(f.IgnoredReasons), maxIgnoreReasons)
	}
	// Tool spans whose parent is known are attributed to inventory agents:
	// only children of a parent on a skipped line fall back to the service.
	var tools int64
	for _, a := range s.Agents {
		for _, tl := range a.Tools {
			tools += tl.Count
		}
	}
	if tools < f.Events/2-int64(48*(len(bad)+1)) {
		t.Errorf("%d tool calls attributed to agents of %d events: parents across chunks were lost", tools, f.Events)
	}
}

// TestAddIgnoredOrderFree: the named reasons and "other" come out the same
// whatever order reasons arrive in, one by one or as merged partial maps.
func TestAddIgnoredOrderFree(t *testing.T) {
	var reasons []string
	for i := 0; i < 3*maxIgnoreReasons; i++ {
		reasons = append(reasons, fmt.Sprintf("span without a GenAI operation: r%03d", (i*37)%(2*maxIgnoreReasons)))
	}
	one := map[string]int64{}
	for _, r := range reasons {
		addIgnored(one, r, 1)
	}
	rev := map[string]int64{}
	for i := len(reasons) - 1; i >= 0; i-- {
		addIgnored(rev, reasons[i], 1)
	}
	a, b, merged := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for i, r := range reasons {
		addIgnored([]map[string]int64{a, b}[i%2], r, 1)
	}
	for _, m := range []map[string]int64{b, a} {
		for r, n := range m {
			addIgnored(merged, r, n)
		}
	}
	if len(one) != maxIgnoreReasons+1 || one["other"] != int64(len(reasons))-int64(3*maxIgnoreReasons/2) {
		t.Errorf("%d reasons, other %d", len(one), one["other"])
	}
	if d := cmp.Diff(one, rev); d != "" {
		t.Errorf("reversed order differs:\n%s", d)
	}
	if d := cmp.Diff(one, merged); d != "" {
		t.Errorf("merged halves differ:\n%s", d)
	}
}
