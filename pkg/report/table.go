package report

import (
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// tableWriter renders aligned plain-text tables: no borders and no tabs, so
// that the output reads the same in a terminal, a pipe or a CI log; colour
// only when opts.Color.
type tableWriter struct {
	w    io.Writer
	opts Options
	err  error
}

// messageWidth keeps long messages and remediations wrapped in a readable column.
const messageWidth = 72

// plainStyle is go-pretty without box drawing: columns separated by two spaces.
var plainStyle = table.Style{
	Name: "aims-plain",
	Box: table.BoxStyle{
		PaddingRight:  "  ",
		PageSeparator: "\n",
		UnfinishedRow: " ~",
	},
	Format:  table.FormatOptions{Header: text.FormatUpper, Footer: text.FormatDefault, Row: text.FormatDefault},
	Options: table.Options{DrawBorder: false, SeparateColumns: false, SeparateHeader: false, SeparateRows: false},
}

const (
	ansiBold    = "1"
	ansiFaint   = "2"
	ansiRed     = "31"
	ansiGreen   = "32"
	ansiYellow  = "33"
	ansiMagenta = "35"
	ansiCyan    = "36"
	ansiBoldRed = "1;31"
)

// painted is a cell aims coloured itself: its text was escaped before the
// colour went on, so render passes it through.
type painted string

// multiline is a cell aims assembled from escaped, one-line pieces and its
// own line breaks (a wrapped message): render passes it through.
type multiline string

// paint wraps s, escaped, in an ANSI SGR sequence when colour is on. It does
// not use go-pretty's global colour switch, so that the caller alone decides.
func (t *tableWriter) paint(code, s string) painted {
	s = textsafe.Line(s)
	if !t.opts.Color || code == "" || s == "" {
		return painted(s)
	}
	return painted("\x1b[" + code + "m" + s + "\x1b[0m")
}

// safeCells escapes every cell render did not get from paint or as a
// multiline: a value from the inputs (an agent ID, a tool, a path) can never
// recolour the table or start a line of its own.
func safeCells(rows []table.Row) {
	for _, r := range rows {
		for i, c := range r {
			switch v := c.(type) {
			case painted:
				r[i] = string(v)
			case multiline:
				r[i] = string(v)
			case string:
				r[i] = textsafe.Line(v)
			}
		}
	}
}

func severityColor(sev string) string {
	switch model.SeverityRank(sev) {
	case 4:
		return ansiBoldRed
	case 3:
		return ansiRed
	case 2:
		return ansiYellow
	case 1:
		return ansiCyan
	}
	return ""
}

func statusColor(status string) string {
	switch status {
	case model.StatusPass:
		return ansiGreen
	case model.StatusFail:
		return ansiRed
	case model.StatusPartial:
		return ansiYellow
	case model.StatusManual:
		return ansiMagenta
	case model.StatusNotApplicable:
		return ansiFaint
	}
	return ""
}

// wrap folds s at width without the padding go-pretty leaves at line ends.
func wrap(s string, width int) string {
	lines := strings.Split(text.WrapSoft(s, width), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// printf writes a line of aims's own text: string arguments are escaped
// (newlines kept, for wrapped text), painted ones pass.
func (t *tableWriter) printf(format string, args ...any) {
	for i, a := range args {
		switch v := a.(type) {
		case painted:
			args[i] = string(v)
		case string:
			args[i] = textsafe.Text(v)
		}
	}
	t.raw(fmt.Sprintf(format, args...))
}

func (t *tableWriter) raw(s string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.w, s)
	}
}

func (t *tableWriter) section(title string) {
	t.printf("\n")
	for _, l := range strings.Split(t.fit(oneLine(title)), "\n") {
		t.printf("%s\n", t.paint(ansiBold, l))
	}
}

// render writes one table, trimming the padding go-pretty leaves at line ends.
func (t *tableWriter) render(header table.Row, rows []table.Row, configs ...table.ColumnConfig) {
	t.raw(t.fitted(header, rows, configs...))
}

// fitted lays out a table in columns, or, in a terminal too narrow for the
// columns, stacked: one record per row (see stacked). Piped output (no
// width) always keeps the columns.
func (t *tableWriter) fitted(header table.Row, rows []table.Row, configs ...table.ColumnConfig) string {
	out := t.renderString(header, rows, configs...)
	if t.opts.Width <= 0 || widest(out) <= t.opts.Width {
		return out
	}
	return t.stacked(header, rows)
}

// stacked lays out each row as a record that fits t.opts.Width: the first
// cell as its heading, then the other cells as "key: value" pieces packed on
// lines indented by two, a multi-line cell on lines of its own; empty cells
// are left out, as the columns leave them blank. Rows must have been through
// renderString (escaped, plain strings).
func (t *tableWriter) stacked(header table.Row, rows []table.Row) string {
	width := t.opts.Width
	const indent = "  "
	var b strings.Builder
	emit := func(prefix, s string, w int) {
		for _, l := range strings.Split(wrap(s, max(1, w)), "\n") {
			b.WriteString(strings.TrimRight(prefix+l, " ") + "\n")
		}
	}
	for _, r := range rows {
		if len(r) == 0 {
			continue
		}
		for _, l := range strings.Split(fmt.Sprint(r[0]), "\n") {
			emit("", l, width)
		}
		var line strings.Builder
		lineWidth := 0
		flush := func() {
			if lineWidth > 0 {
				b.WriteString(indent + line.String() + "\n")
			}
			line.Reset()
			lineWidth = 0
		}
		avail := width - len(indent)
		for i := 1; i < len(r); i++ {
			v := fmt.Sprint(r[i])
			if strings.TrimSpace(v) == "" {
				continue
			}
			key := ""
			if i < len(header) {
				key = fmt.Sprint(header[i])
			}
			if strings.Contains(v, "\n") {
				// A wrapped message or an "agent / system" pair: its
				// lines stay lines.
				flush()
				for _, l := range strings.Split(v, "\n") {
					emit(indent, l, avail)
				}
				continue
			}
			piece := key + ": " + v
			if key == "" {
				piece = v
			}
			pw := text.StringWidthWithoutEscSequences(piece)
			switch {
			case lineWidth > 0 && lineWidth+2+pw <= avail:
				line.WriteString("; " + piece)
				lineWidth += 2 + pw
			case pw <= avail:
				flush()
				line.WriteString(piece)
				lineWidth = pw
			default:
				flush()
				emit(indent, piece, avail)
			}
		}
		flush()
	}
	return b.String()
}

// Stacked lays out rows of plain cells as the assess and logs tables do
// below their width: one record per row, the first cell as its heading,
// the others as "key: value" pieces (header names the keys), every line
// within width. Cells are escaped. For commands outside this package that
// lay out their own columns (aims controls list) and stack them in a
// terminal too narrow for them.
func Stacked(width int, header []string, rows [][]string) string {
	t := &tableWriter{opts: Options{Width: width}}
	h := make(table.Row, len(header))
	for i, c := range header {
		h[i] = strings.ToLower(c)
	}
	rs := make([]table.Row, len(rows))
	for i, r := range rows {
		rs[i] = make(table.Row, len(r))
		for j, c := range r {
			rs[i][j] = c
		}
	}
	safeCells([]table.Row{h})
	safeCells(rs)
	return t.stacked(h, rs)
}

// Widest is the display width of the longest line of s.
func Widest(s string) int { return widest(s) }

// renderString lays out a table without writing it, so a caller can measure it.
func (t *tableWriter) renderString(header table.Row, rows []table.Row, configs ...table.ColumnConfig) string {
	tw := table.NewWriter()
	tw.SetStyle(plainStyle)
	if t.opts.Color {
		tw.Style().Color.Header = text.Colors{text.Bold}
	}
	safeCells([]table.Row{header})
	safeCells(rows)
	tw.AppendHeader(header)
	tw.AppendRows(rows)
	if len(configs) > 0 {
		tw.SetColumnConfigs(configs)
	}
	out := tw.Render()
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	return b.String()
}

// widest is the visible width of the longest line of s (colour codes excluded).
func widest(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n = max(n, text.StringWidthWithoutEscSequences(line))
	}
	return n
}

