// Package diff implements `aims diff`.
package diff

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/diff/sides"
	"github.com/aims-cli/aims/pkg/iostreams"
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
never fail. An agent added in design (or as retired) runs nothing and is
listed without a finding; its move to development is judged.`,
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
	if len(opts.Dirs) == 2 {
		var err error
		if base, err = sides.Dir(opts.Dirs[0], "base"); err != nil {
			return err
		}
		if head, err = sides.Dir(opts.Dirs[1], "head"); err != nil {
			return err
		}
		copts.ChangeDate = opts.Now()
	} else {
		revs, err := sides.Revisions(ctx, opts.ConfigPath(), opts.Base, opts.Head, opts.Now())
		if err != nil {
			return err
		}
		defer revs.Close()
		base, head, copts = revs.Base, revs.Head, revs.Options
	}

	// The head's catalogues judge the change, so that its user overrides
	// apply as they do in assess (a plain agents directory: builtin).
	set, err := assessment.Catalogues(head.Config)
	if err != nil {
		return sides.LoadError("head", head.Label, err, "", "")
	}
	copts.Catalogue = set

	res := diff.Compare(base, head, copts)
	model.AssignFindingIDs(res.Findings, "")
	ropts := report.Options{ToolVersion: build.String()}
	if !opts.Report.ToFile() {
		// A file keeps the fixed layout whatever the terminal it was written from.
		ropts.Width = opts.IO.TerminalWidth()
	}
	err = opts.Report.Emit(opts.IO.Out, func(w io.Writer) error {
		return report.Write(w, opts.Report.Format, report.SubjectDiff, res, ropts)
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
