package pdf

import (
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
)

// logEvidence reports what the audit-log analysis read and found.
func (d *doc) logEvidence() {
	d.h1("sec:logs", "Log evidence")
	l := d.res.Logs
	if l == nil {
		d.para("No audit logs were analysed for this assessment. The log-based checks (event logging in operation, use "+
			"of tools and resources outside the declared grants, human review of operations that need it, shadow agents, "+
			"coverage gaps, unused grants) could not be performed. The controls concerned, notably A.6.2.8 (event logs), "+
			"rest on the agent configurations and the organisation's attestation only.", regular, colInk)
		return
	}
	var unreadable, bad int
	for _, f := range l.Files {
		if f.Unreadable != "" {
			unreadable++
		}
		bad += len(f.Errors)
	}
	d.kv("Overview", [][2]string{
		{"Period analysed", periodOf(l.Period)},
		{"Files", itoa(len(l.Files)) + " (" + itoa(unreadable) + " unreadable)"},
		{"Events read", thousands(l.Events)},
		{"Records skipped", thousands(l.Skipped) + " (counted and reported, never dropped silently)"},
		{"Agents with activity", itoa(len(l.Agents))},
		{"Shadow agents", itoa(len(l.Shadow))},
		{"Log findings", itoa(len(l.Findings)) + " (listed with all findings)"},
	})

	var rows [][]cell
	for _, f := range l.Files {
		name := cell{runs: []run{{text: f.Path, col: colInk}}}
		if f.Unreadable != "" {
			name.runs = append(name.runs, run{text: "Unreadable: " + f.Unreadable, st: bold, col: toneFail.ink})
		}
		rows = append(rows, []cell{name, txtOr(f.Format), txt(bytesText(f.Bytes)), num(f.Events), num(f.Skipped), monoCell(f.SHA256)})
	}
	d.table([]column{{"File", 40, 'L'}, {"Format", 12, 'L'}, {"Size", 11, 'R'}, {"Events", 12, 'R'}, {"Skipped", 11, 'R'}, {"SHA-256", 37, 'L'}}, rows, tableOpt{caption: "Files read", zebra: true})

	if bad > 0 {
		rows = nil
		for _, f := range l.Files {
			for _, e := range f.Errors {
				loc := e.Location
				if loc.File == "" {
					loc.File = f.Path
				}
				rows = append(rows, []cell{txt(posText(loc)), txt(e.Reason)})
			}
		}
		d.table([]column{{"Record", 40, 'L'}, {"Why it could not be read", 60, 'L'}}, rows, tableOpt{caption: "First records that could not be read", zebra: true})
	}

	rows = nil
	for _, a := range l.Agents {
		rows = append(rows, []cell{d.agentLink(a.Agent), num(a.Events), txt(day(a.FirstSeen) + "\n" + day(a.LastSeen)), num(a.Errors), num(a.Denials),
			num(a.HumanReviews), num(a.OutOfScope), num(a.UnreviewedOps), num(int64(a.Gaps))})
	}
	d.table([]column{{"Agent", 24, 'L'}, {"Events", 11, 'R'}, {"First / last seen", 14, 'L'}, {"Errors", 9, 'R'}, {"Denied", 9, 'R'}, {"Reviews", 9, 'R'}, {"Out of scope", 9, 'R'}, {"Unreviewed", 10, 'R'}, {"Gaps", 7, 'R'}}, rows, tableOpt{caption: "Activity per agent", zebra: true})

	rows = nil
	for _, s := range l.Shadow {
		rows = append(rows, []cell{txt(s.Identity), num(s.Events), txt(stamp(s.FirstSeen)), txt(stamp(s.LastSeen)), txtOr(posText(s.Source))})
	}
	d.table([]column{{"Identity (not in the inventory)", 38, 'L'}, {"Events", 10, 'R'}, {"First seen", 16, 'L'}, {"Last seen", 16, 'L'}, {"First record", 20, 'L'}}, rows, tableOpt{caption: "Shadow agents", zebra: true})

	if len(d.opts.Excerpts) > 0 {
		rows = nil
		for _, e := range d.opts.Excerpts {
			rows = append(rows, []cell{monoCell(e.Finding), num(int64(e.Records)), num(int64(e.Excerpted)), monoCell(e.Path)})
		}
		d.h2("", "Log records in the pack", 1, 20)
		d.para("For each finding that cites log records, a file of logs/excerpts/ holds the first records behind it, by file "+
			"and line, as the original lines after their file:line (credentials redacted), covered by SHA256SUMS.", regular, colInk)
		d.table([]column{{"Finding", 22, 'L'}, {"Records behind it", 16, 'R'}, {"In the excerpt", 14, 'R'}, {"File", 48, 'L'}}, rows, tableOpt{zebra: true})
	}
}

