// Package gittest makes throwaway git repositories for tests, with fixed
// identities and dates so that every run sees the same commits.
package gittest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Repo is a git repository (or a plain folder) in a test's temporary directory.
type Repo struct {
	T   testing.TB
	Dir string
}

// New initialises a repository on branch main; it skips the test where git is missing.
func New(t testing.TB) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &Repo{T: t, Dir: t.TempDir()}
	r.Git("", "init", "-q", "-b", "main")
	r.Git("", "config", "user.name", "Test")
	r.Git("", "config", "user.email", "test@example.com")
	r.Git("", "config", "commit.gpgsign", "false")
	return r
}

// Git runs git in the repository, with both dates set to date when it is not
// empty, ignoring the user's and the system's git configuration.
func (r *Repo) Git(date string, args ...string) string {
	r.T.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.T.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Write writes a file below the repository, making its folders.
func (r *Repo) Write(name, content string) {
	r.T.Helper()
	p := filepath.Join(r.Dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.T.Fatal(err)
	}
}

// Commit commits everything at date as the configured test identity.
func (r *Repo) Commit(date, msg string) {
	r.T.Helper()
	r.Git("", "add", "-A")
	r.Git(date, "commit", "-q", "-m", msg)
}

// CommitAs commits everything at date as author (email author@example.com, lower-cased).
func (r *Repo) CommitAs(date, author, msg string) {
	r.T.Helper()
	r.Git("", "add", "-A")
	r.Git(date, "-c", "user.name="+author, "-c", "user.email="+strings.ToLower(author)+"@example.com", "commit", "-q", "-m", msg)
}
