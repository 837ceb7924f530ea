package pipeline

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

// analyzeLogs reads sources through auditlog.Analyze against the project's
// agents. Bad records and unreadable files are in the summary, not errors;
// the only error is a cancelled context.
func analyzeLogs(ctx context.Context, sources []LogSource, proj *load.Project, now time.Time, progress io.Writer) (*model.LogSummary, error) {
	cfg := proj.Config
	src := make([]auditlog.Source, len(sources))
	for i, s := range sources {
		src[i] = auditlog.Source{Path: s.Path, Format: s.Format, Mapping: s.Mapping}
	}
	opts := auditlog.Options{
		Period:     cfg.Period,
		Thresholds: cfg.Thresholds.WithDefaults(),
		Now:        now,
		BaseDir:    cfg.Dir,
	}
	var bar *percentBar
	if progress != nil {
		bar = &percentBar{w: progress, label: "reading logs", last: -1}
		opts.Progress = bar.update
	}
	sum, err := auditlog.Analyze(ctx, src, proj.Agents, opts)
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
