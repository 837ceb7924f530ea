package list

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmdutil"
	goldenfile "github.com/aims-cli/aims/pkg/golden"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runWidth(t, 0, args...)
}

// runWidth runs with a terminal of width columns (0: piped).
func runWidth(t *testing.T, width int, args ...string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	ios.SetTerminalWidth(width)
	f := &cmdutil.Factory{IO: ios}
	cmd := NewCmdList(f, func(o *Options) error {
		o.Catalogues = catalogue.Builtin
		return listRun(o)
	})
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(out)
	err := cmd.Execute()
	return out.String(), err
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), []byte(got))
}

func TestListTable(t *testing.T) {
	out, err := run(t, "--group", "A.6")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "list-a6.golden", out)
}

// TestListTableNarrow: in a terminal narrower than the columns (issue 13)
// each control is a record, ID and title then kind, applies to and checks,
// and no line is wider than the terminal; from the columns' width on, the
// table is the piped one.
func TestListTableNarrow(t *testing.T) {
	piped, err := run(t, "--group", "A.6")
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{200, 67, 50, 40} {
		out, err := runWidth(t, width, "--group", "A.6")
		if err != nil {
			t.Fatal(err)
		}
		if width == 200 {
			if out != piped {
				t.Errorf("width 200: the table differs from the piped one:\n%s", out)
			}
			continue
		}
		if strings.Contains(out, "APPLIES TO") || !strings.Contains(out, "\n  kind: annex-a") || !strings.Contains(out, "checks: ") {
			t.Errorf("width %d: not one record per control:\n%s", width, out)
		}
		for i, l := range strings.Split(out, "\n") {
			if n := len([]rune(l)); n > width {
				t.Errorf("width %d: line %d is %d wide: %q", width, i+1, n, l)
			}
		}
		if width == 50 {
			golden(t, "list-a6-50.golden", out)
		}
	}
}

func TestListJSON(t *testing.T) {
	out, err := run(t, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion string `json:"schemaVersion"`
		Catalogues    []struct{ ID, SHA256 string }
		Controls      []struct {
			ID, Kind string
			Checks   []struct{ ID, Rule string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	annex, clauses, checks := 0, 0, 0
	for _, c := range doc.Controls {
		switch c.Kind {
		case catalogue.KindAnnexA:
			annex++
		case catalogue.KindClause:
			clauses++
		}
		checks += len(c.Checks)
	}
	if doc.SchemaVersion != SchemaVersion || len(doc.Catalogues) != 1 || annex != 38 || clauses < 30 || checks < 40 {
		t.Errorf("schema %q, catalogues %d, annex %d, clauses %d, checks %d", doc.SchemaVersion, len(doc.Catalogues), annex, clauses, checks)
	}
}

func TestListErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--group", "A.99"}, `no group "A.99"`},
		{[]string{"--format", "xml"}, `unknown format "xml"`},
	}
	for _, tc := range tests {
		_, err := run(t, tc.args...)
		var ie *cmdutil.InputError
		if !errors.As(err, &ie) || cmdutil.ExitCode(err) != cmdutil.ExitInput {
			t.Errorf("%v: err %v, want an input error (exit 2)", tc.args, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
}
