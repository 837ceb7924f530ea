package xlsx

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
	"github.com/aims-cli/aims/pkg/pack/soa"
)

func summarySheet(res *model.Result, meta soa.Meta) *sheet {
	s := &sheet{name: SheetSummary, headers: []string{"Item", "Value"}, kinds: []string{"", "wrap"}}
	s.add("Organisation", text(res.Organization))
	notDeclared := func(v string) text {
		if v == "" {
			return "not declared (inventory.yaml soa)"
		}
		return text(v)
	}
	s.add("SoA version", notDeclared(meta.Version))
	s.add("SoA approved by", notDeclared(meta.ApprovedBy))
	s.add("SoA approved on", notDeclared(meta.ApprovedOn))
	s.add("AIMS scope", text(res.Scope))
	s.add("Period", text(periodString(res.Period)))
	s.add("Generated at", res.GeneratedAt)
	s.add("Tool", text(strings.TrimSpace(res.Tool.Name+" "+res.Tool.Version)))
	for _, c := range res.Catalogues {
		s.add("Catalogue", text(fmt.Sprintf("%s %s (%s), sha256 %s", c.ID, c.Version, c.Title, c.SHA256)))
	}
	s.add("Agents", res.Summary.Agents)
	s.add("AI systems", res.Summary.Systems)
	s.add("Vendors", res.Summary.Vendors)
	s.add("Highest finding severity", text(res.Summary.MaxSeverity))
	for _, st := range model.Statuses {
		s.add("Annex A controls: "+st, res.Summary.AnnexA[st])
	}
	for _, st := range model.Statuses {
		s.add("All controls: "+st, res.Summary.Controls[st])
	}
	for i := len(model.Severities) - 1; i >= 0; i-- {
		sev := model.Severities[i]
		s.add("Findings: "+sev, res.Summary.Findings[sev])
	}
	for _, g := range res.Summary.Groups {
		var parts []string
		for _, st := range model.Statuses {
			if n := g.Status[st]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", st, n))
			}
		}
		s.add(text("Group "+g.ID+" "+g.Title), text(strings.Join(parts, ", ")))
	}
	if res.Logs == nil {
		s.add("Audit logs", "not analysed")
	} else {
		s.add("Audit-log events read", res.Logs.Events)
		s.add("Audit-log records skipped", res.Logs.Skipped)
		for _, lf := range res.Logs.Files {
			v := fmt.Sprintf("%s (%s): %d events, %d skipped, %d bytes, sha256 %s", lf.Path, lf.Format, lf.Events, lf.Skipped, lf.Bytes, lf.SHA256)
			if lf.Unreadable != "" {
				v += "; unreadable: " + lf.Unreadable
			}
			s.add("Audit-log file", text(v))
		}
	}
	if res.History != nil && res.History.Note != "" {
		s.add("Change history", text(res.History.Note))
	}
	for _, fw := range res.Frameworks {
		if fw.Notice != "" {
			s.add(text(fw.Title+" notice"), text(fw.Notice))
		}
	}
	s.add("Auditor columns", "Each register sheet ends with Conclusion (drop-down: "+strings.Join(Conclusions, ", ")+") and Comment, left empty for the auditor.")
	return s
}

// soaHeaders are the auditor columns of the SoA and clause sheets.
var soaHeaders = []string{"Control", "Catalogue", "Title", "Group", "Applicable", "Justification", "Justification from", "Reason", "Risk IDs",
	"Implementation (attested)", "Owner", "Reviewed on", "Result", "Result basis", "Checks", "Worst severity", "Finding IDs", "Evidence (state)"}

var soaKinds = []string{"", "", "wrap", "wrap", "", "wrap", "", "", "wrap", "", "", "", "status", "wrap", "wrap", "severity", "wrap", "wrap"}

func soaRows(name string, rows []soa.Row) *sheet {
	s := &sheet{name: name, auditor: true, headers: soaHeaders, kinds: soaKinds}
	for _, r := range rows {
		s.add(text(r.ID), text(r.Catalogue), text(r.Title), text(r.Group), r.Applicable, text(r.Justification), text(r.JustificationSource),
			text(r.Reason), text(strings.Join(r.Risks, "\n")), text(r.Implementation), text(r.Owner), text(r.ReviewedOn), text(r.Result), text(r.Basis),
			text(r.Checks), text(r.Worst), text(strings.Join(r.FindingIDs, "\n")), text(strings.Join(r.Evidence, "\n")))
	}
	return s
}

