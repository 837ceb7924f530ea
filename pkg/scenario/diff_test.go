package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/model"
)

// TestDiffScenarios grades the `aims diff` gate: a scenario folder with
// diff/expected.yaml holds two revisions of a project, diff/base and
// diff/head, and the oracle lists every gate finding of `aims diff base head`
// (run from diff/, so locations read head/...) and the traps it must not
// report, graded as TestScenarios grades assess.
func TestDiffScenarios(t *testing.T) {
	n := 0
	for _, dir := range scenarios(t) {
		d := filepath.Join(dir, "diff")
		if _, err := os.Stat(filepath.Join(d, "expected.yaml")); err != nil {
			continue
		}
		n++
		t.Run(filepath.Base(dir)+"/diff", func(t *testing.T) {
			o, err := ReadOracle(filepath.Join(d, "expected.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			knownChecks(t, filepath.Join(d, "head"), o)
			t.Chdir(d)
			out, errOut, code := runAims(t, "--now", o.Now, "diff", "base", "head", "--format", "json")
			if code != cmdutil.ExitOK && code != cmdutil.ExitFindings {
				t.Fatalf("aims diff base head: exit %d\n%s", code, errOut)
			}
			var doc struct {
				Findings []model.Finding `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("aims diff: output is not JSON: %v", err)
			}
			// The oracle's entries default to assess; diff reports them all.
			s := Grade(o, "assess", doc.Findings)
			t.Logf("precision %.3f (%d/%d), recall %.3f (%d/%d)", s.Precision(), s.Matched, s.Reported, s.Recall(), s.Matched, s.Expected)
			for _, g := range s.Gaps {
				t.Logf("known gap: %s: %s", g, g.KnownGap)
			}
			for _, g := range s.Fixed {
				t.Errorf("known gap now right, remove known_gap from diff/expected.yaml: %s", g)
			}
			if s.Precision() < 1 || s.Recall() < 1 {
				var b strings.Builder
				for _, m := range s.Missed {
					fmt.Fprintf(&b, "  missed: %s\n", m)
				}
				for _, f := range s.False {
					fmt.Fprintf(&b, "  false:  %s\n", FormatFinding(f))
				}
				t.Errorf("precision %.3f, recall %.3f; want 1 and 1:\n%s", s.Precision(), s.Recall(), b.String())
			}
		})
	}
	if n == 0 {
		t.Fatal("no scenario holds diff/expected.yaml: the gate goes ungraded")
	}
}
