package report

import (
	"time"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// testRoot is the project root of the fixture; files under it must come out
// relative in SARIF, files outside it as file URIs.
const testRoot = "/srv/acme"

func ptr[T any](v T) *T { return &v }

// fixtureResult is a hand-built assessment that exercises every writer:
// every status, every severity, log and loader findings, a custom control,
// text that needs escaping (pipes, newlines, markdown, spreadsheet formulas).
func fixtureResult() *model.Result {
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	triage := model.Agent{APIVersion: "aims/v1", Kind: "Agent", ID: "triage", Name: "Ticket triage", System: "support",
		Owner: "Dana Lee", Lifecycle: model.LifecycleDeployed, Scope: "organization", Audience: "customer-facing",
		Tools: []model.Grant{{Name: "zendesk", Operations: []string{"read", "update"}}}}
	coder := model.Agent{APIVersion: "aims/v1", Kind: "Agent", ID: "coder", System: "engineering",
		Owner: "Sam Roe", Lifecycle: model.LifecycleTesting, Risk: model.Risk{Level: "high"}}
	r := &model.Result{
		SchemaVersion: model.ResultSchemaVersion,
		Tool:          model.Tool{Name: "aims", Version: "1.2.3"},
		GeneratedAt:   at,
		Organization:  "Acme Robotics | EU",
		Scope:         "Customer support and\nengineering agents",
		Period:        model.Period{From: model.MustDate("2026-05-01"), To: model.MustDate("2026-10-31")},
		Catalogues:    []model.CatalogueRef{{ID: "iso42001", Title: "ISO/IEC 42001:2023", Version: "2023", SHA256: "0123456789abcdef0123456789abcdef"}},
		Summary: model.Summary{
			Controls: map[string]int{"pass": 2, "partial": 1, "fail": 1, "manual": 2, "not-applicable": 1},
			AnnexA:   map[string]int{"pass": 1, "partial": 1, "fail": 1, "manual": 1, "not-applicable": 1},
			Findings: map[string]int{"critical": 1, "high": 2, "medium": 1, "low": 1},
			Groups: []model.GroupSummary{
				{ID: "5", Title: "Leadership", Status: map[string]int{"pass": 1}},
				{ID: "A.2", Title: "Policies related to AI", Status: map[string]int{"pass": 1}},
				{ID: "A.6", Title: "AI system life cycle", Status: map[string]int{"fail": 1, "partial": 1}},
			},
			Agents: 2, Systems: 2, Vendors: 1, MaxSeverity: "critical",
		},
		Controls: []model.ControlResult{
			{ID: "A.6.2.8", Title: "AI system recording of event logs", Kind: "annex-a-control", Group: "A.6", GroupTitle: "AI system life cycle",
				Catalogue: "iso42001", AppliesTo: "agent", Status: "fail", Applicable: true, Basis: "automated",
				StatusBasis: "2 of 4 subjects passed the checks (failed: logging-inputs-outputs 1 of 2, log-retention 1 of 2); fails on a high finding",
				Checks: []model.CheckResult{
					{ID: "logging-inputs-outputs", Title: "Inputs and outputs are logged", Severity: "high", Subjects: 2, Passed: 1, Failed: 1},
					{ID: "log-retention", Title: "Logs kept long enough", Severity: "medium", Subjects: 2, Passed: 1, Failed: 1},
				},
				Findings: 3, Crosswalk: model.Crosswalk{EUAIAct: []string{"Art. 12"}}},
			{ID: "5.2", Title: "AI policy", Kind: "clause", Group: "5", GroupTitle: "Leadership", Catalogue: "iso42001",
				AppliesTo: "organization", Status: "pass", Applicable: true, Basis: "automated",
				Checks:   []model.CheckResult{{ID: "policy-approved", Title: "AI policy approved", Severity: "high", Subjects: 1, Passed: 1}},
				Evidence: []string{"docs/ai-policy.pdf"}},
			{ID: "A.2.2", Title: "AI policy", Kind: "annex-a-control", Group: "A.2", GroupTitle: "Policies related to AI", Catalogue: "iso42001",
				AppliesTo: "organization", Status: "pass", Applicable: true, Basis: "automated+attestation",
				StatusBasis: "attested implemented by Jane Doe",
				Attestation: &model.ControlAttestation{ID: "A.2.2", Status: "implemented", Evidence: []string{"docs/ai-policy.pdf"}},
				Evidence:    []string{"docs/ai-policy.pdf"}},
			{ID: "A.6.2.6", Title: "AI system operation and monitoring", Kind: "annex-a-control", Group: "A.6", GroupTitle: "AI system life cycle",
				Catalogue: "iso42001", AppliesTo: "agent", Status: "partial", Applicable: true, Basis: "automated",
				Checks:   []model.CheckResult{{ID: "tool-in-scope", Title: "Tools used within grants", Severity: "critical", Subjects: 1, Failed: 1}},
				Findings: 1},
			{ID: "A.8.2", Title: "System documentation and information for users", Kind: "annex-a-control", Group: "A.8", GroupTitle: "Information for interested parties",
				Catalogue: "iso42001", AppliesTo: "system", Status: "manual", Applicable: true, Basis: "none"},
			{ID: "A.10.4", Title: "Customers", Kind: "annex-a-control", Group: "A.10", GroupTitle: "Third-party and customer relationships",
				Catalogue: "iso42001", AppliesTo: "organization", Status: "not-applicable", Applicable: false, Basis: "attestation",
				Justification: "We provide no AI system to customers | internal use only"},
			{ID: "ORG-1", Title: "Red-team every release", Kind: "custom", Group: "ORG", GroupTitle: "Acme controls", Catalogue: "acme",
				AppliesTo: "agent", Status: "manual", Applicable: true, Basis: "none"},
		},
		Agents: []model.AgentResult{
			{Agent: &triage, DeclaredRisk: "medium", RiskSource: "system",
				Computed: risk.Profile{Tier: "high", Score: 9, Factors: []risk.Factor{
					{ID: "audience", Points: 3, Detail: "customer-facing"}, {ID: "write", Points: 3, Detail: "write operations: zendesk:update"},
					{ID: "isolation", Points: -1, Detail: "runs in a container"}, {ID: "scope", Points: 4, Detail: "organization-wide scope"}}},
				Risk:     model.RiskVerdict{State: model.RiskBelow, Declared: "medium", Source: "system", Computed: "high", Below: true},
				Findings: 3, Source: model.Pos{File: testRoot + "/agents/triage.yaml", Line: 1, Col: 1}},
			{Agent: &coder, DeclaredRisk: "high", RiskSource: "agent",
				Computed: risk.Profile{Tier: "medium", Score: 5, Factors: []risk.Factor{{ID: "write", Points: 5, Detail: "write operations: git:push"}}},
				Risk:     model.RiskVerdict{State: model.RiskCovered, Declared: "high", Source: "agent", Computed: "medium"},
				Source:   model.Pos{File: testRoot + "/agents/coder.yaml", Line: 1, Col: 1}},
		},
		Findings: []model.Finding{
			{Control: "A.6.2.8", Check: "log-retention", Severity: "medium", SubjectKind: "agent", Subject: "triage",
				Location: model.Pos{File: testRoot + "/agents/triage.yaml", Line: 22, Col: 19},
				Message:  "logging.retention_days is 30, below the 180 days required", Remediation: "Keep the agent's logs for at least 180 days."},
			{Control: "A.6.2.8", Check: "logging-inputs-outputs", Severity: "high", SubjectKind: "agent", Subject: "triage",
				Location: model.Pos{File: testRoot + "/agents/triage.yaml", Line: 20, Col: 3},
				Message:  "=HYPERLINK(\"http://evil\") inputs are not logged | *really*\nsecond line", Remediation: "-Turn on input logging"},
			{Control: "A.6.2.6", Check: "tool-in-scope", Severity: "critical", SubjectKind: "agent", Subject: "triage",
				Location: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 1042},
				Message:  "tool github used 4 times though not granted", Remediation: "Grant the tool or stop the agent using it.", Count: 4},
			{Control: "A.7.4", Check: "credential", Severity: "high", SubjectKind: "agent", Subject: "coder",
				Location: model.Pos{File: "agents/coder.yaml", Line: 7, Col: 12},
				Message:  "a credential (aws-access-key) is written in the input", Remediation: "@Remove it and rotate the key."},
			{Control: "A.3.2", Check: "owner-assigned", Severity: "low", SubjectKind: "organization", Subject: "",
				Message: "no risk-owner role assigned", Remediation: "Name a risk owner in organization.roles."},
		},
		Evidence: []model.EvidenceRef{
			{Ref: "docs/ai-policy.pdf", Owner: "policy:POL-1", Kind: "file", State: "ok", Size: 1024, SHA256: "ab", Source: model.Pos{File: testRoot + "/inventory.yaml", Line: 12, Col: 9}},
			{Ref: "docs/missing.pdf", Owner: "agent:triage:testing", Kind: "file", State: "missing", Source: model.Pos{File: testRoot + "/agents/triage.yaml", Line: 30, Col: 8}},
		},
		Logs: fixtureLogs(),
		History: &model.History{Changes: []model.AgentChange{
			{Agent: "triage", File: "agents/triage.yaml", Commit: "0123456789abcdef0123456789abcdef01234567", Author: "Dana Lee",
				Date: time.Date(2026, 10, 2, 9, 30, 0, 0, time.UTC), Subject: "triage: allow zendesk update", TierBefore: "medium", TierAfter: "high", Delta: []string{"+zendesk:update"}},
		}},
		Frameworks: []model.FrameworkView{{Framework: "eu-ai-act", Title: "EU AI Act", Notice: "Indicative mapping through the catalogue's crosswalk.",
			Items: []model.FrameworkItem{{ID: "Art. 12", Title: "Record-keeping", Controls: []string{"A.6.2.6", "A.6.2.8"}, Statuses: []string{"partial", "fail"}, Status: "fail"}}}},
	}
	model.AssignFindingIDs(r.Findings, testRoot)
	return r
}

