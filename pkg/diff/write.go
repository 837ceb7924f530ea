package diff

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

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

// effectWord is how an agent's overall effect reads to people.
func effectWord(e string) string {
	switch e {
	case Widen:
		return "risk widened"
	case Narrow:
		return "risk reduced"
	}
	return "neutral"
}

func tierText(a AgentDiff) string {
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

func (r *Result) findingsFor(kind, subject string) []model.Finding {
	var out []model.Finding
	for _, f := range r.Findings {
		if f.SubjectKind == kind && f.Subject == subject {
			out = append(out, f)
		}
	}
	return out
}

// WriteJSON writes the result as indented JSON with its schemaVersion.
func WriteJSON(w io.Writer, r *Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteTable writes the result for a terminal or a log: one block per agent.
func WriteTable(w io.Writer, r *Result) error {
	fmt.Fprintf(w, "aims diff %s -> %s", r.Base, r.Head)
	if !r.ChangeDate.IsZero() {
		fmt.Fprintf(w, " (change date %s)", r.ChangeDate)
	}
	fmt.Fprintf(w, "\n%s\n", r.Headline())
	for _, a := range r.Agents {
		fmt.Fprintf(w, "\nagent %s  %s  %s  risk %s\n", a.ID, a.Status, effectWord(a.Effect), tierText(a))
		if a.Status == StatusRenamed {
			fmt.Fprintf(w, "  renamed from %s\n", renamedFrom(a))
		}
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		for _, c := range a.Changes {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", marker(c.Effect), c.What, orDash(c.Before), orDash(c.After))
		}
		tw.Flush()
	}
	if len(r.Inventory) > 0 {
		fmt.Fprintf(w, "\ninventory\n")
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		for _, c := range r.Inventory {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", marker(c.Effect), c.What, orDash(c.Before), orDash(c.After))
		}
		tw.Flush()
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "\nfindings\n")
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %-8s %s %s: %s\n", strings.ToUpper(f.Severity), f.Control, f.Location, f.Message)
		}
	}
	return nil
}

func renamedFrom(a AgentDiff) string {
	var parts []string
	if a.PreviousID != "" {
		parts = append(parts, "id "+a.PreviousID)
	}
	if a.BaseFile != a.HeadFile {
		parts = append(parts, a.BaseFile)
	}
	return strings.Join(parts, ", ")
}

