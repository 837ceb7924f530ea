package auditlog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// distinctAgent is an inventory agent (docs/formats.md, the native JSON
// Lines schema for its log) with three grants, one never used.
func distinctAgent() []*model.Agent {
	return []*model.Agent{{ID: "bot", Lifecycle: "deployed", Identities: []string{"bot"},
		Tools: []model.Grant{
			{Name: "search_kb", Operations: []string{"read", "write"}},
			{Name: "crm", Operations: []string{"read"}, Resources: []string{"accounts/*"}},
			{Name: "never_used"},
		},
		Model: model.Model{Allowed: []string{"gpt-*"}},
		Data:  []model.DataAccess{{Source: "crm", Categories: []string{"contact"}}},
	}}
}

// writeDistinct writes a native log of one agent calling n distinct
// ungranted tools (with as many distinct models and personal data
// categories, cycling over models and cats of them), and only after them
// its granted tools: search_kb:read, search_kb:delete (an operation the
// grant does not allow), crm on a resource outside its grant, and a
// rejected call of an ungranted tool that ran anyway. A cap that dropped
// late calls would read the grants unused.
func writeDistinct(t testing.TB, path string, n, models, cats int) {
	t.Helper()
	tail := []string{
		`{"time":"2026-05-01T23:00:00Z","agent":"bot","action":"tool.call","tool":"search_kb","operation":"read"}`,
		`{"time":"2026-05-01T23:00:01Z","agent":"bot","action":"tool.call","tool":"search_kb","operation":"delete"}`,
		`{"time":"2026-05-01T23:00:02Z","agent":"bot","action":"tool.call","tool":"crm","operation":"read","resource":"invoices/7"}`,
		`{"time":"2026-05-01T23:00:03Z","agent":"bot","action":"human.review","outcome":"denied","tool_call_id":"c-1"}`,
		`{"time":"2026-05-01T23:00:04Z","agent":"bot","action":"tool.call","tool":"zz-rejected-tool","outcome":"success","tool_call_id":"c-1"}`,
	}
	writeLines(t, path, n+len(tail), 1, func(r []string) string { return r[0] }, func(i int) string {
		if i >= n {
			return tail[i-n]
		}
		return fmt.Sprintf(`{"time":"2026-05-01T%02d:%02d:00Z","agent":"bot","action":"tool.call","tool":"t%07d","model":"m-%d","data_categories":["personal-%d"]}`,
			i/60%23, i%60, i, i%models, i%cats)
	})
}

