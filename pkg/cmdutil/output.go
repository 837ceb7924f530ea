package cmdutil

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// CheckFormat validates a --format value against allowed, for the commands
// whose output is not a report (controls list and show); the report
// commands validate through the report registry (AddReportFlags).
func CheckFormat(f string, allowed []string) error {
	if slices.Contains(allowed, f) {
		return nil
	}
	return InputErrorf("unknown format %q (want one of: %s)", f, strings.Join(allowed, ", "))
}

// CheckFailOn validates a --fail-on value.
func CheckFailOn(s string) error {
	switch s {
	case "", "none", "low", "medium", "high", "critical":
		return nil
	}
	return InputErrorf("unknown --fail-on %q (want one of: none, low, medium, high, critical)", s)
}

// WriteFileAtomic writes data through a temporary file in the same directory
// and renames it into place, so that a failed run never leaves a half file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return WriteAtomic(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic streams fill into a temporary file next to path and renames it
// into place only when fill succeeds.
func WriteAtomic(path string, perm os.FileMode, fill func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Emit renders with render into a buffer, then writes it either to the file
// path (atomically) or to out. Rendering fully first keeps a failed render
// from leaving partial output anywhere.
func Emit(out io.Writer, path string, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if path == "" || path == "-" {
		_, err := out.Write(buf.Bytes())
		return err
	}
	return WriteFileAtomic(path, buf.Bytes(), 0o644)
}

// AtOrAbove counts the findings whose severity is at or above threshold;
// "" and "none" count none, so that --fail-on none never fails.
func AtOrAbove(findings []model.Finding, threshold string) int {
	if threshold == "" || threshold == model.SeverityNone {
		return 0
	}
	min := model.SeverityRank(threshold)
	n := 0
	for _, f := range findings {
		if model.SeverityRank(f.Severity) >= min {
			n++
		}
	}
	return n
}
