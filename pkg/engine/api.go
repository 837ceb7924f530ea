package engine

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"

	"cel.dev/cel-go/interpreter"
)

// Input is everything one assessment judges.
type Input struct {
	Config    *model.Config
	Inventory *model.Inventory
	Agents    []*model.Agent
	// Warnings from the loader (evidence missing or outside the root,
	// credentials in inputs) become findings.
	Warnings   model.Problems
	Evidence   []model.EvidenceRef
	Catalogues *catalogue.Set
	// Logs is nil when no logs were analysed.
	Logs    *model.LogSummary
	History *model.History
	Now     time.Time
}

// state is one assessment in progress.
type state struct {
	in             Input
	set            *catalogue.Set
	inv            *model.Inventory
	now            time.Time
	thresholds     model.Thresholds
	thresholdText  *strings.Replacer // thresholdValues, built on first use
	agents         []*model.Agent    // sorted by ID
	systems        map[string]*model.System
	systemIndex    map[string]int // system ID -> index in inventory (for YAML paths)
	vendors        map[string]*model.Vendor
	vendorIndex    map[string]int
	agentsBySystem map[string][]*model.Agent
	vendorUse      map[string]*vendorUse // vendor ID -> the agents and systems that use it
	activity       map[string]*model.AgentActivity
	logs           *model.LogSummary

	profiles []agentProfile // per st.agents entry
	agentBuf agentFactsBuf
	byFile   map[string]string // agent file -> agent ID

	findings findingList
	// checkFindings is how many of findings the catalogue checks made;
	// per-agent counts of those are already in profiles.
	checkFindings int
	// checks counts outcomes per check ID.
	checks map[string]*CheckResult
	// extra counts findings per control that come from outside the checks
	// (log analysis, loader warnings); they count against the control's status.
	extra map[string]int
	// extraChecks counts those findings per control and check, for the
	// status basis ("2 finding(s) from logs.unused-grant").
	extraChecks map[string]map[string]int
	// overBudget is the first check that hit the CEL cost limit: the run
	// stops there, because every further subject would cost the same second
	// and report the same broken rule again.
	overBudget *RuleCostError
}

// RuleCostError is a catalogue rule whose evaluation exceeded the CEL cost
// limit. It is the catalogue's fault, not the subject's, so it fails the run
// once, at the rule, instead of becoming a finding on every subject.
type RuleCostError struct {
	Check   string
	Field   string    // rule or when
	Pos     model.Pos // the field in the catalogue file
	Subject string    // the first subject it was evaluated on
	Err     error
}

func (e *RuleCostError) Error() string {
	if e.Pos.File != "" {
		return fmt.Sprintf("catalogue check %s stopped the assessment; simplify its %s (nested comprehensions over lists)", e.Check, e.Field)
	}
	return e.detail()
}

// detail is the one line that says what failed where it failed.
func (e *RuleCostError) detail() string {
	return fmt.Sprintf("check %s: %s exceeded the CEL cost limit on %s (%v)", e.Check, e.Field, e.Subject, e.Err)
}

func (e *RuleCostError) Unwrap() error { return e.Err }

// BadInput makes the run exit 2: the catalogue file is the bad input.
func (e *RuleCostError) BadInput() bool { return true }

// ProblemLines puts the rule's file:line:col first, as load problems are printed.
func (e *RuleCostError) ProblemLines() []string {
	if e.Pos.File == "" {
		return nil
	}
	return []string{e.Pos.String() + ": " + e.detail()}
}

// countExtra counts a finding from outside the catalogue's CEL checks against its control.
func (st *state) countExtra(control, check string) {
	st.extra[control]++
	m := st.extraChecks[control]
	if m == nil {
		if st.extraChecks == nil {
			st.extraChecks = map[string]map[string]int{}
		}
		m = map[string]int{}
		st.extraChecks[control] = m
	}
	m[check]++
}

// Check IDs of findings the engine makes itself rather than from a catalogue rule.
const (
	CheckEvidenceMissing       = "evidence-missing"
	CheckEvidenceOutsideRoot   = "evidence-outside-root"
	CheckCredential            = "credential-in-input"
	CheckSoAJustification      = "soa-justification"
	ControlDocumentedInfo      = "7.5.3"
	checkEvaluationErrorPrefix = "check could not be evaluated: "
)

