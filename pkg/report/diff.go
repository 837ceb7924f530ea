package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/aims-cli/aims/pkg/diff"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report/textsafe"
)

// The writers of `aims diff`. The comparison and the gate are pkg/diff's;
// these only lay its Result out.

// MaxCommentBytes is the size the diff's markdown keeps a pull-request
// comment under (GitHub refuses comments over 65536 characters).
const MaxCommentBytes = 60000

// diffEffectWord is how an agent's overall effect reads to people.
func diffEffectWord(e string) string {
	switch e {
	case diff.Widen:
		return "risk widened"
	case diff.Narrow:
		return "risk reduced"
	}
	return "neutral"
}

func diffTierText(a diff.AgentDiff) string {
	switch {
	case a.TierBefore == "":
		return a.TierAfter
	case a.TierAfter == "":
		return a.TierBefore + " -> (removed)"
	case a.TierBefore == a.TierAfter:
		return a.TierAfter
	}
	return a.TierBefore + " -> " + a.TierAfter
}

func diffFindingsFor(r *diff.Result, kind, subject string) []model.Finding {
	var out []model.Finding
	for _, f := range r.Findings {
		if f.SubjectKind == kind && f.Subject == subject {
			out = append(out, f)
		}
	}
	return out
}

func diffRenamedFrom(a diff.AgentDiff) string {
	var parts []string
	if a.PreviousID != "" {
		parts = append(parts, "id "+a.PreviousID)
	}
	if a.BaseFile != a.HeadFile {
		parts = append(parts, a.BaseFile)
	}
	return strings.Join(parts, ", ")
}

func diffMarker(effect string) string {
	switch effect {
	case diff.Widen:
		return "+ widen"
	case diff.Narrow:
		return "- narrow"
	}
	return "  neutral"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return textsafe.Line(s)
}

// writeDiffTable writes the diff for a terminal or a log: one block per
// agent. In a terminal (width > 0) lines wrap to it, a changes table too
// wide for it becomes one record per change, and a finding puts its message
// and location on lines of their own; piped (width 0) the layout is fixed.
func writeDiffTable(w io.Writer, r *diff.Result, width int) error {
	line := func(s string) {
		if width > 0 && widest(s) > width {
			s = wrap(s, width)
		}
		fmt.Fprintln(w, s)
	}
	head := fmt.Sprintf("aims diff %s -> %s", textsafe.Line(r.Base), textsafe.Line(r.Head))
	if !r.ChangeDate.IsZero() {
		head += fmt.Sprintf(" (change date %s)", r.ChangeDate)
	}
	line(head)
	line(textsafe.Line(r.Headline()))
	for _, a := range r.Agents {
		fmt.Fprintln(w)
		line(fmt.Sprintf("agent %s  %s  %s  risk %s", textsafe.Line(a.ID), a.Status, diffEffectWord(a.Effect), diffTierText(a)))
		if a.Status == diff.StatusRenamed {
			line(fmt.Sprintf("  renamed from %s", textsafe.Line(diffRenamedFrom(a))))
		}
		writeDiffChanges(w, a.Changes, width)
	}
	if len(r.Inventory) > 0 {
		fmt.Fprintf(w, "\ninventory\n")
		cs := make([]diff.Change, len(r.Inventory))
		for i, c := range r.Inventory {
			cs[i] = c.Change
		}
		writeDiffChanges(w, cs, width)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "\nfindings\n")
		for _, f := range r.Findings {
			one := fmt.Sprintf("  %-8s %s %s: %s", strings.ToUpper(f.Severity), f.Control, textsafe.Line(f.Location.String()), textsafe.Line(f.Message))
			if width <= 0 || widest(one) <= width {
				fmt.Fprintln(w, one)
				continue
			}
			// Narrow: severity and control, then the message, then where.
			fmt.Fprintf(w, "  %s %s\n", strings.ToUpper(f.Severity), f.Control)
			for _, l := range strings.Split(wrap(textsafe.Line(f.Message), max(1, width-4)), "\n") {
				fmt.Fprintln(w, "    "+l)
			}
			if loc := f.Location.String(); loc != "" {
				for _, l := range strings.Split(wrap("at "+textsafe.Line(loc), max(1, width-4)), "\n") {
					fmt.Fprintln(w, "    "+l)
				}
			}
		}
	}
	return nil
}

