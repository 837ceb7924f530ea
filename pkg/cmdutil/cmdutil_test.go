package cmdutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, ExitOK},
		{&FailError{Msg: "3 findings"}, ExitFindings},
		{InputErrorf("bad"), ExitInput},
		{fmt.Errorf("wrapped: %w", &InputError{Msg: "x"}), ExitInput},
		{load.Problems{{Msg: "a.yaml:1:1: x"}}, ExitInput},
		{&SilentError{Code: 1}, 1},
		{errors.New("boom"), ExitInternal},
	} {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestWriteAtomicLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteAtomic(path, 0o644, func(w io.Writer) error {
		_, _ = w.Write([]byte("half"))
		return errors.New("render failed")
	})
	if err == nil {
		t.Fatal("the fill error was lost")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := WriteFileAtomic(path, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
}

func TestEmitRendersFullyFirst(t *testing.T) {
	var out bytes.Buffer
	err := Emit(&out, "", func(w io.Writer) error {
		_, _ = w.Write([]byte("partial"))
		return errors.New("fail")
	})
	if err == nil || out.Len() != 0 {
		t.Errorf("err %v, stdout %q: a failed render must print nothing", err, out.String())
	}
}

func TestAtOrAboveAndChecks(t *testing.T) {
	fs := []model.Finding{{Severity: "low"}, {Severity: "high"}, {Severity: "critical"}, {Severity: "medium"}}
	for threshold, want := range map[string]int{"": 0, "none": 0, "low": 4, "medium": 3, "high": 2, "critical": 1} {
		if got := AtOrAbove(fs, threshold); got != want {
			t.Errorf("AtOrAbove(%q) = %d, want %d", threshold, got, want)
		}
	}
	if CheckFailOn("severe") == nil || CheckFailOn("high") != nil {
		t.Error("CheckFailOn")
	}
	if allowed := []string{"table", "json"}; CheckFormat("pdf", allowed) == nil || CheckFormat("json", allowed) != nil {
		t.Error("CheckFormat")
	}
}
