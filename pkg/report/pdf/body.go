package pdf

import (
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/soa"
	"github.com/aims-cli/aims/pkg/risk"
)

func isAnnexA(c model.ControlResult) bool {
	return c.Kind == catalogue.KindAnnexA || c.Kind == "" && strings.HasPrefix(c.ID, "A.")
}

func basisLabel(b string) string {
	switch b {
	case "automated":
		return "Automated"
	case "attestation":
		return "Attested"
	case "automated+attestation":
		return "Automated and attested"
	case "none", "":
		return "None"
	}
	return b
}

// sortedControls returns the controls that pass keep, in control-ID order.
func (d *doc) sortedControls(keep func(model.ControlResult) bool) []model.ControlResult {
	var out []model.ControlResult
	for _, c := range d.res.Controls {
		if keep(c) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b model.ControlResult) int { return model.CompareControlIDs(a.ID, b.ID) })
	return out
}

// justificationCell is the SoA's justification of inclusion or exclusion:
// the declared one, else the labelled default soa derives (the same text as
// soa.csv and the workbook) in muted italics, as the section's opening
// paragraph says, then the attestation's status, owner and date.
func justificationCell(c model.ControlResult, row soa.Row) cell {
	j := c.Justification
	if j == "" && c.Attestation != nil {
		j = c.Attestation.Justification
	}
	out := txtOr(j)
	if strings.TrimSpace(j) == "" && row.JustificationSource == soa.Derived && row.Justification != "" {
		j = row.Justification
		out = cell{runs: []run{{text: j, col: colMuted, st: italic}}}
	}
	if a := c.Attestation; a != nil {
		var meta []string
		if a.Status != "" {
			meta = append(meta, "attested "+a.Status)
		}
		if a.Owner != "" {
			meta = append(meta, "owner "+a.Owner)
		}
		if !a.ReviewedOn.IsZero() {
			meta = append(meta, "reviewed "+a.ReviewedOn.String())
		}
		if len(meta) > 0 {
			m := run{text: strings.Join(meta, "; "), col: colMuted, st: italic}
			if strings.TrimSpace(j) == "" {
				out.runs = []run{m}
			} else {
				out.runs = append(out.runs, m)
			}
		}
	}
	return out
}

// evidenceCell lists a control's evidence references, marking those not found.
func (d *doc) evidenceCell(refs []string) cell {
	if len(refs) == 0 {
		return muted("None referenced")
	}
	return txt(strings.Join(d.res.AnnotateEvidence(refs), "\n"))
}

// soa is the Statement of Applicability: every Annex A control.
func (d *doc) soa() {
	d.h1("sec:soa", "Statement of Applicability")
	d.para("The Statement of Applicability lists every Annex A control of ISO/IEC 42001:2023: whether it applies and why, "+
		"its status in this assessment, how the status was reached (automated checks, the organisation's attestation, or both) "+
		"and the evidence that supports it. Controls without automated checks rest on the attestation and are never counted as passed "+
		"without it. A justification in grey italics is a derived default: the organisation declared none, and the default says what "+
		"the control's checks judged (soa.csv and the workbook mark it in their justification source column).", regular, colInk)
	cols := []column{{"Control", 13, 'L'}, {"Title", 30, 'L'}, {"Applies", 15, 'L'}, {"Justification", 46, 'L'}, {"Status", 16, 'L'}, {"Basis", 18, 'L'}, {"Evidence", 36, 'L'}}
	byID := map[string]soa.Row{}
	for _, r := range soa.Controls(d.res, nil) {
		byID[r.Catalogue+"\x00"+r.ID] = r
	}
	var rows [][]cell
	group := ""
	for _, c := range d.sortedControls(isAnnexA) {
		if c.Group != group {
			group = c.Group
			rows = append(rows, []cell{{runs: []run{{text: c.Group + "  " + c.GroupTitle, st: bold, col: colAccent}}, fill: &colBand, span: true}})
		}
		rows = append(rows, []cell{boldCell(c.ID), txt(c.Title), txt(yesNo(c.Applicable)), justificationCell(c, byID[c.Catalogue+"\x00"+c.ID]), statusCell(c.Status), txt(basisLabel(c.Basis)), d.evidenceCell(c.Evidence)})
	}
	d.table(cols, rows, tableOpt{zebra: true})

	custom := d.sortedControls(func(c model.ControlResult) bool {
		return !isAnnexA(c) && c.Kind != catalogue.KindClause
	})
	if len(custom) > 0 {
		rows = nil
		for _, c := range custom {
			rows = append(rows, []cell{boldCell(c.ID), txt(c.Title + "\n" + c.Catalogue), txt(yesNo(c.Applicable)), justificationCell(c, byID[c.Catalogue+"\x00"+c.ID]), statusCell(c.Status), txt(basisLabel(c.Basis)), d.evidenceCell(c.Evidence)})
		}
		d.y += 2
		d.table(cols, rows, tableOpt{caption: "Additional controls from other catalogues", zebra: true})
	}
}