// soaSheet is the Statement of Applicability: every Annex A and custom control.
func soaSheet(res *model.Result, index []evindex.Row) *sheet {
	return soaRows(SheetSoA, soa.Controls(res, index))
}

// clausesSheet is clauses 4-10 with the same auditor columns.
func clausesSheet(res *model.Result, index []evindex.Row) *sheet {
	return soaRows(SheetClauses, soa.Clauses(res, index))
}

func findingsSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetFindings, auditor: true,
		headers: []string{"Finding ID", "Severity", "Control", "Check", "Subject kind", "Subject", "Location", "Message", "Remediation", "Events"},
		kinds:   []string{"", "severity", "", "", "", "", "", "wrap", "wrap", ""},
	}
	for _, f := range res.Findings {
		var count any
		if f.Count > 0 {
			count = f.Count
		}
		s.add(text(f.ID), text(f.Severity), text(f.Control), text(f.Check), text(f.SubjectKind), text(f.Subject),
			text(f.Location.String()), text(f.Message), text(f.Remediation), count)
	}
	return s
}

func systemsSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetSystems, auditor: true,
		headers: []string{"System", "Name", "Purpose", "Owner", "Lifecycle", "Intended use", "Users", "Customer-facing", "Data categories", "Compute", "Declared risk", "Risk assessed on", "Impact assessment on", "Impact on individuals", "Impact on society", "EU AI Act class", "Vendors", "Documentation", "Agents", "Source"},
		kinds:   []string{"", "", "wrap", "", "", "wrap", "", "", "wrap", "wrap", "", "", "", "wrap", "wrap", "", "", "wrap", "wrap", ""},
	}
	for _, sr := range res.Systems {
		y := sr.System
		s.add(text(y.ID), text(y.Name), text(y.Purpose), text(y.Owner), text(y.Lifecycle), text(y.IntendedUse), text(y.Users),
			y.CustomerFacing, text(join(y.DataCategories)), text(y.Compute), text(y.Risk.Level), text(y.Risk.AssessedOn.String()),
			text(y.ImpactAssessment.DoneOn.String()), text(y.ImpactAssessment.Individuals), text(y.ImpactAssessment.Society),
			text(y.EUAIAct), text(join(y.Vendors)), text(strings.Join(y.Documentation, "\n")), text(join(sr.Agents)), text(sr.Source.String()))
	}
	return s
}

func agentsSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetAgents, auditor: true,
		headers: []string{"Agent", "Name", "System", "Owner", "Purpose", "Lifecycle", "Scope", "Audience", "Model", "Isolation",
			"Declared risk", "Declared by", "Computed tier (indicative)", "Score", "Risk verdict", "Risk factors", "Tools", "Data", "Logging", "Retention (days)",
			"Human review", "Approved by", "Approved on", "Last tested", "Retired on", "Events", "Findings", "Source"},
		kinds: []string{"", "", "", "", "wrap", "", "", "", "", "", "severity", "", "severity", "", "wrap", "wrap", "wrap", "wrap", "", "", "wrap", "", "", "", "", "", "", ""},
	}
	for _, ar := range res.Agents {
		a := ar.Agent
		var factors []string
		for _, f := range ar.Computed.Factors {
			factors = append(factors, fmt.Sprintf("%s (+%d): %s", f.ID, f.Points, f.Detail))
		}
		var tools []string
		for _, g := range a.Tools {
			tools = append(tools, g.Name+": "+ops(g.Operations))
		}
		var data []string
		for _, d := range a.Data {
			v := d.Source
			if d.Access != "" {
				v += " (" + d.Access + ")"
			}
			if len(d.Categories) > 0 {
				v += ": " + join(d.Categories)
			}
			data = append(data, v)
		}
		var logging []string
		for _, l := range []struct {
			on   bool
			name string
		}{{a.Logging.Actions, "actions"}, {a.Logging.Inputs, "inputs"}, {a.Logging.Outputs, "outputs"}} {
			if l.on {
				logging = append(logging, l.name)
			}
		}
		modelName := strings.Trim(a.Model.Provider+"/"+a.Model.Name, "/")
		var events any = "not assessed"
		if res.Logs != nil {
			events = int64(0)
			if ar.Activity != nil {
				events = ar.Activity.Events
			}
		}
		s.add(text(a.ID), text(a.Name), text(a.System), text(a.Owner), text(a.Purpose), text(a.Lifecycle), text(a.Scope), text(a.Audience),
			text(modelName), text(a.Isolation), text(ar.DeclaredRisk), text(ar.RiskSource), text(ar.Computed.Tier), ar.Computed.Score,
			text(ar.Risk.Summary()), text(strings.Join(factors, "\n")), text(strings.Join(tools, "\n")), text(strings.Join(data, "\n")), text(join(logging)),
			a.Logging.RetentionDays, text(join(a.Oversight.HumanReview)), text(a.Approval.ApprovedBy), text(a.Approval.ApprovedOn.String()),
			text(a.Testing.LastRun.String()), text(a.RetiredOn.String()), events, ar.Findings, text(ar.Source.String()))
	}
	return s
}

