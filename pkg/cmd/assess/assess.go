// Package assess implements `aims assess`.
package assess

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/framework"
	"github.com/aims-cli/aims/pkg/report"
)

// Options are the parsed flags of `aims assess` and what it depends on.
type Options struct {
	Factory *cmdutil.Factory
	Ctx     context.Context

	Frameworks []string
	History    bool
	Report     cmdutil.ReportOptions
	LogPaths   []string
	NoLogs     bool

	// Run is the assessment pipeline; tests replace it.
	Run func(context.Context, assessment.Options) (*assessment.Output, error)
}

// NewCmdAssess returns `aims assess`.
func NewCmdAssess(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f, Run: assessment.Run}
	var rf *cmdutil.ReportFlags
	cmd := &cobra.Command{
		Use:   "assess",
		Short: "Evaluate the inventory, agents and logs against the catalogue(s)",
		Long: `Evaluate aims.yaml and everything it names (the inventory, the agent configs and,
where configured, the audit-log exports) against the ISO/IEC 42001 catalogue and any
catalogues of your own, and write the gap report.

Every control comes out as pass, partial, fail, manual (no automated check and no
attestation: never counted as passed) or not-applicable (excluded in the Statement of
Applicability, with its justification). Every finding names its control, check,
severity, subject, file:line, message and remediation.

Formats: table (the default; colour only on a terminal), json (the full result, with
schemaVersion), markdown (a gap report with the Statement of Applicability), sarif
(2.1.0, each result at the YAML line that causes it, for code scanning), junit (one
test case per control), csv (one row per finding), and template: your own Go
text/template over the JSON result (--template FILE; start from templates/report.md.tmpl).

--framework regroups the results by another framework's items through the
catalogue's crosswalk (an indicative mapping): eu-ai-act, nist-ai-rmf, iso27001.
--history adds, per agent, every git commit that changed its config with its risk delta.

format, output and fail_on can also be set in aims.yaml or as AIMS_FORMAT,
AIMS_OUTPUT and AIMS_FAIL_ON (a flag beats the environment, which beats aims.yaml).
The same inputs with the same --now give byte-identical output.`,
		Example: `  aims assess
  aims assess --config examples/aims.yaml --now 2026-11-20T00:00:00Z
  aims assess --format markdown --output gap-report.md
  aims assess --format sarif --output aims.sarif --fail-on high     # CI with code scanning
  aims assess --format junit --output aims-junit.xml
  aims assess --framework eu-ai-act
  aims assess --history --format json | jq '.history.changes'
  aims assess --log exports/bedrock-2026-11.json.gz --log otel/traces.jsonl
  aims assess --format template --template my-report.tmpl --output report.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if err := rf.Resolve(f); err != nil {
				return err
			}
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return assessRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Frameworks, "framework", nil, "regroup by another framework (indicative): "+strings.Join(framework.Names[1:], ", "))
	fl.BoolVar(&opts.History, "history", false, "add each agent's change history from git")
	rf = cmdutil.AddReportFlags(cmd, &opts.Report, report.SubjectAssessment)
	cmdutil.AddLogFlags(cmd, &opts.LogPaths, &opts.NoLogs)
	return cmd
}

// check validates the flags AddReportFlags does not own.
func (opts *Options) check() error {
	for _, fw := range opts.Frameworks {
		if !framework.Valid(fw) {
			return cmdutil.InputErrorf("unknown --framework %q (want one of: %s)", fw, strings.Join(framework.Names, ", "))
		}
	}
	return cmdutil.CheckLogFlags(opts.LogPaths, opts.NoLogs)
}

func assessRun(opts *Options) error {
	f := opts.Factory
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	out, err := opts.Run(ctx, assessment.Options{
		ConfigPath: f.ConfigPath(),
		Now:        f.Now(),
		LogPaths:   opts.LogPaths,
		NoLogs:     opts.NoLogs,
		History:    opts.History,
		Frameworks: opts.Frameworks,
		Progress:   cmdutil.ProgressTo(f.IO, f.Quiet),
	})
	if err != nil {
		return err
	}
	res := out.Result

	toFile := opts.Report.ToFile()
	ropts := report.Options{
		Color:       f.IO.ColorEnabled() && !toFile,
		Template:    opts.Report.Template,
		ToolVersion: build.String(),
		Verbose:     f.Verbose,
	}
	if !toFile {
		// A file keeps the fixed layout whatever the terminal it was written from.
		ropts.Width = f.IO.TerminalWidth()
	}
	if out.Project != nil && out.Project.Config != nil {
		ropts.Root = out.Project.Config.Dir
	}
	if len(opts.Frameworks) == 1 {
		ropts.Framework = opts.Frameworks[0]
	}
	err = opts.Report.Emit(f.IO.Out, func(w io.Writer) error {
		return report.WriteResult(w, opts.Report.Format, res, ropts)
	})
	if err != nil {
		return err
	}
	if toFile && !f.Quiet {
		fmt.Fprintf(f.IO.ErrOut, "aims: wrote %s (%s)\n", opts.Report.Output, countFindings(len(res.Findings)))
	}
	return opts.Report.Gate(res.Findings, gateMessage)
}

// gateMessage says why the run exits 1.
func gateMessage(n int, threshold string) string {
	return fmt.Sprintf("%s at or above %s", countFindings(n), threshold)
}

func countFindings(n int) string {
	if n == 1 {
		return "1 finding"
	}
	return fmt.Sprintf("%d findings", n)
}
