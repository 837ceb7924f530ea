// Package golden compares test output with files under testdata/, refreshed
// by UPDATE_GOLDEN=1 go test ./... (an environment variable, since a -update
// flag breaks packages that do not define it).
package golden

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Update reports whether golden files are being refreshed.
func Update() bool { return os.Getenv("UPDATE_GOLDEN") != "" }

// Assert compares got with the golden file at path, or rewrites it when updating.
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if Update() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s: %v (run UPDATE_GOLDEN=1 go test ./... to create it)", path, err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got):\n%s\nrun UPDATE_GOLDEN=1 go test ./... if the change is intended", path, d)
	}
}