func (t *tableWriter) result(res *model.Result) error {
	// The compliance officer's order: what blocks certification, the counts,
	// the serious findings, the agents, then the controls and the rest.
	t.header(res)
	t.blockers(res)
	t.summary(res)
	var serious, other []model.Finding
	for _, f := range res.Findings {
		if model.SeverityRank(f.Severity) >= model.SeverityRank(model.SeverityHigh) {
			serious = append(serious, f)
		} else {
			other = append(other, f)
		}
	}
	t.findingsTitled("CRITICAL AND HIGH FINDINGS", serious, "no critical or high findings")
	t.agents(res)
	t.controls(res)
	if len(other) > 0 || len(serious) == 0 {
		t.findingsTitled("OTHER FINDINGS (MEDIUM, LOW)", other, "no other findings")
	}
	t.frameworks(res.Frameworks)
	if res.Logs != nil {
		t.logLine(res.Logs)
	}
	if res.History != nil {
		t.history(res.History)
	}
	return t.err
}

func (t *tableWriter) header(res *model.Result) {
	title := "ISO/IEC 42001 gap report"
	if res.Organization != "" {
		title += ": " + res.Organization
	}
	for _, l := range strings.Split(t.fit(oneLine(title)), "\n") {
		t.printf("%s\n", t.paint(ansiBold, l))
	}
	line := "generated " + rfc3339(res.GeneratedAt)
	if p := periodString(res.Period); p != "" {
		line += ", period " + p
	}
	if res.Tool.Version != "" {
		line += ", aims " + res.Tool.Version
	}
	if t.opts.Width > 0 {
		line = wrap(line, t.textWidth())
	}
	t.printf("%s\n", line)
	if res.Scope != "" {
		t.printf("%s\n", wrap("scope: "+oneLine(res.Scope), t.textWidth()))
	}
	for _, c := range res.Catalogues {
		line := "catalogue: " + catalogueString(c)
		if t.opts.Width > 0 {
			line = wrap(line, t.textWidth())
		}
		t.printf("%s\n", line)
	}
}

