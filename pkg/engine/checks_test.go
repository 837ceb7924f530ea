package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

var testNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func goodAnswers() model.VendorAnswers {
	return model.VendorAnswers{
		Isolation: "container", InferencePath: "byok-direct", PerAgentToolPermissions: ptr(true),
		AuditLog:             &model.VendorAuditLog{Captures: []string{"actions", "inputs", "outputs", "tools"}, RetentionDays: 365, Export: true},
		TrainsOnCustomerData: ptr(false),
		Lifecycle:            &model.VendorLifecycle{VersionedConfig: true, ChangeTracking: true, Decommissioning: true},
	}
}

// goodInput is a small organisation that passes every builtin check.
func goodInput() Input {
	approved := model.MustDate("2026-03-01")
	pol := func(id, kind string) model.Policy {
		return model.Policy{ID: id, Title: id, Kind: kind, Owner: "Ann", ApprovedBy: "Board", ApprovedOn: approved, ReviewIntervalMonths: 12}
	}
	inv := &model.Inventory{
		APIVersion: model.APIVersion, Kind: model.KindInventory, File: "inventory.yaml",
		Organization: model.Organization{Name: "Acme", AIMSScope: "All customer-support agents",
			Roles: []model.Role{{Role: "ai-owner", Name: "Ann"}, {Role: "risk-owner", Name: "Rob"}}},
		Policies: []model.Policy{
			pol("POL-AI", model.PolicyAI), pol("POL-CR", model.PolicyConcernReporting),
			pol("POL-IC", model.PolicyIncidentCommunication), pol("POL-RA", model.PolicyRiskAssessment),
			pol("POL-IA", model.PolicyImpactAssessment),
		},
		Systems: []model.System{{
			ID: "sys-support", Name: "Support", Purpose: "Answer customer tickets", Owner: "Sam", Lifecycle: "deployed",
			IntendedUse: "Drafting replies to support tickets", Users: "customers", CustomerFacing: true,
			DataCategories: []string{"personal", "tickets"}, Compute: "EKS eu-west-1",
			Risk: model.Risk{Level: "high", AssessedOn: model.MustDate("2026-06-01"), Ref: "docs/risk.md"},
			ImpactAssessment: model.ImpactAssessment{DoneOn: model.MustDate("2026-06-01"), Ref: "docs/ia.md",
				Individuals: "wrong answers to customers", Society: "none significant"},
			EUAIAct: "limited", Vendors: []string{"openai", "agentcore"}, Documentation: []string{"docs/support.md"},
		}},
		Vendors: []model.Vendor{
			{ID: "agentcore", Name: "AgentCore", Role: model.VendorPlatform, DPA: model.DPARef("docs/dpa-aws.pdf"),
				ReviewedOn: model.MustDate("2026-06-01"), Answers: goodAnswers()},
			{ID: "openai", Name: "OpenAI", Role: model.VendorModelProvider, DPA: model.DPARef("docs/dpa-openai.pdf"),
				ReviewedOn: model.MustDate("2026-06-01"), Answers: goodAnswers()},
		},
	}
	agent := &model.Agent{
		APIVersion: model.APIVersion, Kind: model.KindAgent, File: "agents/triage.yaml",
		ID: "triage", Name: "Triage", System: "sys-support", Owner: "Sam", Purpose: "Triage tickets",
		Lifecycle: "deployed", Scope: "team", Audience: "customer-facing", Identities: []string{"triage"},
		Model:      model.Model{Provider: "openai", Name: "gpt-x", BYOK: ptr(true)},
		Isolation:  "container",
		Tools:      []model.Grant{{Name: "zendesk", Operations: []string{"read", "reply"}, Resources: []string{"tickets/*"}}},
		Data:       []model.DataAccess{{Source: "crm", Categories: []string{"personal"}, Access: "write", Justification: "sets ticket status"}},
		Logging:    model.Logging{Actions: true, Inputs: true, Outputs: true, RetentionDays: 365, Export: "siem"},
		Oversight:  model.Oversight{HumanReview: []string{"zendesk:reply"}, Reviewers: []string{"team-lead"}},
		Testing:    model.Testing{LastRun: model.MustDate("2026-11-01"), Ref: "docs/tests.md"},
		Approval:   model.Approval{ApprovedBy: "Sam", ApprovedOn: model.MustDate("2026-11-02")},
		Disclosure: true,
	}
	return Input{
		Config:    &model.Config{Thresholds: model.DefaultThresholds()},
		Inventory: inv, Agents: []*model.Agent{agent}, Now: testNow,
	}
}

