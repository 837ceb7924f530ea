package auditlog

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
)

// TestShadowAgentDetail: a shadow (undeclared) agent says what it did:
// tools and operations with counts, the first distinct resources in file
// order, first and last time, and the files and formats it was seen in;
// the same whatever the worker count. Native JSON Lines (docs/contract.md §2) and CSV
// with the native column names (docs/contract.md).
func TestShadowAgentDetail(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 8; i++ {
		ts := time.Date(2026, 4, 3, 10, i, 0, 0, time.UTC).Format(time.RFC3339)
		lines = append(lines, ev(ts, "ghost", "tool.call", "s3", "get", "success", "", "resource", "bucket/k"+string(rune('0'+i%7))))
	}
	write(t, dir, "a.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	write(t, dir, "b.csv", []byte("time,agent,action,tool,operation,outcome\n2026-04-04T09:00:00Z,ghost,tool.call,slack,post,denied\n"))
	agents := []*model.Agent{{ID: "known"}}
	want := model.ShadowAgent{Identity: "ghost", Events: 9,
		FirstSeen: time.Date(2026, 4, 3, 10, 0, 0, 0, time.UTC), LastSeen: time.Date(2026, 4, 4, 9, 0, 0, 0, time.UTC),
		Source: model.Pos{File: "a.jsonl", Line: 1},
		// A shadow identity has no grants its tools could be judged by.
		Tools: []model.ToolUse{{Tool: "s3", Operation: "get", Count: 8, NotJudged: true},
			{Tool: "slack", Operation: "post", Count: 1, Denied: 1, NotJudged: true}},
		Resources:     []string{"bucket/k0", "bucket/k1", "bucket/k2", "bucket/k3", "bucket/k4"},
		MoreResources: true, Denials: 1,
		Sources: []model.ShadowSource{{File: "a.jsonl", Format: FormatJSONL, Events: 8}, {File: "b.csv", Format: FormatCSV, Events: 1}},
	}
	for _, workers := range []int{1, 3} {
		s := analyze(t, dir, agents, Options{Workers: workers}, "a.jsonl", "b.csv")
		if len(s.Shadow) != 1 {
			t.Fatalf("shadow = %+v", s.Shadow)
		}
		if d := cmp.Diff(want, s.Shadow[0], cmpopts.EquateApproxTime(0)); d != "" {
			t.Errorf("workers %d: shadow (-want +got):\n%s", workers, d)
		}
		for _, f := range s.Findings {
			if f.Check == CheckShadowAgent && !strings.Contains(f.Message, "tools s3:get (8), slack:post (1); resources bucket/k0") {
				t.Errorf("message %q does not say what it did", f.Message)
			}
			// The finding cites its first records (up to MaxSamples), not
			// only the first one, whatever the worker count.
			if f.Check == CheckShadowAgent {
				var got []string
				for _, smp := range f.Samples {
					got = append(got, smp.Pos.String())
				}
				if d := cmp.Diff([]string{"a.jsonl:1", "a.jsonl:2", "a.jsonl:3", "a.jsonl:4", "a.jsonl:5"}, got); d != "" {
					t.Errorf("workers %d: samples (-want +got):\n%s", workers, d)
				}
			}
		}
	}
}