func periodOf(p model.Period) string {
	from, to := p.From.String(), p.To.String()
	if from == "" && to == "" {
		return "Not stated"
	}
	return strings.TrimSpace(from + " to " + to)
}

// history reports the change history of agent configs (when it was collected).
func (d *doc) history() {
	h := d.res.History
	if h == nil {
		return
	}
	d.h1("sec:history", "Change history")
	d.para("Every commit that changed an agent configuration, with the computed risk tier before and after the change "+
		"(A.6.2.5, A.6.2.6, clause 6.3). Tiers are computed with the same rules as the current assessment.", regular, colInk)
	if h.Note != "" {
		d.para("Note: "+h.Note, italic, colMuted)
	}
	if h.Truncated != "" {
		d.para(upperFirst(h.Truncated)+".", italic, colMuted)
	}
	if e := h.Empty(); e != "" {
		d.para(upperFirst(e)+".", regular, colInk)
		return
	}
	if o := h.Outside(); o != "" {
		d.para(upperFirst(o)+".", italic, colMuted)
	}
	var rows [][]cell
	for _, c := range h.Changes {
		author := c.Author
		if c.Email != "" {
			author += "\n" + c.Email
		}
		tiers := tierLabel(c.TierBefore) + " -> " + tierLabel(c.TierAfter)
		switch {
		case c.TierBefore == "":
			tiers = "New: " + tierLabel(c.TierAfter)
		case c.TierAfter == "":
			tiers = "Removed (was " + tierLabel(c.TierBefore) + ")"
		}
		tc := txt(tiers)
		if rankOf(c.TierAfter) > rankOf(c.TierBefore) && c.TierBefore != "" {
			tc = cell{runs: []run{{text: tiers, st: bold, col: toneFail.ink}}, badge: &toneFail.tint}
		}
		commit := c.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		change := cell{runs: []run{{text: c.Subject, col: colInk}}}
		if len(c.Delta) > 0 {
			change.runs = append(change.runs, run{text: strings.Join(c.Delta, "\n"), col: colMuted})
		}
		rows = append(rows, []cell{txt(stamp(c.Date)), d.agentLink(c.Agent), monoCell(commit), txtOr(author), change, tc})
	}
	d.table([]column{{"Date", 15, 'L'}, {"Agent", 17, 'L'}, {"Commit", 15, 'L'}, {"Author", 18, 'L'}, {"Change and risk delta", 40, 'L'}, {"Risk tier", 17, 'L'}}, rows, tableOpt{zebra: true})
}

func rankOf(t string) int { return max(model.SeverityRank(t), 0) }

// The six questions asked of every AI-agent vendor (A.10.3).
var vendorQuestions = [6]string{
	"1. Isolation: how are agents isolated from each other and from other customers?",
	"2. Inference path: what data flows through the vendor during inference?",
	"3. Tool permissions: can permissions be scoped per agent and per tool?",
	"4. Audit log: what does it capture, how long is it kept, can it be exported?",
	"5. Training: does the vendor train models on customer data?",
	"6. Lifecycle: are agent configurations versioned, changes tracked, agents decommissioned?",
}

