package report

import (
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"slices"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// severitiesHighFirst is the report order of severities.
func severitiesHighFirst() []string {
	out := slices.Clone(model.Severities)
	slices.Reverse(out)
	return out
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func periodString(p model.Period) string {
	switch {
	case p.From.IsZero() && p.To.IsZero():
		return ""
	case p.From.IsZero():
		return "until " + p.To.String()
	case p.To.IsZero():
		return "from " + p.From.String()
	}
	return p.From.String() + " to " + p.To.String()
}

func catalogueString(c model.CatalogueRef) string {
	s := c.ID
	if c.Title != "" {
		s += " " + c.Title
	}
	if c.Version != "" {
		s += " (" + c.Version + ")"
	}
	if c.SHA256 != "" {
		s += " sha256:" + shorten(c.SHA256, 12)
	}
	return s
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

func shortCommit(c string) string { return shorten(c, 10) }

// oneLine folds text from the inputs onto one line: a newline in a message
// must not break a table row or a markdown cell.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t', '\v', '\f':
			return ' '
		}
		return r
	}, s)
	return textsafe.Line(strings.Join(strings.Fields(s), " "))
}

func sortedAgents(as []model.AgentResult) []model.AgentResult {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b model.AgentResult) int { return strings.Compare(a.Agent.ID, b.Agent.ID) })
	return out
}

func sortedActivity(as []model.AgentActivity) []model.AgentActivity {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b model.AgentActivity) int { return strings.Compare(a.Agent, b.Agent) })
	return out
}

func sortedShadow(ss []model.ShadowAgent) []model.ShadowAgent {
	out := slices.Clone(ss)
	slices.SortStableFunc(out, func(a, b model.ShadowAgent) int { return strings.Compare(a.Identity, b.Identity) })
	return out
}

// count is "1 agent", "2 agents".
func count(n int, word string) string { return fmt.Sprintf("%d %s%s", n, word, plural(n)) }