func builtinSet(t testing.TB) *catalogue.Set {
	t.Helper()
	set, err := catalogue.Builtin()
	if err != nil {
		t.Fatalf("builtin catalogue: %v", err)
	}
	return set
}

// checkCases break exactly what one builtin check judges; the good input passes them all.
var checkCases = []struct {
	check, subject string
	mutate         func(in *Input)
}{
	{"aims-scope-defined", "Acme", func(in *Input) { in.Inventory.Organization.AIMSScope = " " }},
	{"ai-policy-approved", "Acme", func(in *Input) { in.Inventory.Policies[0].ApprovedBy = "" }},
	{"ai-policy-present", "Acme", func(in *Input) { in.Inventory.Policies = in.Inventory.Policies[1:] }},
	{"ai-policy-reviewed", "POL-AI", func(in *Input) { in.Inventory.Policies[0].ApprovedOn = model.MustDate("2025-11-19") }},
	{"aims-roles-assigned", "Acme", func(in *Input) { in.Inventory.Organization.Roles[1].Name = "" }},
	{"concern-reporting-procedure", "Acme", func(in *Input) { in.Inventory.Policies[1].Kind = "other" }},
	{"incident-communication-procedure", "Acme", func(in *Input) { in.Inventory.Policies[2].Kind = "other" }},
	{"risk-assessment-procedure", "Acme", func(in *Input) { in.Inventory.Policies[3].Kind = "other" }},
	{"impact-assessment-procedure", "Acme", func(in *Input) { in.Inventory.Policies[4].Kind = "other" }},

	{"system-owner", "sys-support", func(in *Input) { in.Inventory.Systems[0].Owner = "" }},
	{"system-purpose", "sys-support", func(in *Input) { in.Inventory.Systems[0].Purpose = "" }},
	{"system-data-categories", "sys-support", func(in *Input) { in.Inventory.Systems[0].DataCategories = nil }},
	{"system-tools-documented", "sys-support", func(in *Input) { in.Agents[0].Tools = nil }},
	{"system-compute", "sys-support", func(in *Input) { in.Inventory.Systems[0].Compute = "" }},
	{"impact-assessment-done", "sys-support", func(in *Input) { in.Inventory.Systems[0].ImpactAssessment.DoneOn = model.Date{} }},
	{"impact-assessment-documented", "sys-support", func(in *Input) { in.Inventory.Systems[0].ImpactAssessment.Ref = "" }},
	{"impact-on-individuals", "sys-support", func(in *Input) { in.Inventory.Systems[0].ImpactAssessment.Individuals = "" }},
	{"impact-on-society", "sys-support", func(in *Input) { in.Inventory.Systems[0].ImpactAssessment.Society = "" }},
	{"impact-assessment-current", "sys-support", func(in *Input) {
		in.Inventory.Systems[0].ImpactAssessment.DoneOn = model.MustDate("2025-11-19") // 12 months and a day
	}},
	{"system-documentation", "sys-support", func(in *Input) { in.Inventory.Systems[0].Documentation = nil }},
	{"intended-use-declared", "sys-support", func(in *Input) { in.Inventory.Systems[0].IntendedUse = "" }},
	{"system-vendors-registered", "sys-support", func(in *Input) {
		in.Inventory.Systems[0].Vendors = append(in.Inventory.Systems[0].Vendors, "ghost")
	}},

	{"agent-owner", "triage", func(in *Input) { in.Agents[0].Owner = "" }},
	{"risk-declared", "triage", func(in *Input) { in.Inventory.Systems[0].Risk.Level = "" }},
	{"declared-risk-below-computed", "triage", func(in *Input) { in.Agents[0].Risk.Level = "medium" }},
	{"agent-isolation", "triage", func(in *Input) { in.Agents[0].Isolation = "process" }},
	{"reviewers-named", "triage", func(in *Input) { in.Agents[0].Oversight.Reviewers = nil }},
	{"testing-evidence", "triage", func(in *Input) { in.Agents[0].Testing.Ref = "" }},
	{"deployment-approval", "triage", func(in *Input) { in.Agents[0].Approval.ApprovedOn = model.Date{} }},
	{"log-export", "triage", func(in *Input) { in.Agents[0].Logging.Export = "" }},
	{"action-logging", "triage", func(in *Input) { in.Agents[0].Logging.Outputs = false }},
	{"log-retention", "triage", func(in *Input) { in.Agents[0].Logging.RetentionDays = 179 }},
	{"events-in-period", "triage", func(in *Input) { in.Logs = &model.LogSummary{} }},
	{"write-access-justified", "triage", func(in *Input) { in.Agents[0].Data[0].Justification = "" }},
	{"data-categories-per-source", "triage", func(in *Input) {
		in.Agents[0].Data = append(in.Agents[0].Data, model.DataAccess{Source: "wiki", Access: "read"})
	}},
	{"ai-disclosure", "triage", func(in *Input) { in.Agents[0].Disclosure = false }},
	{"write-operations-reviewed", "triage", func(in *Input) { in.Agents[0].Oversight.HumanReview = []string{"zendesk:read"} }},
	{"model-provider-registered", "triage", func(in *Input) { in.Agents[0].Model.Provider = "ghost" }},
	{"byok-sensitive-data", "triage", func(in *Input) { in.Agents[0].Model.BYOK = ptr(false) }},

	{"vendor-dpa", "openai", func(in *Input) { in.Inventory.Vendors[1].DPA = model.DPA{} }},
	{"vendor-review-current", "openai", func(in *Input) { in.Inventory.Vendors[1].ReviewedOn = model.MustDate("2025-10-01") }},
	{"vendor-no-training", "openai", func(in *Input) { in.Inventory.Vendors[1].Answers.TrainsOnCustomerData = ptr(true) }},
	{"vendor-answers-complete", "openai", func(in *Input) { in.Inventory.Vendors[1].Answers.Lifecycle = nil }},
	{"vendor-answers-acceptable", "openai", func(in *Input) { in.Inventory.Vendors[1].Answers.Isolation = "shared-runtime" }},
}