func (t *tableWriter) summary(res *model.Result) {
	t.section("SUMMARY")
	header := table.Row{"controls"}
	for _, s := range model.Statuses {
		header = append(header, s)
	}
	header = append(header, "total")
	rows := []table.Row{t.statusRow("all", res.Summary.Controls), t.statusRow("Annex A", res.Summary.AnnexA)}
	right := []table.ColumnConfig{}
	for i := 2; i <= len(header); i++ {
		right = append(right, table.ColumnConfig{Number: i, Align: text.AlignRight, AlignHeader: text.AlignRight})
	}
	t.render(header, rows, right...)

	t.printf("\n")
	sevs := severitiesHighFirst()
	fh := table.Row{"findings"}
	fr := table.Row{"by severity"}
	total := 0
	for _, s := range sevs {
		n := res.Summary.Findings[s]
		total += n
		fh = append(fh, s)
		cell := painted(strconv.Itoa(n))
		if n > 0 {
			cell = t.paint(severityColor(s), string(cell))
		}
		fr = append(fr, cell)
	}
	fh = append(fh, "total")
	fr = append(fr, strconv.Itoa(total))
	right = right[:0]
	for i := 2; i <= len(fh); i++ {
		right = append(right, table.ColumnConfig{Number: i, Align: text.AlignRight, AlignHeader: text.AlignRight})
	}
	t.render(fh, []table.Row{fr}, right...)
	maxSev := res.Summary.MaxSeverity
	if maxSev == "" {
		maxSev = model.SeverityNone
	}
	sep := " "
	if t.opts.Width > 0 && len(count(res.Summary.Agents, "agent")+count(res.Summary.Systems, "system")+count(res.Summary.Vendors, "vendor")+maxSev)+31 > t.opts.Width {
		sep = "\n"
	}
	t.printf("\n%s, %s, %s;%shighest finding severity: %s\n", count(res.Summary.Agents, "agent"),
		count(res.Summary.Systems, "system"), count(res.Summary.Vendors, "vendor"), sep, t.paint(severityColor(maxSev), maxSev))
}

func (t *tableWriter) statusRow(label string, counts map[string]int) table.Row {
	row := table.Row{label}
	total := 0
	for _, s := range model.Statuses {
		n := counts[s]
		total += n
		cell := painted(strconv.Itoa(n))
		if n > 0 {
			cell = t.paint(statusColor(s), string(cell))
		}
		row = append(row, cell)
	}
	return append(row, strconv.Itoa(total))
}