// writeDiffChanges writes one block of changes in columns (marker, what,
// before, after), or, when width > 0 and they are wider, one record per
// change indented under its agent.
func writeDiffChanges(w io.Writer, cs []diff.Change, width int) {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	for _, c := range cs {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", diffMarker(c.Effect), textsafe.Line(c.What), orDash(c.Before), orDash(c.After))
	}
	tw.Flush()
	if width <= 0 || widest(b.String()) <= width {
		io.WriteString(w, b.String())
		return
	}
	t := &tableWriter{opts: Options{Width: max(1, width-2)}}
	header := table.Row{"change", "before", "after"}
	var rows []table.Row
	for _, c := range cs {
		rows = append(rows, table.Row{diffMarker(c.Effect) + "  " + c.What, orDash(c.Before), orDash(c.After)})
	}
	safeCells(rows)
	for _, l := range strings.Split(strings.TrimSuffix(t.stacked(header, rows), "\n"), "\n") {
		fmt.Fprintln(w, strings.TrimRight("  "+l, " "))
	}
}

// diffCell is mdCell with the diff's arrows drawn as arrows.
func diffCell(s string) string {
	return mdCell(strings.ReplaceAll(s, "->", "→"))
}

func diffEffectIcon(e string) string {
	switch e {
	case diff.Widen:
		return "🔺"
	case diff.Narrow:
		return "🔻"
	}
	return "▫️"
}

var tierBadge = map[string]string{"low": "🟢 low", "medium": "🟡 medium", "high": "🟠 high", "critical": "🔴 critical"}

func badge(t string) string {
	if b, ok := tierBadge[t]; ok {
		return b
	}
	return t
}

// writeDiffMarkdown writes the diff sized for a pull-request comment: a
// summary line, the gate's verdict, one small table per changed agent and
// the factor deltas folded away in <details>.
func writeDiffMarkdown(w io.Writer, r *diff.Result) error {
	out := renderDiffMarkdown(r, diffMDOptions{maxAgents: len(r.Agents)})
	// Drop the factor details first, then agent sections, before anything is cut.
	if len(out) > MaxCommentBytes {
		out = renderDiffMarkdown(r, diffMDOptions{maxAgents: len(r.Agents), noDetails: true})
	}
	for n := len(r.Agents) - 1; len(out) > MaxCommentBytes && n >= 0; n -= 1 + n/4 {
		out = renderDiffMarkdown(r, diffMDOptions{maxAgents: n, noDetails: true})
	}
	_, err := io.WriteString(w, out)
	return err
}

type diffMDOptions struct {
	maxAgents int
	noDetails bool
}