func findingsOf(res *Result, check, subject string) []model.Finding {
	var out []model.Finding
	for _, f := range res.Findings {
		if f.Check == check && f.Subject == subject {
			out = append(out, f)
		}
	}
	return out
}

func TestGoodInputPassesEveryCheck(t *testing.T) {
	set := builtinSet(t)
	for _, logs := range []*model.LogSummary{nil, {Agents: []model.AgentActivity{{Agent: "triage", Events: 10}}}} {
		in := goodInput()
		in.Catalogues = set
		in.Logs = logs
		res, err := Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			t.Errorf("logs %v: unexpected finding: %s %s %s %s: %s", logs != nil, f.Severity, f.Control, f.Check, f.Subject, f.Message)
		}
		for _, c := range res.Controls {
			for _, ck := range c.Checks {
				if ck.Failed > 0 {
					t.Errorf("check %s failed %d times", ck.ID, ck.Failed)
				}
			}
		}
	}
}

func TestEachCheckFails(t *testing.T) {
	set := builtinSet(t)
	covered := map[string]bool{}
	for _, tc := range checkCases {
		covered[tc.check] = true
		t.Run(tc.check, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = set
			tc.mutate(&in)
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOf(res, tc.check, tc.subject)
			if len(got) != 1 {
				var all []string
				for _, f := range res.Findings {
					all = append(all, f.Check+"/"+f.Subject)
				}
				t.Fatalf("want one %s finding for %s, got %d (all: %v)", tc.check, tc.subject, len(got), all)
			}
			f := got[0]
			p, _ := set.Program(tc.check)
			if f.Control != p.Control.ID || f.Message == "" || f.Remediation == "" || f.Location.File == "" || model.SeverityRank(f.Severity) < 1 {
				t.Errorf("incomplete finding: %+v", f)
			}
			if strings.HasPrefix(f.Message, checkEvaluationErrorPrefix) {
				t.Errorf("check errored: %s", f.Message)
			}
		})
	}
	for _, p := range set.Programs() {
		if !covered[p.Check.ID] {
			t.Errorf("builtin check %s (%s) has no failing test case", p.Check.ID, p.Control.ID)
		}
	}
}

