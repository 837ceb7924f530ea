// Package sides loads the two sides `aims diff` compares, as assess loads a
// project: two directories (projects or plain agents directories) or two git
// revisions of the project around aims.yaml. pkg/diff itself stays pure.
package sides

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

// Error is a side that does not load: bad input (exit 2), its problems
// named as in the repository ("base (HEAD~1): agents/x.yaml:3:1: ...").
type Error struct {
	Msg      string
	Problems []string
}

func (e *Error) Error() string { return e.Msg }

// BadInput makes a side that does not load exit 2 (cmdutil.ExitCode).
func (e *Error) BadInput() bool { return true }

// ProblemLines are printed one per line before the message.
func (e *Error) ProblemLines() []string { return e.Problems }

// Errorf is an Error without problem lines.
func Errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// LoadError reports a side's input errors as "ROLE (LABEL): file:line:col:
// ...". Files under tmp (a revision's temporary extraction) are named as in
// the repository, under prefix.
func LoadError(role, label string, err error, tmp, prefix string) error {
	var ps load.Problems
	if !errors.As(err, &ps) {
		msg := err.Error()
		if tmp != "" {
			msg = strings.ReplaceAll(msg, tmp+string(filepath.Separator), prefixed(prefix, ""))
		}
		return Errorf("%s (%s): %s", role, label, msg)
	}
	lines := make([]string, 0, len(ps))
	for _, p := range ps {
		if tmp != "" {
			if r, err := filepath.Rel(tmp, p.Pos.File); err == nil && !strings.HasPrefix(r, "..") {
				p.Pos.File = prefixed(prefix, filepath.ToSlash(r))
			}
		}
		lines = append(lines, role+" ("+label+"): "+p.String())
	}
	return &Error{Msg: fmt.Sprintf("%s (%s) does not load: %d problem(s)", role, label, len(ps)), Problems: lines}
}

func prefixed(prefix, p string) string {
	if prefix == "" {
		return p
	}
	if p == "" {
		return prefix + "/"
	}
	return path.Join(prefix, p)
}

// ProjectSide is a loaded project as one side of the comparison.
func ProjectSide(p *load.Project, label, prefix string) *diff.Side {
	return &diff.Side{Label: label, Inventory: p.Inventory, Agents: p.Agents, Root: p.Config.Dir, Prefix: prefix, Config: p.Config}
}

// Dir loads one side from a directory: a project (with aims.yaml) or a
// plain directory of agent configs. role is "base" or "head", for messages.
func Dir(dir, role string) (*diff.Side, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, Errorf("%s (%s): not a directory", role, dir)
	}
	label := filepath.ToSlash(filepath.Clean(dir))
	cfg := filepath.Join(dir, "aims.yaml")
	if _, err := os.Stat(cfg); err == nil {
		p, err := load.LoadProject(cfg)
		if err != nil {
			return nil, LoadError(role, dir, err, "", "")
		}
		return ProjectSide(p, label, label), nil
	}
	var agents []*model.Agent
	var problems load.Problems
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // never read outside the directory
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if fi, err := d.Info(); err == nil && fi.Size() > load.MaxFileBytes {
			problems = append(problems, load.Problem{Pos: model.Pos{File: p}, Severity: load.Error, Msg: "file too large"})
			return nil
		}
		a, ps := load.ParseAgent(p, data)
		problems = append(problems, ps.Errors()...)
		if a != nil {
			agents = append(agents, a)
		}
		return nil
	})
	if err != nil {
		return nil, Errorf("%s (%s): %v", role, dir, err)
	}
	if len(problems) > 0 {
		problems.Sort()
		return nil, LoadError(role, dir, problems, "", "")
	}
	return &diff.Side{Label: label, Agents: agents, Root: dir, Prefix: label}, nil
}