func (t *tableWriter) controls(res *model.Result) {
	t.section("CONTROLS")
	var rows []table.Row
	var manual []string
	for _, c := range sortedControls(res.Controls) {
		if c.Status == model.StatusManual && !t.opts.Verbose {
			manual = append(manual, c.ID)
			continue
		}
		// The basis in words (checks, n of m subjects, attestation) where
		// the engine gives it, else its kind.
		basis := c.Basis
		if c.StatusBasis != "" {
			basis = oneLine(c.StatusBasis)
		}
		if c.Status == model.StatusNotApplicable && c.Justification != "" {
			basis = "excluded: " + oneLine(c.Justification)
		}
		findings := ""
		if c.Findings > 0 {
			findings = strconv.Itoa(c.Findings)
		}
		rows = append(rows, table.Row{c.ID, oneLine(c.Title), t.paint(statusColor(c.Status), c.Status), basis, findings})
	}
	if len(rows) == 0 && len(manual) == 0 {
		t.printf("no controls were assessed\n")
		return
	}
	if len(rows) > 0 {
		title, basis := 56, 40
		if t.opts.Width > 0 {
			// id, status and findings take about 40 columns; title and basis share the rest.
			avail := max(30, t.opts.Width-40)
			title = min(title, avail*55/100)
			basis = min(basis, avail-title)
		}
		t.render(table.Row{"id", "title", "status", "basis", "findings"}, rows,
			table.ColumnConfig{Number: 2, WidthMax: title, WidthMaxEnforcer: text.WrapSoft},
			table.ColumnConfig{Number: 4, WidthMax: basis, WidthMaxEnforcer: text.WrapSoft},
			table.ColumnConfig{Number: 5, Align: text.AlignRight, AlignHeader: text.AlignRight})
	}
	if len(manual) > 0 {
		// Manual controls need an attestation, not a reader's attention line
		// by line; -v lists them.
		line := fmt.Sprintf("%s to attest (manual, -v lists them): %s", count(len(manual), "control"), strings.Join(manual, ", "))
		t.printf("%s\n", wrap(line, t.textWidth()))
	}
}

func (t *tableWriter) findings(fs []model.Finding) {
	t.findingsTitled("FINDINGS", fs, "no findings")
}

// fit wraps a line of aims's own text to the terminal; piped, it stays one
// line, as it always was.
func (t *tableWriter) fit(s string) string {
	if t.opts.Width > 0 {
		return wrap(s, t.opts.Width)
	}
	return s
}

// textWidth is the width running text wraps to: 100 when piped (a stable
// layout), else the terminal's less a margin.
func (t *tableWriter) textWidth() int {
	if t.opts.Width > 0 {
		return max(40, t.opts.Width-2)
	}
	return 100
}

// wideLayout is the width from which the findings table keeps subject and
// location in their own columns; below it they go under the message.
const wideLayout = 210

func (t *tableWriter) findingsTitled(title string, fs []model.Finding, none string) {
	t.section(title)
	if len(fs) == 0 {
		t.printf("%s\n", none)
		return
	}
	narrow := t.opts.Width > 0 && t.opts.Width < wideLayout
	if !narrow && t.opts.Width > 0 {
		// From wideLayout on the columns usually fit, but long subjects or
		// locations can still push the table past the terminal.
		if wide := t.findingsTable(fs, false, 0); widest(wide) <= t.opts.Width {
			t.raw(wide)
			return
		}
		narrow = true
	}
	out := t.findingsTable(fs, narrow, 0)
	if narrow && widest(out) > t.opts.Width {
		// Below about 68 columns even id, severity and a 30-column
		// message do not fit: one record per finding, its text wrapped to
		// the terminal.
		out = t.findingsTable(fs, narrow, t.opts.Width-2)
	}
	t.raw(out)
}

// findingsTable lays out findings with subject and location in their own
// columns, or, narrow, under the message; with stack > 0 narrow findings are
// stacked records whose text wraps at stack.
func (t *tableWriter) findingsTable(fs []model.Finding, narrow bool, stack int) string {
	width := messageWidth
	if narrow {
		// id (14) and severity (8) columns, two spaces after each.
		width = max(30, t.opts.Width-26)
	}
	if stack > 0 {
		width = stack
	}
	var rows []table.Row
	for _, f := range sortedFindings(fs) {
		msg := oneLine(f.Message)
		if f.Count > 0 {
			msg += " (" + count(f.Count, "event") + ")"
		}
		subject := oneLine(f.Subject)
		if f.SubjectKind != "" && f.Subject != "" {
			subject = oneLine(f.SubjectKind + " " + f.Subject)
		}
		var b strings.Builder
		if narrow {
			b.WriteString(wrap(ruleID(f.Control, f.Check)+"  "+subject, width) + "\n")
		}
		b.WriteString(wrap(msg, width))
		if narrow && f.Location.String() != "" {
			b.WriteString("\n" + wrap("at "+oneLine(f.Location.String()), width))
		}
		if f.Remediation != "" {
			for _, line := range strings.Split(wrap("fix: "+oneLine(f.Remediation), width), "\n") {
				b.WriteString("\n" + string(t.paint(ansiFaint, line)))
			}
		}
		if stack > 0 {
			rows = append(rows, table.Row{painted(textsafe.Line(f.ID) + "  " + string(t.paint(severityColor(f.Severity), f.Severity))), multiline(b.String())})
			continue
		}
		if narrow {
			rows = append(rows, table.Row{f.ID, t.paint(severityColor(f.Severity), f.Severity), multiline(b.String())})
			continue
		}
		rows = append(rows, table.Row{f.ID, t.paint(severityColor(f.Severity), f.Severity), ruleID(f.Control, f.Check), subject, f.Location.String(), multiline(b.String())})
	}
	if narrow && stack > 0 {
		header := table.Row{"id  severity", "finding"}
		t.renderString(header, rows) // escapes the cells
		return t.stacked(header, rows)
	}
	if narrow {
		return t.renderString(table.Row{"id", "severity", "finding"}, rows)
	}
	return t.renderString(table.Row{"id", "severity", "control/check", "subject", "location", "message"}, rows)
}

