// Package testenv lets tests depend on what a checkout or machine may lack
// (the ../shared folder beside the repository, poppler, LibreOffice, openssl)
// without ever skipping silently in CI: with CI=true a missing requirement
// fails the test, elsewhere it skips with a message that says what it needs.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI (CI=true, as .ci/run is run).
func InCI() bool { return os.Getenv("CI") == "true" }

// Require skips the test, or fails it in CI, because of what is missing.
func Require(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("required in CI: %s", msg)
	}
	t.Skip(msg)
}

// Tool returns the path of an installed command, or skips (fails in CI)
// naming the Debian package that brings it.
func Tool(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Require(t, "%s not installed (apt-get install %s)", name, debianPackage)
	}
	return p
}

// RepoRoot is the folder of go.mod above the test's working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("repository root (go.mod) not found above the test")
		}
		dir = parent
	}
}

// Shared returns the path of rel inside ../shared (the folder the project
// is checked out beside: schemas, ISO 42001 facts, real producer files), or
// skips (fails in CI) when it is not there.
func Shared(t testing.TB, rel ...string) string {
	t.Helper()
	p := filepath.Join(append([]string{RepoRoot(t), "..", "shared"}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		Require(t, "%s is absent: it lives in ../shared beside the repository (%v)", filepath.Join(rel...), err)
	}
	return p
}

// Slow marks a test that takes seconds: `make test-short` (go test -short)
// leaves it out for the edit loop; `make test` and CI always run it.
func Slow(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("slow: left out by -short; make test runs it")
	}
}
