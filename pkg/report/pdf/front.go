package pdf

import (
	"strings"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// The notice every page of the pack relies on: our wording, indicative mappings.
const indicativeNotice = "Indicative mapping. Control titles follow ISO/IEC 42001:2023; summaries, checks and " +
	"remediation texts are the tool's own words, not the standard's text. Crosswalks to the EU AI Act, NIST AI RMF " +
	"and ISO/IEC 27001 are indicative, not normative. Statuses are computed from the declared inputs, the " +
	"organisation's attestations and, where given, audit logs; they support the auditor's judgement and do not replace it."

// cover is page 1.
func (d *doc) cover() {
	d.section = ""
	d.newPage()
	r := d.res
	d.setFill(colAccent)
	d.rect(0, 0, pageW, 9, "F")

	d.y = 40
	d.text(bold, sizeS, colMuted, marginL, d.y, "ISO/IEC 42001:2023  |  EVIDENCE PACK", 0)
	d.y += lineH(sizeS) + 3
	for _, l := range d.capLines(bold, sizeL, d.title, contentWidth, 3) {
		d.text(bold, sizeL, colAccent, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeL)
	}
	d.y += 1
	for _, l := range d.capLines(regular, sizeM, d.org, contentWidth, 2) {
		d.text(regular, sizeM, colInk, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeM)
	}
	d.y += 3
	d.rule(marginL, d.y, marginL+40, d.y, 0.6, colAccent)
	d.y += 10

	var cats []string
	for _, c := range r.Catalogues {
		s := c.Title
		if s == "" {
			s = c.ID
		}
		if c.Version != "" {
			s += " (version " + c.Version + ")"
		}
		cats = append(cats, s)
	}
	tool := strings.TrimSpace(r.Tool.Name + " " + r.Tool.Version)
	digest := d.opts.InputsDigest
	prepared := muted("no ai-owner role declared (organization.roles)")
	for _, ro := range r.Roles {
		if ro.Role == actions.RoleFallback && strings.TrimSpace(ro.Name) != "" {
			prepared = cell{runs: []run{{text: ro.Name, col: colInk}, {text: "ai-owner role", col: colMuted}}}
			break
		}
	}
	version := nonEmpty(r.Tool.Version, "dev") + ", results " + nonEmpty(r.SchemaVersion, model.ResultSchemaVersion)
	scope := plural(r.Summary.Agents, "agent", "agents") + ", " + plural(r.Summary.Systems, "AI system", "AI systems") + ", " +
		plural(r.Summary.Vendors, "vendor", "vendors") + ", " + plural(len(r.Controls), "control or clause", "controls and clauses")
	catCell := txtOr(strings.Join(cats, "\n"))
	if len(cats) > 0 {
		catCell.runs = append(catCell.runs, run{text: "Each catalogue's SHA-256 (Evidence index) is taken over the sha256sum " +
			"lines of its source files, sorted by file name.", col: colMuted})
	}
	digCell := monoCell(digest)
	if digest != "" {
		// Each command gets a line of its own: wrapped at a space inside it, a
		// pasted command breaks at the newline.
		digCell.runs = append(digCell.runs, run{text: "Recompute in the pack:", col: colMuted},
			run{text: "awk '$2 ~ /^inputs\\//' SHA256SUMS | sha256sum", st: mono, col: colMuted})
	}
	keys := []string{"Organisation", "AIMS scope", "Assessment period", "In scope", "Generated at", "Prepared by", "Tool", "Report version", "Catalogues", "Inputs digest"}
	vals := []cell{
		txtOr(r.Organization),
		txtOr(r.Scope),
		txt(d.period),
		txt(scope),
		txtOr(stamp(r.GeneratedAt)),
		prepared,
		txtOr(tool),
		txt(version),
		catCell,
		digCell,
	}
	if d.opts.Pack {
		sig := cell{runs: []run{{text: "Not signed: SHA256SUMS shows the files are intact, not who made them.", st: bold, col: toneFail.ink}}}
		if d.opts.SignerKey != "" {
			sig = cell{runs: []run{{text: "Signed (Ed25519): SHA256SUMS.sig over SHA256SUMS", st: bold, col: colInk},
				{text: "public key SHA-256", col: colMuted}, {text: d.opts.SignerKey, st: mono, col: colInk}}}
		}
		verify := cell{runs: []run{{text: "In the unpacked pack:", col: colMuted},
			{text: "sha256sum -c --strict SHA256SUMS", st: mono, col: colInk}}}
		if d.opts.SignerKey != "" {
			// Too long for the column: split where the shell continues the line.
			verify.runs = append(verify.runs, run{text: "openssl pkeyutl -verify -pubin -inkey aims.pub \\", st: mono, col: colInk},
				run{text: "  -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig", st: mono, col: colInk})
		}
		all := "aims verify PACK"
		if d.opts.SignerKey != "" {
			all += " --pubkey aims.pub"
		}
		verify.runs = append(verify.runs, run{text: "or all of it, added files included:", col: colMuted},
			run{text: all, st: mono, col: colInk})
		keys = append(keys, "Signature", "How to verify")
		vals = append(vals, sig, verify)
	}
	keys = append(keys, "Nature of the report")
	vals = append(vals, txt("Automated assessment with indicative mapping; prepared for the auditor's review"))
	d.kvCells("", keys, vals)

	// The notice sits in a tinted box near the foot of the cover.
	ls := d.wrap(regular, sizeS, indicativeNotice, contentWidth-8)
	h := float64(len(ls))*lineH(sizeS) + lineH(sizeS) + 8
	y := max(d.y+6, contentBot-h-4)
	if y+h > contentBot {
		d.newPage()
		y = d.y
	}
	d.setFill(colBand)
	d.rect(marginL, y, contentWidth, h, "F")
	d.setFill(colAccent)
	d.rect(marginL, y, 1.2, h, "F")
	d.y = y + 4
	d.text(bold, sizeS, colAccent, marginL+4, d.y, "About this report", 0)
	d.y += lineH(sizeS)
	for _, l := range ls {
		d.text(regular, sizeS, colInk, marginL+4, d.y, l, contentWidth-8)
		d.y += lineH(sizeS)
	}
}

// capLines wraps text to at most n lines, the last one ending in "..." when cut.
func (d *doc) capLines(s style, size float64, text string, width float64, n int) []string {
	ls := d.wrap(s, size, text, width)
	if len(ls) <= n {
		return ls
	}
	ls = ls[:n]
	ls[n-1] = d.ellipsis(s, size, ls[n-1]+"...", width)
	return ls
}

// Contents entries beyond this many agents go to the bookmarks only; the
// inventory table links every agent.
const maxAgentsInContents = 200

// tocRowH is the height of one contents line.
func tocRowH(level int) float64 {
	if level == 0 {
		return lineH(sizeS) + 2.2
	}
	return lineH(sizeS) + 0.4
}

// contents prints the table of contents from the first pass's anchors. In the
// first pass it prints nothing: every section starts on a new page, so the
// contents only shift later pages by a count the second pass knows.
func (d *doc) contents() {
	if d.prev == nil {
		return
	}
	entries := d.prev.contentsEntries()
	shift := d.prev.contentsPages()
	d.section = "Contents"
	d.newPage()
	d.f.Bookmark("Contents", 0, d.y)
	d.text(bold, sizeL, colAccent, marginL, d.y, "Contents", 0)
	d.y += lineH(sizeL) + 1
	d.rule(marginL, d.y, marginL+contentWidth, d.y, 0.5, colAccent)
	d.y += 4
	numW := 14.0
	for _, e := range entries {
		h := tocRowH(e.level)
		if d.y+h > contentBot {
			d.newPage()
		}
		indent := 0.0
		st := bold
		if e.level > 0 {
			indent, st = 7, regular
		}
		top := d.y + h - lineH(sizeS)
		x := marginL + indent
		avail := contentWidth - indent - numW - 4
		title := d.ellipsis(st, sizeS, e.title, avail)
		d.text(st, sizeS, colInk, x, top, title, avail)
		page := itoa(e.page + shift)
		pw := d.width(st, sizeS, page)
		d.text(st, sizeS, colInk, marginL+contentWidth-pw, top, page, numW)
		// Dot leaders between title and page number.
		from := x + d.width(st, sizeS, title) + 2
		to := marginL + contentWidth - pw - 2
		if !d.dry && to > from {
			d.f.SetLineCapStyle("round")
			d.f.SetDashPattern([]float64{0.01, 1.4}, 0)
			d.rule(from, top+lineH(sizeS)*0.75, to, top+lineH(sizeS)*0.75, 0.4, colMuted)
			d.f.SetDashPattern(nil, 0)
			d.f.SetLineCapStyle("butt")
		}
		if id := d.link(e.key); id != 0 {
			d.f.Link(marginL, top, contentWidth, lineH(sizeS), id)
		}
		d.y += h
	}
}

// contentsEntries are the anchors listed in the contents.
func (d *doc) contentsEntries() []tocEntry {
	var out []tocEntry
	agents := 0
	for _, e := range d.toc {
		if strings.HasPrefix(e.key, "agent:") {
			agents++
			if len(d.res.Agents) > maxAgentsInContents {
				continue
			}
		}
		if e.level > 1 {
			continue
		}
		out = append(out, e)
	}
	return out
}

// contentsPages is how many pages the contents take, by the same arithmetic
// contents() uses to break them.
func (d *doc) contentsPages() int {
	pages := 1
	y := contentTop + lineH(sizeL) + 1 + 4
	for _, e := range d.contentsEntries() {
		h := tocRowH(e.level)
		if y+h > contentBot {
			pages++
			y = contentTop
		}
		y += h
	}
	return pages
}

// indexFindings maps each subject to its findings' positions in res.Findings.
func (d *doc) indexFindings() {
	d.findByID = map[string][]int{}
	for i, f := range d.res.Findings {
		d.findByID[f.SubjectKind+"\x00"+f.Subject] = append(d.findByID[f.SubjectKind+"\x00"+f.Subject], i)
	}
}

func (d *doc) findingsOf(kind, id string) []int {
	out := d.findByID[kind+"\x00"+id]
	if kind == model.SubjectAgent {
		// Log findings may leave the kind empty; the subject is still the agent.
		out = append(out, d.findByID["\x00"+id]...)
	}
	return out
}

// summary is the executive summary.
func (d *doc) summary() {
	r := d.res
	d.h1("sec:summary", "Executive summary")
	a := r.Summary.AnnexA
	total := 0
	for _, s := range model.Statuses {
		total += a[s]
	}
	maxSev := r.Summary.MaxSeverity
	if maxSev == "" || maxSev == model.SeverityNone {
		maxSev = "none (no findings)"
	}
	d.para("This report sets out the results of an automated assessment of "+d.org+"'s AI management system (AIMS) "+
		"against ISO/IEC 42001:2023 for the period "+d.period+". It covers "+plural(r.Summary.Systems, "AI system", "AI systems")+", "+
		plural(r.Summary.Agents, "agent", "agents")+" and "+plural(r.Summary.Vendors, "vendor", "vendors")+". "+
		"Of the "+itoa(total)+" Annex A controls, "+itoa(a[model.StatusPass])+" pass, "+itoa(a[model.StatusPartial])+" pass in part, "+
		itoa(a[model.StatusFail])+" fail, "+itoa(a[model.StatusManual])+" need the auditor's review of attested evidence and "+
		itoa(a[model.StatusNotApplicable])+" are excluded as not applicable. The most severe finding is "+maxSev+". "+
		"A status of manual is never counted as passed.", regular, colInk)
	if r.Logs == nil {
		d.para("No audit logs were analysed for this assessment: checks that need log evidence could not be performed and the controls concerned rest on configuration and attestation only.", italic, colMuted)
	}

	// What blocks certification leads, as the engine listed it (issue 13 §4).
	d.h2("", "Certification blockers", 0, 24)
	if bs := r.Summary.Blockers; len(bs) == 0 {
		d.para("No certification blockers: no failed clause, no applicable control attested as planned or not implemented, and no critical finding.", regular, colInk)
	} else {
		var rows [][]cell
		for _, b := range bs {
			rows = append(rows, []cell{txt(blockerLabel(b.Kind)), txt(b.Control), txt(b.Finding), txt(b.Reason)})
		}
		d.table([]column{{"Blocker", 26, 'L'}, {"Control", 14, 'L'}, {"Finding ID", 26, 'L'}, {"Reason", 68, 'L'}}, rows,
			tableOpt{zebra: true})
	}

	d.h2("", "Annex A controls by status", 0, 24)
	var ts []tile
	for _, s := range model.Statuses {
		ts = append(ts, tile{label: statusLabel(s), value: thousands(int64(a[s])), tone: statusTone(s)})
	}
	d.tiles(ts)

	d.h2("", "Findings by severity", 0, 24)
	ts = nil
	for i := len(model.Severities) - 1; i >= 0; i-- {
		s := model.Severities[i]
		ts = append(ts, tile{label: severityLabel(s), value: thousands(int64(r.Summary.Findings[s])), tone: severityTone(s)})
	}
	ts = append(ts, tile{label: "Total", value: thousands(int64(len(r.Findings))), tone: toneNone})
	d.tiles(ts)

	d.h2("", "Agents by computed risk tier", 0, 24)
	tiers := map[string]int{}
	under := 0
	for _, ag := range r.Agents {
		tiers[ag.Computed.Tier]++
		if ag.Risk.State == model.RiskBelow {
			under++
		}
	}
	ts = nil
	for i := len(risk.Tiers) - 1; i >= 0; i-- {
		t := risk.Tiers[i]
		ts = append(ts, tile{label: severityLabel(t), value: thousands(int64(tiers[t])), tone: severityTone(t)})
	}
	ts = append(ts, tile{label: "Under-declared", value: thousands(int64(under)), tone: toneNone})
	d.tiles(ts)

	d.chart()

	// The most severe findings, linked to the full list.
	var top [][]cell
	for i, f := range r.Findings {
		if model.SeverityRank(f.Severity) < model.SeverityRank(model.SeverityHigh) || len(top) == 10 {
			break
		}
		top = append(top, []cell{linkCell(itoa(i+1), "sev:"+sevKey(f.Severity)), severityCell(f.Severity), txt(f.Control), d.subjectCell(f), txt(f.Message)})
	}
	if len(top) > 0 {
		// The lead-in stays with the table's caption, header and first row.
		d.need(2*lineH(sizeS) + 45)
		if len(r.Findings) > len(top) {
			d.para("The "+itoa(len(top))+" most severe of "+thousands(int64(len(r.Findings)))+" findings; section \"Findings and remediation\" lists them all with their remediation.", italic, colMuted)
		}
		d.table([]column{{"#", 7, 'L'}, {"Severity", 14, 'L'}, {"Control", 13, 'L'}, {"Subject", 24, 'L'}, {"Finding", 76, 'L'}}, top, tableOpt{caption: "Most severe findings", zebra: true})
	}
}

// tile is one key figure.
type tile struct {
	label, value string
	tone         tone
}

func (d *doc) tiles(ts []tile) {
	const h, gap = 17.0, 3.0
	d.need(h + 4)
	w := (contentWidth - gap*float64(len(ts)-1)) / float64(len(ts))
	for i, t := range ts {
		x := marginL + float64(i)*(w+gap)
		d.setDraw(colRule)
		if !d.dry {
			d.f.SetLineWidth(0.2)
		}
		d.rect(x, d.y, w, h, "D")
		d.setFill(t.tone.solid)
		d.rect(x, d.y, w, 1.2, "F")
		v := d.ellipsis(bold, sizeL, t.value, w-4)
		d.text(bold, sizeL, colInk, x+2.5, d.y+3, v, w-4)
		lbl := d.ellipsis(regular, sizeS, t.label, w-4)
		d.text(regular, sizeS, colMuted, x+2.5, d.y+4+lineH(sizeL), lbl, w-4)
	}
	d.y += h + 4
}

func sevKey(s string) string {
	if model.SeverityRank(s) >= 1 {
		return strings.ToLower(s)
	}
	return "other"
}

// subjectCell names a finding's subject, linked to its page when it has one.
func (d *doc) subjectCell(f model.Finding) cell {
	if f.Subject == "" {
		return muted(orDash(f.SubjectKind))
	}
	label := f.Subject
	if f.SubjectKind != "" {
		label = f.SubjectKind + ": " + f.Subject
	}
	key := ""
	switch f.SubjectKind {
	case model.SubjectAgent, "":
		key = "agent:" + f.Subject
	case model.SubjectSystem:
		key = "system:" + f.Subject
	case model.SubjectVendor:
		key = "vendor:" + f.Subject
	}
	if d.link(key) == 0 && (d.prev != nil || key == "") {
		return txt(label)
	}
	return cell{runs: []run{{text: label, col: colAccent}}, link: key}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// blockerLabel is a blocker kind in the auditor's words.
func blockerLabel(kind string) string {
	switch kind {
	case model.BlockerClauseFailed:
		return "Clause fails"
	case model.BlockerControlNotInPlace:
		return "Control not in place"
	case model.BlockerCriticalFinding:
		return "Critical finding"
	}
	return kind
}

func nonEmpty(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