func ops(o []string) string {
	switch {
	case o == nil:
		return "any operation"
	case len(o) == 0:
		return "no operation"
	}
	return join(o)
}

// permissionsSheet lists agent x tool x operation with what was granted and
// what the logs show was used. A nil operation list grants any operation
// ("*"); an empty one grants none.
func permissionsSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetPermissions, auditor: true,
		headers: []string{"Agent", "Tool", "Operation", "Resources", "Granted", "Used (calls)", "Errors", "Denied", "Human review required"},
		kinds:   []string{"", "", "", "wrap", "", "", "", "", ""},
	}
	logs := res.Logs != nil
	for _, ar := range res.Agents {
		a := ar.Agent
		type key struct{ tool, op string }
		uses := map[key]model.ToolUse{}
		var order []key
		if ar.Activity != nil {
			for _, u := range ar.Activity.Tools {
				k := key{u.Tool, u.Operation}
				if _, ok := uses[k]; !ok {
					order = append(order, k)
				}
				v := uses[k]
				v.Tool, v.Operation = u.Tool, u.Operation
				v.Count += u.Count
				v.Errors += u.Errors
				v.Denied += u.Denied
				v.NotJudged = v.NotJudged || u.NotJudged
				uses[k] = v
			}
		}
		used := map[key]bool{}
		usage := func(tool, op string) (any, any, any) {
			if !logs {
				return "not assessed", nil, nil
			}
			var n, e, d int64
			for _, k := range order {
				if k.tool == tool && (op == "*" || k.op == op) && !used[k] {
					u := uses[k]
					n, e, d = n+u.Count, e+u.Errors, d+u.Denied
					used[k] = true
				}
			}
			return n, e, d
		}
		for _, g := range a.Tools {
			res := "any"
			if g.Resources != nil {
				res = join(g.Resources)
				if len(g.Resources) == 0 {
					res = "none"
				}
			}
			switch {
			case g.Operations == nil:
				n, e, d := usage(g.Name, "*")
				s.add(text(a.ID), text(g.Name), "* (any)", text(res), true, n, e, d, reviewed(a, g.Name, "*"))
			case len(g.Operations) == 0:
				s.add(text(a.ID), text(g.Name), "(none)", text(res), true, zero(logs), nil, nil, "")
			default:
				for _, op := range g.Operations {
					n, e, d := usage(g.Name, op)
					s.add(text(a.ID), text(g.Name), text(op), text(res), true, n, e, d, reviewed(a, g.Name, op))
				}
			}
		}
		var rest []key
		for _, k := range order {
			if !used[k] {
				rest = append(rest, k)
			}
		}
		sort.Slice(rest, func(i, j int) bool {
			if rest[i].tool != rest[j].tool {
				return rest[i].tool < rest[j].tool
			}
			return rest[i].op < rest[j].op
		})
		for _, k := range rest {
			u := uses[k]
			op := k.op
			if op == "" {
				op = "(unspecified)"
			}
			var granted any = false
			if u.NotJudged {
				granted = "unknown" // an MCP call whose server is not logged
			}
			s.add(text(a.ID), text(k.tool), text(op), "", granted, u.Count, u.Errors, u.Denied, reviewed(a, k.tool, k.op))
		}
	}
	return s
}