// gateReason is the gate's verdict, the last part of a finding message.
func gateReason(msg string) string {
	if i := strings.LastIndex(msg, "; "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

func renderDiffMarkdown(r *diff.Result, o diffMDOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### aims diff: %s → %s\n\n", code(r.Base), code(r.Head))
	fmt.Fprintf(&b, "**%s**", diffCell(r.Headline()))
	if !r.ChangeDate.IsZero() {
		fmt.Fprintf(&b, " · change date %s", r.ChangeDate)
	}
	b.WriteString("\n\n")
	if n := len(r.Findings); n > 0 {
		noun := "changes need"
		if n == 1 {
			noun = "change needs"
		}
		fmt.Fprintf(&b, "❌ **%d %s a re-assessment** before merging (highest: %s).\n\n", n, noun, badge(r.Findings[0].Severity))
	} else if r.Summary.Widened > 0 {
		b.WriteString("✅ Every widened risk profile has a risk assessment dated on or after the change.\n\n")
	}

	if len(r.Agents) > 0 {
		b.WriteString("| | agent | status | computed risk | effect |\n|---|---|---|---|---|\n")
		for _, a := range r.Agents {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", diffEffectIcon(a.Effect), code(a.ID), a.Status, diffCell(diffTierArrow(a)), diffEffectWord(a.Effect))
		}
		b.WriteString("\n")
	}
	for i, a := range r.Agents {
		if i == o.maxAgents {
			fmt.Fprintf(&b, "_%d more changed agents are left out to keep this comment short: run `aims diff` for all of them._\n\n", len(r.Agents)-i)
			break
		}
		fmt.Fprintf(&b, "#### %s %s: %s (%s)\n\n", diffEffectIcon(a.Effect), code(a.ID), diffEffectWord(a.Effect), diffCell(diffTierArrow(a)))
		var meta []string
		if a.HeadFile != "" {
			meta = append(meta, code(a.HeadFile))
		} else if a.BaseFile != "" {
			meta = append(meta, code(a.BaseFile)+" (removed)")
		}
		if a.Status == diff.StatusRenamed {
			meta = append(meta, "renamed from "+code(diffRenamedFrom(a)))
		}
		if a.System != "" {
			meta = append(meta, "system "+code(a.System))
		}
		if len(meta) > 0 {
			b.WriteString(strings.Join(meta, " · ") + "\n\n")
		}
		b.WriteString("| change | before | after |\n|---|---|---|\n")
		for _, c := range a.Changes {
			fmt.Fprintf(&b, "| %s %s | %s | %s |\n", diffEffectIcon(c.Effect), diffCell(c.What), diffCell(c.Before), diffCell(c.After))
		}
		b.WriteString("\n")
		for _, f := range diffFindingsFor(r, model.SubjectAgent, a.ID) {
			fmt.Fprintf(&b, "> ❌ **re-assessment required** (%s, %s %s) at %s: %s.<br>Fix: %s.\n\n",
				badge(f.Severity), f.Control, f.Check, code(f.Location.String()), diffCell(gateReason(f.Message)), diffCell(f.Remediation))
		}
		// A removed agent's factors say nothing a reviewer can act on.
		if len(a.Factors) > 0 && a.Status != diff.StatusRemoved && !o.noDetails {
			fmt.Fprintf(&b, "<details><summary>risk factors (score %d → %d)</summary>\n\n", a.ScoreBefore, a.ScoreAfter)
			b.WriteString("| factor | before | after |\n|---|---|---|\n")
			for _, fd := range a.Factors {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", code(fd.ID), diffFactorCell(fd.PointsBefore, fd.Before), diffFactorCell(fd.PointsAfter, fd.After))
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	if len(r.Inventory) > 0 {
		b.WriteString("#### Inventory\n\n| | subject | change | before | after |\n|---|---|---|---|---|\n")
		for _, c := range r.Inventory {
			fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %s |\n", diffEffectIcon(c.Effect), c.SubjectKind, code(c.Subject), diffCell(c.What), diffCell(c.Before), diffCell(c.After))
		}
		b.WriteString("\n")
		for _, f := range r.Findings {
			if f.SubjectKind != model.SubjectAgent {
				fmt.Fprintf(&b, "> ❌ **%s** (%s) at %s: %s\n\n", badge(f.Severity), f.Control, code(f.Location.String()), diffCell(f.Message))
			}
		}
	}
	b.WriteString("<sub>🔺 widens the risk profile (needs a risk assessment dated on or after the change) · 🔻 risk reduced · ▫️ neutral</sub>\n")
	return b.String()
}

func diffTierArrow(a diff.AgentDiff) string {
	switch {
	case a.TierBefore == "":
		return "new: " + badge(a.TierAfter)
	case a.TierAfter == "":
		return "was " + badge(a.TierBefore)
	case a.TierBefore == a.TierAfter:
		return badge(a.TierAfter)
	}
	return badge(a.TierBefore) + " → " + badge(a.TierAfter)
}

func diffFactorCell(points int, detail string) string {
	if detail == "" {
		return "—"
	}
	return fmt.Sprintf("%+d %s", points, diffCell(detail))
}

// diff writes one test case per changed agent and per inventory
// subject; a case fails when the gate found something for its subject.
func (j *junitWriter) diff(r *diff.Result) error {
	s := junitSuite{Name: "aims diff " + r.Base + " -> " + r.Head}
	add := func(name, class, kind, subject, out string) {
		c := junitTestCase{Name: name, Classname: class, SystemOut: out}
		if fs := diffFindingsFor(r, kind, subject); len(fs) > 0 {
			var lines []string
			for _, f := range fs {
				lines = append(lines, f.Location.String()+": "+f.Message)
			}
			c.Failure = &junitFailure{Message: fs[0].Message, Type: fs[0].Severity, Text: strings.Join(lines, "\n")}
		}
		s.add(c)
	}
	for _, a := range r.Agents {
		var lines []string
		for _, c := range a.Changes {
			lines = append(lines, c.Effect+": "+c.What)
		}
		add(a.ID+" ("+a.Status+", "+diffEffectWord(a.Effect)+", risk "+diffTierText(a)+")", "aims.diff.agent", model.SubjectAgent, a.ID, strings.Join(lines, "\n"))
	}
	seen := map[string]bool{}
	for _, c := range r.Inventory {
		k := c.SubjectKind + "/" + c.Subject
		if seen[k] {
			continue
		}
		seen[k] = true
		var lines []string
		for _, d := range r.Inventory {
			if d.SubjectKind == c.SubjectKind && d.Subject == c.Subject {
				lines = append(lines, d.Effect+": "+d.What)
			}
		}
		kind := c.SubjectKind
		if kind == "control" {
			kind = model.SubjectOrganization
		}
		add(c.SubjectKind+" "+c.Subject, "aims.diff."+c.SubjectKind, kind, c.Subject, strings.Join(lines, "\n"))
	}
	return j.write(junitSuites{Name: "aims", Suites: []junitSuite{s}})
}