// blockers leads the report: the engine's list of what stands between the
// organisation and certification, with the critical and high counts.
func (t *tableWriter) blockers(res *model.Result) {
	bs := res.Summary.Blockers
	t.section("CERTIFICATION BLOCKERS")
	crit, high := res.Summary.Findings[model.SeverityCritical], res.Summary.Findings[model.SeverityHigh]
	if t.opts.Width > 0 && len(count(len(bs), "blocker")+count(crit, "critical finding")+count(high, "high finding"))+4 > t.opts.Width {
		t.printf("%s;\n%s, %s\n", count(len(bs), "blocker"),
			t.paint(severityColor(model.SeverityCritical), count(crit, "critical finding")),
			t.paint(severityColor(model.SeverityHigh), count(high, "high finding")))
	} else {
		t.printf("%s; %s, %s\n", count(len(bs), "blocker"),
			t.paint(severityColor(model.SeverityCritical), count(crit, "critical finding")),
			t.paint(severityColor(model.SeverityHigh), count(high, "high finding")))
	}
	width := 100
	if t.opts.Width > 0 {
		width = max(40, t.opts.Width-4)
	}
	for _, b := range bs {
		line := b.Reason
		if b.Finding != "" {
			line += " [" + b.Finding + "]"
		}
		lines := strings.Split(wrap(oneLine(line), width-2), "\n")
		t.printf("- %s\n", lines[0])
		for _, l := range lines[1:] {
			t.printf("  %s\n", l)
		}
	}
}

func (t *tableWriter) agents(res *model.Result) {
	if len(res.Agents) == 0 {
		return
	}
	t.section("AGENTS: DECLARED VS COMPUTED RISK")
	var rows []table.Row
	for _, a := range sortedAgents(res.Agents) {
		declared := a.DeclaredRisk
		if declared == "" {
			declared = "-"
		} else if a.RiskSource == "system" {
			declared += " (system)"
		}
		gap := painted("")
		switch a.Risk.State {
		case model.RiskBelow:
			gap = t.paint(ansiRed, a.Risk.Summary())
		case model.RiskAccepted:
			gap = painted(textsafe.Line(a.Risk.Summary()))
		}
		findings := ""
		if a.Findings > 0 {
			findings = strconv.Itoa(a.Findings)
		}
		rows = append(rows, table.Row{a.Agent.ID, a.Agent.System, a.Agent.Lifecycle, declared,
			t.paint(severityColor(a.Computed.Tier), a.Computed.Tier), strconv.Itoa(a.Computed.Score), gap, findings})
	}
	header := table.Row{"agent", "system", "lifecycle", "declared", "computed (indicative)", "score", "gap", "findings"}
	if t.opts.Width > 0 && t.opts.Width < agentsWide {
		if out := t.agentsNarrow(res); widest(out) <= t.opts.Width {
			t.raw(out)
			return
		}
		// Below about 75 columns not even the narrow table fits: one
		// record per agent with every column named.
		t.renderString(header, rows) // escapes the cells
		t.raw(t.stacked(header, rows))
		return
	}
	t.render(header, rows,
		table.ColumnConfig{Number: 6, Align: text.AlignRight, AlignHeader: text.AlignRight},
		table.ColumnConfig{Number: 7, WidthMax: 48, WidthMaxEnforcer: text.WrapSoft},
		table.ColumnConfig{Number: 8, Align: text.AlignRight, AlignHeader: text.AlignRight})
}

// agentsWide is the width from which the agents table keeps its eight columns.
const agentsWide = 160

