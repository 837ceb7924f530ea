// Package diff implements `aims diff`.
package diff

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/gitlog"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// Options are the parsed flags of `aims diff`.
type Options struct {
	IO         *iostreams.IOStreams
	Now        func() time.Time
	ConfigPath func() string
	Ctx        context.Context

	Base   string
	Head   string
	Dirs   []string
	Report cmdutil.ReportOptions
}

// NewCmdDiff returns `aims diff`.
func NewCmdDiff(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	// The clock and the config path are read when the command runs: root's
	// setup replaces them (--now, --config) after the commands are built.
	opts := &Options{IO: f.IO, Now: func() time.Time { return f.Now() }, ConfigPath: func() string { return f.ConfigPath() }}
	var rf *cmdutil.ReportFlags
	cmd := &cobra.Command{
		Use:   "diff --base REV [--head REV] | diff DIR_A DIR_B",
		Short: "Risk-profile delta of agent configs between two revisions",
		Long: `Compares the agent configs and the inventory of two git revisions (or two
directories) and shows, per agent added, removed, renamed or changed, what
changed in its grants, data, scope, model, isolation, logging, oversight and
lifecycle, and its computed risk tier before and after.

Both sides are loaded as assess loads them; an input error on either side is
reported as such. Inside a git repository the project is the folder of
aims.yaml (--config); the repository's top may be above it. The head defaults
to the working tree.

Gate: a change that widens an agent's risk profile needs a risk assessment
(risk.assessed_on of the agent or of its system) dated on or after the change
(the head commit's date, or --now for the working tree), and a high or
critical agent also needs its system's impact_assessment.done_on on or after
it. Otherwise the change is a finding whose severity is the agent's new tier.
A widened system (risk level or EU AI Act class lowered, data or vendors
added), a worsened vendor and a new Statement-of-Applicability exclusion are
judged the same way. Narrowing changes are reported as "risk reduced" and
never fail.`,
		Example: `  # in a pull request: what does this branch do to the agents' risk?
  aims diff --base origin/main --format markdown --output diff.md
  aims diff --base origin/main --fail-on high

  # between two commits, as SARIF for code scanning
  aims diff --base v1.2.0 --head HEAD --format sarif --output aims-diff.sarif

  # two directories (projects with aims.yaml, or plain agents directories)
  aims diff old/ new/`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Dirs = args
			switch {
			case len(args) == 1:
				return cmdutil.InputErrorf("give two directories (DIR_A DIR_B) or --base REV")
			case len(args) == 2 && (opts.Base != "" || opts.Head != ""):
				return cmdutil.InputErrorf("--base and --head compare git revisions; they do not go with two directories")
			case len(args) == 0 && opts.Base == "":
				return cmdutil.InputErrorf("--base REV is required (or give two directories)")
			}
			if err := rf.Resolve(f); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return diffRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Base, "base", "", "the git revision to compare against (a branch, tag or commit)")
	fl.StringVar(&opts.Head, "head", "", "the git revision to compare (default: the working tree)")
	rf = cmdutil.AddReportFlags(cmd, &opts.Report, report.SubjectDiff)
	return cmd
}

func diffRun(opts *Options) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	var base, head *diff.Side
	var copts diff.Options
	var cleanup []string
	defer func() {
		for _, d := range cleanup {
			os.RemoveAll(d)
		}
	}()
	if len(opts.Dirs) == 2 {
		var err error
		if base, err = loadDir(opts.Dirs[0], "base"); err != nil {
			return err
		}
		if head, err = loadDir(opts.Dirs[1], "head"); err != nil {
			return err
		}
		copts.ChangeDate = opts.Now()
	} else {
		var err error
		base, head, copts, cleanup, err = loadRevisions(ctx, opts)
		if err != nil {
			return err
		}
	}

	// The head's catalogues judge the change, so that its user overrides
	// apply as they do in assess (a plain agents directory: builtin).
	var specs []string
	dir := ""
	if head.Config != nil {
		specs, dir = head.Config.Catalogues, head.Config.Dir
	}
	set, err := catalogue.LoadSet(specs, dir)
	if err != nil {
		return sideError("head", head.Label, err, "", "")
	}
	copts.Catalogue = set

	res := diff.Compare(base, head, copts)
	model.AssignFindingIDs(res.Findings, "")
	err = opts.Report.Emit(opts.IO.Out, func(w io.Writer) error {
		return report.Write(w, opts.Report.Format, report.SubjectDiff, res, report.Options{ToolVersion: build.String()})
	})
	if err != nil {
		return err
	}
	return opts.Report.Gate(res.Findings, gateMessage)
}

// gateMessage says why the run exits 1.
func gateMessage(n int, threshold string) string {
	noun := "changes widen"
	if n == 1 {
		noun = "change widens"
	}
	return fmt.Sprintf("%d %s a risk profile without a re-assessment (--fail-on %s)", n, noun, threshold)
}

