package assessment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// LogSource is one audit-log export to read: a file, directory or glob, its
// format ("auto" detects it) and, for CSV, a column mapping.
type LogSource struct {
	Path    string
	Format  string
	Mapping map[string]string
}

// Selection says which audit logs a run reads.
type Selection struct {
	// Paths are files, directories or globs from the command line, relative
	// to the working directory.
	Paths []string
	// Format and Mapping apply to Paths ("" is auto).
	Format  string
	Mapping map[string]string
	// Only reads Paths alone, without the logs aims.yaml names (logs
	// analyze with FILE arguments; assess and pack add --log to aims.yaml's).
	Only bool
	// NoConfig leaves aims.yaml's logs out (--no-logs).
	NoConfig bool
}

// LogSources lists what a run reads: aims.yaml's logs (paths relative to the
// project root) unless noLogs, then the command line's (relative to the
// working directory, format auto). Paths come back absolute where the working
// directory is known, so that no reader resolves them against another base.
func LogSources(cfg *model.Config, extra []string, noLogs bool) []LogSource {
	return Sources(cfg, Selection{Paths: extra, NoConfig: noLogs})
}

// Sources lists what sel reads. With Only the command line's paths are kept
// as given: nothing else is read, so no second base can resolve them, and
// findings name the files as the user typed them.
func Sources(cfg *model.Config, sel Selection) []LogSource {
	format := sel.Format
	if format == "" {
		format = auditlog.FormatAuto
	}
	var out []LogSource
	if sel.Only {
		for _, p := range sel.Paths {
			out = append(out, LogSource{Path: p, Format: format, Mapping: sel.Mapping})
		}
		return out
	}
	if !sel.NoConfig && cfg != nil {
		for _, l := range cfg.Logs {
			p := l.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(cfg.Dir, p)
			}
			f := l.Format
			if f == "" {
				f = auditlog.FormatAuto
			}
			out = append(out, LogSource{Path: absPath(p), Format: f, Mapping: l.Mapping})
		}
	}
	for _, p := range sel.Paths {
		out = append(out, LogSource{Path: absPath(p), Format: format, Mapping: sel.Mapping})
	}
	return out
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// LogsOptions say what one `aims logs analyze` run reads.
type LogsOptions struct {
	// ConfigPath is aims.yaml; when the file does not exist there is no
	// project: every identity is listed and nothing is judged against grants.
	ConfigPath string
	Now        time.Time
	Logs       Selection
	// PeriodFrom and PeriodTo replace the ends of aims.yaml's period.
	PeriodFrom, PeriodTo model.Date
	// Workers is auditlog.Options.Workers (0: one per CPU).
	Workers int
	// Progress receives the progress bar; nil prints nothing.
	Progress io.Writer
}

// LogsOutput is what a logs run produced. Project is nil without aims.yaml.
type LogsOutput struct {
	Project    *load.Project
	Catalogues *catalogue.Set
	Summary    *model.LogSummary
}

// ErrNoLogs is a logs run with nothing to read.
var ErrNoLogs = errors.New("no logs to read: give FILE arguments, or list logs in aims.yaml")

// Logs is the use case of `aims logs analyze`: the project when aims.yaml
// exists, its catalogues (builtin without one), the sources and progress as
// Run derives them, then the log analysis with its findings made as the
// catalogue declares their checks (a user override changes them here as in
// assess).
func Logs(ctx context.Context, opts LogsOptions) (*LogsOutput, error) {
	out := &LogsOutput{}
	var cfg *model.Config
	var agents []*model.Agent
	if opts.ConfigPath != "" {
		if _, err := os.Stat(opts.ConfigPath); err == nil {
			proj, err := load.LoadProject(opts.ConfigPath)
			if err != nil {
				return nil, &InputError{Stage: StageLoad, Err: err}
			}
			out.Project, cfg = proj, proj.Config
			agents = proj.Agents
			if agents == nil {
				agents = []*model.Agent{}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, &InputError{Stage: StageLoad, Err: err}
		}
	}
	set, err := Catalogues(cfg)
	if err != nil {
		return nil, err
	}
	out.Catalogues = set
	dir := ""
	if cfg != nil {
		dir = cfg.Dir
	}

	sources := Sources(cfg, opts.Logs)
	if len(sources) == 0 {
		return nil, &InputError{Stage: StageLogs, Err: ErrNoLogs}
	}
	aopts := auditlog.Options{Now: opts.Now, Workers: opts.Workers}
	if cfg != nil {
		aopts.Period = cfg.Period
		aopts.Thresholds = cfg.Thresholds
		if !opts.Logs.Only {
			// Only keeps paths as typed, relative to the working directory.
			aopts.BaseDir = cfg.Dir
		}
	}
	if !opts.PeriodFrom.IsZero() {
		aopts.Period.From = opts.PeriodFrom
	}
	if !opts.PeriodTo.IsZero() {
		aopts.Period.To = opts.PeriodTo
	}
	if p := aopts.Period; !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From.Time) {
		return nil, &InputError{Stage: StageLogs, Err: fmt.Errorf("the period ends (%s) before it starts (%s)", p.To, p.From)}
	}
	sum, err := analyzeLogs(ctx, sources, agents, aopts, opts.Progress)
	if err != nil {
		return nil, err
	}
	sum.Findings = set.ApplyAll(sum.Findings)
	model.AssignFindingIDs(sum.Findings, dir)
	// As assess does: every output names files relative to the project root
	// (log findings cite agent configs as well as log files).
	out.Summary = report.LogsRelativeTo(sum, dir)
	return out, nil
}

// Catalogues loads the catalogues cfg names; without a config (or with none
// named) the builtin one. Errors are InputErrors of the catalogue stage.
func Catalogues(cfg *model.Config) (*catalogue.Set, error) {
	var specs []string
	dir := ""
	if cfg != nil {
		specs, dir = cfg.Catalogues, cfg.Dir
	}
	set, err := catalogue.LoadSet(specs, dir)
	if err != nil {
		return nil, &InputError{Stage: StageCatalogue, Err: err}
	}
	return set, nil
}

// analyzeLogs reads sources through auditlog.Analyze. Bad records and
// unreadable files are in the summary, not errors; the only error is a
// cancelled context.
func analyzeLogs(ctx context.Context, sources []LogSource, agents []*model.Agent, opts auditlog.Options, progress io.Writer) (*model.LogSummary, error) {
	src := make([]auditlog.Source, len(sources))
	for i, s := range sources {
		src[i] = auditlog.Source{Path: s.Path, Format: s.Format, Mapping: s.Mapping}
	}
	var bar *percentBar
	if progress != nil {
		bar = &percentBar{w: progress, label: "reading logs", last: -1}
		opts.Progress = bar.update
	}
	sum, err := auditlog.Analyze(ctx, src, agents, opts)
	bar.done()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &InputError{Stage: StageLogs, Err: err}
	}
	return sum, nil
}

// percentBar is a one-line progress indicator (bytes of total) rewritten in
// place; it writes only when the whole percentage changes.
type percentBar struct {
	w     io.Writer
	label string
	last  int
	shown bool
}

func (b *percentBar) update(done, total int64) {
	if total <= 0 {
		return
	}
	pct := int(done * 100 / total)
	if pct == b.last {
		return
	}
	b.last, b.shown = pct, true
	fmt.Fprintf(b.w, "\raims: %s %3d%% (%s of %s)", b.label, pct, size(done), size(total))
}

func (b *percentBar) done() {
	if b != nil && b.shown {
		fmt.Fprintln(b.w)
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