// agentsNarrow puts system under the agent and the declared and computed
// tiers with the gap in one wrapped column, so the table fits a terminal.
func (t *tableWriter) agentsNarrow(res *model.Result) string {
	// agent (22), lifecycle (10), findings (8) and the gaps between them.
	width := max(24, t.opts.Width-50)
	var rows []table.Row
	for _, a := range sortedAgents(res.Agents) {
		declared := a.DeclaredRisk
		if declared == "" {
			declared = "not declared"
		} else if a.RiskSource == "system" {
			declared += " (system)"
		}
		var b strings.Builder
		b.WriteString(wrap(textsafe.Line(fmt.Sprintf("declared %s, computed %s (score %d, indicative)", declared, a.Computed.Tier, a.Computed.Score)), width))
		color := ""
		if a.Risk.State == model.RiskBelow {
			color = ansiRed
		}
		if a.Risk.State == model.RiskBelow || a.Risk.State == model.RiskAccepted {
			for _, line := range strings.Split(wrap(textsafe.Line(a.Risk.Summary()), width), "\n") {
				b.WriteString("\n" + string(t.paint(color, line)))
			}
		}
		findings := ""
		if a.Findings > 0 {
			findings = strconv.Itoa(a.Findings)
		}
		rows = append(rows, table.Row{multiline(textsafe.Line(a.Agent.ID) + "\n" + textsafe.Line(a.Agent.System)), a.Agent.Lifecycle, multiline(b.String()), findings})
	}
	return t.renderString(table.Row{"agent / system", "lifecycle", "risk", "findings"}, rows,
		table.ColumnConfig{Number: 4, Align: text.AlignRight, AlignHeader: text.AlignRight})
}

func (t *tableWriter) frameworks(views []model.FrameworkView) {
	for _, v := range SelectViews(views, t.opts.Framework) {
		title := v.Title
		if title == "" {
			title = v.Framework
		}
		t.section(strings.ToUpper(title) + " VIEW (INDICATIVE)")
		if v.Notice != "" {
			t.printf("%s\n", wrap(oneLine(v.Notice), t.textWidth()))
		}
		var rows []table.Row
		for _, it := range v.Items {
			var mapped []string
			for i, c := range it.Controls {
				s := ""
				if i < len(it.Statuses) {
					s = " " + it.Statuses[i]
				}
				mapped = append(mapped, c+s)
			}
			rows = append(rows, table.Row{it.ID, oneLine(it.Title), t.paint(statusColor(it.Status), it.Status), strings.Join(mapped, ", ")})
		}
		t.render(table.Row{"item", "title", "status", "mapped controls"}, rows,
			table.ColumnConfig{Number: 2, WidthMax: 40, WidthMaxEnforcer: text.WrapSoft},
			table.ColumnConfig{Number: 4, WidthMax: 60, WidthMaxEnforcer: text.WrapSoft})
	}
}

func (t *tableWriter) logLine(s *model.LogSummary) {
	t.section("LOGS")
	line := fmt.Sprintf("%d events read, %d skipped, from %s; %s active, %s, %s", s.Events, s.Skipped,
		count(len(s.Files), "file"), count(len(s.Agents), "agent"), count(len(s.Shadow), "shadow agent"), count(len(s.Findings), "log finding"))
	if t.opts.Width > 0 {
		line = wrap(line, t.textWidth())
	}
	t.printf("%s\n", line)
	if s.OutsidePeriod > 0 {
		t.printf("%s\n", t.fit(count(int(s.OutsidePeriod), "event")+" outside the period, not analysed"))
	}
}

func (t *tableWriter) history(h *model.History) {
	t.section("CHANGE HISTORY")
	if h.Note != "" {
		t.printf("%s\n", h.Note)
	}
	if h.Truncated != "" {
		t.printf("%s\n", h.Truncated)
	}
	if e := h.Empty(); e != "" {
		t.printf("%s\n", wrap(e, t.textWidth()))
		return
	}
	if len(h.Changes) == 0 {
		return
	}
	if o := h.Outside(); o != "" {
		t.printf("%s\n", wrap(o, t.textWidth()))
	}
	var rows []table.Row
	for _, c := range h.Changes {
		tier := c.TierBefore + " -> " + c.TierAfter
		if c.TierBefore == "" {
			tier = "new: " + c.TierAfter
		} else if c.TierAfter == "" {
			tier = "removed"
		}
		rows = append(rows, table.Row{c.Date.UTC().Format("2006-01-02"), c.Agent, shortCommit(c.Commit), c.Author, tier, oneLine(c.Subject)})
	}
	t.render(table.Row{"date", "agent", "commit", "author", "tier", "subject"}, rows,
		table.ColumnConfig{Number: 6, WidthMax: 50, WidthMaxEnforcer: text.WrapSoft})
}

