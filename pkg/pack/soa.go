package pack

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// SoAHeader is the header row of soa.csv.
var SoAHeader = []string{"id", "title", "applicable", "justification", "status", "basis", "evidence", "owner"}

// WriteSoA writes the Statement of Applicability as CSV: one row per Annex A
// control of the result, in result order. Cells that a spreadsheet would read
// as a formula are prefixed with an apostrophe.
func WriteSoA(w io.Writer, res *model.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(SoAHeader); err != nil {
		return err
	}
	for _, c := range res.Controls {
		if c.Kind != catalogue.KindAnnexA {
			continue
		}
		owner := ""
		if c.Attestation != nil {
			owner = c.Attestation.Owner
		}
		row := []string{c.ID, c.Title, strconv.FormatBool(c.Applicable), c.Justification, c.Status, c.Basis,
			strings.Join(res.AnnotateEvidence(c.Evidence), "; "), owner}
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