func marker(effect string) string {
	switch effect {
	case Widen:
		return "+ widen"
	case Narrow:
		return "- narrow"
	}
	return "  neutral"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// mdCell escapes text for a markdown table cell.
func mdCell(s string) string {
	if s == "" {
		return ""
	}
	r := strings.NewReplacer("->", "→", "|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "'", "*", `\*`, "_", `\_`)
	return r.Replace(s)
}

// mdCode wraps text as inline code, which needs no escaping but a pipe.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(s) + "`"
}

func effectIcon(e string) string {
	switch e {
	case Widen:
		return "🔺"
	case Narrow:
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

// WriteMarkdown writes the result sized for a pull-request comment: a
// summary line, the gate's verdict, one small table per changed agent and
// the factor deltas folded away in <details>.
func WriteMarkdown(w io.Writer, r *Result) error {
	out := renderMarkdown(r, mdOptions{maxAgents: len(r.Agents)})
	// GitHub refuses comments over 65536 characters: drop the factor
	// details first, then the agent sections, before anything is cut.
	if len(out) > MaxCommentBytes {
		out = renderMarkdown(r, mdOptions{maxAgents: len(r.Agents), noDetails: true})
	}
	for n := len(r.Agents) - 1; len(out) > MaxCommentBytes && n >= 0; n -= 1 + n/4 {
		out = renderMarkdown(r, mdOptions{maxAgents: n, noDetails: true})
	}
	_, err := io.WriteString(w, out)
	return err
}

// MaxCommentBytes is the size WriteMarkdown keeps a pull-request comment under.
const MaxCommentBytes = 60000

type mdOptions struct {
	maxAgents int
	noDetails bool
}

// reason is the gate's verdict, the last part of a finding message.
func reason(msg string) string {
	if i := strings.LastIndex(msg, "; "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

func renderMarkdown(r *Result, o mdOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### aims diff: %s → %s\n\n", mdCode(r.Base), mdCode(r.Head))
	fmt.Fprintf(&b, "**%s**", mdCell(r.Headline()))
	if !r.ChangeDate.IsZero() {
		fmt.Fprintf(&b, " · change date %s", r.ChangeDate)
	}
	b.WriteString("\n\n")
	if n := len(r.Findings); n > 0 {
		fmt.Fprintf(&b, "❌ **%d %s need a re-assessment** before merging (highest: %s).\n\n",
			n, plural(n, "change", "changes"), badge(r.Findings[0].Severity))
	} else if r.Summary.Widened > 0 {
		b.WriteString("✅ Every widened risk profile has a risk assessment dated on or after the change.\n\n")
	}

	if len(r.Agents) > 0 {
		b.WriteString("| | agent | status | computed risk | effect |\n|---|---|---|---|---|\n")
		for _, a := range r.Agents {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", effectIcon(a.Effect), mdCode(a.ID), a.Status, mdCell(tierArrow(a)), effectWord(a.Effect))
		}
		b.WriteString("\n")
	}
	for i, a := range r.Agents {
		if i == o.maxAgents {
			fmt.Fprintf(&b, "_%d more changed agents are left out to keep this comment short: run `aims diff` for all of them._\n\n", len(r.Agents)-i)
			break
		}
		fmt.Fprintf(&b, "#### %s %s: %s (%s)\n\n", effectIcon(a.Effect), mdCode(a.ID), effectWord(a.Effect), mdCell(tierArrow(a)))
		var meta []string
		if a.HeadFile != "" {
			meta = append(meta, mdCode(a.HeadFile))
		} else if a.BaseFile != "" {
			meta = append(meta, mdCode(a.BaseFile)+" (removed)")
		}
		if a.Status == StatusRenamed {
			meta = append(meta, "renamed from "+mdCode(renamedFrom(a)))
		}
		if a.System != "" {
			meta = append(meta, "system "+mdCode(a.System))
		}
		if len(meta) > 0 {
			b.WriteString(strings.Join(meta, " · ") + "\n\n")
		}
		b.WriteString("| change | before | after |\n|---|---|---|\n")
		for _, c := range a.Changes {
			fmt.Fprintf(&b, "| %s %s | %s | %s |\n", effectIcon(c.Effect), mdCell(c.What), mdCell(c.Before), mdCell(c.After))
		}
		b.WriteString("\n")
		for _, f := range r.findingsFor(model.SubjectAgent, a.ID) {
			fmt.Fprintf(&b, "> ❌ **re-assessment required** (%s, %s %s) at %s: %s.<br>Fix: %s.\n\n",
				badge(f.Severity), f.Control, f.Check, mdCode(f.Location.String()), mdCell(reason(f.Message)), mdCell(f.Remediation))
		}
		// A removed agent's factors say nothing a reviewer can act on.
		if len(a.Factors) > 0 && a.Status != StatusRemoved && !o.noDetails {
			fmt.Fprintf(&b, "<details><summary>risk factors (score %d → %d)</summary>\n\n", a.ScoreBefore, a.ScoreAfter)
			b.WriteString("| factor | before | after |\n|---|---|---|\n")
			for _, fd := range a.Factors {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCode(fd.ID), factorCell(fd.PointsBefore, fd.Before), factorCell(fd.PointsAfter, fd.After))
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	if len(r.Inventory) > 0 {
		b.WriteString("#### Inventory\n\n| | subject | change | before | after |\n|---|---|---|---|---|\n")
		for _, c := range r.Inventory {
			fmt.Fprintf(&b, "| %s | %s %s | %s | %s | %s |\n", effectIcon(c.Effect), c.SubjectKind, mdCode(c.Subject), mdCell(c.What), mdCell(c.Before), mdCell(c.After))
		}
		b.WriteString("\n")
		for _, f := range r.Findings {
			if f.SubjectKind != model.SubjectAgent {
				fmt.Fprintf(&b, "> ❌ **%s** (%s) at %s: %s\n\n", badge(f.Severity), f.Control, mdCode(f.Location.String()), mdCell(f.Message))
			}
		}
	}
	b.WriteString("<sub>🔺 widens the risk profile (needs a risk assessment dated on or after the change) · 🔻 risk reduced · ▫️ neutral</sub>\n")
	return b.String()
}

func tierArrow(a AgentDiff) string {
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

func factorCell(points int, detail string) string {
	if detail == "" {
		return "—"
	}
	return fmt.Sprintf("%+d %s", points, mdCell(detail))
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes one test case per changed agent and per inventory
// subject; a case fails when the gate found something for its subject.
func WriteJUnit(w io.Writer, r *Result) error {
	s := junitSuite{Name: "aims diff " + r.Base + " -> " + r.Head}
	add := func(name, class, kind, subject, out string) {
		c := junitCase{Name: name, Classname: class, SystemOut: out}
		if fs := r.findingsFor(kind, subject); len(fs) > 0 {
			var lines []string
			for _, f := range fs {
				lines = append(lines, f.Location.String()+": "+f.Message)
			}
			c.Failure = &junitFailure{Message: fs[0].Message, Type: fs[0].Severity, Text: strings.Join(lines, "\n")}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for _, a := range r.Agents {
		var lines []string
		for _, c := range a.Changes {
			lines = append(lines, c.Effect+": "+c.What)
		}
		add(a.ID+" ("+a.Status+", "+effectWord(a.Effect)+", risk "+tierText(a)+")", "aims.diff.agent", model.SubjectAgent, a.ID, strings.Join(lines, "\n"))
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
	doc := junitSuites{Name: "aims", Tests: s.Tests, Failures: s.Failures, Suites: []junitSuite{s}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
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