// logs renders `aims logs analyze`.
func (t *tableWriter) logs(s *model.LogSummary) error {
	t.printf("%s\n", t.paint(ansiBold, "Audit-log analysis"))
	line := fmt.Sprintf("%d events read, %d skipped, from %s", s.Events, s.Skipped, count(len(s.Files), "file"))
	if p := periodString(s.Period); p != "" {
		line += ", period " + p
	}
	t.printf("%s\n", t.fit(line))
	if s.OutsidePeriod > 0 {
		t.printf("%s\n", t.fit(count(int(s.OutsidePeriod), "event")+" outside the period, not analysed (widen it with --period-from/--period-to)"))
	}
	for _, n := range s.Notes {
		t.printf("note: %s\n", wrap(oneLine(n), t.textWidth()-6))
	}

	t.section("FILES")
	if len(s.Files) == 0 {
		t.printf("no log files\n")
	} else {
		var rows []table.Row
		for _, f := range s.Files {
			state := painted("read")
			if f.AutoApprovals > 0 {
				state += painted(fmt.Sprintf("; automatic approvals: %d", f.AutoApprovals))
			}
			if f.UnnamedMCPCalls > 0 {
				state += painted(fmt.Sprintf("; MCP calls without server/tool name: %d", f.UnnamedMCPCalls))
			}
			if f.Unreadable != "" {
				state = t.paint(ansiRed, "unreadable: "+oneLine(f.Unreadable))
			}
			skipped := painted(strconv.FormatInt(f.Skipped, 10))
			if f.Skipped > 0 {
				skipped = t.paint(ansiYellow, string(skipped))
			}
			rows = append(rows, table.Row{f.Path, f.Format, strconv.FormatInt(f.Events, 10), skipped, state})
		}
		t.render(table.Row{"file", "format", "events", "skipped", "state"}, rows,
			table.ColumnConfig{Number: 3, Align: text.AlignRight, AlignHeader: text.AlignRight},
			table.ColumnConfig{Number: 4, Align: text.AlignRight, AlignHeader: text.AlignRight},
			table.ColumnConfig{Number: 5, WidthMax: 60, WidthMaxEnforcer: text.WrapSoft})
		var bad []table.Row
		for _, f := range s.Files {
			for _, e := range f.Errors {
				bad = append(bad, table.Row{e.Location.String(), oneLine(e.Reason)})
			}
		}
		if len(bad) > 0 {
			t.section("BAD RECORDS (FIRST OF EACH FILE)")
			t.render(table.Row{"location", "reason"}, bad, table.ColumnConfig{Number: 2, WidthMax: messageWidth, WidthMaxEnforcer: text.WrapSoft})
		}
		// Records read on purpose without an event: a file that gave none
		// must say why, never read as a silent zero (issue 12).
		var ign []table.Row
		for _, f := range s.Files {
			for _, r := range f.IgnoredReasons {
				ign = append(ign, table.Row{f.Path, oneLine(r.Name), strconv.FormatInt(r.Count, 10)})
			}
		}
		if len(ign) > 0 {
			t.section("IGNORED RECORDS (READ, NO EVENT)")
			t.render(table.Row{"file", "reason", "records"}, ign, table.ColumnConfig{Number: 2, WidthMax: messageWidth, WidthMaxEnforcer: text.WrapSoft},
				table.ColumnConfig{Number: 3, Align: text.AlignRight, AlignHeader: text.AlignRight})
		}
	}

	if len(s.ConfigChanges) > 0 {
		// Who changed what, when: ISO/IEC 42001 change evidence (issue 12).
		t.section("CONFIGURATION CHANGES")
		var rows []table.Row
		for _, c := range s.ConfigChanges {
			what := strings.Trim(strings.Join([]string{c.Tool, c.Operation, c.Resource}, " "), " ")
			rows = append(rows, table.Row{rfc3339(c.Time), c.Agent, c.Actor, oneLine(what), c.Outcome, c.Source.String()})
		}
		t.render(table.Row{"when", "agent", "actor", "what", "outcome", "source"}, rows,
			table.ColumnConfig{Number: 4, WidthMax: 60, WidthMaxEnforcer: text.WrapSoft})
		if s.MoreConfigChanges > 0 {
			t.printf("%s\n", t.fit("and "+count(int(s.MoreConfigChanges), "change")+" more, not listed"))
		}
	}

	t.section("AGENTS")
	acts := sortedActivity(s.Agents)
	if len(acts) == 0 {
		t.printf("no inventory agent was active\n")
	} else {
		var rows []table.Row
		for _, a := range acts {
			rows = append(rows, table.Row{a.Agent, strconv.FormatInt(a.Events, 10), rfc3339(a.FirstSeen), rfc3339(a.LastSeen),
				countCell(t, a.Errors, ansiYellow), countCell(t, a.Denials, ansiRed), strconv.FormatInt(a.HumanReviews, 10),
				strconv.Itoa(a.Actors), countCell(t, a.OutOfScope, ansiRed)})
		}
		cfg := []table.ColumnConfig{}
		for _, n := range []int{2, 5, 6, 7, 8, 9} {
			cfg = append(cfg, table.ColumnConfig{Number: n, Align: text.AlignRight, AlignHeader: text.AlignRight})
		}
		t.render(table.Row{"agent", "events", "first seen", "last seen", "errors", "denials", "reviews", "actors", "out of scope"}, rows, cfg...)

		var tools []table.Row
		for _, a := range acts {
			for _, u := range a.Tools {
				granted := painted("yes")
				switch {
				case u.NotJudged:
					granted = painted("?") // not judged: an unnamed MCP call, or no inventory
				case !u.Granted:
					granted = t.paint(ansiRed, "NO")
				}
				op := u.Operation
				if op == "" {
					op = "-"
				}
				tools = append(tools, table.Row{a.Agent, u.Tool, op, strconv.FormatInt(u.Count, 10),
					countCell(t, u.Errors, ansiYellow), countCell(t, u.Denied, ansiRed), granted})
			}
		}
		if len(tools) > 0 {
			t.section("TOOLS")
			t.render(table.Row{"agent", "tool", "operation", "calls", "errors", "denied", "granted"}, tools,
				table.ColumnConfig{Number: 4, Align: text.AlignRight, AlignHeader: text.AlignRight},
				table.ColumnConfig{Number: 5, Align: text.AlignRight, AlignHeader: text.AlignRight},
				table.ColumnConfig{Number: 6, Align: text.AlignRight, AlignHeader: text.AlignRight})
		}
		var models []table.Row
		for _, a := range acts {
			for _, m := range a.Models {
				models = append(models, table.Row{a.Agent, m.Name, strconv.FormatInt(m.Count, 10)})
			}
		}
		if len(models) > 0 {
			t.section("MODELS")
			t.render(table.Row{"agent", "model", "calls"}, models,
				table.ColumnConfig{Number: 3, Align: text.AlignRight, AlignHeader: text.AlignRight})
		}
	}

	t.section("SHADOW AGENTS")
	if len(s.Shadow) == 0 {
		t.printf("none: every identity in the logs matches an inventory agent\n")
	} else {
		var rows []table.Row
		for _, sh := range sortedShadow(s.Shadow) {
			rows = append(rows, table.Row{t.paint(ansiRed, sh.Identity), strconv.FormatInt(sh.Events, 10), rfc3339(sh.FirstSeen), rfc3339(sh.LastSeen), sh.Source.String()})
		}
		t.render(table.Row{"identity", "events", "first seen", "last seen", "first record"}, rows,
			table.ColumnConfig{Number: 2, Align: text.AlignRight, AlignHeader: text.AlignRight})
	}
	t.findings(s.Findings)
	return t.err
}

func countCell(t *tableWriter, n int64, color string) painted {
	s := strconv.FormatInt(n, 10)
	if n > 0 {
		return t.paint(color, s)
	}
	return painted(s)
}

// SelectViews returns the framework views to show for the --framework value
// name: all of them when name is empty or iso42001, else the one named.
func SelectViews(views []model.FrameworkView, name string) []model.FrameworkView {
	if name == "" || name == "iso42001" {
		return views
	}
	var out []model.FrameworkView
	for _, v := range views {
		if v.Framework == name {
			out = append(out, v)
		}
	}
	return out
}

// RiskBelow reports whether a declared risk level is below the computed tier
// (an unset declaration counts as below any computed tier). It is kept for
// user templates (riskBelow); the builtin writers read AgentResult.Risk,
// the engine's one verdict, which also knows risk acceptances.
func RiskBelow(declared, computed string) bool {
	if computed == "" {
		return false
	}
	if declared == "" {
		return true
	}
	return risk.Rank(declared) < risk.Rank(computed)
}

func sortedControls(cs []model.ControlResult) []model.ControlResult {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b model.ControlResult) int {
		if c := model.CompareControlIDs(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Catalogue, b.Catalogue)
	})
	return out
}