// checksCell lists a control's automated checks with their pass counts.
func checksCell(cs []model.CheckResult) cell {
	if len(cs) == 0 {
		return muted("No automated check")
	}
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte('\n')
		}
		t := c.Title
		if t == "" {
			t = c.ID
		}
		b.WriteString(t + ": " + itoa(c.Passed) + " of " + itoa(c.Subjects) + " passed")
	}
	return txt(b.String())
}

// clauses reports the management-system clauses 4-10.
func (d *doc) clauses() {
	d.h1("sec:clauses", "Management system clauses 4 to 10")
	d.para("Clauses 4 to 10 are the management-system requirements every certified organisation meets; none can be excluded. "+
		"The basis column says whether the status comes from automated checks over the inventory or from the organisation's attestation.", regular, colInk)
	cols := []column{{"Clause", 11, 'L'}, {"Title", 36, 'L'}, {"Status", 15, 'L'}, {"Basis", 15, 'L'}, {"Automated checks", 40, 'L'}, {"Evidence", 37, 'L'}}
	var rows [][]cell
	group := ""
	for _, c := range d.sortedControls(func(c model.ControlResult) bool { return c.Kind == catalogue.KindClause }) {
		if c.Group != group && c.GroupTitle != "" {
			group = c.Group
			rows = append(rows, []cell{{runs: []run{{text: c.Group + "  " + c.GroupTitle, st: bold, col: colAccent}}, fill: &colBand, span: true}})
		}
		rows = append(rows, []cell{boldCell(c.ID), txt(c.Title), statusCell(c.Status), txt(basisLabel(c.Basis)), checksCell(c.Checks), d.evidenceCell(c.Evidence)})
	}
	d.table(cols, rows, tableOpt{zebra: true})
}

func riskText(r model.Risk) string {
	if r.Level == "" {
		return "Not declared"
	}
	s := severityLabel(r.Level)
	if !r.AssessedOn.IsZero() {
		s += ", assessed " + r.AssessedOn.String()
	}
	if r.Ref != "" {
		s += " (" + r.Ref + ")"
	}
	return s
}

// agentRow is the inventory's one-line view of an agent.
func (d *doc) agentRows(idx []int) [][]cell {
	var rows [][]cell
	for _, i := range idx {
		a := d.res.Agents[i]
		rows = append(rows, []cell{
			d.agentLink(a.Agent.ID),
			txtOr(a.Agent.Name),
			txtOr(a.Agent.Lifecycle),
			txtOr(strings.Trim(a.Agent.Scope+" / "+a.Agent.Audience, " /")),
			severityCellOr(a.DeclaredRisk),
			severityCell(a.Computed.Tier),
			num(int64(a.Findings)),
		})
	}
	return rows
}

func severityCellOr(s string) cell {
	if s == "" {
		return muted("Not declared")
	}
	return severityCell(s)
}

func (d *doc) agentLink(id string) cell {
	return cell{runs: []run{{text: id, col: colAccent, st: bold}}, link: "agent:" + id}
}

var agentCols = []column{{"Agent", 26, 'L'}, {"Name", 28, 'L'}, {"Lifecycle", 15, 'L'}, {"Scope / audience", 22, 'L'}, {"Declared risk", 15, 'L'}, {"Computed (indicative)", 15, 'L'}, {"Findings", 11, 'R'}}