// Assess evaluates in against its catalogues: every automated check over its
// subjects, the attestations of the Statement of Applicability, the log
// findings and the loader's warnings. It is pure and deterministic: the same
// input gives an identical Result.
func Assess(in Input) (*Result, error) {
	set := in.Catalogues
	if set == nil {
		var err error
		if set, err = catalogue.Builtin(); err != nil {
			return nil, err
		}
	}
	st := newState(in, set)
	st.evaluate()
	if st.overBudget != nil {
		return nil, st.overBudget
	}
	st.loggedFindings()
	st.warningFindings()
	st.attestationFindings()
	st.policyReviewFindings()
	res := st.result()
	return res, nil
}

func newState(in Input, set *catalogue.Set) *state {
	inv := in.Inventory
	if inv == nil {
		inv = &model.Inventory{}
	}
	th := model.DefaultThresholds()
	if in.Config != nil {
		th = in.Config.Thresholds.WithDefaults()
	}
	st := &state{
		in: in, set: set, inv: inv, now: in.Now.UTC(), thresholds: th, logs: in.Logs,
		systems: map[string]*model.System{}, systemIndex: map[string]int{},
		vendors: map[string]*model.Vendor{}, vendorIndex: map[string]int{},
		agentsBySystem: map[string][]*model.Agent{},
		activity:       map[string]*model.AgentActivity{},
		checks:         map[string]*CheckResult{}, extra: map[string]int{},
	}
	for i := range inv.Systems {
		s := &inv.Systems[i]
		if _, dup := st.systems[s.ID]; !dup {
			st.systems[s.ID], st.systemIndex[s.ID] = s, i
		}
	}
	for i := range inv.Vendors {
		v := &inv.Vendors[i]
		if _, dup := st.vendors[v.ID]; !dup {
			st.vendors[v.ID], st.vendorIndex[v.ID] = v, i
		}
	}
	st.agents = make([]*model.Agent, 0, len(in.Agents))
	for _, a := range in.Agents {
		if a != nil {
			st.agents = append(st.agents, a)
		}
	}
	slices.SortStableFunc(st.agents, func(a, b *model.Agent) int { return strings.Compare(a.ID, b.ID) })
	for _, a := range st.agents {
		st.agentsBySystem[a.System] = append(st.agentsBySystem[a.System], a)
	}
	st.vendorUse = vendorUsage(st)
	if in.Logs != nil {
		for i := range in.Logs.Agents {
			st.activity[in.Logs.Agents[i].Agent] = &in.Logs.Agents[i]
		}
	}
	return st
}

// subjectRun groups the compiled checks of one subject kind.
type subjectRun struct {
	progs   []*catalogue.Program
	results []*CheckResult
}