func TestDeclaredRiskSeverityFollowsComputedTier(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Agents[0].Risk.Level = "low"
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOf(res, "declared-risk-below-computed", "triage")
	if len(got) != 1 {
		t.Fatalf("got %d findings", len(got))
	}
	if want := res.Agents[0].Computed.Tier; got[0].Severity != want {
		t.Errorf("severity %s, want the computed tier %s", got[0].Severity, want)
	}
	if res.Agents[0].DeclaredRisk != "low" || res.Agents[0].RiskSource != "agent" {
		t.Errorf("declared risk %q from %q", res.Agents[0].DeclaredRisk, res.Agents[0].RiskSource)
	}
}

func TestFindingPointsAtYAML(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Agents[0].Pos = model.Positions{
		"":                       {File: "agents/triage.yaml", Line: 1, Col: 1},
		"logging":                {File: "agents/triage.yaml", Line: 20, Col: 3},
		"logging.retention_days": {File: "agents/triage.yaml", Line: 24, Col: 19},
	}
	in.Inventory.Pos = model.Positions{
		"":                      {File: "inventory.yaml", Line: 1, Col: 1},
		"vendors[1]":            {File: "inventory.yaml", Line: 50, Col: 5},
		"vendors[1].dpa":        {File: "inventory.yaml", Line: 53, Col: 10},
		"systems[0]":            {File: "inventory.yaml", Line: 30, Col: 5},
		"systems[0].compute":    {File: "inventory.yaml", Line: 35, Col: 14},
		"systems[0].risk":       {File: "inventory.yaml", Line: 40, Col: 5},
		"systems[0].risk.level": {File: "inventory.yaml", Line: 40, Col: 18},
	}
	// The agent inherits its system's risk level: the finding cites the
	// system's line, where the level is declared, not the agent file.
	in.Agents[0].Risk = model.Risk{}
	in.Inventory.Systems[0].Risk.Level = model.SeverityLow
	in.Agents[0].Logging.RetentionDays = 30
	in.Agents[0].Logging.Inputs = false
	in.Inventory.Vendors[1].DPA = model.DPA{}
	in.Inventory.Systems[0].Compute = ""
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"log-retention":                "agents/triage.yaml:24:19",
		"action-logging":               "agents/triage.yaml:20:3",
		"vendor-dpa":                   "inventory.yaml:53:10",
		"system-compute":               "inventory.yaml:35:14",
		"declared-risk-below-computed": "inventory.yaml:40:18",
	}
	for _, f := range res.Findings {
		if w, ok := want[f.Check]; ok {
			if f.Location.String() != w {
				t.Errorf("%s at %s, want %s", f.Check, f.Location, w)
			}
			delete(want, f.Check)
		}
	}
	for c := range want {
		t.Errorf("no %s finding", c)
	}
}