func zero(logs bool) any {
	if logs {
		return int64(0)
	}
	return "not assessed"
}

// reviewed says whether the agent's oversight names the tool, the operation
// or "tool:operation" (docs/contract.md §2 oversight forms).
func reviewed(a *model.Agent, tool, op string) string {
	for _, h := range a.Oversight.HumanReview {
		if h == tool || (op != "" && op != "*" && (h == op || h == tool+":"+op)) {
			return "yes"
		}
	}
	return "no"
}

func vendorsSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetVendors, auditor: true,
		headers: []string{"Vendor", "Name", "Role", "Certifications", "DPA", "Data location", "Reviewed on",
			"1. Isolation", "2. Inference path", "3. Per-agent tool permissions", "4. Audit log", "5. Trains on customer data", "6. Config lifecycle",
			"Evidence", "Used by", "Data handled", "Findings", "Finding IDs", "Source"},
		kinds: []string{"", "", "", "wrap", "wrap", "", "", "", "", "", "wrap", "", "wrap", "wrap", "wrap", "wrap", "", "wrap", ""},
	}
	for _, vr := range res.Vendors {
		v := vr.Vendor
		an := v.Answers
		s.add(text(v.ID), text(v.Name), text(v.Role), text(join(v.Certifications)), text(v.DPA.String()), text(v.DataLocation), text(v.ReviewedOn.String()),
			answer(an.Isolation), answer(an.InferencePath), yesNo(an.PerAgentToolPermissions), auditLog(an.AuditLog), yesNo(an.TrainsOnCustomerData),
			lifecycle(an.Lifecycle), text(strings.Join(v.Evidence, "\n")), text(join(append(slices.Clone(vr.UsedBy), prefixed("system ", vr.Systems)...))),
			text(join(vr.DataCategories)), vr.Findings, text(strings.Join(vr.FindingIDs, "\n")), text(vr.Source.String()))
	}
	return s
}

func prefixed(p string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = p + s
	}
	return out
}

const notAnswered = "not answered"

func answer(s string) text {
	if s == "" {
		return notAnswered
	}
	return text(s)
}

func yesNo(b *bool) text {
	switch {
	case b == nil:
		return notAnswered
	case *b:
		return "yes"
	}
	return "no"
}

func auditLog(l *model.VendorAuditLog) text {
	if l == nil {
		return notAnswered
	}
	v := "captures: " + join(l.Captures)
	if len(l.Captures) == 0 {
		v = "captures: nothing stated"
	}
	v += fmt.Sprintf("; retention %d days; export %s", l.RetentionDays, map[bool]string{true: "yes", false: "no"}[l.Export])
	return text(v)
}

func lifecycle(l *model.VendorLifecycle) text {
	if l == nil {
		return notAnswered
	}
	b := map[bool]string{true: "yes", false: "no"}
	return text(fmt.Sprintf("versioned config: %s; change tracking: %s; decommissioning: %s", b[l.VersionedConfig], b[l.ChangeTracking], b[l.Decommissioning]))
}

func logSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetLogs, auditor: true,
		headers: []string{"Kind", "Agent / identity", "Events", "First seen", "Last seen", "Tools used", "Models", "Errors", "Denials",
			"Human reviews", "Rejections", "Distinct actors", "Out of scope", "Missing inputs", "Missing outputs", "Unreviewed operations",
			"Coverage gaps", "Unused grants", "Source"},
		kinds: []string{"", "", "", "", "", "wrap", "wrap", "", "", "", "", "", "", "", "", "", "", "wrap", ""},
	}
	if res.Logs == nil {
		s.add("note", "audit logs were not analysed")
		return s
	}
	for _, a := range res.Logs.Agents {
		var tools []string
		for _, t := range a.Tools {
			name := t.Tool
			if t.Operation != "" {
				name += ":" + t.Operation
			}
			tools = append(tools, fmt.Sprintf("%s x%d", name, t.Count))
		}
		var models []string
		for _, m := range a.Models {
			models = append(models, fmt.Sprintf("%s x%d", m.Name, m.Count))
		}
		s.add("agent", text(a.Agent), a.Events, a.FirstSeen, a.LastSeen, text(strings.Join(tools, "\n")), text(strings.Join(models, "\n")),
			a.Errors, a.Denials, a.HumanReviews, a.Rejections, a.Actors, a.OutOfScope, a.MissingInputs, a.MissingOutputs, a.UnreviewedOps,
			a.Gaps, text(join(a.UnusedGrants)), "")
	}
	for _, sh := range res.Logs.Shadow {
		s.add("shadow agent", text(sh.Identity), sh.Events, sh.FirstSeen, sh.LastSeen, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, text(sh.Source.String()))
	}
	return s
}

