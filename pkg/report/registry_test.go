package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/model"
)

// fixtureDiff is a diff with a widened agent and its gate finding.
func fixtureDiff() *diff.Result {
	base := &diff.Side{Label: "main", Agents: []*model.Agent{{ID: "triage", Lifecycle: model.LifecycleDeployed,
		Tools: []model.Grant{{Name: "zendesk", Operations: []string{"read"}}}}}}
	head := &diff.Side{Label: "working tree", Agents: []*model.Agent{{ID: "triage", Lifecycle: model.LifecycleDeployed,
		Tools: []model.Grant{{Name: "zendesk", Operations: []string{"read", "delete"}}}}}}
	return diff.Compare(base, head, diff.Options{ChangeDate: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
}

func subjectFixture(s Subject) any {
	switch s {
	case SubjectAssessment:
		return fixtureResult()
	case SubjectLogs:
		return fixtureLogs()
	case SubjectDiff:
		return fixtureDiff()
	}
	return nil
}

var allSubjects = []Subject{SubjectAssessment, SubjectLogs, SubjectDiff}

// Every registered format writes non-empty output for every subject it
// claims, and refuses (as an unknown format, exit 2) the ones it does not.
func TestEveryFormatWritesWhatItClaims(t *testing.T) {
	tmpl := filepath.Join(t.TempDir(), "t.tmpl")
	if err := os.WriteFile(tmpl, []byte("{{len .Findings}} findings\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := testOpts()
	opts.Template = tmpl
	if fd := fixtureDiff(); len(fd.Findings) == 0 {
		t.Fatal("the diff fixture has no finding; the writers would be tested on nothing")
	}
	for _, fi := range Formats() {
		if fi.Description == "" || fi.New == nil || len(fi.Subjects) == 0 {
			t.Errorf("%s: incomplete registry entry %+v", fi.Name, fi)
		}
		for _, s := range allSubjects {
			t.Run(string(fi.Name)+"/"+string(s), func(t *testing.T) {
				var buf bytes.Buffer
				err := Write(&buf, string(fi.Name), s, subjectFixture(s), opts)
				if !fi.Supports(s) {
					var ue *UnknownFormatError
					if !errors.As(err, &ue) {
						t.Fatalf("unclaimed subject: error %v, want *UnknownFormatError", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if strings.TrimSpace(buf.String()) == "" {
					t.Error("empty output")
				}
			})
		}
	}
}

func TestRegistryNamesAreUnique(t *testing.T) {
	seen := map[Format]bool{}
	for _, fi := range Formats() {
		if seen[fi.Name] {
			t.Errorf("format %s registered twice", fi.Name)
		}
		seen[fi.Name] = true
		if got, ok := Lookup(string(fi.Name)); !ok || got.Name != fi.Name {
			t.Errorf("Lookup(%s) = %v, %v", fi.Name, got.Name, ok)
		}
	}
	if _, ok := Lookup("pdf"); ok {
		t.Error("pdf is a pack file, not a --format")
	}
}

func TestNoValueIsAnError(t *testing.T) {
	for _, s := range allSubjects {
		var v any
		switch s {
		case SubjectAssessment:
			v = (*model.Result)(nil)
		case SubjectLogs:
			v = (*model.LogSummary)(nil)
		case SubjectDiff:
			v = (*diff.Result)(nil)
		}
		if err := Write(&bytes.Buffer{}, "json", s, v, Options{}); err == nil {
			t.Errorf("%s: a nil value wrote without error", s)
		}
	}
}
