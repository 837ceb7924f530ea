package pack

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/pack/soa"
)

// SoAHeader is the header row of soa.csv.
var SoAHeader = []string{"catalogue", "id", "title", "applicable", "justification", "justification_source", "reason", "risk_ids",
	"implementation", "implementation_owner", "reviewed_on", "result", "result_basis", "checks", "worst_severity", "finding_ids", "evidence"}

// WriteSoA writes the Statement of Applicability as CSV: one row per Annex A
// and custom control (pkg/pack/soa), in result order. Cells that a
// spreadsheet would read as a formula are prefixed with an apostrophe.
func WriteSoA(w io.Writer, rows []soa.Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SoAHeader); err != nil {
		return err
	}
	for _, c := range rows {
		row := []string{c.Catalogue, c.ID, c.Title, strconv.FormatBool(c.Applicable), c.Justification, c.JustificationSource,
			c.Reason, strings.Join(c.Risks, "; "), c.Implementation, c.Owner, c.ReviewedOn, c.Result, c.Basis, c.Checks,
			c.Worst, strings.Join(c.FindingIDs, "; "), strings.Join(c.Evidence, "; ")}
		for i := range row {
			row[i] = FormulaSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteActions writes the corrective-action register as actions.csv, one row
// per finding in finding order, formula-safe like soa.csv.
func WriteActions(w io.Writer, rows []actions.Action) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(actions.Header); err != nil {
		return err
	}
	for _, a := range rows {
		row := []string{a.FindingID, a.Control, a.Severity, a.Subject, a.Message, a.Owner, a.OwnerSource,
			a.Due, strconv.Itoa(a.DueDays), a.Status, a.Remediation}
		for i := range row {
			row[i] = FormulaSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// FormulaSafe prefixes a text that a spreadsheet would take for a formula
// (=, +, -, @, tab, carriage return first) with an apostrophe, the OWASP
// advice for CSV injection.
func FormulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
