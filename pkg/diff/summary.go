package diff

// The diff's writers are pkg/report's (report.SubjectDiff); what stays here
// is the one-line summary every writer shows and the gate's top severity.

import (
	"fmt"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// Headline is the one-line summary: "3 agents changed: 1 risk widened (high), 1 reduced, 1 neutral".
func (r *Result) Headline() string {
	s := r.Summary
	if s.Changed == 0 && s.Inventory == 0 {
		return "no agent or inventory changes"
	}
	noun := "agents"
	if s.Changed == 1 {
		noun = "agent"
	}
	line := fmt.Sprintf("%d %s changed", s.Changed, noun)
	var parts []string
	if s.Widened > 0 {
		w := fmt.Sprintf("%d risk widened", s.Widened)
		if s.MaxTier != "" {
			w += " (" + s.MaxTier + ")"
		}
		parts = append(parts, w)
	}
	if s.Reduced > 0 {
		parts = append(parts, fmt.Sprintf("%d reduced", s.Reduced))
	}
	if s.Neutral > 0 {
		parts = append(parts, fmt.Sprintf("%d neutral", s.Neutral))
	}
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, ", ")
	}
	if s.Inventory > 0 {
		line += fmt.Sprintf("; %d inventory %s", s.Inventory, plural(s.Inventory, "change", "changes"))
	}
	return line
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// MaxSeverity is the highest finding severity ("none" without findings).
func (r *Result) MaxSeverity() string {
	best := model.SeverityNone
	for _, f := range r.Findings {
		if risk.Rank(f.Severity) > risk.Rank(best) {
			best = f.Severity
		}
	}
	return best
}