// loadRevisions loads the project at --base and at --head (or the working
// tree) from the repository around the config file.
func loadRevisions(ctx context.Context, opts *Options) (base, head *diff.Side, copts diff.Options, cleanup []string, err error) {
	configPath := opts.ConfigPath()
	projDir := filepath.Dir(configPath)
	repo, err := gitlog.Open(ctx, projDir)
	if err != nil {
		return nil, nil, copts, nil, cmdutil.InputErrorf("aims diff --base needs a git repository: %v (or compare two directories: aims diff DIR_A DIR_B)", err)
	}
	prefix, err := repo.Rel(projDir)
	if err != nil {
		return nil, nil, copts, nil, &cmdutil.InputError{Err: err}
	}
	configName := filepath.Base(configPath)

	atRev := func(rev, role string) (*diff.Side, error) {
		if _, err := repo.Resolve(ctx, rev); err != nil {
			return nil, cmdutil.InputErrorf("%s: %v", role, err)
		}
		tmp, err := os.MkdirTemp("", "aims-diff-*")
		if err != nil {
			return nil, err
		}
		cleanup = append(cleanup, tmp)
		if prefix != "" {
			if _, err := repo.Git(ctx, "cat-file", "-e", rev+":"+prefix); err != nil {
				if role == "base" {
					// The project did not exist yet at the base: everything is new.
					return &diff.Side{Label: rev, Prefix: prefix}, nil
				}
				return nil, cmdutil.InputErrorf("%s (%s): %s does not exist at that revision", role, rev, prefix)
			}
		}
		if err := repo.Extract(ctx, rev, prefix, tmp); err != nil {
			return nil, cmdutil.InputErrorf("%s (%s): %v", role, rev, err)
		}
		cfg := filepath.Join(tmp, configName)
		p, err := load.LoadProject(cfg)
		if errors.Is(err, load.ErrNoConfig) && role == "base" {
			return &diff.Side{Label: rev, Prefix: prefix}, nil
		}
		if err != nil {
			return nil, sideError(role, rev, err, tmp, prefix)
		}
		return &diff.Side{Label: rev, Inventory: p.Inventory, Agents: p.Agents, Root: p.Config.Dir, Config: p.Config, Prefix: prefix}, nil
	}

	if base, err = atRev(opts.Base, "base"); err != nil {
		return nil, nil, copts, cleanup, err
	}
	if opts.Head != "" {
		if head, err = atRev(opts.Head, "head"); err != nil {
			return nil, nil, copts, cleanup, err
		}
		if copts.ChangeDate, err = repo.CommitTime(ctx, opts.Head); err != nil {
			return nil, nil, copts, cleanup, cmdutil.InputErrorf("head (%s): %v", opts.Head, err)
		}
	} else {
		p, err := load.LoadProject(configPath)
		if err != nil {
			return nil, nil, copts, cleanup, sideError("head", "working tree", err, "", "")
		}
		head = &diff.Side{Label: "working tree", Inventory: p.Inventory, Agents: p.Agents, Root: p.Config.Dir, Config: p.Config, Prefix: prefix}
		copts.ChangeDate = opts.Now()
	}
	headRev := opts.Head
	if copts.Renames, err = repo.Renames(ctx, opts.Base, headRev, prefix); err != nil {
		return nil, nil, copts, cleanup, cmdutil.InputErrorf("%v", err)
	}
	return base, head, copts, cleanup, nil
}

// sideError reports a side's input errors as "base (REV): file:line:col: ...",
// with the files named as in the repository rather than in the temporary tree.
func sideError(role, label string, err error, tmp, prefix string) error {
	var ps load.Problems
	if !errors.As(err, &ps) {
		msg := err.Error()
		if tmp != "" {
			msg = strings.ReplaceAll(msg, tmp+string(filepath.Separator), prefixed(prefix, ""))
		}
		return cmdutil.InputErrorf("%s (%s): %s", role, label, msg)
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
	return &cmdutil.InputError{Msg: fmt.Sprintf("%s (%s) does not load: %d problem(s)", role, label, len(ps)), Problems: lines}
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

// loadDir loads a project directory (with aims.yaml) or a plain directory of agent configs.
func loadDir(dir, role string) (*diff.Side, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		return nil, cmdutil.InputErrorf("%s (%s): not a directory", role, dir)
	}
	label := filepath.ToSlash(filepath.Clean(dir))
	cfg := filepath.Join(dir, "aims.yaml")
	if _, err := os.Stat(cfg); err == nil {
		p, err := load.LoadProject(cfg)
		if err != nil {
			return nil, sideError(role, dir, err, "", "")
		}
		return &diff.Side{Label: label, Inventory: p.Inventory, Agents: p.Agents, Root: p.Config.Dir, Config: p.Config, Prefix: label}, nil
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
		return nil, cmdutil.InputErrorf("%s (%s): %v", role, dir, err)
	}
	if len(problems) > 0 {
		problems.Sort()
		return nil, sideError(role, dir, problems, "", "")
	}
	return &diff.Side{Label: label, Agents: agents, Root: dir, Prefix: label}, nil
}
