package auditlog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// benchLine is a typical native event (about 300 bytes, as aims-loggen writes).
const benchLine = `{"time":"2026-01-01T00:00:44.407Z","agent":"agt-002","actor":"user-28","action":"tool.call","tool":"search_kb","operation":"create","resource":"/data/search_kb/item","data_categories":["customer-contact"],"outcome":"success","request_id":"req-000000000002","input":"{\"id\":\"APP-2026-0412\"}","output":"ok"}`

func benchAgents() []*model.Agent {
	as := northwind()
	for _, a := range as {
		a.Data = []model.DataAccess{{Source: "crm", Categories: []string{"customer-contact"}}}
		a.Logging = model.Logging{Inputs: true, Outputs: true}
		a.Oversight = model.Oversight{HumanReview: []string{"update"}}
	}
	return as
}

// BenchmarkNativeLine measures scanning and aggregating one line on one core
// through the fast path; the goal is 0 allocations per line.
func BenchmarkNativeLine(b *testing.B) {
	an := newAnalysis(benchAgents(), Options{}, model.DefaultThresholds())
	g := newAgg(an)
	var ev event
	var sc []byte
	line := []byte(benchLine)
	b.SetBytes(int64(len(line) + 1))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ev.reset()
		if !scanNative(line, &ev, &sc) {
			b.Fatal("fast path declined the line")
		}
		g.add(&ev)
	}
}

// BenchmarkNativeLineFastjson is the same through fastjson, the fallback.
func BenchmarkNativeLineFastjson(b *testing.B) {
	an := newAnalysis(benchAgents(), Options{}, model.DefaultThresholds())
	g := newAgg(an)
	var p fastjson.Parser
	var ev event
	line := []byte(benchLine)
	b.SetBytes(int64(len(line) + 1))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v, err := p.ParseBytes(line)
		if err != nil {
			b.Fatal(err)
		}
		ev.reset()
		if err := decodeNative(v, &ev); err != nil {
			b.Fatal(err)
		}
		g.add(&ev)
	}
}

// BenchmarkAnalyzeJSONL measures the whole pipeline on a generated file.
func BenchmarkAnalyzeJSONL(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var size int64
	for i := 0; size < 32<<20; i++ {
		t := start.Add(time.Duration(i) * 7 * time.Second).Format(time.RFC3339)
		agent := []string{"agt-001", "agt-002", "agt-003", "svc-x"}[i%4]
		tool := []string{"fetch_application", "search_kb", "generate_report", "update_core_banking"}[i%4]
		n, _ := fmt.Fprintf(f, `{"time":%q,"agent":%q,"actor":"user-%d","action":"tool.call","tool":%q,"operation":"update","resource":"/data/x","data_categories":["customer-contact"],"outcome":"success","request_id":"req-%d","input":"x","output":"y"}`+"\n", t, agent, i%50, tool, i)
		size += int64(n)
	}
	f.Close()
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Analyze(context.Background(), []Source{{Path: path}}, benchAgents(), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanNative measures the fast scanner alone on one line.
func BenchmarkScanNative(b *testing.B) {
	var ev event
	var sc []byte
	line := []byte(benchLine)
	b.SetBytes(int64(len(line) + 1))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ev.reset()
		if !scanNative(line, &ev, &sc) {
			b.Fatal("fast path declined the line")
		}
	}
}
