package scenario

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmd/root"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

// minScenarios is how many scenarios the suite must hold.
const minScenarios = 1

// scenarios lists the folders under testdata/scenarios that hold an oracle.
func scenarios(t *testing.T) []string {
	t.Helper()
	base := filepath.Join(testenv.RepoRoot(t), "testdata", "scenarios")
	entries, err := os.ReadDir(base)
	if err != nil {
		t.Fatalf("the scenarios are part of the repository: %v", err)
	}
	var out []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(base, e.Name(), "expected.yaml")); e.IsDir() && err == nil {
			out = append(out, filepath.Join(base, e.Name()))
		}
	}
	if len(out) < minScenarios {
		t.Fatalf("%d scenarios with an expected.yaml under %s, want at least %d", len(out), base, minScenarios)
	}
	return out
}

// runAims runs the real command tree and returns its stdout, stderr and exit status.
func runAims(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code := root.Main(args, ios)
	return out.String(), errOut.String(), code
}

// findings runs cmd (assess or logs) on the scenario and returns its findings
// and (assess only) the certification blockers.
func findings(t *testing.T, dir, now, cmd string) ([]model.Finding, []model.Blocker) {
	t.Helper()
	args := []string{"--config", filepath.Join(dir, "aims.yaml"), "--now", now}
	if cmd == "assess" {
		args = append(args, "assess", "--format", "json")
	} else {
		args = append(args, "logs", "analyze", "--format", "json")
	}
	out, errOut, code := runAims(t, args...)
	if code != cmdutil.ExitOK && code != cmdutil.ExitFindings {
		t.Fatalf("aims %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	var doc struct {
		Findings []model.Finding `json:"findings"`
		Summary  struct {
			Blockers []model.Blocker `json:"blockers"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("aims %s: output is not JSON: %v", cmd, err)
	}
	return doc.Findings, doc.Summary.Blockers
}

// knownChecks fails on an oracle entry whose check the scenario's catalogues
// do not declare: a trap on a misspelt check would pass whatever aims does.
func knownChecks(t *testing.T, dir string, o *Oracle) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "aims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Catalogues []string `yaml:"catalogues"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("%s/aims.yaml: %v", dir, err)
	}
	set, err := catalogue.LoadSet(cfg.Catalogues, dir)
	if err != nil {
		t.Fatalf("%s: catalogues: %v", dir, err)
	}
	for _, e := range append(append([]Expect(nil), o.Findings...), o.MustNot...) {
		if _, ok := set.Check(e.Check); !ok {
			t.Errorf("%s/expected.yaml: check %q is in no catalogue of the scenario", filepath.Base(dir), e.Check)
		}
	}
}

// TestScenarios runs assess and logs analyze on every scenario and fails
// below 100% precision or recall, printing each miss and false finding.
func TestScenarios(t *testing.T) {
	total := map[string]*Score{"assess": {}, "logs": {}}
	for _, dir := range scenarios(t) {
		name := filepath.Base(dir)
		o, err := ReadOracle(filepath.Join(dir, "expected.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		knownChecks(t, dir, o)
		for _, cmd := range []string{"assess", "logs"} {
			t.Run(name+"/"+cmd, func(t *testing.T) {
				got, blockers := findings(t, dir, o.Now, cmd)
				s := Grade(o, cmd, got)
				if cmd == "assess" && o.Blockers != nil {
					missing, extra, gaps, fixed := GradeBlockers(o, blockers)
					if len(missing)+len(extra) > 0 {
						t.Errorf("certification blockers: missing %v, unexpected %v", missing, extra)
					}
					for _, g := range gaps {
						t.Logf("known gap: blocker %s", g)
					}
					for _, g := range fixed {
						t.Errorf("known gap now right, remove the blocker %s from expected.yaml", g)
					}
				}
				tot := total[cmd]
				tot.Matched += s.Matched
				tot.Reported += s.Reported
				tot.Expected += s.Expected
				report(t, s, "expected.yaml")
			})
		}
	}
	for _, cmd := range []string{"assess", "logs"} {
		s := total[cmd]
		t.Logf("all scenarios, %s: precision %.3f (%d/%d), recall %.3f (%d/%d)", cmd, s.Precision(), s.Matched, s.Reported, s.Recall(), s.Matched, s.Expected)
	}
}

// report logs a scenario's grade and fails the test on a known gap that is
// now right, a trap cited among samples, or precision or recall below 1;
// oracle names the oracle file in the messages.
func report(t *testing.T, s Score, oracle string) {
	t.Helper()
	t.Logf("precision %.3f (%d/%d), recall %.3f (%d/%d)", s.Precision(), s.Matched, s.Reported, s.Recall(), s.Matched, s.Expected)
	for _, g := range s.Gaps {
		t.Logf("known gap: %s: %s", g, g.KnownGap)
	}
	for _, g := range s.Fixed {
		t.Errorf("known gap now right, remove known_gap from %s: %s", oracle, g)
	}
	for _, tr := range s.Sampled {
		t.Errorf("an expected finding cites a trap's record among its samples: %s", tr)
	}
	if s.Precision() < 1 || s.Recall() < 1 {
		var b strings.Builder
		for _, m := range s.Missed {
			fmt.Fprintf(&b, "  missed: %s\n", m)
		}
		for _, f := range s.False {
			fmt.Fprintf(&b, "  false:  %s\n", FormatFinding(f))
		}
		for _, tr := range s.Trapped {
			fmt.Fprintf(&b, "  trap sprung: %s\n", tr)
		}
		t.Errorf("precision %.3f, recall %.3f; want 1 and 1:\n%s", s.Precision(), s.Recall(), b.String())
	}
}