func fixtureLogs() *model.LogSummary {
	t0 := time.Date(2026, 6, 1, 8, 0, 0, 0, time.UTC)
	s := &model.LogSummary{
		Period:  model.Period{From: model.MustDate("2026-05-01"), To: model.MustDate("2026-10-31")},
		Events:  1200,
		Skipped: 2,
		Files: []model.LogFile{
			{Path: "/var/log/exports/audit.jsonl", Format: "jsonl", Bytes: 40960, Events: 1200, Skipped: 2,
				Errors: []model.RecordError{
					{Location: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 17}, Reason: "truncated JSON"},
					{Location: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 99}, Reason: "time \"yesterday\" is not RFC 3339"},
				}},
			{Path: "logs/trail.json.gz", Format: "cloudtrail", Unreadable: "not gzip despite .gz"},
		},
		Agents: []model.AgentActivity{
			{Agent: "triage", Events: 1100, FirstSeen: t0, LastSeen: t0.Add(72 * time.Hour),
				Tools: []model.ToolUse{{Tool: "zendesk", Operation: "update", Count: 1000, Errors: 3, Granted: true},
					{Tool: "github", Count: 4, Denied: 1, Granted: false}},
				Models: []model.NameCount{{Name: "claude-sonnet-4", Count: 1096}},
				Errors: 3, Denials: 1, HumanReviews: 12, Rejections: 1, Actors: 7, OutOfScope: 4, UnusedGrants: []string{"zendesk:read"}},
			{Agent: "coder", Events: 98, FirstSeen: t0.Add(time.Hour), LastSeen: t0.Add(2 * time.Hour)},
		},
		Shadow: []model.ShadowAgent{{Identity: "arn:aws:iam::123456789012:role/unknown-bot", Events: 2, FirstSeen: t0, LastSeen: t0.Add(time.Minute),
			Source: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 5}}},
		Findings: []model.Finding{
			{Control: "A.6.2.6", Check: "tool-in-scope", Severity: "critical", SubjectKind: "agent", Subject: "triage",
				Location: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 1042},
				Message:  "tool github used 4 times though not granted", Remediation: "Grant the tool or stop the agent using it.", Count: 4},
			{Control: "A.6.2.6", Check: "shadow-agent", Severity: "high", SubjectKind: "agent", Subject: "arn:aws:iam::123456789012:role/unknown-bot",
				Location: model.Pos{File: "/var/log/exports/audit.jsonl", Line: 5}, Message: "activity of an identity that matches no inventory agent", Count: 2},
			{Control: "A.6.2.8", Check: "log-coverage", Severity: "medium", Location: model.Pos{File: "logs/trail.json.gz"},
				Message: "log coverage is incomplete: 1 file could not be read"},
			{Control: "A.9.2", Check: "unused-grant", Severity: "low", SubjectKind: "agent", Subject: "triage",
				Message: "grant zendesk:read never used in the period", Remediation: "Remove grants the agent does not use."},
		},
	}
	model.AssignFindingIDs(s.Findings, testRoot)
	return s
}