// inventory is the AI system inventory with the agents of each system.
func (d *doc) inventory() {
	r := d.res
	d.h1("sec:inventory", "AI system inventory")
	d.para("The AI system inventory (A.4.2) as declared in inventory.yaml, with the agents of each system. "+
		"Computed risk is the tool's own tier from each agent's configuration (section \"Method\"); an agent id links to its page.", regular, colInk)
	var rows [][]cell
	for _, s := range r.Systems {
		rows = append(rows, []cell{
			{runs: []run{{text: s.System.ID, st: bold, col: colAccent}}, link: "system:" + s.System.ID},
			txtOr(s.System.Name), txtOr(s.System.Owner), txtOr(s.System.Lifecycle), txtOr(s.System.EUAIAct),
			severityCellOr(s.System.Risk.Level), num(int64(len(s.Agents))),
		})
	}
	d.table([]column{{"System", 24, 'L'}, {"Name", 34, 'L'}, {"Owner", 26, 'L'}, {"Lifecycle", 16, 'L'}, {"EU AI Act", 14, 'L'}, {"Declared risk", 16, 'L'}, {"Agents", 11, 'R'}}, rows, tableOpt{caption: "AI systems", zebra: true})

	byID := map[string]int{}
	for i, a := range r.Agents {
		byID[a.Agent.ID] = i
	}
	placed := map[int]bool{}
	for _, s := range r.Systems {
		sys := s.System
		title := sys.ID
		if sys.Name != "" {
			title += " – " + sys.Name
		}
		d.h2("system:"+sys.ID, title, 1, 40)
		// The figure comes first: after the tables it would end the section on a near-empty page.
		d.systemFlow(s)
		ia := sys.ImpactAssessment
		iaText := "Not recorded"
		if !ia.DoneOn.IsZero() || ia.Ref != "" {
			iaText = strings.Trim("done "+ia.DoneOn.String()+" "+paren(ia.Ref), " ")
		}
		d.kv("", [][2]string{
			{"Purpose", sys.Purpose},
			{"Intended use", sys.IntendedUse},
			{"Users", sys.Users},
			{"Owner", sys.Owner},
			{"Lifecycle", sys.Lifecycle},
			{"Customer-facing", yesNo(sys.CustomerFacing)},
			{"Data categories", strings.Join(sys.DataCategories, ", ")},
			{"Compute", sys.Compute},
			{"Declared risk", riskText(sys.Risk)},
			{"Impact assessment", iaText},
			{"Impact on individuals", ia.Individuals},
			{"Impact on society", ia.Society},
			{"EU AI Act class", sys.EUAIAct},
			{"Vendors", strings.Join(sys.Vendors, ", ")},
			{"Documentation", strings.Join(sys.Documentation, "\n")},
			{"Source", posText(s.Source)},
		})
		var idx []int
		for _, id := range s.Agents {
			if i, ok := byID[id]; ok {
				idx = append(idx, i)
				placed[i] = true
			}
		}
		d.table(agentCols, d.agentRows(idx), tableOpt{caption: "Agents of " + sys.ID, zebra: true})
	}
	var orphans []int
	for i := range r.Agents {
		if !placed[i] {
			orphans = append(orphans, i)
		}
	}
	if len(orphans) > 0 {
		d.y += 2
		d.table(agentCols, d.agentRows(orphans), tableOpt{caption: "Agents not linked to an inventory system", zebra: true})
	}
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// findingRows lists findings by their position in res.Findings (the finding number).
func (d *doc) findingRows(idx []int, withSeverity, withSubject bool) ([]column, [][]cell) {
	cols := []column{{"#", 8, 'L'}}
	if withSeverity {
		cols = append(cols, column{"Severity", 14, 'L'})
	}
	cols = append(cols, column{"Control", 13, 'L'})
	if withSubject {
		cols = append(cols, column{"Subject", 24, 'L'})
	}
	cols = append(cols, column{"Finding and remediation", 70, 'L'}, column{"Location", 28, 'L'})
	var rows [][]cell
	for _, i := range idx {
		f := d.res.Findings[i]
		row := []cell{txt(itoa(i + 1))}
		if withSeverity {
			row = append(row, severityCell(f.Severity))
		}
		row = append(row, boldCell(f.Control))
		if withSubject {
			row = append(row, d.subjectCell(f))
		}
		msg := f.Message
		if f.Count > 0 {
			msg += " (" + plural(f.Count, "event", "events") + ")"
		}
		fc := cell{runs: []run{{text: msg, col: colInk}}}
		if f.Remediation != "" {
			fc.runs = append(fc.runs, run{text: "Remediation: " + f.Remediation, st: italic, col: colMuted})
		}
		// The stable finding ID ties this row to the workbook, actions.csv and SARIF.
		ref := ""
		if f.ID != "" {
			ref = "Finding " + f.ID
		}
		if f.Check != "" {
			ref = strings.TrimPrefix(ref+", check "+f.Check, ", ")
		}
		if ref != "" {
			fc.runs = append(fc.runs, run{text: ref, col: colMuted})
		}
		row = append(row, fc, txtOr(posText(f.Location)))
		rows = append(rows, row)
	}
	return cols, rows
}

// findingLines lists findings on an agent or vendor page: one entry each,
// without the remediation, which section 7 prints once under the same number.
func (d *doc) findingLines(idx []int) ([]column, [][]cell) {
	cols := []column{{"#", 8, 'L'}, {"Severity", 14, 'L'}, {"Control", 13, 'L'}, {"Finding", 66, 'L'}, {"ID and location", 32, 'L'}}
	var rows [][]cell
	for _, i := range idx {
		f := d.res.Findings[i]
		msg := f.Message
		if f.Count > 0 {
			msg += " (" + plural(f.Count, "event", "events") + ")"
		}
		where := cell{}
		if f.ID != "" {
			where.runs = append(where.runs, run{text: f.ID, st: mono, col: colInk})
		}
		if p := posText(f.Location); p != "" {
			where.runs = append(where.runs, run{text: p, col: colMuted})
		}
		if len(where.runs) == 0 {
			where = txtOr("")
		}
		rows = append(rows, []cell{txt(itoa(i + 1)), severityCell(f.Severity), boldCell(f.Control), txt(msg), where})
	}
	return cols, rows
}

// agents prints one page (or more) per agent.
func (d *doc) agents() {
	r := d.res
	d.h1("sec:agents", "Agents")
	if len(r.Agents) == 0 {
		d.para("The inventory declares no agents.", italic, colMuted)
		return
	}
	for i, ar := range r.Agents {
		if i > 0 {
			d.sectionBreak()
		}
		d.agent(i, ar)
	}
}

func (d *doc) agent(i int, ar model.AgentResult) {
	a := ar.Agent
	title := itoa(d.secNo) + "." + itoa(i+1) + "  " + a.ID
	if a.Name != "" {
		title += " – " + a.Name
	}
	d.h2("agent:"+a.ID, title, 1, 30)

	model_ := strings.TrimSpace(strings.Trim(a.Model.Provider+" / "+a.Model.Name, " /"))
	if a.Model.BYOK != nil {
		if *a.Model.BYOK {
			model_ += "; own key (BYOK)"
		} else {
			model_ += "; vendor key"
		}
	}
	if len(a.Model.Allowed) > 0 {
		model_ += "; allowed: " + strings.Join(a.Model.Allowed, ", ")
	}
	approval := ""
	if a.Approval.ApprovedBy != "" || !a.Approval.ApprovedOn.IsZero() {
		approval = strings.TrimSpace(a.Approval.ApprovedBy + " " + a.Approval.ApprovedOn.String())
	}
	testing := ""
	if !a.Testing.LastRun.IsZero() || a.Testing.Ref != "" {
		testing = strings.TrimSpace("last run " + a.Testing.LastRun.String() + " " + paren(a.Testing.Ref))
	}
	keys := []string{"System", "Owner", "Purpose", "Lifecycle", "Version", "Scope", "Audience", "Identities in logs", "Model", "Isolation", "Approval", "Testing", "AI disclosure to users", "Trains on customer data", "Retired on", "Source"}
	sys := txtOr(a.System)
	if d.link("system:"+a.System) != 0 || d.prev == nil {
		sys = cell{runs: []run{{text: orDash(a.System), col: colAccent}}, link: "system:" + a.System}
	}
	vals := []cell{sys, txtOr(a.Owner), txtOr(a.Purpose), txtOr(a.Lifecycle), txtOr(a.Version), txtOr(a.Scope), txtOr(a.Audience),
		txtOr(strings.Join(a.Identities, "\n")), txtOr(model_), txtOr(a.Isolation), txtOr(approval), txtOr(testing),
		txt(yesNo(a.Disclosure)), txt(yesNo(a.TrainingOnCustomerData)), txtOr(a.RetiredOn.String()), txtOr(posText(ar.Source))}
	d.kvCells("Profile", keys, vals)

	// Declared against computed risk.
	judge := muted("No declared level to compare")
	switch ar.Risk.State {
	case model.RiskBelow:
		judge = cell{runs: []run{{text: severityLabel(ar.Risk.Summary()), st: bold, col: toneFail.ink}}, badge: &toneFail.tint}
	case model.RiskAccepted:
		judge = cell{runs: []run{{text: severityLabel(ar.Risk.Summary()), st: bold}}}
	case model.RiskCovered:
		judge = txt("Declared level covers the computed tier")
	}
	src := ""
	switch ar.RiskSource {
	case "agent":
		src = " (declared on the agent)"
	case "system":
		src = " (inherited from system " + a.System + ")"
	}
	declared := severityCellOr(ar.DeclaredRisk)
	if ar.DeclaredRisk != "" {
		declared.runs[0].text += src
	}
	computed := severityCell(ar.Computed.Tier)
	computed.runs[0].text += " (indicative, score " + itoa(ar.Computed.Score) + ")"
	rkeys := []string{"Declared", "Computed", "Assessment", "Comparison"}
	rvals := []cell{declared, computed, txtOr(riskAssessment(a.Risk)), judge}
	if acc := ar.Risk.Accepted; acc != nil && ar.Risk.Below {
		rkeys, rvals = append(rkeys, "Acceptance rationale"), append(rvals, txtOr(acc.Rationale))
	}
	d.kvCells("Declared and computed risk", rkeys, rvals)
	var frows [][]cell
	for _, f := range ar.Computed.Factors {
		frows = append(frows, []cell{txt(f.ID), num(int64(f.Points)), txt(f.Detail)})
	}
	d.table([]column{{"Risk factor", 28, 'L'}, {"Points", 10, 'R'}, {"Detail", 62, 'L'}}, frows, tableOpt{caption: "Risk factors", zebra: true})

	// Grants.
	var grows [][]cell
	for _, g := range a.Tools {
		grows = append(grows, []cell{boldCell(g.Name), txt(list(g.Operations)), txt(list(g.Resources)), txt(reviewText(a.Oversight, g))})
	}
	d.table([]column{{"Tool", 20, 'L'}, {"Operations", 26, 'L'}, {"Resources", 36, 'L'}, {"Human review before", 18, 'L'}}, grows, tableOpt{caption: "Tool grants", zebra: true})

	var drows [][]cell
	for _, x := range a.Data {
		drows = append(drows, []cell{txt(x.Source), txtOr(strings.Join(x.Categories, ", ")), txtOr(x.Access), txtOr(x.Justification)})
	}
	d.table([]column{{"Data source", 28, 'L'}, {"Categories", 28, 'L'}, {"Access", 10, 'L'}, {"Justification", 34, 'L'}}, drows, tableOpt{caption: "Data", zebra: true})
	d.dataFlow(a)

	retention := "Not stated"
	if a.Logging.RetentionDays > 0 {
		retention = itoa(a.Logging.RetentionDays) + " days"
	}
	d.kv("Logging and oversight", [][2]string{
		{"Actions logged", yesNo(a.Logging.Actions)},
		{"Inputs logged", yesNo(a.Logging.Inputs)},
		{"Outputs logged", yesNo(a.Logging.Outputs)},
		{"Log retention", retention},
		{"Log export", a.Logging.Export},
		{"Human review required for", joinOr(a.Oversight.HumanReview, "Nothing")},
		{"Reviewers", strings.Join(a.Oversight.Reviewers, ", ")},
	})

	d.activity(ar)

	cols, rows := d.findingLines(d.findingsOf(model.SubjectAgent, a.ID))
	d.table(cols, rows, tableOpt{caption: "Findings for " + a.ID + " (remediation in section 7, by number)", zebra: true})
}

func riskAssessment(r model.Risk) string {
	var parts []string
	if !r.AssessedOn.IsZero() {
		parts = append(parts, "assessed "+r.AssessedOn.String())
	}
	if r.Ref != "" {
		parts = append(parts, r.Ref)
	}
	return strings.Join(parts, ", ")
}

// reviewText says which of a grant's operations need a human approval first.
func reviewText(o model.Oversight, g model.Grant) string {
	switch {
	case g.Operations == nil:
		if risk.Reviewed(o, g.Name, "*") {
			return "Every operation"
		}
		return "None"
	case len(g.Operations) == 0:
		return "-"
	}
	var ops []string
	for _, op := range g.Operations {
		if risk.Reviewed(o, g.Name, op) {
			ops = append(ops, op)
		}
	}
	if len(ops) == len(g.Operations) {
		return "Every operation"
	}
	return joinOr(ops, "None")
}

// activity prints what the logs say the agent did.
func (d *doc) activity(ar model.AgentResult) {
	if d.res.Logs == nil {
		d.h2("", "Log activity", 0, 8)
		d.para("Not assessed: no audit logs were analysed.", italic, colMuted)
		return
	}
	act := ar.Activity
	if act == nil {
		d.h2("", "Log activity", 0, 8)
		d.para("No events were attributed to this agent in the period "+d.period+".", italic, colMuted)
		return
	}
	var models []string
	for _, m := range act.Models {
		models = append(models, m.Name+" ("+thousands(m.Count)+")")
	}
	d.kv("Log activity", [][2]string{
		{"Events", thousands(act.Events)},
		{"First and last seen", stamp(act.FirstSeen) + " to " + stamp(act.LastSeen)},
		{"Errors / denials", thousands(act.Errors) + " / " + thousands(act.Denials)},
		{"Human reviews (rejections)", thousands(act.HumanReviews) + " (" + thousands(act.Rejections) + ")"},
		{"Distinct actors", itoa(act.Actors)},
		{"Out of declared scope", thousands(act.OutOfScope)},
		{"Operations without required review", thousands(act.UnreviewedOps)},
		{"Missing inputs / outputs", thousands(act.MissingInputs) + " / " + thousands(act.MissingOutputs)},
		{"Coverage gaps", itoa(act.Gaps)},
		// The cadence the gaps were judged against (issue 11 §3).
		{"Coverage judged", act.Coverage},
		{"Models used", strings.Join(models, ", ")},
		{"Grants never used", joinOr(act.UnusedGrants, "None")},
	})
	var rows [][]cell
	for _, t := range act.Tools {
		g := txt("Yes")
		switch {
		case t.NotJudged:
			g = txt("Unknown") // an MCP call whose server is not logged
		case !t.Granted:
			g = cell{runs: []run{{text: "No", st: bold, col: toneFail.ink}}, badge: &toneFail.tint}
		}
		rows = append(rows, []cell{txt(t.Tool), txtOr(t.Operation), num(t.Count), num(t.Errors), num(t.Denied), g})
	}
	d.table([]column{{"Tool", 26, 'L'}, {"Operation", 26, 'L'}, {"Calls", 12, 'R'}, {"Errors", 12, 'R'}, {"Denied", 12, 'R'}, {"Granted", 12, 'L'}}, rows, tableOpt{caption: "Tool use in the logs", zebra: true})
}

// findings lists every finding with its remediation, grouped by severity.
func (d *doc) findings() {
	r := d.res
	d.h1("sec:findings", "Findings and remediation")
	d.para("Every finding of the assessment, most severe first. The number (#) is the finding's position in the findings "+
		"list of results.json; the location points at the input file and line, or at the first log record concerned.", regular, colInk)
	groups := map[string][]int{}
	for i, f := range r.Findings {
		k := sevKey(f.Severity)
		groups[k] = append(groups[k], i)
	}
	if len(r.Findings) == 0 {
		d.para("The assessment raised no findings.", italic, colMuted)
		return
	}
	for i := len(model.Severities) - 1; i >= -1; i-- {
		k, label := "other", "Other"
		if i >= 0 {
			k, label = model.Severities[i], severityLabel(model.Severities[i])
		}
		idx := groups[k]
		if len(idx) == 0 {
			continue
		}
		cols, rows := d.findingRows(idx, false, true)
		d.y += 2
		d.table(cols, rows, tableOpt{caption: label + " (" + plural(len(idx), "finding", "findings") + ")", anchor: "sev:" + k, level: 1, zebra: true})
	}
}
