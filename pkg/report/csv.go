package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/report/textsafe"
)

// csvHeader is the column order of every findings CSV.
var csvHeader = []string{"id", "control", "check", "severity", "subject", "file", "line", "message", "remediation"}

// WriteFindingsCSV writes one RFC 4180 row per finding under a header row.
// Cells that a spreadsheet would run as a formula are defused (see safeCell).
func WriteFindingsCSV(w io.Writer, findings []model.Finding) error {
	return writeFindingsCSV(w, findings, false)
}

// writeFindingsCSV adds a count column for log findings, where one finding
// stands for many events.
func writeFindingsCSV(w io.Writer, findings []model.Finding, withCount bool) error {
	cw := csv.NewWriter(w)
	header := csvHeader
	if withCount {
		header = append(append([]string{}, csvHeader...), "count")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, f := range sortedFindings(findings) {
		line := ""
		if f.Location.Line > 0 {
			line = strconv.Itoa(f.Location.Line)
		}
		row := []string{f.ID, f.Control, f.Check, f.Severity, f.Subject, f.Location.File, line, f.Message, f.Remediation}
		if withCount {
			row = append(row, strconv.Itoa(f.Count))
		}
		for i := range row {
			row[i] = safeCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell keeps text from the inputs from becoming a spreadsheet formula
// and from forging lines: control characters made visible, then
// FormulaSafe.
func safeCell(s string) string { return FormulaSafe(textsafe.Line(s)) }

// FormulaSafe prefixes a text that a spreadsheet would take for a formula
// (=, +, -, @, tab, carriage return first) with an apostrophe, which
// spreadsheets show as text (CSV injection, OWASP).
func FormulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
