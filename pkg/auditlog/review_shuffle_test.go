package auditlog

import (
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestReviewMatchingShuffled: on a file of several chunks (so that workers
// split it) with reviews before and after their calls, by request id and by
// tool call id, the review findings and their counts are the same with 1, 2
// and 8 workers and on a shuffled copy of the file (issue 14 acceptance).
// Native JSON Lines (docs/contract.md §2).
func TestReviewMatchingShuffled(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	base := time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC)
	pad := strings.Repeat("x", 200)
	var lines []string
	var wantRan, wantMissing, wantUnknown int
	for i := 0; i < 12000; i++ {
		ts := base.Add(time.Duration(i) * time.Second).Format(time.RFC3339)
		later := base.Add(time.Duration(i)*time.Second + 500*time.Millisecond).Format(time.RFC3339Nano)
		rid := fmt.Sprintf("q%d", i)
		switch i % 6 {
		case 0: // approved write
			lines = append(lines, ev(ts, "agt", "human.review", "crm", "update", "success", rid), ev(later, "agt", "tool.call", "crm", "update", "success", rid, "input", pad))
		case 1: // rejected read that ran: the review comes after the call in the file
			lines = append(lines, ev(later, "agt", "tool.call", "crm", "read", "success", "", "tool_call_id", "c"+rid), ev(ts, "agt", "human.review", "crm", "read", "denied", "", "tool_call_id", "c"+rid))
			wantRan++
		case 2: // unreviewed write
			lines = append(lines, ev(ts, "agt", "tool.call", "crm", "update", "success", rid, "input", pad))
			wantMissing++
		case 3: // rejected write, blocked
			lines = append(lines, ev(ts, "agt", "human.review", "crm", "update", "denied", rid), ev(later, "agt", "tool.call", "crm", "update", "denied", rid))
		case 4: // rejected read, outcome not logged
			lines = append(lines, ev(ts, "agt", "human.review", "crm", "read", "denied", rid), `{"time":"`+later+`","agent":"agt","action":"tool.call","tool":"crm","operation":"read","request_id":"`+rid+`"}`)
			wantUnknown++
		default: // plain read
			lines = append(lines, ev(ts, "agt", "tool.call", "crm", "read", "success", rid, "input", pad))
		}
	}
	shuffled := append([]string(nil), lines...)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	dir := t.TempDir()
	write(t, dir, "sorted.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	if p := write(t, dir, "shuffled.jsonl", []byte(strings.Join(shuffled, "\n")+"\n")); fileSize(t, p) < 2*chunkSize {
		t.Fatalf("the file is %d bytes, too small to be split across workers", fileSize(t, p))
	}
	agents := []*model.Agent{{ID: "agt", Tools: []model.Grant{{Name: "crm"}}, Oversight: model.Oversight{HumanReview: []string{"crm:update"}}}}
	want := map[string]int{CheckRejectedToolRan: wantRan, CheckReviewMissing: wantMissing, CheckRejectedUnknown: wantUnknown}
	for _, file := range []string{"sorted.jsonl", "shuffled.jsonl"} {
		for _, workers := range []int{1, 2, 8} {
			s := analyze(t, dir, agents, Options{Workers: workers}, file)
			got := map[string]int{}
			for _, f := range s.Findings {
				if _, ok := want[f.Check]; ok {
					got[f.Check] += f.Count
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("%s, %d workers: review findings (-want +got):\n%s", file, workers, d)
			}
			if len(s.Notes) > 0 {
				t.Errorf("%s, %d workers: notes %q", file, workers, s.Notes)
			}
		}
	}
}

func fileSize(t *testing.T, p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