func TestWarningsBecomeFindings(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	missing := model.Pos{File: "inventory.yaml", Line: 12, Col: 9}
	outside := model.Pos{File: "agents/triage.yaml", Line: 30, Col: 8}
	cred := model.Pos{File: "agents/triage.yaml", Line: 7, Col: 12}
	in.Evidence = []model.EvidenceRef{
		{Ref: "docs/ai-policy.pdf", Owner: "policy:POL-AI", Kind: "file", State: "missing", Source: missing},
		{Ref: "../secret.md", Owner: "agent:triage:testing", Kind: "file", State: "outside-root", Source: outside},
	}
	in.Warnings = load.Problems{
		{Pos: missing, Severity: "warning", Code: "evidence-missing", Msg: "evidence docs/ai-policy.pdf (policy:POL-AI) does not exist"},
		{Pos: outside, Severity: "warning", Code: "evidence-outside-root", Msg: "evidence ../secret.md leaves the project root"},
		{Pos: cred, Severity: "warning", Code: "credential", Msg: "credential (aws-key) found"},
		{Pos: cred, Severity: "warning", Code: "something-else", Msg: "ignored"},
	}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ control, check, severity, kind, subject, at string }
	var got []key
	for _, f := range res.Findings {
		got = append(got, key{f.Control, f.Check, f.Severity, f.SubjectKind, f.Subject, f.Location.String()})
	}
	want := []key{
		{"7.5.3", "credential-in-input", "critical", "agent", "triage", "agents/triage.yaml:7:12"},
		{"A.6.2.4", "evidence-outside-root", "high", "agent", "triage", "agents/triage.yaml:30:8"},
		{"A.2.2", "evidence-missing", "medium", "organization", "Acme", "inventory.yaml:12:9"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
	if res.Agents[0].Findings != 2 {
		t.Errorf("agent findings %d, want 2", res.Agents[0].Findings)
	}
	st := statusOf(res, "A.2.2")
	if st != StatusPartial {
		t.Errorf("A.2.2 with missing policy evidence: %s, want partial", st)
	}
}

func statusOf(res *Result, id string) string {
	for _, c := range res.Controls {
		if c.ID == id {
			return c.Status
		}
	}
	return ""
}

// A control the SoA excludes carries no findings: missing evidence of its
// policy becomes a documented-information (7.5.3) gap instead.
func TestExcludedControlCarriesNoEvidenceFinding(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	no := false
	in.Inventory.Controls = append(in.Inventory.Controls, model.ControlAttestation{ID: "A.2.2", Applicable: &no, Justification: "test"})
	missing := model.Pos{File: "inventory.yaml", Line: 12, Col: 9}
	in.Evidence = []model.EvidenceRef{{Ref: "docs/ai-policy.pdf", Owner: "policy:POL-AI", Kind: "file", State: "missing", Source: missing}}
	in.Warnings = load.Problems{{Pos: missing, Severity: "warning", Code: "evidence-missing", Msg: "evidence docs/ai-policy.pdf does not exist"}}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Check == "evidence-missing" && f.Control != "7.5.3" {
			t.Errorf("evidence finding on %s, want 7.5.3", f.Control)
		}
	}
	for _, c := range res.Controls {
		if c.ID == "A.2.2" && (c.Status != StatusNotApplicable || c.Findings != 0) {
			t.Errorf("A.2.2: %s with %d findings", c.Status, c.Findings)
		}
	}
}

func listOf(fs []model.Finding) *findingList {
	var l findingList
	for _, f := range fs {
		l.add(f)
	}
	return &l
}