func vendorAnswers(a model.VendorAnswers) [6]cell {
	na := func() cell { return cell{runs: []run{{text: "Not answered", st: italic, col: colMuted}}} }
	var out [6]cell
	for i := range out {
		out[i] = na()
	}
	switch a.Isolation {
	case "container":
		out[0] = txt("Container per agent")
	case "process":
		out[0] = txt("Process per agent")
	case "shared-runtime":
		out[0] = txt("Shared runtime")
	case "":
	default:
		out[0] = txt(a.Isolation)
	}
	switch a.InferencePath {
	case "byok-direct":
		out[1] = txt("Customer's own key, direct to the model provider (BYOK)")
	case "through-vendor":
		out[1] = txt("Prompts and outputs pass through the vendor")
	case "":
	default:
		out[1] = txt(a.InferencePath)
	}
	if a.PerAgentToolPermissions != nil {
		out[2] = txt(yesNo(*a.PerAgentToolPermissions))
	}
	if l := a.AuditLog; l != nil {
		ret := "retention not stated"
		if l.RetentionDays > 0 {
			ret = "kept " + itoa(l.RetentionDays) + " days"
		}
		exp := "no export"
		if l.Export {
			exp = "exportable"
		}
		out[3] = txt("Captures " + joinOr(l.Captures, "nothing stated") + "; " + ret + "; " + exp)
	}
	if a.TrainsOnCustomerData != nil {
		out[4] = txt(yesNo(*a.TrainsOnCustomerData))
	}
	if l := a.Lifecycle; l != nil {
		out[5] = txt("Versioned configuration: " + yesNo(l.VersionedConfig) + "; change tracking: " + yesNo(l.ChangeTracking) + "; decommissioning: " + yesNo(l.Decommissioning))
	}
	return out
}

// vendors is the vendor register with each vendor's six answers.
func (d *doc) vendors() {
	r := d.res
	d.h1("sec:vendors", "Vendor register")
	d.para("Third parties that provide models, platforms, integrations or data (A.10), with each vendor's answers to the "+
		"six questions asked of every AI-agent vendor. A question left unanswered is shown as such and judged by the catalogue's checks.", regular, colInk)
	var rows [][]cell
	for _, v := range r.Vendors {
		rows = append(rows, []cell{{runs: []run{{text: v.Vendor.ID, st: bold, col: colAccent}}, link: "vendor:" + v.Vendor.ID},
			txtOr(v.Vendor.Name), txtOr(v.Vendor.Role), txtOr(strings.Join(v.Vendor.Certifications, ", ")),
			txtOr(v.Vendor.DataLocation), txtOr(v.Vendor.ReviewedOn.String()), num(int64(v.Findings))})
	}
	d.table([]column{{"Vendor", 22, 'L'}, {"Name", 26, 'L'}, {"Role", 18, 'L'}, {"Certifications", 30, 'L'}, {"Data location", 18, 'L'}, {"Reviewed", 16, 'L'}, {"Findings", 11, 'R'}}, rows, tableOpt{caption: "Vendors", zebra: true})

	for _, v := range r.Vendors {
		vd := v.Vendor
		title := vd.ID
		if vd.Name != "" {
			title += " – " + vd.Name
		}
		d.h2("vendor:"+vd.ID, title, 1, 40)
		// Who uses the vendor is the engine's answer (model provider, tools, data sources, systems).
		users := slices.Clone(v.UsedBy)
		for _, s := range v.Systems {
			users = append(users, "system "+s)
		}
		used := strings.Join(users, ", ")
		if len(users) > 30 {
			used = strings.Join(users[:30], ", ") + " and " + itoa(len(users)-30) + " more"
		}
		d.kv("", [][2]string{
			{"Role", vd.Role},
			{"Certifications", strings.Join(vd.Certifications, ", ")},
			{"Data-processing agreement", d.withState("vendor:"+vd.ID, vd.DPA.String())},
			{"Data location", vd.DataLocation},
			{"Last reviewed", vd.ReviewedOn.String()},
			{"Evidence", d.withStates("vendor:"+vd.ID, vd.Evidence)},
			{"Used by", used},
			{"Data handled", strings.Join(v.DataCategories, ", ")},
			{"Source", posText(v.Source)},
		})
		ans := vendorAnswers(vd.Answers)
		var qrows [][]cell
		for i, q := range vendorQuestions {
			qrows = append(qrows, []cell{txt(q), ans[i]})
		}
		d.table([]column{{"Question", 50, 'L'}, {"Answer", 50, 'L'}}, qrows, tableOpt{caption: "Answers to the six vendor questions", zebra: true})
		if idx := d.findingsOf(model.SubjectVendor, vd.ID); len(idx) > 0 {
			cols, rows := d.findingLines(idx)
			d.table(cols, rows, tableOpt{caption: "Findings for vendor " + vd.ID + " (remediation in section 7, by number)", zebra: true})
		}
	}
}

