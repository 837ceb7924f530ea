package auditlog

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDistinctTools: one agent calling n distinct ungranted tools, as a
// hostile or broken producer can log (issue 16). The cost per tool must not
// grow with n; the out-of-scope tool list was built with a linear search per
// tool (100,000 tools: 25.9 s of CPU, 7.2 s with a set).
func BenchmarkDistinctTools(b *testing.B) {
	for _, n := range []int{10_000, 40_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < n; i++ {
				fmt.Fprintf(&buf, `{"time":"2026-05-01T00:00:00Z","agent":"support-triage-agent","action":"tool_call","tool":"t%d"}`+"\n", i)
			}
			dir := b.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "t.jsonl"), buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			agents := northwind()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s, err := Analyze(context.Background(), []Source{{Path: "t.jsonl"}}, agents, Options{BaseDir: dir})
				if err != nil {
					b.Fatal(err)
				}
				if s.Events != int64(n) {
					b.Fatalf("%d events, want %d", s.Events, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/tool")
		})
	}
}
