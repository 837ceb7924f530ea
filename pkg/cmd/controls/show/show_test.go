package show

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmdutil"
	goldenfile "github.com/aims-cli/aims/pkg/golden"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runWith(t, catalogue.Builtin, args...)
}

func runWith(t *testing.T, cats func() (*catalogue.Set, error), args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios}
	cmd := NewCmdShow(f, func(o *Options) error {
		o.Catalogues = cats
		return showRun(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	err := cmd.Execute()
	return out.String(), err
}

func golden(t *testing.T, name, out string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), []byte(out))
}

func TestShowText(t *testing.T) {
	out, err := run(t, "A.6.2.8")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "a6.2.8.golden", out)
	for _, s := range []string{"SUMMARY", "AUTOMATED CHECKS", "action-logging", "agent.logging.actions && agent.logging.inputs", "EVIDENCE EXPECTED", "CROSSWALK", "Art. 12", "REMEDIATION"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

func TestShowManualControl(t *testing.T) {
	out, err := run(t, "A.10.4")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "none: the status comes from the attestation") {
		t.Errorf("a control without checks must say how it is judged:\n%s", out)
	}
}

func TestShowJSON(t *testing.T) {
	out, err := run(t, "6.1.4", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion string `json:"schemaVersion"`
		ID            string `json:"id"`
		Checks        []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion || doc.ID != "6.1.4" || len(doc.Checks) == 0 {
		t.Errorf("%+v", doc)
	}
}

func TestShowUnknown(t *testing.T) {
	tests := []struct{ id, want string }{
		{"A.6.2.9", "did you mean A.6.2.8?"},
		{"a.6.2.8", "did you mean A.6.2.8?"},
		{"A.6.10", "unknown control"},
		{"nonsense-id", "unknown control \"nonsense-id\""},
	}
	for _, tc := range tests {
		_, err := run(t, tc.id)
		if cmdutil.ExitCode(err) != cmdutil.ExitInput {
			t.Errorf("%s: exit %d (%v), want 2", tc.id, cmdutil.ExitCode(err), err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.id, err, tc.want)
		}
	}
	if _, err := run(t); cmdutil.ExitCode(err) == cmdutil.ExitOK {
		t.Error("no ID accepted")
	}
}

// TestShowGoChecks: a control lists the log checks that judge it beside its
// CEL rules, and a user catalogue's overrides show where they were made.
func TestShowGoChecks(t *testing.T) {
	out, err := run(t, "A.9.4")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "a9.4.golden", out)
	for _, s := range []string{"intended-use-declared", "CHECKS WRITTEN IN GO", "logs.tool-out-of-scope  [high, per agent, log analysis]", "logs.unused-grant  [low"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}

	user := func() (*catalogue.Set, error) {
		return catalogue.LoadSet([]string{catalogue.BuiltinSpec, "user/overrides.yaml"}, "testdata")
	}
	out, err = runWith(t, user, "A.9.4")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "a9.4-overrides.golden", out)
	for _, s := range []string{
		"logs.unused-grant  [medium, per agent, log analysis]",
		"overridden at user/overrides.yaml:6:5: severity medium, remediation",
		"overridden at user/overrides.yaml:9:5: disabled (intended use is recorded in the system",
	} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}

	out, err = runWith(t, user, "A.9.4", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TestedBy []struct {
			ID, Kind, Severity string
			Override           *struct{ Severity string }
		} `json:"tested_by"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range doc.TestedBy {
		ids = append(ids, c.Kind+":"+c.ID)
		if c.ID == "logs.unused-grant" && (c.Severity != "medium" || c.Override == nil || c.Override.Severity != "medium") {
			t.Errorf("unused-grant in json: %+v", c)
		}
	}
	want := []string{"cel:intended-use-declared", "go:logs.model-not-allowed", "go:logs.operation-out-of-scope",
		"go:logs.resource-out-of-scope", "go:logs.tool-out-of-scope", "go:logs.unused-grant"}
	if d := cmp.Diff(want, ids); d != "" {
		t.Errorf("tested_by (-want +got):\n%s", d)
	}
}