// frameworks prints the indicative crosswalk views (EU AI Act first).
func (d *doc) frameworks() {
	views := slices.Clone(d.res.Frameworks)
	slices.SortStableFunc(views, func(a, b model.FrameworkView) int {
		return frameworkOrder(a.Framework) - frameworkOrder(b.Framework)
	})
	for _, v := range views {
		title := v.Title
		switch {
		case v.Framework == "eu-ai-act":
			title = "EU AI Act view (indicative)"
		case title == "":
			title = v.Framework + " view (indicative)"
		case !strings.Contains(strings.ToLower(title), "indicative"):
			title += " (indicative)"
		}
		d.h1("framework:"+v.Framework, title)
		notice := v.Notice
		if notice == "" {
			notice = "This view regroups the ISO/IEC 42001 control results by the items of another framework through the catalogue's crosswalk. The mapping is indicative, not a legal assessment."
		}
		d.para(notice, italic, colMuted)
		var rows [][]cell
		for _, it := range v.Items {
			mapped := make([]string, 0, len(it.Controls))
			for i, c := range it.Controls {
				s := ""
				if i < len(it.Statuses) {
					s = " (" + strings.ToLower(statusLabel(it.Statuses[i])) + ")"
				}
				mapped = append(mapped, c+s)
			}
			rows = append(rows, []cell{boldCell(it.ID), txtOr(it.Title), txtOr(strings.Join(mapped, ", ")), statusCell(it.Status)})
		}
		d.table([]column{{"Item", 16, 'L'}, {"Title", 34, 'L'}, {"Mapped ISO/IEC 42001 controls", 34, 'L'}, {"Status", 16, 'L'}}, rows, tableOpt{zebra: true})
	}
}

func frameworkOrder(f string) int {
	switch f {
	case "eu-ai-act":
		return 0
	case "nist-ai-rmf":
		return 1
	case "iso27001":
		return 2
	}
	return 3
}