// sortFindings must give exactly the order of model.Finding.Less (with its
// tie-breaks), whatever the input order.
func TestSortFindingsMatchesLess(t *testing.T) {
	var fs []model.Finding
	sev := []string{"low", "critical", "medium", "high", "", "bogus", "info"}
	ctl := []string{"A.10.2", "A.2.2", "6.1.2", "A.6.2.8", "10.2", "NW.1"}
	for i := range 600 {
		fs = append(fs, model.Finding{
			Severity: sev[i%7], Control: ctl[i%6], Subject: fmt.Sprintf("agent-%03d", (i*7)%40),
			Location: model.Pos{File: fmt.Sprintf("f%d.yaml", i%3), Line: i % 11, Col: i % 2},
			Check:    fmt.Sprintf("c%d", i%4), Message: fmt.Sprintf("m%d", i%5), Count: i % 3,
		})
	}
	want := slices.Clone(fs)
	slices.SortStableFunc(want, func(a, b model.Finding) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return compareFindingRest(&a, &b)
	})
	for seed := range 5 {
		got := slices.Clone(fs)
		rand.New(rand.NewPCG(uint64(seed), 1)).Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		got = sortFindings(listOf(got))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: order differs from Finding.Less", seed)
		}
	}
	// As the engine makes them: subject by subject, so that most buckets
	// arrive in order and the same subject comes back in later runs.
	bySubject := slices.Clone(fs)
	slices.SortStableFunc(bySubject, func(a, b model.Finding) int { return strings.Compare(a.Subject, b.Subject) })
	bySubject = append(bySubject, bySubject[:50]...)
	wantDup := slices.Clone(bySubject)
	slices.SortStableFunc(wantDup, func(a, b model.Finding) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return compareFindingRest(&a, &b)
	})
	if got := sortFindings(listOf(bySubject)); !reflect.DeepEqual(got, wantDup) {
		t.Fatal("findings made subject by subject: order differs from Finding.Less")
	}
}

// mergeSort must sort stably whatever the input: random, sorted, reversed,
// and a few sorted sequences one after another (as subjects arrive).
func TestMergeSortIsStableSort(t *testing.T) {
	type kv struct{ k, i int }
	rng := rand.New(rand.NewPCG(7, 7))
	inputs := map[string][]int{"empty": nil, "one": {3}}
	for _, n := range []int{2, 3, 17, 1000} {
		random, asc, desc, seqs := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
		for i := range n {
			random[i], asc[i], desc[i], seqs[i] = rng.IntN(n/2+1), i, n-i, i%(n/3+1)
		}
		inputs[fmt.Sprint("random", n)], inputs[fmt.Sprint("asc", n)] = random, asc
		inputs[fmt.Sprint("desc", n)], inputs[fmt.Sprint("seqs", n)] = desc, seqs
	}
	for name, keys := range inputs {
		in := make([]kv, len(keys))
		for i, k := range keys {
			in[i] = kv{k, i}
		}
		byKey := func(a, b kv) int { return a.k - b.k }
		want := slices.Clone(in)
		slices.SortStableFunc(want, byKey)
		if got := mergeSort(slices.Clone(in), byKey); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
}

// Impact assessment and AI disclosure are due once people can meet the
// system or agent (testing included, ISO/IEC 42001 8.4 and A.8.2): a system
// or agent still in design or development has none yet by design, and an
// auditor would reject a finding that says it should.
func TestLifecycleBeforePeople(t *testing.T) {
	set := builtinSet(t)
	for _, tc := range []struct {
		lifecycle string
		want      bool
	}{
		{model.LifecycleDesign, false}, {model.LifecycleDevelopment, false}, {model.LifecycleRetired, false},
		{model.LifecycleTesting, true}, {model.LifecycleDeployed, true}, {"", true},
	} {
		t.Run("lifecycle "+tc.lifecycle, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = set
			in.Inventory.Systems[0].Lifecycle = tc.lifecycle
			in.Inventory.Systems[0].ImpactAssessment.DoneOn = model.Date{}
			in.Agents[0].Lifecycle = tc.lifecycle
			in.Agents[0].Disclosure = false
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct{ check, subject string }{
				{"impact-assessment-done", "sys-support"}, {"impact-assessment-current", "sys-support"}, {"ai-disclosure", "triage"},
			} {
				if got := len(findingsOf(res, c.check, c.subject)) == 1; got != tc.want {
					t.Errorf("%s on %s: finding %v, want %v", c.check, c.subject, got, tc.want)
				}
			}
		})
	}
}