func (st *state) evaluate() {
	runs := map[string]*subjectRun{}
	for _, p := range st.set.Programs() {
		if !st.applicable(p.Control.ID) || p.Check.Disabled() {
			continue
		}
		cr := &CheckResult{ID: p.Check.ID, Title: p.Check.Title, Severity: p.Check.Severity, Subject: p.Subject}
		st.checks[p.Check.ID] = cr
		r := runs[p.Subject]
		if r == nil {
			r = &subjectRun{}
			runs[p.Subject] = r
		}
		r.progs = append(r.progs, p)
		r.results = append(r.results, cr)
	}

	org := orgFacts(st)
	th := thresholdFacts(st.thresholds)
	base := catalogue.Facts{Org: org, Thresholds: th}
	orgName := org.Name
	if orgName == "" {
		orgName = model.SubjectOrganization
	}

	if r := runs[model.SubjectOrganization]; r != nil {
		f := base
		st.run(r, &f, model.SubjectOrganization, orgName, func(path string) model.Pos {
			return st.invPos(path)
		})
	}

	// Each policy is a subject of its own, so a review that is due is a
	// finding at that policy's line, not at the policies list.
	if r := runs[model.SubjectPolicy]; r != nil {
		for i := range org.Policies {
			f := base
			f.Policy = &org.Policies[i]
			prefix := fmt.Sprintf("policies[%d]", i)
			st.run(r, &f, model.SubjectPolicy, org.Policies[i].ID, func(path string) model.Pos {
				return st.invPos(join(prefix, path))
			})
		}
	}

	sysFacts := map[string]*catalogue.SystemFacts{}
	for i := range st.inv.Systems {
		s := &st.inv.Systems[i]
		sf := systemFacts(st, s)
		if _, dup := sysFacts[s.ID]; !dup {
			sysFacts[s.ID] = sf
		}
		if r := runs[model.SubjectSystem]; r != nil {
			f := base
			f.System = sf
			prefix := fmt.Sprintf("systems[%d]", i)
			st.run(r, &f, model.SubjectSystem, s.ID, func(path string) model.Pos {
				return st.invPos(join(prefix, path))
			})
		}
	}

	for i := range st.inv.Vendors {
		v := &st.inv.Vendors[i]
		if r := runs[model.SubjectVendor]; r != nil {
			f := base
			f.Vendor = vendorFacts(st, v)
			prefix := fmt.Sprintf("vendors[%d]", i)
			st.run(r, &f, model.SubjectVendor, v.ID, func(path string) model.Pos {
				return st.invPos(join(prefix, path))
			})
		}
	}

	r := runs[model.SubjectAgent]
	st.profiles = make([]agentProfile, len(st.agents))
	for i, a := range st.agents {
		sys := st.systems[a.System]
		prof := risk.Compute(a, sys, st.vendors)
		verdict := risk.Judge(a, sys, prof.Tier, st.now)
		pos := func(path string) model.Pos {
			// A risk level the agent inherits is declared in its system's
			// entry: that is the record an auditor must open, not the
			// agent file's first line.
			if verdict.Source == "system" && (path == "risk" || strings.HasPrefix(path, "risk.")) {
				if j, ok := st.systemIndex[a.System]; ok {
					return st.invPos(join(fmt.Sprintf("systems[%d]", j), path))
				}
			}
			p := a.Pos.Lookup(path)
			if p.File == "" {
				p.File = a.File
			}
			return p
		}
		st.profiles[i] = agentProfile{computed: prof, verdict: verdict, pos: pos("")}
		if r == nil {
			continue
		}
		f := base
		f.System = sysFacts[a.System]
		if f.System == nil {
			f.System = &catalogue.SystemFacts{ID: a.System}
		}
		f.Agent = agentFacts(st, a, sys, &prof, &verdict)
		before := st.findings.len()
		st.run(r, &f, model.SubjectAgent, a.ID, pos)
		st.profiles[i].findings = st.findings.len() - before
	}
	st.checkFindings = st.findings.len()
}

// agentProfile keeps what the agent results report, in st.agents order,
// gathered while the agent is at hand rather than looked up again by ID.
type agentProfile struct {
	computed risk.Profile
	verdict  model.RiskVerdict
	pos      model.Pos // the config's first key
	findings int       // from the agent checks; log and loader findings are added in result
}

func join(prefix, path string) string {
	if path == "" {
		return prefix
	}
	return prefix + "." + path
}

func (st *state) invPos(path string) model.Pos {
	p := st.inv.Pos.Lookup(path)
	if p.File == "" {
		p.File = st.inv.File
	}
	return p
}

// run evaluates every check of a subject kind against one subject.
func (st *state) run(r *subjectRun, f *catalogue.Facts, kind, subject string, pos func(string) model.Pos) {
	if st.overBudget != nil {
		return
	}
	for i, p := range r.progs {
		applies, err := p.Applies(f)
		if st.costExceeded(p, "when", kind+" "+subject, err) {
			return
		}
		if err == nil && !applies {
			continue
		}
		cr := r.results[i]
		cr.Subjects++
		pass := false
		if err == nil {
			pass, err = p.Passes(f)
			if st.costExceeded(p, "rule", kind+" "+subject, err) {
				return
			}
		}
		if pass {
			cr.Passed++
			continue
		}
		cr.Failed++
		msg := ""
		if err != nil {
			msg = checkEvaluationErrorPrefix + err.Error()
		} else {
			msg = p.Message(f)
		}
		rem := p.Check.Remediation
		if rem == "" {
			rem = p.Control.Remediation
		}
		st.findings.add(model.Finding{
			Control: p.Control.ID, Check: p.Check.ID, Severity: p.Severity(f),
			SubjectKind: kind, Subject: subject, Location: pos(p.Path(f)),
			Message: msg, Remediation: st.thresholdValues(strings.TrimSpace(rem)),
		})
	}
}