// evidenceIndex lists every evidence file or URL once (pkg/pack/evindex:
// the rows of manifest.json and the workbook's Evidence Index sheet) with its
// state, who refers to it, its size and digest.
func (d *doc) evidenceIndex() {
	r := d.res
	d.h1("sec:evidence", "Evidence index")
	index := d.opts.Evidence
	if index == nil {
		index = evindex.Build(r)
		evindex.MarkSameContent(index)
	}
	intro := "Every evidence file or URL the inputs name, once, with the path from the project root, who refers to it and what " +
		"was found at it. Files inside the project root are listed with their size and SHA-256 digest as read during the " +
		"assessment, so the auditor can check that the evidence seen is the evidence assessed (sha256sum). References outside " +
		"the project root are never read."
	if d.opts.Pack {
		intro += " Included files are in the pack under evidence/, at the same path, covered by SHA256SUMS; referenced-only " +
			"files were found but not copied (the pack was made without --include-evidence)."
	}
	d.para(intro, regular, colInk)
	var rows [][]cell
	for _, e := range index {
		st := txt(e.State)
		switch e.State {
		case evindex.Missing, evindex.Rejected:
			st = cell{runs: []run{{text: e.State, st: bold, col: toneFail.ink}}, badge: &toneFail.tint}
		}
		if e.Reason != "" {
			st.runs = append(st.runs, run{text: e.Reason, col: colMuted})
		}
		if len(e.SameContentAs) > 0 {
			st.runs = append(st.runs, run{text: "same content as " + strings.Join(e.SameContentAs, ", "), col: colMuted})
		}
		size := muted("-")
		if e.Size > 0 || e.SHA256 != "" {
			size = txt(bytesText(e.Size))
			size.align = 'R'
		}
		rows = append(rows, []cell{txt(e.Path), txtOr(strings.Join(e.Referrers, "\n")), st, size, monoCell(e.SHA256)})
	}
	d.table([]column{{"Path (from the project root)", 32, 'L'}, {"Referred to by", 22, 'L'}, {"State", 16, 'L'}, {"Size", 11, 'R'}, {"SHA-256", 38, 'L'}}, rows, tableOpt{caption: "Evidence files and URLs", zebra: true})

	rows = nil
	for _, c := range r.Catalogues {
		rows = append(rows, []cell{txt(c.ID), txtOr(c.Title), txtOr(c.Version), monoCell(c.SHA256)})
	}
	d.table([]column{{"Catalogue", 20, 'L'}, {"Title", 33, 'L'}, {"Version", 11, 'L'}, {"SHA-256", 38, 'L'}}, rows, tableOpt{caption: "Catalogues applied", zebra: true})

	if d.opts.InputsDigest != "" {
		d.h2("", "Inputs digest", 0, 10)
		d.para("Digest over the inputs as assessed (inventory, agent configurations, catalogues), recorded in manifest.json:", regular, colInk)
		d.paraMono(d.opts.InputsDigest)
	}
}

// paraMono prints a digest or identifier on its own, wrapped anywhere.
func (d *doc) paraMono(s string) {
	for _, l := range d.wrap(mono, sizeS, clean(s), contentWidth) {
		d.need(lineH(sizeS))
		d.text(mono, sizeS, colInk, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeS)
	}
	d.y += 2
}

