package pdf

import (
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// organisation prints the AIMS roles (ISO/IEC 42001 5.3) and the policy
// register (5.2, 7.5) with each policy's review state, as the workbook's
// Organisation sheet has them.
func (d *doc) organisation() {
	r := d.res
	d.h1("sec:org", "Organisation: roles and policies")
	d.para("The roles and responsibilities of the AI management system (5.3) and the register of its policies and procedures "+
		"(5.2), as declared in inventory.yaml. A policy's review is due its review interval after approval; it is overdue "+
		"when that date is before the assessment date.", regular, colInk)
	var rows [][]cell
	for _, ro := range r.Roles {
		rows = append(rows, []cell{boldCell(ro.Role), txtOr(ro.Name), txtOr(ro.Email)})
	}
	if len(rows) == 0 {
		d.para("The inventory declares no roles (organization.roles).", italic, colMuted)
	} else {
		d.table([]column{{"Role", 20, 'L'}, {"Name", 30, 'L'}, {"Contact", 40, 'L'}}, rows, tableOpt{caption: "Roles", zebra: true})
	}
	rows = nil
	for _, p := range r.Policies {
		st := txt(p.State())
		if p.State() != model.PolicyCurrent {
			st = cell{runs: []run{{text: p.State(), st: bold, col: toneFail.ink}}, badge: &toneFail.tint}
		}
		approved := strings.TrimSpace(p.ApprovedBy)
		if !p.ApprovedOn.IsZero() {
			approved = strings.TrimSpace(approved + ", " + p.ApprovedOn.String())
			approved = strings.TrimPrefix(approved, ", ")
		}
		title := cell{runs: []run{{text: p.Title, col: colInk}, {text: p.Kind, col: colMuted}}}
		rows = append(rows, []cell{boldCell(p.ID), title, txtOr(p.Owner), txtOr(approved), txtOr(p.ReviewDue.String()), st,
			d.evidenceCell(p.Evidence)})
	}
	if len(rows) == 0 {
		d.para("The inventory declares no policies.", italic, colMuted)
		return
	}
	d.y += 2
	d.table([]column{{"Policy", 14, 'L'}, {"Title and kind", 27, 'L'}, {"Owner", 14, 'L'}, {"Approved by, on", 18, 'L'},
		{"Review due", 13, 'L'}, {"State", 13, 'L'}, {"Evidence", 38, 'L'}}, rows, tableOpt{caption: "Policy register", zebra: true})
}

// correctiveActions prints the corrective-action register (10.2): the rows
// of actions.csv, one open action per finding, owner and due date included.
func (d *doc) correctiveActions() {
	if d.opts.Actions == nil {
		return
	}
	d.h1("sec:actions", "Corrective actions")
	d.para("One open corrective action per finding (ISO/IEC 42001 10.2), the same rows as actions.csv and the Corrective "+
		"Actions sheet. The owner is the subject's owner, else the ai-owner role; the due date is the assessment date plus "+
		"the days set per severity in aims.yaml (corrective_actions.due_days).", regular, colInk)
	var rows [][]cell
	for _, a := range d.opts.Actions {
		owner := txtOr(a.Owner)
		if a.Owner != "" && a.OwnerSource != "" {
			owner.runs = append(owner.runs, run{text: "from " + a.OwnerSource, col: colMuted})
		} else if a.Owner == "" {
			owner = muted("no owner declared")
		}
		due := txtOr(a.Due)
		if a.DueDays > 0 {
			due.runs = append(due.runs, run{text: plural(a.DueDays, "day", "days"), col: colMuted})
		}
		rows = append(rows, []cell{monoCell(a.FindingID), boldCell(a.Control), severityCell(a.Severity), txtOr(a.Subject), owner, due, txt(a.Status)})
	}
	if len(rows) == 0 {
		d.para("No findings, so no corrective actions.", italic, colMuted)
		return
	}
	d.table([]column{{"Finding", 19, 'L'}, {"Control", 11, 'L'}, {"Severity", 13, 'L'}, {"Subject", 28, 'L'}, {"Owner", 26, 'L'},
		{"Due", 15, 'L'}, {"Status", 10, 'L'}}, rows, tableOpt{caption: "Corrective-action register", zebra: true})
}
