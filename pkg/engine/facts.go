package engine

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// defaultReviewMonths applies to a policy that sets no review interval.
const defaultReviewMonths = 12

// monthsSince returns the calendar months from d to now, rounded up: the
// smallest m with d + m months >= now, so that "age_months <= 12" means
// "not older than 12 months" to the day. -1 when d is not given; 0 for a
// date in the future.
func monthsSince(d model.Date, now time.Time) int64 {
	if d.IsZero() {
		return -1
	}
	n := now.UTC()
	m := (n.Year()-d.Year())*12 + int(n.Month()) - int(d.Month())
	if n.Day() < d.Day() {
		m--
	}
	if m < 0 {
		return 0
	}
	if d.AddMonths(m).Before(n) {
		m++
	}
	return int64(m)
}

func days(d model.Date, now time.Time) int64 { return int64(d.DaysSince(now)) }

// approvedAt says whether an approval is on record at now: an approver and a
// date, the date not after now. A deployment approval or a policy dated after
// the assessment clock is one still to be given (a scheduled board date), so
// an agent deployed under it runs unapproved (A.6.2.5).
func approvedAt(by string, on model.Date, now time.Time) bool {
	return strings.TrimSpace(by) != "" && !on.IsZero() && !now.UTC().Before(on.Time)
}

func thresholdFacts(t model.Thresholds) *catalogue.ThresholdFacts {
	return &catalogue.ThresholdFacts{
		LogGapHours:                  int64(t.LogGapHours),
		LogRetentionMinDays:          int64(t.LogRetentionMinDays),
		ImpactAssessmentMaxAgeMonths: int64(t.ImpactAssessmentMaxAgeMonths),
		VendorReviewMaxAgeMonths:     int64(t.VendorReviewMaxAgeMonths),
	}
}

func riskFacts(r model.Risk, now time.Time) catalogue.RiskFacts {
	return catalogue.RiskFacts{
		Level:    r.Level,
		Rank:     int64(risk.Rank(r.Level)),
		Assessed: !r.AssessedOn.IsZero(),
		AgeDays:  days(r.AssessedOn, now),
		Ref:      r.Ref,
	}
}

