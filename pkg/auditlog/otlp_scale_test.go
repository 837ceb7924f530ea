package auditlog

import (
	"bufio"
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/valyala/fastjson"
)

// otlpBatch is one TracesData with n spans: invoke_agent parents, each
// followed (or, with childFirst, preceded) by an execute_tool child, as the
// Collector's file exporter writes them (issue 16: 4,000 spans in a line).
func otlpBatch(n int, childFirst bool) []byte {
	var b bytes.Buffer
	b.WriteString(`{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[`)
	for i := 0; i < n/2; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		p, c := fmt.Sprintf("%016x", 2*i+2), fmt.Sprintf("%016x", 2*i+3)
		agent := fmt.Sprintf(`{"spanId":"%s","name":"invoke_agent a","startTimeUnixNano":"1776157200000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"agt-%d"}}]}`, p, i%50)
		tool := fmt.Sprintf(`{"spanId":"%s","parentSpanId":"%s","name":"execute_tool x","startTimeUnixNano":"1776157200000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"tool%d"}}]}`, c, p, i%20)
		if childFirst {
			agent, tool = tool, agent
		}
		b.WriteString(agent + ",\n" + tool)
	}
	b.WriteString("]}]}]}")
	return b.Bytes()
}

// readOTLPDocument reads data the way Analyze reads a document file (the
// splitter and the line locator): the path where spans-per-record cost grew.
func readOTLPDocument(tb testing.TB, an *analysis, data []byte) int64 {
	g := newAgg(an)
	st := newOTLPState(g)
	var p fastjson.Parser
	sp := &splitter{r: bufio.NewReader(bytes.NewReader(data)), max: an.th.MaxRecordBytes,
		bad: func(line int64, reason string) { g.badRecord(0, line, reason) }}
	sp.record = func(key string, raw []byte, line int64) {
		v, err := p.ParseBytes(raw)
		if err != nil {
			tb.Fatal(err)
		}
		st.record(v, key, 0, line, newLineLocator(raw, line).lineOf)
	}
	_ = sp.run()
	st.finish()
	return g.file(0).events
}

// TestOTLPLinearInSpansPerRecord: a 4,000-span record costs about what 40
// records of 100 spans cost, per span (it was 170x before the line locator
// searched forward). The bound is loose (4x) so a busy machine cannot fail it.
func TestOTLPLinearInSpansPerRecord(t *testing.T) {
	an := otlpScaleAnalysis()
	perSpan := func(n int) time.Duration {
		data := otlpBatch(n, true)
		best := time.Duration(1 << 62)
		for r := 0; r < 3; r++ {
			start := time.Now()
			total := int64(0)
			for i := 0; i < 4000/n; i++ {
				total += readOTLPDocument(t, an, data)
			}
			if total != 4000 {
				t.Fatalf("%d events, want 4000", total)
			}
			best = min(best, time.Since(start))
		}
		return best / 4000
	}
	small, large := perSpan(100), perSpan(4000)
	t.Logf("per span: %v at 100 spans a record, %v at 4000", small, large)
	if large > 4*small {
		t.Errorf("per-span cost at 4000 spans a record is %.1fx that at 100: not linear", float64(large)/float64(small))
	}
}

// TestOTLPLineLocator: spans get their own line in a pretty-printed
// document, and a probe that is absent keeps the last line found.
func TestOTLPLineLocator(t *testing.T) {
	raw := []byte("{\n\"spanId\":\"aa\"\n,\n\"spanId\":\"bb\"\n}")
	l := newLineLocator(raw, 10)
	for _, c := range []struct {
		id   string
		want int64
	}{{"aa", 11}, {"zz", 11}, {"bb", 13}, {"aa", 13}} {
		if got := l.lineOf([]byte(c.id)); got != c.want {
			t.Errorf("lineOf(%q) = %d, want %d", c.id, got, c.want)
		}
	}
}

func BenchmarkOTLPSpansPerRecord(b *testing.B) {
	an := otlpScaleAnalysis()
	for _, n := range []int{100, 4000} {
		data := otlpBatch(n, true)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				readOTLPDocument(b, an, data)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/span")
		})
	}
}

func otlpScaleAnalysis() *analysis {
	an := fuzzAnalysis()
	an.th.MaxRecordBytes = 1 << 30
	return an
}
