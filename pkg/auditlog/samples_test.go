package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestFindingSamples: a log finding is data: tool, operation and up to
// model.MaxSamples cited records (the first ones in file order, whatever the
// worker count), the first of them its location. Native JSON Lines (DESIGN 2).
func TestFindingSamples(t *testing.T) {
	var lines []string
	for i := 0; i < 9; i++ {
		lines = append(lines, ev("2026-04-03T10:00:00Z", "a", "tool.call", "mcp__crm__export", "delete", "success", ""))
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
		if d := cmp.Diff(want, f.Samples); d != "" {
			t.Errorf("workers %d: samples (-want +got):\n%s", workers, d)
		}
	}
}
