package report

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

// WriteSoA writes the Statement of Applicability as CSV (the pack's
// soa.csv): one row per Annex A and custom control (pkg/pack/soa), in result
// order, formula-safe.
func WriteSoA(w io.Writer, rows []soa.Row) error {
	records := make([][]string, 0, len(rows))
	for _, c := range rows {
		records = append(records, []string{c.Catalogue, c.ID, c.Title, strconv.FormatBool(c.Applicable), c.Justification, c.JustificationSource,
			c.Reason, strings.Join(c.Risks, "; "), c.Implementation, c.Owner, c.ReviewedOn, c.Result, c.Basis, c.Checks,
			c.Worst, strings.Join(c.FindingIDs, "; "), strings.Join(c.Evidence, "; ")})
	}
	return writeSheetCSV(w, SoAHeader, records)
}

// WriteActions writes the corrective-action register (the pack's
// actions.csv), one row per finding in finding order, formula-safe.
func WriteActions(w io.Writer, rows []actions.Action) error {
	records := make([][]string, 0, len(rows))
	for _, a := range rows {
		records = append(records, []string{a.FindingID, a.Control, a.Severity, a.Subject, a.Message, a.Owner, a.OwnerSource,
			a.Due, strconv.Itoa(a.DueDays), a.Status, a.Remediation})
	}
	return writeSheetCSV(w, actions.Header, records)
}

// writeSheetCSV writes a header and rows whose cells keep their line breaks
// (a justification may have several lines) but never start a formula.
func writeSheetCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
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
