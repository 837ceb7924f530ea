package scenario

import (
	"encoding/json"
	"os"
	"path/filepath"
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
			report(t, Grade(o, "assess", doc.Findings), "diff/expected.yaml")
		})
	}
	if n == 0 {
		t.Fatal("no scenario holds diff/expected.yaml: the gate goes ungraded")
	}
}
