// Package analyze implements `aims logs analyze`.
package analyze

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// Options are the parsed flags of `aims logs analyze`.
type Options struct {
	IO         *iostreams.IOStreams
	Now        func() time.Time
	ConfigPath func() string
	Ctx        context.Context
	Quiet      bool
	Verbose    bool
	// Run is the logs use case; tests replace it.
	Run func(context.Context, assessment.LogsOptions) (*assessment.LogsOutput, error)

	Files      []string
	LogFormat  string
	Mapping    map[string]string
	Report     cmdutil.ReportOptions
	PeriodFrom string
	PeriodTo   string
	Workers    int
}

// NewCmdAnalyze returns `aims logs analyze`.
func NewCmdAnalyze(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	// The clock and the config path are read when the command runs: root's
	// setup replaces them (--now, --config) after the commands are built.
	opts := &Options{IO: f.IO, Now: func() time.Time { return f.Now() }, ConfigPath: func() string { return f.ConfigPath() }}
	var maps []string
	var rf *cmdutil.ReportFlags
	cmd := &cobra.Command{
		Use:   "analyze [FILE|DIR|GLOB...]",
		Short: "Show what each agent did according to its audit logs, and where it left its scope",
		Long: `Reads audit-log exports and shows, per agent, its events, first and last
activity, tools and operations with counts, models, errors, denials, human
reviews and distinct actors, and the findings: shadow agents (identities that
match no agent in the inventory), tools, operations, resources or models
outside the grants, activity after retirement or before approval, operations
that needed a human review without one, tools that ran although a human
rejected them, missing inputs/outputs where logging says they are kept,
coverage gaps and grants never used.

Formats read (each plain or gzip, from a file, a directory or a glob, told
apart by content with --log-format auto): the native JSON Lines event (or a
JSON array), CSV with the same columns or OCSF-flattened ones (or --map),
OpenTelemetry GenAI traces and logs as the Collector's file exporter writes
them, CloudTrail (Records files, single events, EventBridge envelopes) and
OCSF API Activity. Bad records never stop the run: each is counted and the
first ones are listed with file:line.

With no FILE, the logs listed in aims.yaml are read. Agents come from the
project when aims.yaml exists; without it every identity is listed and
nothing is judged against grants.`,
		Example: `  aims logs analyze exports/*.jsonl.gz
  aims logs analyze traces/ --format json --output logs.json
  aims logs analyze cloudtrail/2026/04/ --period-from 2026-04-01 --period-to 2026-04-30 --fail-on high
  aims logs analyze siem.csv --log-format csv --map agent=app --map time=ts`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			opts.Files = args
			opts.Quiet = f.Quiet
			opts.Verbose = f.Verbose
			if err := rf.Resolve(f); err != nil {
				return err
			}
			opts.LogFormat = strings.ToLower(opts.LogFormat)
			if !auditlog.IsFormat(opts.LogFormat) {
				return cmdutil.InputErrorf("unknown --log-format %q (want one of: %s)", opts.LogFormat, strings.Join(auditlog.FormatNames(), ", "))
			}
			for _, m := range maps {
				k, v, ok := strings.Cut(m, "=")
				if !ok || k == "" || v == "" {
					return cmdutil.InputErrorf("--map %q: want FIELD=COLUMN (e.g. agent=app_name)", m)
				}
				if opts.Mapping == nil {
					opts.Mapping = map[string]string{}
				}
				opts.Mapping[k] = v
			}
			for _, d := range []struct{ flag, v string }{{"--period-from", opts.PeriodFrom}, {"--period-to", opts.PeriodTo}} {
				if d.v != "" {
					if _, err := model.ParseDate(d.v); err != nil {
						return cmdutil.InputErrorf("%s: %v", d.flag, err)
					}
				}
			}
			if opts.Workers < 0 {
				return cmdutil.InputErrorf("--workers must be 0 (one per CPU) or more")
			}
			if runF != nil {
				return runF(opts)
			}
			return analyzeRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.LogFormat, "log-format", auditlog.FormatAuto, "format of the logs: "+strings.Join(auditlog.FormatNames(), ", "))
	_ = cmd.RegisterFlagCompletionFunc("log-format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, fi := range auditlog.Formats() {
			out = append(out, fi.Name+"\t"+fi.Description)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	fl.StringArrayVar(&maps, "map", nil, "CSV column mapping FIELD=COLUMN (time, agent, actor, action, tool, operation, resource, model, outcome, request_id ...); repeatable")
	rf = cmdutil.AddReportFlags(cmd, &opts.Report, report.SubjectLogs)
	fl.StringVar(&opts.PeriodFrom, "period-from", "", "first day analysed, YYYY-MM-DD (default: the config's period, else everything)")
	fl.StringVar(&opts.PeriodTo, "period-to", "", "last day analysed, YYYY-MM-DD, inclusive")
	fl.IntVar(&opts.Workers, "workers", 0, "parallel parsers (default one per CPU); the output does not depend on it")
	return cmd
}

func analyzeRun(opts *Options) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	lopts := assessment.LogsOptions{
		ConfigPath: opts.ConfigPath(),
		Now:        opts.Now(),
		Logs:       assessment.Selection{Paths: opts.Files, Format: opts.LogFormat, Mapping: opts.Mapping, Only: len(opts.Files) > 0},
		Workers:    opts.Workers,
		Progress:   cmdutil.ProgressTo(opts.IO, opts.Quiet),
	}
	if opts.PeriodFrom != "" {
		lopts.PeriodFrom = model.MustDate(opts.PeriodFrom)
	}
	if opts.PeriodTo != "" {
		lopts.PeriodTo = model.MustDate(opts.PeriodTo)
	}
	run := opts.Run
	if run == nil {
		run = assessment.Logs
	}
	out, err := run(ctx, lopts)
	if err != nil {
		return err
	}
	sum := out.Summary

	ropts := report.Options{Color: opts.IO.ColorEnabled() && !opts.Report.ToFile(), Template: opts.Report.Template, ToolVersion: build.String(), Verbose: opts.Verbose}
	if !opts.Report.ToFile() {
		// A file keeps the fixed layout whatever the terminal it was written from.
		ropts.Width = opts.IO.TerminalWidth()
	}
	if out.Project != nil {
		ropts.Root = out.Project.Config.Dir
	}
	err = opts.Report.Emit(opts.IO.Out, func(w io.Writer) error {
		return report.WriteLogs(w, opts.Report.Format, sum, ropts)
	})
	if err != nil {
		return err
	}
	return opts.Report.Gate(sum.Findings, func(n int, threshold string) string {
		return fmt.Sprintf("%d log findings at or above %s (--fail-on %s)", n, threshold, threshold)
	})
}
