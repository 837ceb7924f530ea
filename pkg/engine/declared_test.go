package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/engine"
	"github.com/aims-cli/aims/pkg/model"
)

var exampleNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// TestGoChecksDeclared: the Go checks the builtin catalogue declares are
// exactly those the detectors' registries list, detector by detector, so a
// new detector without a declaration, or a declaration without code, fails.
func TestGoChecksDeclared(t *testing.T) {
	set, err := catalogue.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		detector string
		code     []string
	}{
		{catalogue.DetectorLogs, auditlog.Checks},
		{catalogue.DetectorEngine, engine.GoChecks},
		{catalogue.DetectorDiff, diff.Checks},
	} {
		code := slices.Clone(tc.code)
		slices.Sort(code)
		if d := cmp.Diff(code, set.GoChecks(tc.detector)); d != "" {
			t.Errorf("%s: the code's check IDs (-) and the catalogue's go checks (+) differ:\n%s", tc.detector, d)
		}
	}
}

// TestExampleFindingsDeclared: every finding the example project makes
// (config, log and engine findings) names a declared check and a control
// that check may report against.
func TestExampleFindingsDeclared(t *testing.T) {
	out, err := assessment.Run(context.Background(), assessment.Options{ConfigPath: filepath.Join("..", "..", "examples", "aims.yaml"), Now: exampleNow})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range out.Result.Findings {
		ck, ok := out.Catalogues.Check(f.Check)
		if !ok {
			t.Errorf("%s: check %s is not declared in the catalogue", f.Location, f.Check)
			continue
		}
		kinds[ck.Kind]++
		if !ck.ReportsTo(f.Control) {
			t.Errorf("%s: check %s reports against %s, which its declaration does not list", f.Location, f.Check, f.Control)
		}
		if ck.IsGo() && ck.SeverityFrom == "" && f.Severity != ck.Severity {
			t.Errorf("%s: %s has severity %s, declared %s", f.Location, f.Check, f.Severity, ck.Severity)
		}
	}
	if kinds[catalogue.CheckKindGo] < 10 || kinds[catalogue.CheckKindCEL] < 10 {
		t.Errorf("the example exercises too few checks: %v", kinds)
	}
}

// TestUserOverrides runs the example with a user catalogue that overrides a
// log check's severity and remediation, a CEL check's severity, and disables
// an engine check, and compares the findings with the run without it.
func TestUserOverrides(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples"))); err != nil {
		t.Fatal(err)
	}
	base := run(t, filepath.Join(dir, "aims.yaml"))

	overrides := `apiVersion: aims/v1
kind: Checks
catalogue: iso42001
overrides:
  - check: logs.unused-grant
    severity: high
    remediation: Northwind removes unused grants within a week.
  - check: agent-isolation
    severity: low
  - check: credential-in-input
    disable: true
    reason: the example's planted credential is a test value
`
	if err := os.WriteFile(filepath.Join(dir, "controls", "overrides.yaml"), []byte(overrides), 0o644); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "aims.yaml")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), "controls/northwind-checks.yaml]", "controls/northwind-checks.yaml, controls/overrides.yaml]", 1))
	if err := os.WriteFile(cfgPath, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	got := run(t, cfgPath)

	count := func(res *model.Result, check, severity string) (n int) {
		for _, f := range res.Findings {
			if f.Check == check && (severity == "" || f.Severity == severity) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		check, before, after string
	}{
		{"logs.unused-grant", model.SeverityLow, model.SeverityHigh},
		{"agent-isolation", model.SeverityMedium, model.SeverityLow},
	} {
		n := count(base, tc.check, tc.before)
		if n == 0 {
			t.Fatalf("%s: no %s finding without the override; the example changed", tc.check, tc.before)
		}
		if m := count(got, tc.check, tc.after); m != n || count(got, tc.check, "") != n {
			t.Errorf("%s: %d of %d findings at %s after the override", tc.check, m, n, tc.after)
		}
	}
	if count(base, "credential-in-input", "") == 0 || count(got, "credential-in-input", "") != 0 {
		t.Errorf("credential-in-input: %d findings before, %d after disabling it", count(base, "credential-in-input", ""), count(got, "credential-in-input", ""))
	}
	for _, f := range got.Findings {
		if f.Check == "logs.unused-grant" && f.Remediation != "Northwind removes unused grants within a week." {
			t.Errorf("unused-grant remediation %q", f.Remediation)
		}
	}
	// The log summary in results.json says the same as the findings.
	for _, f := range got.Logs.Findings {
		if f.Check == "logs.unused-grant" && f.Severity != model.SeverityHigh {
			t.Errorf("logs.findings keeps severity %s", f.Severity)
		}
	}
}

func run(t *testing.T, config string) *model.Result {
	t.Helper()
	out, err := assessment.Run(context.Background(), assessment.Options{ConfigPath: config, Now: exampleNow})
	if err != nil {
		t.Fatal(err)
	}
	return out.Result
}