func orgFacts(st *state) *catalogue.OrgFacts {
	inv, now := st.inv, st.now
	o := &catalogue.OrgFacts{
		Name:         inv.Organization.Name,
		Scope:        inv.Organization.AIMSScope,
		Roles:        []string{},
		Policies:     []catalogue.PolicyFacts{},
		PolicyKinds:  []string{},
		Systems:      int64(len(inv.Systems)),
		Agents:       int64(len(st.agents)),
		Vendors:      int64(len(inv.Vendors)),
		LogsAnalyzed: st.logs != nil,
		Attested:     []string{},
	}
	for _, r := range inv.Organization.Roles {
		if strings.TrimSpace(r.Name) != "" && !slices.Contains(o.Roles, r.Role) {
			o.Roles = append(o.Roles, r.Role)
		}
	}
	sort.Strings(o.Roles)
	for _, p := range inv.Policies {
		due, overdue := policyReview(p, now)
		approved := approvedAt(p.ApprovedBy, p.ApprovedOn, now)
		pf := catalogue.PolicyFacts{
			ID: p.ID, Title: p.Title, Kind: p.Kind, Owner: p.Owner,
			ApprovedBy: p.ApprovedBy, ApprovedOn: p.ApprovedOn.String(), Approved: approved,
			AgeDays:              days(p.ApprovedOn, now),
			ReviewIntervalMonths: int64(p.ReviewIntervalMonths),
			ReviewDue:            overdue,
			DueOn:                due.String(),
			Evidence:             nonNil(p.Evidence),
		}
		if overdue && !due.IsZero() {
			pf.DaysOverdue = int64(due.DaysSince(now))
		}
		o.Policies = append(o.Policies, pf)
		if !slices.Contains(o.PolicyKinds, p.Kind) {
			o.PolicyKinds = append(o.PolicyKinds, p.Kind)
		}
	}
	sort.Strings(o.PolicyKinds)
	for _, a := range st.agents {
		if a.Lifecycle == model.LifecycleDeployed {
			o.DeployedAgents++
		}
	}
	if st.logs != nil {
		o.ShadowAgents = int64(len(st.logs.Shadow))
	}
	for _, c := range inv.Controls {
		o.Attested = append(o.Attested, c.ID)
	}
	sort.Strings(o.Attested)
	return o
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func systemFacts(st *state, s *model.System) *catalogue.SystemFacts {
	now := st.now
	f := &catalogue.SystemFacts{
		ID: s.ID, Name: s.Name, Purpose: s.Purpose, Owner: s.Owner, Lifecycle: s.Lifecycle,
		IntendedUse: s.IntendedUse, Users: s.Users, CustomerFacing: s.CustomerFacing,
		DataCategories: nonNil(s.DataCategories), Compute: s.Compute,
		Risk: riskFacts(s.Risk, now),
		ImpactAssessment: catalogue.ImpactFacts{
			Done:        !s.ImpactAssessment.DoneOn.IsZero(),
			DoneOn:      s.ImpactAssessment.DoneOn.String(),
			AgeDays:     days(s.ImpactAssessment.DoneOn, now),
			AgeMonths:   monthsSince(s.ImpactAssessment.DoneOn, now),
			Ref:         s.ImpactAssessment.Ref,
			Individuals: s.ImpactAssessment.Individuals,
			Society:     s.ImpactAssessment.Society,
		},
		EUAIAct:             s.EUAIAct,
		Vendors:             nonNil(s.Vendors),
		Documentation:       nonNil(s.Documentation),
		Agents:              []string{},
		Tools:               []string{},
		AgentsWithoutTools:  []string{},
		SensitiveCategories: []string{},
		ModelProviders:      []string{},
		MissingVendors:      []string{},
	}
	addUnique := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, c := range s.DataCategories {
		if risk.IsSensitive(c) {
			addUnique(&f.SensitiveCategories, c)
		}
	}
	for _, a := range st.agentsBySystem[s.ID] {
		f.Agents = append(f.Agents, a.ID)
		if a.Lifecycle == model.LifecycleDeployed {
			f.DeployedAgents++
		}
		for _, g := range a.Tools {
			addUnique(&f.Tools, g.Name)
		}
		if !toolsDeclared(a) {
			f.AgentsWithoutTools = append(f.AgentsWithoutTools, a.ID)
		}
		for _, d := range a.Data {
			for _, c := range d.Categories {
				if risk.IsSensitive(c) {
					addUnique(&f.SensitiveCategories, c)
				}
			}
		}
		addUnique(&f.ModelProviders, a.Model.Provider)
	}
	for _, v := range s.Vendors {
		if st.vendors[v] == nil {
			addUnique(&f.MissingVendors, v)
		}
	}
	sort.Strings(f.Tools)
	sort.Strings(f.SensitiveCategories)
	sort.Strings(f.ModelProviders)
	sort.Strings(f.MissingVendors)
	return f
}

// toolsDeclared: the agent config has a tools key (an empty list declares "no tools").
func toolsDeclared(a *model.Agent) bool {
	if a.Tools != nil {
		return true
	}
	_, ok := a.Pos["tools"]
	return ok
}

// agentFactsBuf holds the agent facts and their lists between agents. The
// facts live only while the agent's checks run (CEL returns new values and
// keeps no reference), so one set of buffers serves the whole fleet instead
// of a few kilobytes of garbage per agent.
type agentFactsBuf struct {
	facts                                        catalogue.AgentFacts
	tools                                        []catalogue.GrantFacts
	data                                         []catalogue.DataFacts
	grantWrites                                  []string
	writes, unreviewed, sensitive, unjust, uncat []string
}

// reset empties a buffer for reuse; a list fact is never nil.
func reset[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s[:0]
}

// agentFacts derives everything the agent checks read, into st's buffers:
// the result is valid until the next call. It runs once per agent, so it
// avoids fmt and maps.
func agentFacts(st *state, a *model.Agent, sys *model.System, prof *risk.Profile, verdict *model.RiskVerdict) *catalogue.AgentFacts {
	declared, source := verdict.Declared, verdict.Source
	now := st.now
	buf := &st.agentBuf
	f := &buf.facts
	*f = catalogue.AgentFacts{
		ID: a.ID, Name: a.Name, System: a.System, Owner: a.Owner, Purpose: a.Purpose,
		Lifecycle: a.Lifecycle, Version: a.Version, Scope: a.Scope, Audience: a.Audience,
		Deployed:       a.Lifecycle == model.LifecycleDeployed,
		CustomerFacing: a.Audience == "customer-facing" || a.Audience == "" && sys != nil && sys.CustomerFacing,
		Identities:     nonNil(a.Identities),
		Isolation:      a.Isolation,
		Tools:          reset(buf.tools),
		ToolsDeclared:  toolsDeclared(a),
		Data:           reset(buf.data),
		Logging: catalogue.LoggingFacts{
			Actions: a.Logging.Actions, Inputs: a.Logging.Inputs, Outputs: a.Logging.Outputs,
			RetentionDays: int64(a.Logging.RetentionDays), Export: a.Logging.Export,
		},
		Oversight: catalogue.OversightFacts{HumanReview: nonNil(a.Oversight.HumanReview), Reviewers: nonNil(a.Oversight.Reviewers)},
		Risk:      riskFacts(a.Risk, now),
		Testing: catalogue.TestingFacts{
			Done:    !a.Testing.LastRun.IsZero() || a.Testing.Ref != "",
			LastRun: a.Testing.LastRun.String(), AgeDays: days(a.Testing.LastRun, now), Ref: a.Testing.Ref,
		},
		Approval: catalogue.ApprovalFacts{
			Approved:   approvedAt(a.Approval.ApprovedBy, a.Approval.ApprovedOn, now),
			ApprovedBy: a.Approval.ApprovedBy, ApprovedOn: a.Approval.ApprovedOn.String(),
			AgeDays: days(a.Approval.ApprovedOn, now),
		},
		Disclosure:                 a.Disclosure,
		TrainingOnCustomerData:     a.TrainingOnCustomerData,
		RetiredOn:                  a.RetiredOn.String(),
		DeclaredRisk:               declared,
		DeclaredRiskRank:           int64(risk.Rank(declared)),
		DeclaredRiskSource:         source,
		ComputedTier:               prof.Tier,
		ComputedRank:               int64(risk.Rank(prof.Tier)),
		ComputedScore:              int64(prof.Score),
		RiskVerdict:                verdict.State,
		RiskAcceptanceNote:         verdict.Note(),
		WriteOperations:            reset(buf.writes),
		UnreviewedWriteOperations:  reset(buf.unreviewed),
		SensitiveCategories:        reset(buf.sensitive),
		WritesWithoutJustification: reset(buf.unjust),
		SourcesWithoutCategories:   reset(buf.uncat),
	}
	// Whatever the lists grew to goes back to the buffers for the next agent.
	grantWrites := buf.grantWrites[:0]
	defer func() {
		buf.tools, buf.data, buf.grantWrites = f.Tools, f.Data, grantWrites
		buf.writes, buf.unreviewed, buf.sensitive = f.WriteOperations, f.UnreviewedWriteOperations, f.SensitiveCategories
		buf.unjust, buf.uncat = f.WritesWithoutJustification, f.SourcesWithoutCategories
	}()

	vendor := st.vendors[a.Model.Provider]
	f.Model = catalogue.ModelFacts{
		Provider: a.Model.Provider, Name: a.Model.Name, Allowed: nonNil(a.Model.Allowed),
		BYOK:               a.Model.BYOK != nil && *a.Model.BYOK,
		ProviderRegistered: vendor != nil,
	}
	if vendor != nil {
		f.Model.ProviderRole = vendor.Role
		if a.Model.BYOK == nil && vendor.Answers.InferencePath == "byok-direct" {
			f.Model.BYOK = true
		}
		if vendor.Answers.TrainsOnCustomerData != nil && *vendor.Answers.TrainsOnCustomerData {
			f.TrainingOnCustomerData = true
		}
	}

	for _, g := range a.Tools {
		// Each grant's write operations are a window of one shared buffer.
		start := len(grantWrites)
		gf := catalogue.GrantFacts{
			Name: g.Name, Operations: nonNil(g.Operations), AnyOperation: g.Operations == nil,
			Resources: nonNil(g.Resources), AnyResource: g.Resources == nil,
		}
		// Whether a grant may write is pkg/risk's judgement, the same one
		// the risk tier reads.
		grantWrites = risk.AppendGrantWrites(grantWrites, g)
		for _, op := range grantWrites[start:] {
			f.WriteOperations = append(f.WriteOperations, g.Name+":"+op)
			if !risk.Reviewed(a.Oversight, g.Name, op) {
				f.UnreviewedWriteOperations = append(f.UnreviewedWriteOperations, g.Name+":"+op)
			}
		}
		gf.WriteOperations = grantWrites[start:len(grantWrites):len(grantWrites)]
		f.Tools = append(f.Tools, gf)
	}

	for _, d := range a.Data {
		df := catalogue.DataFacts{Source: d.Source, Categories: nonNil(d.Categories), Access: d.Access, Justification: d.Justification}
		for _, c := range d.Categories {
			if risk.IsSensitive(c) {
				df.Sensitive = true
				if !slices.Contains(f.SensitiveCategories, c) {
					f.SensitiveCategories = append(f.SensitiveCategories, c)
				}
			}
		}
		if d.Access == "write" && strings.TrimSpace(d.Justification) == "" {
			f.WritesWithoutJustification = append(f.WritesWithoutJustification, d.Source)
		}
		if len(d.Categories) == 0 {
			f.SourcesWithoutCategories = append(f.SourcesWithoutCategories, d.Source)
		}
		f.Data = append(f.Data, df)
	}
	sort.Strings(f.SensitiveCategories)

	if st.logs != nil {
		f.Activity = activityFacts(st.activity[a.ID], now)
	}
	return f
}

func activityFacts(act *model.AgentActivity, now time.Time) *catalogue.ActivityFacts {
	f := &catalogue.ActivityFacts{ToolsUsed: []string{}, Models: []string{}, UnusedGrants: []string{}, FirstSeenDaysAgo: -1, LastSeenDaysAgo: -1}
	if act == nil {
		return f
	}
	f.Events, f.Errors, f.Denials = act.Events, act.Errors, act.Denials
	f.HumanReviews, f.Rejections, f.OutOfScope = act.HumanReviews, act.Rejections, act.OutOfScope
	f.MissingInputs, f.MissingOutputs, f.UnreviewedOperations = act.MissingInputs, act.MissingOutputs, act.UnreviewedOps
	f.CoverageGaps = int64(act.Gaps)
	for _, t := range act.Tools {
		if !slices.Contains(f.ToolsUsed, t.Tool) {
			f.ToolsUsed = append(f.ToolsUsed, t.Tool)
		}
	}
	sort.Strings(f.ToolsUsed)
	for _, m := range act.Models {
		f.Models = append(f.Models, m.Name)
	}
	f.UnusedGrants = nonNil(act.UnusedGrants)
	if !act.FirstSeen.IsZero() {
		f.FirstSeenDaysAgo = int64(now.Sub(act.FirstSeen).Hours() / 24)
	}
	if !act.LastSeen.IsZero() {
		f.LastSeenDaysAgo = int64(now.Sub(act.LastSeen).Hours() / 24)
	}
	return f
}

// vendorQuestions are the six A.10.3 questions, in the order findings name them.
var vendorQuestions = []string{"isolation", "inference_path", "per_agent_tool_permissions", "audit_log", "trains_on_customer_data", "lifecycle"}

func vendorFacts(st *state, v *model.Vendor) *catalogue.VendorFacts {
	now := st.now
	ans := v.Answers
	f := &catalogue.VendorFacts{
		ID: v.ID, Name: v.Name, Role: v.Role, Certifications: nonNil(v.Certifications),
		DPA: v.DPA.Ref, DPAInPlace: v.DPA.InPlace, DPADeclared: v.DPA.Given, DataLocation: v.DataLocation,
		Reviewed: !v.ReviewedOn.IsZero(), ReviewedOn: v.ReviewedOn.String(),
		ReviewAgeDays: days(v.ReviewedOn, now), ReviewAgeMonths: monthsSince(v.ReviewedOn, now),
		Evidence: nonNil(v.Evidence),
		Answers: catalogue.AnswerFacts{
			Isolation: ans.Isolation, InferencePath: ans.InferencePath,
			PerAgentToolPermissions:         ans.PerAgentToolPermissions != nil && *ans.PerAgentToolPermissions,
			PerAgentToolPermissionsAnswered: ans.PerAgentToolPermissions != nil,
			TrainsOnCustomerData:            ans.TrainsOnCustomerData != nil && *ans.TrainsOnCustomerData,
			TrainsOnCustomerDataAnswered:    ans.TrainsOnCustomerData != nil,
			AuditLog:                        catalogue.AuditLogFacts{Captures: []string{}},
			Missing:                         []string{},
		},
		UsedBy:  []string{},
		Systems: []string{},
	}
	if ans.AuditLog != nil {
		f.Answers.AuditLog = catalogue.AuditLogFacts{Answered: true, Captures: nonNil(ans.AuditLog.Captures),
			RetentionDays: int64(ans.AuditLog.RetentionDays), Export: ans.AuditLog.Export}
	}
	if ans.Lifecycle != nil {
		f.Answers.Lifecycle = catalogue.VendorLifecycleFacts{Answered: true, VersionedConfig: ans.Lifecycle.VersionedConfig,
			ChangeTracking: ans.Lifecycle.ChangeTracking, Decommissioning: ans.Lifecycle.Decommissioning}
	}
	answered := []bool{ans.Isolation != "", ans.InferencePath != "", ans.PerAgentToolPermissions != nil,
		ans.AuditLog != nil, ans.TrainsOnCustomerData != nil, ans.Lifecycle != nil}
	for i, ok := range answered {
		if !ok {
			f.Answers.Missing = append(f.Answers.Missing, vendorQuestions[i])
		}
	}
	f.DataCategories, f.PersonalCategories = []string{}, []string{}
	if u := st.vendorUse[v.ID]; u != nil {
		f.UsedBy, f.Systems, f.Used = nonNil(u.agents), nonNil(u.systems), u.used()
		f.DataCategories, f.PersonalCategories = nonNil(u.categories), personal(u.categories)
	}
	return f
}

// policyReview is a policy's next review date and whether it is overdue at
// now (never approved counts as overdue); the facts and the result share it.
func policyReview(p model.Policy, now time.Time) (model.Date, bool) {
	interval := p.ReviewIntervalMonths
	if interval <= 0 {
		interval = defaultReviewMonths
	}
	if strings.TrimSpace(p.ApprovedBy) == "" || p.ApprovedOn.IsZero() {
		return model.Date{}, true
	}
	due := p.ApprovedOn.AddMonths(interval)
	return due, due.Before(now)
}
