package pdf

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// catalogueRow is one line of testdata/catalogue.tsv (a copy of the ISO facts).
type catalogueRow struct{ id, title, group, groupTitle, kind string }

func readCatalogue(t testing.TB) []catalogueRow {
	t.Helper()
	f, err := os.Open("testdata/catalogue.tsv")
	if err != nil {
		t.Fatalf("catalogue facts: %v", err)
	}
	defer f.Close()
	var out []catalogueRow
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		p := strings.Split(sc.Text(), "\t")
		if len(p) < 5 {
			continue
		}
		out = append(out, catalogueRow{p[0], p[1], p[2], p[3], p[4]})
	}
	return out
}

func digest(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }

func boolp(b bool) *bool { return &b }

const longARN = "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/customer-support-triage-runtime-production-eu-central-1-7f3a9c2b4d5e6f708192a3b4c5d6e7f8/endpoint/DEFAULT"

// fixture builds a realistic result: 2 systems, agents agents, 40+ findings
// with long messages, a long ARN, Latin-1 and CJK text, logs, history and an
// EU AI Act view. It is deterministic.
func fixture(t testing.TB, agents int) *model.Result {
	t.Helper()
	now := time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)
	res := &model.Result{
		SchemaVersion: model.ResultSchemaVersion,
		Tool:          model.Tool{Name: "aims", Version: "0.9.0"},
		GeneratedAt:   now,
		Organization:  "Müller – Zürich Analytics GmbH",
		Scope: "All AI agents built or operated by the Customer Operations and Finance departments in the EU, including " +
			"their third-party model providers and agent platforms; excludes research prototypes. 范围 (CJK must be sanitised).",
		Period: model.Period{From: model.MustDate("2026-01-01"), To: model.MustDate("2026-03-31")},
		Catalogues: []model.CatalogueRef{{ID: "iso42001", Title: "ISO/IEC 42001:2023 (indicative wording)", Version: "2023.1", SHA256: digest("cat")},
			{ID: "acme-extra", Title: "Acme internal AI controls", Version: "1.4", SHA256: digest("acme")}},
	}
	statuses := []string{model.StatusPass, model.StatusPass, model.StatusPartial, model.StatusFail, model.StatusManual, model.StatusPass, model.StatusNotApplicable}
	groups := map[string]*model.GroupSummary{}
	var order []string
	res.Summary.Controls = map[string]int{}
	res.Summary.AnnexA = map[string]int{}
	for i, c := range readCatalogue(t) {
		st := statuses[i%len(statuses)]
		kind := c.kind
		cr := model.ControlResult{ID: c.id, Title: c.title, Kind: kind, Group: c.group, GroupTitle: c.groupTitle, Catalogue: "iso42001",
			AppliesTo: "organization", Status: st, Applicable: st != model.StatusNotApplicable, Basis: "automated",
			Evidence: []string{"policies/ai-policy-v3.pdf", "evidence/" + strings.ToLower(c.id) + "/records-2026-q1.xlsx"}}
		if kind == "clause" {
			cr.Status = statuses[i%5]
			cr.Applicable = true
		}
		switch i % 3 {
		case 0:
			cr.Checks = []model.CheckResult{{ID: "chk-" + c.id, Title: "Documented and approved within the review interval", Severity: "medium", Subjects: 6, Passed: 4, Failed: 2}}
		case 1:
			cr.Basis = "attestation"
			cr.Attestation = &model.ControlAttestation{ID: c.id, Status: "implemented", Owner: "Jürgen Weiß (CISO)", ReviewedOn: model.MustDate("2026-02-14"),
				Justification: "Implemented through the group-wide information security management system; see the SoA register."}
		default:
			cr.Basis = "automated+attestation"
			cr.Checks = []model.CheckResult{{ID: "a", Title: "Every agent declares an owner", Subjects: 6, Passed: 6}, {ID: "b", Title: "Risk assessment younger than 12 months", Subjects: 2, Passed: 1, Failed: 1}}
		}
		if !cr.Applicable {
			cr.Basis = "attestation"
			cr.Justification = "Not applicable: the organisation does not develop AI systems in-house; all agents are configured from vendor platforms and no model training takes place."
			cr.Evidence = nil
		}
		res.Controls = append(res.Controls, cr)
		res.Summary.Controls[cr.Status]++
		if strings.HasPrefix(c.id, "A.") {
			res.Summary.AnnexA[cr.Status]++
		}
		g := groups[c.group]
		if g == nil {
			g = &model.GroupSummary{ID: c.group, Title: c.groupTitle, Status: map[string]int{}}
			groups[c.group] = g
			order = append(order, c.group)
		}
		g.Status[cr.Status]++
	}
	res.Controls = append(res.Controls, model.ControlResult{ID: "ACME-1", Title: "Prompt library is peer reviewed", Kind: "custom", Group: "ACME", Catalogue: "acme-extra",
		Status: model.StatusManual, Applicable: true, Basis: "none"})
	for _, id := range order {
		res.Summary.Groups = append(res.Summary.Groups, *groups[id])
	}

	res.Systems = []model.SystemResult{
		{System: model.System{ID: "support-assistant", Name: "Customer support assistant", Purpose: "Answers customer questions about orders, returns and invoices; drafts replies for agents.",
			Owner: "Anna Łukasiewicz", Lifecycle: "deployed", IntendedUse: "First-line support for customers in DE, AT and CH.", Users: "Customers and support staff",
			CustomerFacing: true, DataCategories: []string{"personal", "contact", "order-history", "payment"}, Compute: "AWS eu-central-1, Bedrock AgentCore",
			Risk: model.Risk{Level: "high", AssessedOn: model.MustDate("2025-11-03"), Ref: "risk/support-assistant.md"}, EUAIAct: "limited",
			ImpactAssessment: model.ImpactAssessment{DoneOn: model.MustDate("2025-11-10"), Ref: "aia/support.pdf", Individuals: "Wrong refund decisions; exposure of order data.", Society: ""},
			Vendors:          []string{"anthropic", "aws"}, Documentation: []string{"docs/support-assistant/architecture.md", "https://wiki.example.com/display/AI/Support+Assistant+Runbook"}},
			Source: model.Pos{File: "inventory.yaml", Line: 40, Col: 5}},
		{System: model.System{ID: "finance-ops", Name: "Finance operations agents", Purpose: "Reconciles invoices and prepares payment runs for approval.",
			Owner: "Finance IT", Lifecycle: "testing", Users: "Accounts payable team", DataCategories: []string{"financial", "banking"},
			EUAIAct: "minimal", Vendors: []string{"openai"}},
			Source: model.Pos{File: "inventory.yaml", Line: 88, Col: 5}},
	}
	res.Vendors = []model.VendorResult{
		{Vendor: model.Vendor{ID: "anthropic", Name: "Anthropic PBC", Role: "model-provider", Certifications: []string{"ISO/IEC 27001", "SOC 2 Type II", "ISO/IEC 42001"},
			DPA: model.DPARef("contracts/anthropic-dpa-2025.pdf"), DataLocation: "EU (Frankfurt)", ReviewedOn: model.MustDate("2025-12-01"), Evidence: []string{"vendors/anthropic/soc2-2025.pdf"},
			Answers: model.VendorAnswers{Isolation: "container", InferencePath: "byok-direct", PerAgentToolPermissions: boolp(true),
				AuditLog:             &model.VendorAuditLog{Captures: []string{"actions", "inputs", "outputs", "tools"}, RetentionDays: 365, Export: true},
				TrainsOnCustomerData: boolp(false), Lifecycle: &model.VendorLifecycle{VersionedConfig: true, ChangeTracking: true, Decommissioning: true}}},
			Source: model.Pos{File: "inventory.yaml", Line: 120, Col: 5}},
		{Vendor: model.Vendor{ID: "aws", Name: "Amazon Web Services EMEA SARL", Role: "platform", Certifications: []string{"ISO/IEC 27001", "C5"}, DataLocation: "eu-central-1",
			ReviewedOn: model.MustDate("2024-10-15"), Answers: model.VendorAnswers{Isolation: "process", PerAgentToolPermissions: boolp(true)}}, Findings: 1},
		{Vendor: model.Vendor{ID: "openai", Name: "OpenAI Ireland Ltd", Role: "model-provider"}, Findings: 3},
	}

	sevs := []string{"critical", "high", "high", "medium", "medium", "medium", "low", "low"}
	for i := range agents {
		id := fmt.Sprintf("agent-%03d", i+1)
		name := "Support triage agent"
		sys := "support-assistant"
		if i%3 == 2 {
			sys, name = "finance-ops", "Invoice reconciliation agent"
		}
		if i == 0 {
			id, name = "support-triage", "Support triage – Zürich desk"
		}
		a := model.Agent{APIVersion: "aims/v1", Kind: "Agent", ID: id, Name: name, System: sys, Owner: "team-support@example.com",
			Purpose:   "Reads incoming tickets, classifies them, drafts replies and escalates refunds above EUR 200 to a human reviewer. 日本語の説明",
			Lifecycle: "deployed", Version: "2.3.1", Scope: "team", Audience: "customer-facing",
			Identities: []string{longARN, "gen_ai.agent.name=support-triage"},
			Model:      model.Model{Provider: "anthropic", Name: "claude-sonnet-4", BYOK: boolp(i%2 == 0), Allowed: []string{"claude-sonnet-4*", "claude-haiku-*"}},
			Isolation:  "container",
			Tools: []model.Grant{
				{Name: "zendesk", Operations: []string{"read", "comment", "update"}, Resources: []string{"tickets/*"}},
				{Name: "slack", Operations: []string{"post"}, Resources: []string{"#support-escalations", "#support-de"}},
				{Name: "stripe", Operations: nil, Resources: nil},
				{Name: "s3", Operations: []string{"get"}, Resources: []string{"arn:aws:s3:::acme-support-attachments-prod-eu-central-1/customers/*/attachments/*"}},
				{Name: "shell", Operations: []string{}, Resources: []string{}},
			},
			Data: []model.DataAccess{{Source: "zendesk", Categories: []string{"personal", "contact"}, Access: "read"},
				{Source: "orders-db", Categories: []string{"order-history", "payment"}, Access: "write", Justification: "Marks refunds as approved after human review."}},
			Logging:    model.Logging{Actions: true, Inputs: true, Outputs: i%2 == 0, RetentionDays: 90, Export: "Splunk index ai_agents"},
			Oversight:  model.Oversight{HumanReview: []string{"stripe", "slack:post"}, Reviewers: []string{"support-leads"}},
			Risk:       model.Risk{Level: "medium", AssessedOn: model.MustDate("2025-10-01"), Ref: "risk/" + id + ".md"},
			Testing:    model.Testing{LastRun: model.MustDate("2026-03-02"), Ref: "tests/" + id + "/report.html"},
			Approval:   model.Approval{ApprovedBy: "Anna Łukasiewicz", ApprovedOn: model.MustDate("2025-10-15")},
			Disclosure: true,
		}
		if i == 4 {
			a.Lifecycle, a.RetiredOn = "retired", model.MustDate("2026-02-01")
		}
		var sysp *model.System
		for j := range res.Systems {
			if res.Systems[j].System.ID == sys {
				sysp = &res.Systems[j].System
				res.Systems[j].Agents = append(res.Systems[j].Agents, id)
			}
		}
		ar := model.AgentResult{Agent: &a, DeclaredRisk: a.Risk.Level, RiskSource: "agent", Computed: risk.Compute(&a, sysp, nil),
			Source: model.Pos{File: "agents/" + id + ".yaml", Line: 1, Col: 1}}
		if i == 3 {
			ar.DeclaredRisk, ar.RiskSource = "high", "system"
		}
		// The verdict as the engine makes it for the declared level above.
		ar.Risk = risk.Judge(&model.Agent{Risk: model.Risk{Level: ar.DeclaredRisk}}, nil, ar.Computed.Tier, now)
		ar.Risk.Source = ar.RiskSource
		if i%2 == 0 {
			ar.Activity = &model.AgentActivity{Agent: id, Events: int64(12000 + i*977), FirstSeen: now.AddDate(0, -3, 0), LastSeen: now.AddDate(0, 0, -2),
				Tools: []model.ToolUse{{Tool: "zendesk", Operation: "read", Count: 9120, Granted: true}, {Tool: "zendesk", Operation: "delete", Count: 3, Denied: 3, Granted: false},
					{Tool: "slack", Operation: "post", Count: 412, Errors: 2, Granted: true}},
				Models: []model.NameCount{{Name: "claude-sonnet-4-20250514", Count: 11800}}, Errors: 14, Denials: 3, HumanReviews: 40, Rejections: 2, Actors: 17,
				OutOfScope: 3, UnreviewedOps: 12, Gaps: 1, UnusedGrants: []string{"s3:get", "stripe:*"}}
		}
		// Findings: at least 7 per agent for the small fixture.
		for k := range 7 {
			sev := sevs[(i+k)%len(sevs)]
			msg := fmt.Sprintf("Agent %s can %s without a matching human review event: %d operations in the period had no review record although oversight.human_review requires one (see %s).",
				id, []string{"post to Slack", "update Zendesk tickets", "call Stripe with any operation", "read S3 objects outside its prefix", "run in a shared runtime", "use an unapproved model", "keep logs for only 90 days"}[k], 10+k*3, longARN)
			if k == 2 && i == 0 {
				msg += " 顧客データ (CJK in a message)."
			}
			res.Findings = append(res.Findings, model.Finding{Control: []string{"A.6.2.8", "A.9.2", "A.4.2", "A.6.2.6", "A.10.3", "A.5.2", "A.6.2.8"}[k], Check: fmt.Sprintf("check-%d", k),
				Severity: sev, SubjectKind: "agent", Subject: id, Location: model.Pos{File: "agents/" + id + ".yaml", Line: 10 + k, Col: 3},
				Message: msg, Remediation: "Add the operation to oversight.human_review or remove the grant; re-run aims assess and attach the review log export to the evidence.", Count: k * 4})
			ar.Findings++
		}
		res.Agents = append(res.Agents, ar)
	}
	res.Findings = append(res.Findings,
		model.Finding{Control: "A.10.3", Check: "vendor-review-age", Severity: "medium", SubjectKind: "vendor", Subject: "aws", Location: model.Pos{File: "inventory.yaml", Line: 130, Col: 7},
			Message: "Vendor review is 534 days old (limit 12 months).", Remediation: "Review the vendor and update reviewed_on."},
		model.Finding{Control: "A.5.5", Check: "societal-impact", Severity: "high", SubjectKind: "system", Subject: "support-assistant", Location: model.Pos{File: "inventory.yaml", Line: 52, Col: 7},
			Message: "The impact assessment does not cover societal impacts.", Remediation: "Complete impact_assessment.society."},
		model.Finding{Control: "A.6.2.8", Check: "shadow-agent", Severity: "critical", SubjectKind: "agent", Subject: "unknown-bot-7", Location: model.Pos{File: "logs/cloudtrail-2026-03.json.gz", Line: 88213},
			Message: "Activity of an identity that matches no inventory agent: 3,402 events.", Remediation: "Add the agent to the inventory or disable the identity.", Count: 3402},
	)
	sortFindings(res.Findings)
	res.Summary.Findings = map[string]int{}
	for _, f := range res.Findings {
		res.Summary.Findings[f.Severity]++
	}
	res.Summary.MaxSeverity = "critical"
	res.Summary.Agents, res.Summary.Systems, res.Summary.Vendors = len(res.Agents), len(res.Systems), len(res.Vendors)

	for i := range 14 {
		e := model.EvidenceRef{Ref: fmt.Sprintf("evidence/q1-2026/%02d-records-of-processing-and-ai-impact-assessment-signed.pdf", i), Owner: "control:A.5.2", Kind: "file", State: "ok", Size: int64(20000 + i*3311), SHA256: digest(fmt.Sprint(i))}
		switch i {
		case 3:
			e.State, e.SHA256, e.Size = "missing", "", 0
		case 5:
			e.Ref, e.State, e.SHA256, e.Size = "../../etc/passwd", "outside-root", "", 0
		case 7:
			e.Ref, e.Kind, e.State, e.SHA256, e.Size = "https://confluence.example.com/display/AIMS/Management+Review+Minutes+2026-Q1?preview=true&version=12", "url", "url", "", 0
		}
		res.Evidence = append(res.Evidence, e)
	}

	res.Logs = &model.LogSummary{Period: res.Period, Events: 1_204_331, Skipped: 17,
		Files: []model.LogFile{
			{Path: "logs/cloudtrail-2026-03.json.gz", Format: "cloudtrail", Bytes: 88_331_002, SHA256: digest("ct"), Events: 1_100_000, Skipped: 12,
				Errors: []model.RecordError{{Location: model.Pos{File: "logs/cloudtrail-2026-03.json.gz", Line: 4411}, Reason: "invalid JSON: unexpected end of input"},
					{Location: model.Pos{Line: 9001}, Reason: "record exceeds max_record_bytes (10 MiB)"}}},
			{Path: "logs/otel/agents-2026-q1.jsonl", Format: "otlp", Bytes: 9_120_443, SHA256: digest("otel"), Events: 104_331, Skipped: 5},
			{Path: "logs/broken.csv", Format: "csv", Unreadable: "permission denied"},
		},
		Shadow: []model.ShadowAgent{{Identity: "arn:aws:iam::123456789012:role/legacy-support-bot", Events: 3402, FirstSeen: now.AddDate(0, -2, 0), LastSeen: now.AddDate(0, 0, -9),
			Source: model.Pos{File: "logs/cloudtrail-2026-03.json.gz", Line: 88213}}},
	}
	for _, a := range res.Agents {
		if a.Activity != nil {
			res.Logs.Agents = append(res.Logs.Agents, *a.Activity)
		}
	}
	res.History = &model.History{Truncated: ""}
	for i := range 9 {
		res.History.Changes = append(res.History.Changes, model.AgentChange{Agent: res.Agents[i%len(res.Agents)].Agent.ID, File: "agents/x.yaml",
			Commit: digest(fmt.Sprint("c", i))[:40], Author: "Zoë Ångström", Email: "zoe@example.com", Date: now.AddDate(0, 0, -10*i),
			Subject: "Grant slack:post to the triage agent for escalations", TierBefore: []string{"", "medium", "high"}[i%3], TierAfter: "high",
			Delta: []string{"+ tools[slack].operations: post", "scope: team -> organization"}})
	}
	res.Frameworks = []model.FrameworkView{{Framework: "eu-ai-act", Title: "EU AI Act", Notice: "Indicative mapping of ISO/IEC 42001 controls to EU AI Act articles; not legal advice.",
		Items: []model.FrameworkItem{
			{ID: "Art. 9", Title: "Risk management system", Controls: []string{"6.1.2", "A.5.2"}, Statuses: []string{"pass", "fail"}, Status: "fail"},
			{ID: "Art. 12", Title: "Record-keeping", Controls: []string{"A.6.2.8"}, Statuses: []string{"partial"}, Status: "partial"},
			{ID: "Art. 14", Title: "Human oversight", Controls: []string{"A.9.2", "A.9.3"}, Statuses: []string{"pass", "pass"}, Status: "pass"},
			{ID: "Art. 50", Title: "Transparency obligations for providers and deployers of certain AI systems", Controls: []string{"A.8.2"}, Statuses: []string{"manual"}, Status: "manual"},
		}}}
	return res
}

func sortFindings(fs []model.Finding) {
	slices.SortStableFunc(fs, func(a, b model.Finding) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return 0
	})
}