// costExceeded records err as the run's RuleCostError when it is CEL's cost
// limit; other evaluation errors stay findings on their subject (a missing
// fact is about that subject's data).
func (st *state) costExceeded(p *catalogue.Program, field, subject string, err error) bool {
	var ce interpreter.EvalCancelledError
	if err == nil || !errors.As(err, &ce) || ce.Cause != interpreter.CostLimitExceeded {
		return false
	}
	at, ok := p.Check.FieldPos[field]
	if !ok {
		at = p.Check.Pos
	}
	st.overBudget = &RuleCostError{Check: p.Check.ID, Field: field, Pos: at, Subject: subject, Err: err}
	return true
}

// applicable is false when the Statement of Applicability excludes the control.
func (st *state) applicable(id string) bool {
	if a := st.attestation(id); a != nil {
		return a.IsApplicable()
	}
	return true
}

func (st *state) attestation(id string) *model.ControlAttestation {
	for i := range st.inv.Controls {
		if st.inv.Controls[i].ID == id {
			return &st.inv.Controls[i]
		}
	}
	return nil
}

// loggedFindings merges the log analysis's findings as the catalogue
// declares their checks; they count against their controls. The result's
// log summary carries the same findings, so results.json says one thing.
func (st *state) loggedFindings() {
	if st.logs == nil {
		return
	}
	logs := *st.logs
	logs.Findings = st.set.ApplyAll(st.logs.Findings)
	st.logs = &logs
	for _, f := range logs.Findings {
		st.findings.add(f)
		st.countExtra(f.Control, f.Check)
	}
}

// warningFindings turns the loader's warnings into findings: missing
// evidence against the control that relies on it, evidence outside the root
// (never read), and credentials in inputs (7.5.3).
func (st *state) warningFindings() {
	byPos := map[model.Pos]*model.EvidenceRef{}
	for i := range st.in.Evidence {
		e := &st.in.Evidence[i]
		if _, ok := byPos[e.Source]; !ok {
			byPos[e.Source] = e
		}
	}
	orgName := st.inv.Organization.Name
	if orgName == "" {
		orgName = model.SubjectOrganization
	}
	for _, w := range st.in.Warnings {
		var f model.Finding
		switch w.Code {
		case CheckEvidenceMissing, CheckEvidenceOutsideRoot:
			f = model.Finding{Check: w.Code, Severity: model.SeverityMedium, Location: w.Pos, Message: w.Msg,
				Remediation: "Add the evidence file at the path given, or correct the reference (paths are relative to the file that names them)."}
			if w.Code == CheckEvidenceOutsideRoot {
				f.Severity = model.SeverityHigh
				f.Remediation = "Move the evidence inside the project root (the folder of aims.yaml) and reference it with a relative path; aims never reads files outside it."
			}
			owner := ""
			if e := byPos[w.Pos]; e != nil {
				owner = e.Owner
			}
			f.Control, f.SubjectKind, f.Subject = st.ownerControl(owner)
			// A control the SoA excludes carries no findings; the broken
			// reference is still a documented-information gap.
			if st.excluded(f.Control) {
				f.Control = ControlDocumentedInfo
			}
			if f.SubjectKind == model.SubjectOrganization {
				f.Subject = orgName
			}
		case "credential":
			f = model.Finding{Control: ControlDocumentedInfo, Check: CheckCredential, Severity: model.SeverityCritical,
				Location: w.Pos, Message: w.Msg,
				Remediation: "Remove the credential from the file, rotate it, and reference it from a secret store instead; aims redacts it in every output."}
			f.SubjectKind, f.Subject = st.fileSubject(w.Pos.File)
			if f.SubjectKind == model.SubjectOrganization {
				f.Subject = orgName
			}
		default:
			continue
		}
		if st.emit(f) {
			st.countExtra(f.Control, f.Check)
		}
	}
}