// IsScopeViolation reports whether a log finding is about an agent acting
// outside its defined scope: a tool, operation, resource or model outside its
// grants, activity of a retired or unapproved agent, or an unknown (shadow)
// identity. Unused grants are least-privilege advice, not violations.
func IsScopeViolation(f model.Finding) bool {
	c := strings.ToLower(f.Check)
	if strings.Contains(c, "unused") {
		return false
	}
	for _, k := range []string{"scope", "ungranted", "not-granted", "outside", "shadow", "retire", "rejected", "approval", "unapproved", "model-not-allowed", "disallowed", "unauthori"} {
		if strings.Contains(c, k) {
			return true
		}
	}
	return false
}

func scopeSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetScope, auditor: true,
		headers: []string{"Finding ID", "Severity", "Control", "Check", "Agent / identity", "Events", "First record", "Message", "Remediation"},
		kinds:   []string{"", "severity", "", "", "", "", "", "wrap", "wrap"},
	}
	if res.Logs == nil {
		s.add(nil, nil, nil, nil, nil, nil, nil, "audit logs were not analysed")
		return s
	}
	// The log summary's findings carry no ID; the assessment's copy of the
	// same finding does, so the row ties to the Findings sheet and actions.csv.
	key := func(f model.Finding) string {
		return f.Control + "\x00" + f.Check + "\x00" + f.Subject + "\x00" + f.Location.String() + "\x00" + f.Message
	}
	ids := map[string]string{}
	for _, f := range res.Findings {
		if f.ID != "" {
			ids[key(f)] = f.ID
		}
	}
	var fs []model.Finding
	seen := map[string]bool{}
	collect := func(list []model.Finding) {
		for _, f := range list {
			k := key(f)
			if !seen[k] && IsScopeViolation(f) && (f.Count > 0 || strings.Contains(strings.ToLower(f.Check), "log")) {
				seen[k] = true
				fs = append(fs, f)
			}
		}
	}
	collect(res.Logs.Findings)
	collect(res.Findings)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Less(fs[j]) })
	for _, f := range fs {
		id := f.ID
		if id == "" {
			id = ids[key(f)]
		}
		s.add(text(id), text(f.Severity), text(f.Control), text(f.Check), text(f.Subject), f.Count, text(f.Location.String()), text(f.Message), text(f.Remediation))
	}
	return s
}

func historySheet(res *model.Result) *sheet {
	s := &sheet{name: SheetHistory, auditor: true,
		headers: []string{"Agent", "File", "Commit", "Author", "Date", "Subject", "Tier before", "Tier after", "Risk delta"},
		kinds:   []string{"", "", "", "", "", "wrap", "severity", "severity", "wrap"},
	}
	switch {
	case res.History == nil:
		s.add(nil, nil, nil, nil, nil, "change history was not collected")
		return s
	case res.History.Note != "":
		s.add(nil, nil, nil, nil, nil, text(res.History.Note))
	case res.History.Truncated != "":
		s.add(nil, nil, nil, nil, nil, text(res.History.Truncated))
	}
	if e := res.History.Empty(); e != "" {
		s.add(nil, nil, nil, nil, nil, text(e))
	} else if o := res.History.Outside(); o != "" {
		s.add(nil, nil, nil, nil, nil, text(o))
	}
	for _, c := range res.History.Changes {
		commit := c.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		s.add(text(c.Agent), text(c.File), text(commit), text(c.Author), c.Date, text(c.Subject), text(c.TierBefore), text(c.TierAfter), text(strings.Join(c.Delta, "\n")))
	}
	return s
}

