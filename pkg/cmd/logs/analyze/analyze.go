// Package analyze implements `aims logs analyze`.
package analyze

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// Options are the parsed flags of `aims logs analyze`.
type Options struct {
	IO         *iostreams.IOStreams
	Now        func() time.Time
	ConfigPath func() string
	Project    func() (*load.Project, error)
	Ctx        context.Context
	Quiet      bool

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
	opts := &Options{IO: f.IO, Now: f.Now, ConfigPath: f.ConfigPath, Project: f.Project}
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
			if err := rf.Resolve(f); err != nil {
				return err
			}
			opts.LogFormat = strings.ToLower(opts.LogFormat)
			if !contains(auditlog.Formats, opts.LogFormat) {
				return cmdutil.InputErrorf("unknown --log-format %q (want one of: %s)", opts.LogFormat, strings.Join(auditlog.Formats, ", "))
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
	fl.StringVar(&opts.LogFormat, "log-format", auditlog.FormatAuto, "format of the logs: "+strings.Join(auditlog.Formats, ", "))
	fl.StringArrayVar(&maps, "map", nil, "CSV column mapping FIELD=COLUMN (time, agent, actor, action, tool, operation, resource, model, outcome, request_id ...); repeatable")
	rf = cmdutil.AddReportFlags(cmd, &opts.Report, report.SubjectLogs)
	fl.StringVar(&opts.PeriodFrom, "period-from", "", "first day analysed, YYYY-MM-DD (default: the config's period, else everything)")
	fl.StringVar(&opts.PeriodTo, "period-to", "", "last day analysed, YYYY-MM-DD, inclusive")
	fl.IntVar(&opts.Workers, "workers", 0, "parallel parsers (default one per CPU); the output does not depend on it")
	return cmd
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func analyzeRun(opts *Options) error {
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	var agents []*model.Agent
	var cfg *model.Config
	if p := opts.ConfigPath(); p != "" {
		if _, err := os.Stat(p); err == nil {
			proj, err := opts.Project()
			if err != nil {
				return &cmdutil.InputError{Err: err}
			}
			cfg = proj.Config
			agents = proj.Agents
			if agents == nil {
				agents = []*model.Agent{}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return &cmdutil.InputError{Err: err}
		}
	}
	aopts := auditlog.Options{Now: opts.Now(), Workers: opts.Workers}
	var sources []auditlog.Source
	if cfg != nil {
		aopts.Period = cfg.Period
		aopts.Thresholds = cfg.Thresholds
	}
	if len(opts.Files) == 0 {
		if cfg == nil || len(cfg.Logs) == 0 {
			return cmdutil.InputErrorf("no logs to read: give FILE arguments, or list logs in aims.yaml")
		}
		aopts.BaseDir = cfg.Dir
		for _, l := range cfg.Logs {
			sources = append(sources, auditlog.Source{Path: l.Path, Format: l.Format, Mapping: l.Mapping})
		}
	} else {
		for _, p := range opts.Files {
			sources = append(sources, auditlog.Source{Path: p, Format: opts.LogFormat, Mapping: opts.Mapping})
		}
	}
	if opts.PeriodFrom != "" {
		aopts.Period.From = model.MustDate(opts.PeriodFrom)
	}
	if opts.PeriodTo != "" {
		aopts.Period.To = model.MustDate(opts.PeriodTo)
	}
	if !aopts.Period.From.IsZero() && !aopts.Period.To.IsZero() && aopts.Period.To.Before(aopts.Period.From.Time) {
		return cmdutil.InputErrorf("the period ends (%s) before it starts (%s)", aopts.Period.To, aopts.Period.From)
	}

	var bar *progressbar.ProgressBar
	var once sync.Once
	if opts.IO.ProgressEnabled() && !opts.Quiet {
		aopts.Progress = func(done, total int64) {
			once.Do(func() {
				bar = progressbar.NewOptions64(total,
					progressbar.OptionSetWriter(opts.IO.ErrOut),
					progressbar.OptionSetDescription("reading logs"),
					progressbar.OptionShowBytes(true),
					progressbar.OptionThrottle(100*time.Millisecond),
					progressbar.OptionClearOnFinish(),
				)
			})
			_ = bar.Set64(done)
		}
	}
	sum, err := auditlog.Analyze(ctx, sources, agents, aopts)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}

	root := ""
	if cfg != nil {
		root = cfg.Dir
	}
	model.AssignFindingIDs(sum.Findings, root)

	toFile := opts.Report.Output != "" && opts.Report.Output != "-"
	ropts := report.Options{Color: opts.IO.ColorEnabled() && !toFile, Template: opts.Report.Template, ToolVersion: build.String()}
	if cfg != nil {
		ropts.Root = cfg.Dir
	}
	err = cmdutil.Emit(opts.IO.Out, opts.Report.Output, func(w io.Writer) error {
		return report.WriteLogs(w, opts.Report.Format, sum, ropts)
	})
	var te *report.TemplateError
	if errors.As(err, &te) {
		return &cmdutil.InputError{Err: err}
	}
	if err != nil {
		return err
	}
	return failOn(sum, opts.Report.FailOn)
}

// failOn turns findings at or above the threshold into exit 1.
func failOn(s *model.LogSummary, threshold string) error {
	n := cmdutil.AtOrAbove(s.Findings, threshold)
	if n == 0 {
		return nil
	}
	return &cmdutil.FailError{Msg: fmt.Sprintf("%d log findings at or above %s (--fail-on %s)", n, threshold, threshold)}
}