// policyControls maps policy kinds to the control that asks for them.
var policyControls = map[string]string{
	model.PolicyAI:                    "A.2.2",
	model.PolicyRiskAssessment:        "6.1.2",
	model.PolicyImpactAssessment:      "A.5.2",
	model.PolicyIncidentCommunication: "A.8.4",
	model.PolicyConcernReporting:      "A.3.3",
	model.PolicyResponsibleUse:        "A.9.2",
	model.PolicyDataGovernance:        "A.7.4",
}

// excluded reports whether the Statement of Applicability excludes the
// control: the one reading of an attestation (the first for an ID, as
// applicable has it; the loader refuses duplicate IDs).
func (st *state) excluded(id string) bool { return !st.applicable(id) }

// ownerControl maps an evidence owner ("policy:P1", "agent:a:testing" ...) to
// the control that relies on the evidence and the subject it belongs to.
func (st *state) ownerControl(owner string) (control, kind, subject string) {
	parts := strings.SplitN(owner, ":", 3)
	what := ""
	if len(parts) == 3 {
		what = parts[2]
	}
	id := ""
	if len(parts) > 1 {
		id = parts[1]
	}
	switch parts[0] {
	case "policy":
		for _, p := range st.inv.Policies {
			if p.ID == id {
				if c, ok := policyControls[p.Kind]; ok {
					return c, model.SubjectOrganization, ""
				}
			}
		}
		return ControlDocumentedInfo, model.SubjectOrganization, ""
	case "control":
		return id, model.SubjectOrganization, ""
	case "system":
		switch what {
		case "risk":
			return "6.1.2", model.SubjectSystem, id
		case "impact_assessment":
			return "A.5.3", model.SubjectSystem, id
		}
		return "A.6.2.7", model.SubjectSystem, id
	case "vendor":
		if what == "dpa" {
			return "A.10.2", model.SubjectVendor, id
		}
		return "A.10.3", model.SubjectVendor, id
	case "agent":
		switch what {
		case "risk":
			return "6.1.2", model.SubjectAgent, id
		case "testing":
			return "A.6.2.4", model.SubjectAgent, id
		}
		return "A.6.2.7", model.SubjectAgent, id
	}
	return ControlDocumentedInfo, model.SubjectOrganization, ""
}

// fileSubject names the subject a file describes (an agent config, else the organisation).
func (st *state) fileSubject(file string) (string, string) {
	if st.byFile == nil {
		st.byFile = map[string]string{}
		for _, a := range st.agents {
			if a.File != "" {
				st.byFile[a.File] = a.ID
			}
		}
	}
	if id, ok := st.byFile[file]; ok {
		return model.SubjectAgent, id
	}
	return model.SubjectOrganization, ""
}

// thresholdValues writes the thresholds a catalogue remediation names
// (thresholds.log_retention_min_days) as the values this run judged by, so
// that the text an auditor and an owner read says "180 days", not a key.
func (st *state) thresholdValues(text string) string {
	if !strings.Contains(text, "thresholds.") {
		return text
	}
	if st.thresholdText == nil {
		th := st.thresholds
		st.thresholdText = strings.NewReplacer(
			"thresholds.log_gap_hours", strconv.Itoa(th.LogGapHours),
			"thresholds.log_retention_min_days", strconv.Itoa(th.LogRetentionMinDays),
			"thresholds.impact_assessment_max_age_months", strconv.Itoa(th.ImpactAssessmentMaxAgeMonths),
			"thresholds.vendor_review_max_age_months", strconv.Itoa(th.VendorReviewMaxAgeMonths),
			"thresholds.max_record_bytes", strconv.FormatInt(th.MaxRecordBytes, 10))
	}
	return st.thresholdText.Replace(text)
}