// TestDistinctToolsBounded (issue 16): one agent with 300,000 distinct
// ungranted tools, 2,000 models outside model.allowed and 2,000 undeclared
// personal data categories. At most maxTools tools, maxModels models and
// maxCats categories keep an aggregate; the rest are counted ("N more"),
// their out-of-scope calls one finding each that cites the first records,
// and the grants are still judged on every call: the granted tools, used
// only after the cap was reached, do not read unused. The same with 1 and
// 4 workers.
func TestDistinctToolsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 45 MB log")
	}
	const n, models, cats = 300_000, 2_000, 2_000
	dir := t.TempDir()
	writeDistinct(t, filepath.Join(dir, "bot.jsonl"), n, models, cats)
	// Before the bound, 300,000 tools took +839 MiB of heap.
	const bound = 96 << 20
	var first *model.LogSummary
	for _, workers := range []int{1, 4} {
		var s *model.LogSummary
		peak, took := peakHeap(func() {
			var err error
			s, err = Analyze(context.Background(), []Source{{Path: "bot.jsonl"}}, distinctAgent(), Options{BaseDir: dir, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%d workers, %d distinct tools: peak heap +%d MiB, %v", workers, n, peak>>20, took)
		if peak > bound {
			t.Errorf("%d workers: peak heap grew by %d MiB, want <= %d MiB", workers, peak>>20, bound>>20)
		}
		act := s.Agents[0]
		names := map[string]bool{}
		for _, tu := range act.Tools {
			names[tu.Tool] = true
		}
		kept := len(names)
		if kept != maxTools || len(act.Models) != maxModels {
			t.Errorf("%d workers: %d tools, %d models listed, want %d and %d", workers, kept, len(act.Models), maxTools, maxModels)
		}
		var listed int64
		for _, tu := range act.Tools {
			listed += tu.Count
		}
		if listed+act.MoreToolCalls != int64(n+4) || act.MoreModels != models-maxModels {
			t.Errorf("%d workers: %d calls listed + %d more = %d, want %d", workers, listed, act.MoreToolCalls, listed+act.MoreToolCalls, n+4)
		}
		// The granted tools are listed (kept first), so the distinct tools
		// past the bound are the ungranted ones less those kept, counted
		// exactly up to maxToolRest.
		more, moreText := n+1-(kept-2), ""
		if more >= maxToolRest {
			more, moreText = maxToolRest, "at least "
		}
		if act.MoreTools != more {
			t.Errorf("%d workers: more_tools %d, want %d", workers, act.MoreTools, more)
		}
		for _, g := range []string{"search_kb", "crm"} {
			if !names[g] {
				t.Errorf("%d workers: granted tool %s not listed", workers, g)
			}
		}
		if d := cmp.Diff([]string{"never_used"}, act.UnusedGrants); d != "" {
			t.Errorf("%d workers: unused grants (-want +got):\n%s", workers, d)
		}
		if d := cmp.Diff([]model.ToolOperation{{Tool: "search_kb", Operation: "write"}}, act.UnusedOperations); d != "" {
			t.Errorf("%d workers: unused operations (-want +got):\n%s", workers, d)
		}
		byCheck := map[string][]model.Finding{}
		for _, f := range s.Findings {
			byCheck[f.Check] = append(byCheck[f.Check], f)
		}
		var restOut *model.Finding
		var toolOut int
		for i, f := range byCheck[CheckToolOutOfScope] {
			toolOut += f.Count
			if f.Tool == "" {
				restOut = &byCheck[CheckToolOutOfScope][i]
			}
		}
		if toolOut != n+1 || len(byCheck[CheckToolOutOfScope]) != kept-2+1 {
			t.Errorf("%d workers: %d tool-out-of-scope findings counting %d calls, want %d counting %d", workers, len(byCheck[CheckToolOutOfScope]), toolOut, kept-2+1, n+1)
		}
		if restOut == nil || !strings.Contains(restOut.Message, fmt.Sprintf("used %s%d more tools, which it is not granted (beyond the %d tools listed)", moreText, more, maxTools)) || len(restOut.Samples) != model.MaxSamples || restOut.Location.Line == 0 {
			t.Errorf("%d workers: the finding for the tools past the bound: %+v", workers, restOut)
		} else if restOut.Samples[0].Pos.Line > 2*maxTools {
			t.Errorf("%d workers: rest finding cites line %d first, want one of the first records", workers, restOut.Samples[0].Pos.Line)
		}
		for _, tt := range []struct{ check, want string }{
			{CheckOpOutOfScope, "operation delete of tool search_kb"},
			{CheckResourceOutScope, "tool crm on resources outside its grant, first invoices/7"},
			{CheckRejectedToolRan, "although a human rejected it"},
			{CheckModelNotAllowed, fmt.Sprintf("more models that are not in model.allowed (beyond the %d models listed)", maxModels)},
			{CheckUndeclaredData, fmt.Sprintf("more categories, which its data access does not declare (beyond the %d categories listed)", maxCats)},
		} {
			found := false
			for _, f := range byCheck[tt.check] {
				found = found || strings.Contains(f.Message, tt.want)
			}
			if !found {
				t.Errorf("%d workers: no %s finding with %q in %d", workers, tt.check, tt.want, len(byCheck[tt.check]))
			}
		}
		for _, want := range []string{
			fmt.Sprintf("agent bot: %s%d more tools (%d calls) are not listed", moreText, more, act.MoreToolCalls),
			fmt.Sprintf("agent bot: %d more models (%d calls) are not listed", models-maxModels, act.MoreModelCalls),
			fmt.Sprintf("agent bot: %d more data categories are not listed", cats-maxCats),
		} {
			found := false
			for _, note := range s.Notes {
				found = found || strings.HasPrefix(note, want)
			}
			if !found {
				t.Errorf("%d workers: notes %q, want one like %q", workers, s.Notes, want)
			}
		}
		if first == nil {
			first = s
		} else if d := cmp.Diff(first, s, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Files" }, cmp.Ignore())); d != "" {
			t.Errorf("1 and %d workers differ (-1 +%d):\n%s", workers, workers, d)
		}
	}
}

// TestWriteDistinctLog writes the log of TestDistinctToolsBounded to
// AIMS_DISTINCT_LOG (for measuring aims logs analyze on it) and stops.
func TestWriteDistinctLog(t *testing.T) {
	path := os.Getenv("AIMS_DISTINCT_LOG")
	if path == "" {
		t.Skip("AIMS_DISTINCT_LOG not set")
	}
	writeDistinct(t, path, 300_000, 2_000, 2_000)
}