// A remediation names the threshold it judged by as its value in this run
// (issue 13 §11: thresholds as values, not configuration keys).
func TestRemediationStatesThresholdValues(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Config.Thresholds.LogRetentionMinDays = 400
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	got := findingsOf(res, "log-retention", "triage")
	if len(got) != 1 {
		t.Fatalf("%d log-retention findings, want 1", len(got))
	}
	if r := got[0].Remediation; !strings.Contains(r, "at least 400 days") || strings.Contains(r, "thresholds.") {
		t.Errorf("remediation %q does not state the 400-day threshold as a value", r)
	}
}

// An age past its threshold is stated in days, exact and checkable by hand
// (whole months rounded up overstated it: 20 months and 5 days read "21
// months ago").
func TestAgeMessagesInDays(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Inventory.Vendors[1].ReviewedOn = model.MustDate("2025-03-15")
	in.Inventory.Systems[0].ImpactAssessment.DoneOn = model.MustDate("2025-03-15")
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("2025-03-15 is %d days old (max 12 months)", model.MustDate("2025-03-15").DaysSince(testNow))
	for _, c := range []struct{ check, subject, want string }{
		{"vendor-review-current", "openai", fmt.Sprintf("last reviewed 2025-03-15, %d days ago (max 12 months)", model.MustDate("2025-03-15").DaysSince(testNow))},
		{"impact-assessment-current", "sys-support", want},
	} {
		got := findingsOf(res, c.check, c.subject)
		if len(got) != 1 || !strings.Contains(got[0].Message, c.want) {
			t.Errorf("%s: %v, want a message with %q", c.check, got, c.want)
		}
	}
}

// A deployment approval counts from its date: one dated after the assessment
// clock (a board meeting still to come) leaves a deployed agent unapproved,
// and the message says so rather than "no recorded approval" (DESIGN.md
// section 2, approval: {approved_by, approved_on}; lifecycle-gate scenario).
func TestApprovalDatedAfterNowIsNotInEffect(t *testing.T) {
	set := builtinSet(t)
	for _, tc := range []struct {
		on   string
		want string // a message fragment; "" = no finding
	}{
		{"2026-11-19", ""},
		{"2026-11-20", ""}, // the assessment day itself
		{"2026-11-21", "no approval is in effect yet"},
		{"2026-12-01", "its approval is dated 2026-12-01, after the assessment date"},
	} {
		t.Run(tc.on, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = set
			in.Agents[0].Approval.ApprovedOn = model.MustDate(tc.on)
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOf(res, "deployment-approval", "triage")
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("approved on %s, now %s: unexpected %s", tc.on, testNow.Format(time.DateOnly), got[0].Message)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, tc.want)):
				t.Errorf("approved on %s, now %s: %v, want one finding saying %q", tc.on, testNow.Format(time.DateOnly), got, tc.want)
			}
		})
	}
}

// A retired agent writes nothing: its old write data source is history, not
// access to justify (A.7.2); every other life-cycle state is judged, since a
// design or test agent's write access is what gets built and tested
// (lifecycle-gate scenario, depot-chat).
func TestWriteAccessJustifiedSkipsRetired(t *testing.T) {
	set := builtinSet(t)
	for _, tc := range []struct {
		lifecycle string
		want      bool
	}{
		{model.LifecycleDesign, true}, {model.LifecycleDevelopment, true}, {model.LifecycleTesting, true},
		{model.LifecycleDeployed, true}, {model.LifecycleRetired, false},
	} {
		t.Run(tc.lifecycle, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = set
			in.Agents[0].Lifecycle = tc.lifecycle
			if tc.lifecycle == model.LifecycleRetired {
				in.Agents[0].RetiredOn = model.MustDate("2026-08-31")
			}
			in.Agents[0].Data[0].Justification = ""
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(findingsOf(res, "write-access-justified", "triage")) == 1; got != tc.want {
				t.Errorf("%s: write-access-justified %v, want %v", tc.lifecycle, got, tc.want)
			}
		})
	}
}