// method explains how every status was reached.
func (d *doc) method() {
	r := d.res
	d.h1("sec:method", "Method")
	var auto, attested, manual []string
	for _, c := range d.sortedControls(func(model.ControlResult) bool { return true }) {
		switch c.Basis {
		case "automated", "automated+attestation":
			auto = append(auto, c.ID)
		case "attestation":
			attested = append(attested, c.ID)
		}
		if c.Status == model.StatusManual {
			manual = append(manual, c.ID)
		}
	}
	var cats []string
	for _, c := range r.Catalogues {
		cats = append(cats, strings.TrimSpace(c.ID+" "+c.Version))
	}
	d.h2("", "Scope and sources", 0, 12)
	d.para("The assessment was run by "+strings.TrimSpace(r.Tool.Name+" "+r.Tool.Version)+" at "+stamp(r.GeneratedAt)+
		" over the organisation's declared inputs: the AIMS inventory (organisation, policies, AI systems, vendors and "+
		"Statement-of-Applicability attestations), one configuration file per agent, the evidence files they reference and, "+
		"where given, audit-log exports for the period "+d.period+". Catalogues applied: "+joinOr(cats, "none")+". "+
		"The same inputs and clock always give the same report.", regular, colInk)

	d.h2("", "What was checked automatically", 0, 12)
	d.para("Automated checks are rules over the inputs and the facts derived from them: the computed risk tier of every agent, "+
		"the age of risk and impact assessments and vendor reviews, evidence that exists inside the project root, and, with "+
		"logs, each agent's activity against its declared grants, human review of operations that require it, logging of "+
		"inputs and outputs, coverage gaps, shadow agents and unused grants. Controls with automated checks ("+itoa(len(auto))+"): "+
		joinOr(auto, "none")+".", regular, colInk)

	d.h2("", "What was attested", 0, 12)
	d.para("Controls without automated checks rest on the organisation's own Statement-of-Applicability entry (status, owner, "+
		"justification, evidence, review date). Controls whose status comes from the attestation alone ("+itoa(len(attested))+"): "+
		joinOr(attested, "none")+".", regular, colInk)

	d.h2("", "What needs the auditor", 0, 12)
	d.para("A control is manual when no automated check decides it and the attestation is missing or lacks evidence; the auditor "+
		"must examine it by interview and sampling. Manual is never counted as passed. Manual controls ("+itoa(len(manual))+"): "+
		joinOr(manual, "none")+".", regular, colInk)

	d.h2("", "Statuses", 0, 30)
	var rows [][]cell
	defs := map[string]string{
		model.StatusPass:          "Every automated check passed for every subject and, where required, the attestation states the control is implemented with evidence.",
		model.StatusPartial:       "Some subjects or checks passed and some failed, or the attestation states partial implementation.",
		model.StatusFail:          "Automated checks failed for every subject, or the control is attested as planned or not implemented.",
		model.StatusManual:        "No automated check decides the control and no sufficient attestation exists: needs the auditor's examination.",
		model.StatusNotApplicable: "Excluded in the Statement of Applicability, with the justification shown there.",
	}
	for _, s := range model.Statuses {
		rows = append(rows, []cell{statusCell(s), txt(defs[s])})
	}
	d.table([]column{{"Status", 18, 'L'}, {"Meaning", 82, 'L'}}, rows, tableOpt{})

	d.h2("", "Computed risk tier", 0, 12)
	d.para("Each agent's tier is computed from its configuration, factor by factor: scope breadth, audience, write and "+
		"destructive operations, write operations without human review, tools without resource limits, sensitive data, "+
		"writes to data sources, isolation, the inference path (own key or through a vendor) and training on customer data. "+
		"A score of 4 or more is medium, 8 or more high, 12 or more critical; agents of a system classed high-risk under the EU "+
		"AI Act are never below high. A declared level below the computed tier is a finding.", regular, colInk)

	d.h2("", "Limitations", 0, 12)
	items := []string{
		"The report judges what the inputs declare and, with logs, what the logs show. It does not observe systems directly.",
		"Control summaries and remediation texts are the tool's own words; the standard's text prevails.",
		"Crosswalks to other frameworks are indicative, not legal or normative assessments.",
	}
	if r.Logs == nil {
		items = append(items, "No audit logs were analysed: log-based checks were not performed.")
	}
	if r.History == nil {
		items = append(items, "Change history was not collected for this report.")
	}
	d.bullets(items)
	d.para(indicativeNotice, italic, colMuted)
}

// withState adds the evidence index's state to a reference the subject
// (owner prefix) makes when the file is not there, so a missing DPA is never
// read as present; values that are no reference (true, false) pass through.
func (d *doc) withState(owner, ref string) string {
	for _, e := range d.res.Evidence {
		if e.Ref == ref && (e.Owner == owner || strings.HasPrefix(e.Owner, owner+":")) {
			switch e.State {
			case "ok", "url":
				return ref
			case "missing":
				return ref + " (missing: the file does not exist)"
			}
			return ref + " (" + e.State + ")"
		}
	}
	return ref
}

func (d *doc) withStates(owner string, refs []string) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = d.withState(owner, r)
	}
	return strings.Join(out, "\n")
}
