// Package gitlog reads what aims needs from git, through the git command (no
// library: the user's git, with its configuration and credentials helpers,
// is the one that knows their repository): a project tree at a revision,
// the files changed between revisions with rename detection, and the change
// history of every agent config with the risk delta of each commit.
package gitlog

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoGit means no git command is on the PATH.
var ErrNoGit = errors.New("git is not installed")

// ErrNotRepository means the directory is not inside a git work tree.
var ErrNotRepository = errors.New("not a git repository")

// MaxTreeBytes bounds what Extract writes, so that a hostile revision cannot fill the disk.
const MaxTreeBytes = 256 << 20

// Repo is a git work tree.
type Repo struct {
	// Top is the work tree's top directory (absolute, symlinks resolved).
	Top string
}

// Open finds the repository that holds dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNoGit
	}
	abs, err := realpath(dir)
	if err != nil {
		return nil, err
	}
	out, err := run(ctx, abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotRepository)
	}
	top, err := realpath(strings.TrimSpace(string(out)))
	if err != nil {
		return nil, err
	}
	return &Repo{Top: top}, nil
}

func realpath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return abs, nil
}

// run runs git in dir with a stable environment: no pager, no prompts, and
// no locale or colour settings that would change the output.
func run(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-c", "core.quotePath=false", "-c", "color.ui=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out, nil
}

// Git runs a git command at the top of the work tree.
func (r *Repo) Git(ctx context.Context, args ...string) ([]byte, error) {
	return run(ctx, r.Top, args...)
}

// Rel returns the repository-relative, slash-separated path of a file or
// directory in the work tree ("" for the top itself).
func (r *Repo) Rel(p string) (string, error) {
	abs, err := realpath(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(r.Top, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the repository %s", p, r.Top)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// Resolve returns the full commit hash of rev.
func (r *Repo) Resolve(ctx context.Context, rev string) (string, error) {
	if strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	out, err := r.Git(ctx, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("unknown revision %q", rev)
	}
	return strings.TrimSpace(string(out)), nil
}

// CommitTime returns the committer date of rev: when the change landed.
func (r *Repo) CommitTime(ctx context.Context, rev string) (time.Time, error) {
	out, err := r.Git(ctx, "log", "-1", "--format=%cI", rev, "--")
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, strings.TrimSpace(string(out)))
}

// Show returns a file's bytes at a revision (path repository-relative).
func (r *Repo) Show(ctx context.Context, rev, file string) ([]byte, error) {
	return r.Git(ctx, "show", rev+":"+file)
}

// Extract writes the tree of rev under dir (repository-relative; "" for
// all) into dest. Only regular files and directories are written: symbolic
// links are skipped and no entry may leave dest, so a revision cannot make
// aims read outside the extracted tree.
func (r *Repo) Extract(ctx context.Context, rev, dir, dest string) error {
	commit, err := r.Resolve(ctx, rev)
	if err != nil {
		return err
	}
	treeish := commit
	if dir != "" {
		treeish = commit + ":" + dir
	}
	out, err := r.Git(ctx, "archive", "--format=tar", treeish)
	if err != nil {
		return fmt.Errorf("read %s at %s: %w", orTop(dir), rev, err)
	}
	return untar(bytes.NewReader(out), dest)
}

func orTop(dir string) string {
	if dir == "" {
		return "the repository"
	}
	return dir
}

func untar(rd io.Reader, dest string) error {
	tr := tar.NewReader(rd)
	var total int64
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read git archive: %w", err)
		}
		name := path.Clean(h.Name)
		if name == "." || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			continue
		}
		target := filepath.Join(dest, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			total += h.Size
			if total > MaxTreeBytes {
				return fmt.Errorf("git archive: tree larger than %d bytes", MaxTreeBytes)
			}
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, io.LimitReader(tr, h.Size))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}

// Renames lists the files renamed between base and head (head "" is the
// work tree) under dir, old path to new path, both relative to dir.
func (r *Repo) Renames(ctx context.Context, base, head, dir string) (map[string]string, error) {
	args := []string{"diff", "--name-status", "-M", "-z", base}
	if head != "" {
		args = append(args, head)
	}
	args = append(args, "--")
	if dir != "" {
		args = append(args, dir)
	}
	out, err := r.Git(ctx, args...)
	if err != nil {
		return nil, err
	}
	return parseRenames(out, dir), nil
}

// parseRenames reads `git diff --name-status -z` output.
func parseRenames(out []byte, dir string) map[string]string {
	m := map[string]string{}
	toks := strings.Split(string(out), "\x00")
	for i := 0; i < len(toks); i++ {
		st := toks[i]
		if st == "" {
			continue
		}
		if (st[0] == 'R' || st[0] == 'C') && i+2 < len(toks) {
			from, to := toks[i+1], toks[i+2]
			i += 2
			if st[0] == 'R' {
				m[trimDir(from, dir)] = trimDir(to, dir)
			}
			continue
		}
		i++ // one path follows every other status
	}
	return m
}

func trimDir(p, dir string) string {
	if dir == "" {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// Shallow reports whether the repository is a shallow clone and, if so, the
// commits its history stops at.
func (r *Repo) Shallow(ctx context.Context) (bool, []string) {
	out, err := r.Git(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil || strings.TrimSpace(string(out)) != "true" {
		return false, nil
	}
	p, err := r.Git(ctx, "rev-parse", "--git-path", "shallow")
	if err != nil {
		return true, nil
	}
	f := strings.TrimSpace(string(p))
	if !filepath.IsAbs(f) {
		f = filepath.Join(r.Top, f)
	}
	data, err := os.ReadFile(f)
	if err != nil {
		return true, nil
	}
	return true, strings.Fields(string(data))
}
