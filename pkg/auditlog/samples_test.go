package auditlog

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestFindingSamples: a log finding is data: tool, operation, first and last time, and up to
// model.MaxSamples cited records (the first ones in file order, whatever the
// worker count), the first of them its location. Native JSON Lines (docs/contract.md §2).
func TestFindingSamples(t *testing.T) {
	var lines []string
	for i := 0; i < 9; i++ {
		ts := time.Date(2026, 4, 3, 10, 8-i, 0, 0, time.UTC).Format(time.RFC3339) // newest first
		lines = append(lines, ev(ts, "a", "tool.call", "mcp__crm__export", "delete", "success", ""))
	}
	dir := t.TempDir()
	write(t, dir, "e.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	agents := []*model.Agent{{ID: "a", Tools: []model.Grant{{Name: "mcp__crm__export", Operations: []string{"read"}}}}}
	var want []model.Sample
	for l := 1; l <= model.MaxSamples; l++ {
		want = append(want, model.Sample{Pos: model.Pos{File: "e.jsonl", Line: l}})
	}
	for _, workers := range []int{1, 2, 8} {
		s := analyze(t, dir, agents, Options{Workers: workers}, "e.jsonl")
		var f *model.Finding
		for i := range s.Findings {
			if s.Findings[i].Check == CheckOpOutOfScope {
				f = &s.Findings[i]
			}
		}
		if f == nil {
			t.Fatalf("workers %d: no %s finding in %+v", workers, CheckOpOutOfScope, s.Findings)
		}
		if f.Target != "crm" || f.Tool != "export" || f.Operation != "delete" || f.Count != 9 {
			t.Errorf("workers %d: target %q tool %q operation %q count %d, want crm export delete 9", workers, f.Target, f.Tool, f.Operation, f.Count)
		}
		if first, last := time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC), time.Date(2026, 4, 3, 10, 8, 0, 0, time.UTC); !f.First.Equal(first) || !f.Last.Equal(last) {
			t.Errorf("workers %d: first %s last %s, want %s and %s", workers, f.First, f.Last, first, last)
		}
		if d := cmp.Diff(want, f.Samples); d != "" {
			t.Errorf("workers %d: samples (-want +got):\n%s", workers, d)
		}
	}
}
