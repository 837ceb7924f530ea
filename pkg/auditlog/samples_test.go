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

// TestFindingRecords: with Options.Records a log finding keeps the first
// that many records behind it, by file and line, for the pack's excerpts
// (issue 13); its samples stay the first model.MaxSamples of them. The
// offending calls are spread over a file of several parallel chunks, so
// that the kept records come from different workers and must still be the
// smallest. Native JSON Lines (docs/contract.md §2).
func TestFindingRecords(t *testing.T) {
	const every, total = 97, 40000 // every 97th call is out of scope
	var b strings.Builder
	var offending []int
	ts := time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC).Format(time.RFC3339)
	for l := 1; l <= total; l++ {
		op := "read"
		if l%every == 1 {
			op = "delete"
			offending = append(offending, l)
		}
		b.WriteString(ev(ts, "a", "tool.call", "mcp__crm__export", op, "success", "", "pad", strings.Repeat("x", 40)) + "\n")
	}
	if b.Len() < 3*chunkSize {
		t.Fatalf("test file of %d bytes spans fewer than 3 chunks", b.Len())
	}
	dir := t.TempDir()
	write(t, dir, "e.jsonl", []byte(b.String()))
	agents := []*model.Agent{{ID: "a", Tools: []model.Grant{{Name: "mcp__crm__export", Operations: []string{"read"}}}}}
	for _, tc := range []struct {
		records, want int
	}{{0, model.MaxSamples}, {3, model.MaxSamples}, {20, 20}, {1000, len(offending)}} {
		var want []model.Sample
		for _, l := range offending[:tc.want] {
			want = append(want, model.Sample{Pos: model.Pos{File: "e.jsonl", Line: l}})
		}
		for _, workers := range []int{1, 4} {
			s := analyze(t, dir, agents, Options{Workers: workers, Records: tc.records}, "e.jsonl")
			var f *model.Finding
			for i := range s.Findings {
				if s.Findings[i].Check == CheckOpOutOfScope {
					f = &s.Findings[i]
				}
			}
			if f == nil {
				t.Fatalf("records %d workers %d: no %s finding", tc.records, workers, CheckOpOutOfScope)
			}
			if f.Count != len(offending) {
				t.Errorf("records %d workers %d: count %d, want %d", tc.records, workers, f.Count, len(offending))
			}
			if d := cmp.Diff(want, f.Records); d != "" {
				t.Errorf("records %d workers %d: records (-want +got):\n%s", tc.records, workers, d)
			}
			if d := cmp.Diff(want[:model.MaxSamples], f.Samples); d != "" {
				t.Errorf("records %d workers %d: samples (-want +got):\n%s", tc.records, workers, d)
			}
		}
	}
}
