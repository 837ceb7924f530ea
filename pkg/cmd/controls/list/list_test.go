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
	ios, _, out, _ := iostreams.Test()
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
