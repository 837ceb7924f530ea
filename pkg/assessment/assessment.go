// Package assessment is the use case `aims assess`, `aims pack` and `aims
// logs analyze` share: load the project and its catalogues, derive the log
// sources and read them with one progress bar, read the change history,
// assess, and add the crosswalk views. It prints nothing but
// optional progress lines, and keeps input errors typed (InputError) so that
// commands can map them to exit status 2.
package assessment

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/engine"
	"github.com/aims-cli/aims/pkg/framework"
	"github.com/aims-cli/aims/pkg/gitlog"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report"
)

// Options say what one run does.
type Options struct {
	// ConfigPath is aims.yaml.
	ConfigPath string
	// Now is the run's clock (age checks, generated_at).
	Now time.Time
	// LogPaths are extra log files, directories or globs from the command
	// line, read with format auto beside those aims.yaml names.
	LogPaths []string
	// NoLogs skips log analysis even where aims.yaml names logs.
	NoLogs bool
	// Records is how many records each log finding keeps for the pack's
	// excerpts (auditlog.Options.Records).
	Records int
	// History adds the change history of every agent config from git.
	History bool
	// Frameworks are the crosswalk views to add (eu-ai-act, nist-ai-rmf, iso27001).
	Frameworks []string
	// Progress receives one line per step; nil prints nothing.
	Progress io.Writer
}

// Output is everything a run produced.
type Output struct {
	Project    *load.Project
	Catalogues *catalogue.Set
	Result     *model.Result
}

// Stages of a run, named in InputError.
const (
	StageLoad      = "load"
	StageCatalogue = "catalogue"
	StageLogs      = "logs"
	StageFramework = "framework"
)

// InputError is a run that failed because of its inputs: aims.yaml and what
// it names, a catalogue file, a log source, an unknown framework. Err keeps
// the underlying error (often load.Problems with file:line:col).
type InputError struct {
	Stage string
	Err   error
}

func (e *InputError) Error() string { return e.Err.Error() }

func (e *InputError) Unwrap() error { return e.Err }

// BadInput makes the run exit 2 (cmdutil.ExitCode) without the command
// wrapping it again.
func (e *InputError) BadInput() bool { return true }

// Run loads, analyses and assesses the project at opts.ConfigPath.
func Run(ctx context.Context, opts Options) (*Output, error) {
	step := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "aims: "+format+"\n", args...)
		}
	}

	step("loading %s", opts.ConfigPath)
	proj, err := load.LoadProject(opts.ConfigPath)
	if err != nil {
		return nil, &InputError{Stage: StageLoad, Err: err}
	}
	cfg := proj.Config
	out := &Output{Project: proj}

	step("loading catalogues")
	set, err := Catalogues(cfg)
	if err != nil {
		return nil, err
	}
	out.Catalogues = set

	var logs *model.LogSummary
	if sources := LogSources(cfg, opts.LogPaths, opts.NoLogs); len(sources) > 0 {
		step("analysing %d log source(s)", len(sources))
		aopts := auditlog.Options{Period: cfg.Period, Thresholds: cfg.Thresholds.WithDefaults(), Now: opts.Now, BaseDir: cfg.Dir, Records: opts.Records}
		if logs, err = analyzeLogs(ctx, sources, proj.Agents, aopts, opts.Progress); err != nil {
			return nil, err
		}
	}

	var history *model.History
	if opts.History {
		step("reading the change history from git")
		history = gitlog.AgentHistoryIn(ctx, cfg.Dir, proj.Agents, proj.Inventory, cfg.Period, opts.Now)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	step("assessing %d agents", len(proj.Agents))
	res, err := engine.Assess(engine.Input{
		Config:     cfg,
		Inventory:  proj.Inventory,
		Agents:     proj.Agents,
		Warnings:   proj.Warnings,
		Evidence:   proj.Evidence,
		Catalogues: set,
		Logs:       logs,
		History:    history,
		Now:        opts.Now,
	})
	if err != nil {
		return nil, fmt.Errorf("assess: %w", err)
	}
	if res.Tool.Name == "" {
		res.Tool = model.Tool{Name: "aims", Version: build.String()}
	}
	// Name files from the project root: the same inputs give the same JSON and
	// pack whichever directory aims ran from.
	res = report.RelativeTo(res, cfg.Dir)
	out.Result = res

	if len(opts.Frameworks) > 0 {
		views, err := framework.Views(res, opts.Frameworks...)
		if err != nil {
			return nil, &InputError{Stage: StageFramework, Err: err}
		}
		res.Frameworks = views
	}
	return out, nil
}
