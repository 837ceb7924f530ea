package sides

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/gitlog"
	"github.com/aims-cli/aims/pkg/load"
)

// Sides are the two revisions `aims diff --base` compares, loaded as assess
// loads a project. Close removes the temporary extractions.
type Sides struct {
	Base, Head *diff.Side
	// Options carry the change date (the head commit's, or now for the
	// working tree) and git's renames.
	Options diff.Options
	tmp     []string
}

// Close removes the revisions' temporary trees.
func (s *Sides) Close() {
	for _, d := range s.tmp {
		os.RemoveAll(d)
	}
	s.tmp = nil
}

// Revisions loads the project around configPath at base and at head ("":
// the working tree, changed at now) from the git repository that holds it.
// The project is the folder of aims.yaml; the repository's top may be above
// it. Input errors are Error (exit 2).
func Revisions(ctx context.Context, configPath, base, head string, now time.Time) (_ *Sides, err error) {
	s := &Sides{}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	projDir := filepath.Dir(configPath)
	repo, err := gitlog.Open(ctx, projDir)
	if err != nil {
		return nil, Errorf("aims diff --base needs a git repository: %v (or compare two directories: aims diff DIR_A DIR_B)", err)
	}
	prefix, err := repo.Rel(projDir)
	if err != nil {
		return nil, Errorf("%v", err)
	}
	configName := filepath.Base(configPath)

	atRev := func(rev, role string) (*diff.Side, error) {
		if _, err := repo.Resolve(ctx, rev); err != nil {
			return nil, Errorf("%s: %v", role, err)
		}
		tmp, err := os.MkdirTemp("", "aims-diff-*")
		if err != nil {
			return nil, err
		}
		s.tmp = append(s.tmp, tmp)
		if prefix != "" {
			if _, err := repo.Git(ctx, "cat-file", "-e", rev+":"+prefix); err != nil {
				if role == "base" {
					// The project did not exist yet at the base: everything is new.
					return &diff.Side{Label: rev, Prefix: prefix}, nil
				}
				return nil, Errorf("%s (%s): %s does not exist at that revision", role, rev, prefix)
			}
		}
		if err := repo.Extract(ctx, rev, prefix, tmp); err != nil {
			return nil, Errorf("%s (%s): %v", role, rev, err)
		}
		p, err := load.LoadProject(filepath.Join(tmp, configName))
		if errors.Is(err, load.ErrNoConfig) && role == "base" {
			return &diff.Side{Label: rev, Prefix: prefix}, nil
		}
		if err != nil {
			return nil, LoadError(role, rev, err, tmp, prefix)
		}
		return ProjectSide(p, rev, prefix), nil
	}

	if s.Base, err = atRev(base, "base"); err != nil {
		return nil, err
	}
	if head != "" {
		if s.Head, err = atRev(head, "head"); err != nil {
			return nil, err
		}
		if s.Options.ChangeDate, err = repo.CommitTime(ctx, head); err != nil {
			return nil, Errorf("head (%s): %v", head, err)
		}
	} else {
		p, err := load.LoadProject(configPath)
		if err != nil {
			return nil, LoadError("head", "working tree", err, "", "")
		}
		s.Head = ProjectSide(p, "working tree", prefix)
		s.Options.ChangeDate = now
	}
	if s.Options.Renames, err = repo.Renames(ctx, base, head, prefix); err != nil {
		return nil, Errorf("%v", err)
	}
	return s, nil
}