// evidenceSheet is the evidence index: one row per file or URL, however many
// inputs name it (pkg/pack/evindex decides the rows and their state).
func evidenceSheet(res *model.Result, rows []evindex.Row) *sheet {
	s := &sheet{name: SheetEvidence, auditor: true,
		headers: []string{"Path (from the project root)", "Kind", "State", "Why", "In the pack", "Size (bytes)", "SHA-256", "Same content as", "Referred to by", "Referenced at"},
		kinds:   []string{"wrap", "", "", "wrap", "", "", "", "wrap", "wrap", "wrap"},
	}
	if rows == nil {
		rows = evindex.Build(res)
	}
	for _, e := range rows {
		var size any
		if e.Size > 0 {
			size = e.Size
		}
		s.add(text(e.Path), text(e.Kind), text(e.State), text(e.Reason), text(e.PackPath), size, text(e.SHA256),
			text(strings.Join(e.SameContentAs, "\n")), text(strings.Join(e.Referrers, "\n")), text(strings.Join(e.Places, "\n")))
	}
	return s
}

func euSheet(res *model.Result) *sheet {
	for _, fw := range res.Frameworks {
		if fw.Framework != "eu-ai-act" {
			continue
		}
		s := &sheet{name: SheetEUAIAct, auditor: true,
			headers: []string{"Article", "Title", "Status", "ISO/IEC 42001 controls", "Control statuses"},
			kinds:   []string{"", "wrap", "status", "wrap", "wrap"},
		}
		for _, it := range fw.Items {
			var pairs []string
			for i, c := range it.Controls {
				st := ""
				if i < len(it.Statuses) {
					st = it.Statuses[i]
				}
				pairs = append(pairs, c+": "+st)
			}
			s.add(text(it.ID), text(it.Title), text(it.Status), text(join(it.Controls)), text(strings.Join(pairs, "\n")))
		}
		return s
	}
	return nil
}

func periodString(p model.Period) string {
	switch {
	case p.From.IsZero() && p.To.IsZero():
		return ""
	case p.To.IsZero():
		return "from " + p.From.String()
	case p.From.IsZero():
		return "until " + p.To.String()
	}
	return p.From.String() + " to " + p.To.String()
}

// actionsSheet is the corrective-action register of ISO/IEC 42001 10.2; the
// rows are computed by pkg/actions, the sheet only lays them out.
func actionsSheet(rows []actions.Action) *sheet {
	s := &sheet{name: SheetActions, auditor: true,
		headers: []string{"Finding ID", "Control", "Severity", "Subject", "Finding", "Owner", "Owner from", "Due", "Due days", "Status", "Remediation"},
		kinds:   []string{"", "", "severity", "", "wrap", "", "", "", "", "", "wrap"},
	}
	for _, a := range rows {
		s.add(text(a.FindingID), text(a.Control), text(a.Severity), text(a.Subject), text(a.Message), text(a.Owner),
			text(a.OwnerSource), text(a.Due), a.DueDays, text(a.Status), text(a.Remediation))
	}
	return s
}

// orgSheet is the organisation section (issue 13 §5): who holds each AIMS
// role, then the policy register with the review date and state the engine
// computed. One sheet so that clause 5.3 and A.2 are read side by side.
func orgSheet(res *model.Result) *sheet {
	s := &sheet{name: SheetOrg, auditor: true,
		headers: []string{"Record", "ID or role", "Title or name", "Kind", "Owner or contact", "Approved by", "Approved on", "Review due", "State", "Evidence"},
		kinds:   []string{"", "", "wrap", "", "wrap", "", "", "", "", "wrap"},
	}
	for _, r := range res.Roles {
		s.add(text("role"), text(r.Role), text(r.Name), text(""), text(r.Email), text(""), text(""), text(""), text(""), text(""))
	}
	for _, p := range res.Policies {
		state := p.State()
		s.add(text("policy"), text(p.ID), text(p.Title), text(p.Kind), text(p.Owner), text(p.ApprovedBy), text(p.ApprovedOn.String()),
			text(p.ReviewDue.String()), text(state), text(strings.Join(p.Evidence, "\n")))
	}
	if len(res.Roles) == 0 && len(res.Policies) == 0 {
		s.add(text("none"), text(""), text("the inventory declares no roles (organization.roles) and no policies"), text(""), text(""), text(""), text(""), text(""), text(""), text(""))
	}
	return s
}
