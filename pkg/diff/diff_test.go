package diff

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

var changeDay = time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// triage is a realistic medium-tier agent: organisation-wide, reads customer
// PII from tickets, reads Jira, runs in a container, inference through the vendor.
func triage() *model.Agent {
	return &model.Agent{
		APIVersion: "aims/v1", Kind: "Agent", ID: "triage-bot", Name: "Triage bot", System: "support",
		Owner: "ops@example.com", Lifecycle: "deployed", Scope: "organization", Audience: "internal",
		Model:     model.Model{Provider: "openai", Name: "gpt-4.1"},
		Isolation: "container",
		Tools:     []model.Grant{{Name: "jira", Operations: []string{"search", "get_issue"}, Resources: []string{"SUP-*"}}},
		Data:      []model.DataAccess{{Source: "zendesk", Categories: []string{"customer-pii"}, Access: "read"}},
		Logging:   model.Logging{Actions: true, Inputs: true, Outputs: true, RetentionDays: 365},
		File:      "/repo/agents/triage.yaml",
		Pos: model.Positions{
			"":                       {File: "/repo/agents/triage.yaml", Line: 1, Col: 1},
			"tools":                  {File: "/repo/agents/triage.yaml", Line: 14, Col: 3},
			"tools[0].operations":    {File: "/repo/agents/triage.yaml", Line: 16, Col: 17},
			"tools[1]":               {File: "/repo/agents/triage.yaml", Line: 18, Col: 5},
			"logging.inputs":         {File: "/repo/agents/triage.yaml", Line: 25, Col: 11},
			"oversight.human_review": {File: "/repo/agents/triage.yaml", Line: 30, Col: 17},
		},
	}
}

func inventory(assessed string) *model.Inventory {
	inv := &model.Inventory{APIVersion: "aims/v1", Kind: "Inventory", Organization: model.Organization{Name: "Example"},
		Systems: []model.System{{ID: "support", Name: "Support", Risk: model.Risk{Level: "medium"}, Vendors: []string{"openai"},
			ImpactAssessment: model.ImpactAssessment{DoneOn: model.MustDate("2026-01-10")}}},
		Vendors: []model.Vendor{{ID: "openai", Role: model.VendorModelProvider,
			Answers: model.VendorAnswers{Isolation: "container", InferencePath: "through-vendor", TrainsOnCustomerData: ptr(false)}}},
		File: "/repo/inventory.yaml",
		Pos: model.Positions{
			"systems[0].risk.level":                      {File: "/repo/inventory.yaml", Line: 9, Col: 14},
			"vendors[0].answers.trains_on_customer_data": {File: "/repo/inventory.yaml", Line: 22, Col: 32},
			"controls[0].applicable":                     {File: "/repo/inventory.yaml", Line: 30, Col: 17},
		},
	}
	if assessed != "" {
		inv.Systems[0].Risk.AssessedOn = model.MustDate(assessed)
	}
	return inv
}

func side(label string, inv *model.Inventory, agents ...*model.Agent) *Side {
	return &Side{Label: label, Inventory: inv, Agents: agents, Root: "/repo"}
}

func compare(base, head *Side) *Result {
	return Compare(base, head, Options{ChangeDate: changeDay})
}

func TestGrantAddedNeedsReassessment(t *testing.T) {
	tests := []struct {
		name         string
		headAssessed string
		wantFindings int
	}{
		{"no new assessment", "2026-03-01", 1},
		{"assessed the day of the change", "2026-11-20", 0},
		{"assessed later", "2026-11-22", 0},
		{"assessed the day before", "2026-11-19", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := triage()
			after.Tools = append(after.Tools, model.Grant{Name: "jira-write", Operations: []string{"create_issue"}, Resources: []string{"SUP-*"}})
			hi := inventory(tt.headAssessed)
			hi.Systems[0].ImpactAssessment.DoneOn = model.MustDate(tt.headAssessed)
			r := compare(side("HEAD~1", inventory("2026-03-01"), triage()), side("working tree", hi, after))
			if len(r.Agents) != 1 {
				t.Fatalf("agents = %d, want 1", len(r.Agents))
			}
			a := r.Agents[0]
			if a.Effect != Widen || a.TierBefore != "medium" || a.TierAfter != "high" {
				t.Fatalf("effect %s tier %s -> %s, want widen medium -> high", a.Effect, a.TierBefore, a.TierAfter)
			}
			if len(r.Findings) != tt.wantFindings {
				t.Fatalf("findings = %+v, want %d", r.Findings, tt.wantFindings)
			}
			if tt.wantFindings == 0 {
				return
			}
			f := r.Findings[0]
			want := "agent triage-bot: grant added jira-write:create_issue; computed risk medium -> high; no risk assessment on or after 2026-11-20"
			if !strings.HasPrefix(f.Message, want) {
				t.Errorf("message\n got %q\nwant %q", f.Message, want)
			}
			if f.Severity != "high" || f.Control != ControlReassessment || f.Check != CheckReassessment {
				t.Errorf("finding %+v", f)
			}
			if got := f.Location.String(); got != "agents/triage.yaml:18:5" {
				t.Errorf("location %q, want agents/triage.yaml:18:5", got)
			}
		})
	}
}

func TestImpactAssessmentForHighTier(t *testing.T) {
	after := triage()
	after.Tools = append(after.Tools, model.Grant{Name: "jira-write", Operations: []string{"create_issue"}})
	r := compare(side("a", inventory("2026-03-01"), triage()), side("b", inventory("2026-11-21"), after))
	if len(r.Findings) != 1 || r.Findings[0].Control != ControlImpact || r.Findings[0].Check != CheckImpact {
		t.Fatalf("findings %+v, want one impact-assessment finding", r.Findings)
	}
	if !strings.Contains(r.Findings[0].Message, "no impact assessment on or after 2026-11-20") {
		t.Errorf("message %q", r.Findings[0].Message)
	}
}

func TestGrantRemovedIsRiskReduced(t *testing.T) {
	before := triage()
	before.Tools = append(before.Tools, model.Grant{Name: "slack", Operations: []string{"post_message"}})
	r := compare(side("a", inventory(""), before), side("b", inventory(""), triage()))
	if len(r.Findings) != 0 {
		t.Fatalf("findings %+v, want none", r.Findings)
	}
	a := r.Agents[0]
	if a.Effect != Narrow {
		t.Fatalf("effect %s, want narrow", a.Effect)
	}
	if got := r.Headline(); got != "1 agent changed: 1 reduced" {
		t.Errorf("headline %q", got)
	}
}

// whats lists "effect: what" of an agent's changes, without the computed tier line.
func whats(a AgentDiff) []string {
	var out []string
	for _, c := range a.Changes {
		if c.Field != "risk.computed" {
			out = append(out, c.Effect+": "+c.What)
		}
	}
	return out
}

func TestFieldChanges(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(b, h *model.Agent)
		want   []string
		effect string
	}{
		{"operations any -> list", func(b, h *model.Agent) {
			b.Tools[0].Operations = nil
		}, []string{"narrow: jira operations narrowed to search, get_issue"}, Narrow},
		{"operations list -> any", func(b, h *model.Agent) {
			h.Tools[0].Operations = nil
		}, []string{"widen: jira operations widened to any"}, Widen},
		{"operations none -> list", func(b, h *model.Agent) {
			b.Tools[0].Operations = []string{}
		}, []string{"widen: grant added jira:search", "widen: grant added jira:get_issue"}, Widen},
		{"operation star", func(b, h *model.Agent) {
			h.Tools[0].Operations = []string{"*"}
		}, []string{"widen: jira operations widened to any"}, Widen},
		{"resource glob widened", func(b, h *model.Agent) {
			h.Tools[0].Resources = []string{"*"}
		}, []string{"widen: jira resources widened to any"}, Widen},
		{"resource glob grows", func(b, h *model.Agent) {
			h.Tools[0].Resources = []string{"SUP-*", "FIN-*"}
		}, []string{"widen: resource added jira FIN-*"}, Widen},
		{"resource glob covered", func(b, h *model.Agent) {
			h.Tools[0].Resources = []string{"SUP-1*"}
		}, []string{"neutral: resource added jira SUP-1*", "narrow: resource removed jira SUP-*"}, Narrow},
		{"resource broader replaces narrower", func(b, h *model.Agent) {
			b.Tools[0].Resources = []string{"SUP-1*"}
			h.Tools[0].Resources = []string{"SUP-*"}
		}, []string{"widen: resource added jira SUP-*", "neutral: resource removed jira SUP-1*"}, Widen},
		{"resources any -> none", func(b, h *model.Agent) {
			b.Tools[0].Resources = nil
			h.Tools[0].Resources = []string{}
		}, []string{"narrow: jira resources narrowed to none"}, Narrow},
		{"data category and write access", func(b, h *model.Agent) {
			h.Data[0].Categories = append(h.Data[0].Categories, "payment")
			h.Data[0].Access = "write"
		}, []string{"widen: data category added zendesk payment", "widen: data access zendesk read -> write"}, Widen},
		{"data source removed", func(b, h *model.Agent) {
			h.Data = nil
		}, []string{"narrow: data source removed zendesk"}, Narrow},
		{"scope and audience", func(b, h *model.Agent) {
			b.Scope = "team"
			h.Audience = "customer-facing"
		}, []string{"widen: scope team -> organization", "widen: audience internal -> customer-facing"}, Widen},
		{"scope narrowed", func(b, h *model.Agent) {
			h.Scope = "private"
		}, []string{"narrow: scope organization -> private"}, Narrow},
		{"isolation weaker", func(b, h *model.Agent) {
			h.Isolation = "shared"
		}, []string{"widen: isolation container -> shared"}, Widen},
		{"byok off", func(b, h *model.Agent) {
			b.Model.BYOK = ptr(true)
			h.Model.BYOK = ptr(false)
		}, []string{"widen: BYOK off: inference runs through the vendor"}, Widen},
		{"provider and model", func(b, h *model.Agent) {
			h.Model.Provider = "anthropic"
			h.Model.Name = "claude"
		}, []string{"widen: model provider openai -> anthropic", "neutral: model gpt-4.1 -> claude"}, Widen},
		{"allowed models dropped", func(b, h *model.Agent) {
			b.Model.Allowed = []string{"gpt-4.1*"}
		}, []string{"widen: allowed models: restriction removed"}, Widen},
		{"logging reduced", func(b, h *model.Agent) {
			h.Logging.Inputs = false
			h.Logging.RetentionDays = 90
		}, []string{"widen: logging reduced: inputs off", "widen: logging reduced: retention shorter (365 -> 90 days)"}, Widen},
		{"oversight reduced", func(b, h *model.Agent) {
			b.Tools[0].Operations = append(b.Tools[0].Operations, "comment")
			h.Tools[0].Operations = append(h.Tools[0].Operations, "comment")
			b.Oversight.HumanReview = []string{"jira:comment"}
		}, []string{"widen: oversight reduced: jira:comment no longer needs review"}, Widen},
		{"oversight added", func(b, h *model.Agent) {
			b.Tools[0].Operations = append(b.Tools[0].Operations, "comment")
			h.Tools[0].Operations = append(h.Tools[0].Operations, "comment")
			h.Oversight.HumanReview = []string{"comment"}
		}, []string{"narrow: oversight added: jira:comment now needs review"}, Narrow},
		{"lifecycle to retired", func(b, h *model.Agent) {
			h.Lifecycle = "retired"
		}, []string{"narrow: lifecycle deployed -> retired"}, Narrow},
		{"lifecycle to deployed", func(b, h *model.Agent) {
			b.Lifecycle = "testing"
		}, []string{"widen: lifecycle testing -> deployed"}, Widen},
		{"identities", func(b, h *model.Agent) {
			h.Identities = []string{"arn:aws:iam::1:role/triage"}
		}, []string{"neutral: identity added arn:aws:iam::1:role/triage"}, Neutral},
		{"training on customer data", func(b, h *model.Agent) {
			h.TrainingOnCustomerData = true
		}, []string{"widen: training on customer data on"}, Widen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, h := triage(), triage()
			tt.edit(b, h)
			r := compare(side("a", inventory(""), b), side("b", inventory(""), h))
			if len(r.Agents) != 1 {
				t.Fatalf("agents %d, want 1", len(r.Agents))
			}
			if d := cmp.Diff(tt.want, whats(r.Agents[0])); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
			if r.Agents[0].Effect != tt.effect {
				t.Errorf("effect %s, want %s", r.Agents[0].Effect, tt.effect)
			}
			if tt.effect != Widen && len(r.Findings) != 0 {
				t.Errorf("a %s change failed the gate: %+v", tt.effect, r.Findings)
			}
		})
	}
}

func TestUnchangedAgentIsLeftOut(t *testing.T) {
	r := compare(side("a", inventory(""), triage()), side("b", inventory(""), triage()))
	if len(r.Agents) != 0 || len(r.Findings) != 0 || r.Headline() != "no agent or inventory changes" {
		t.Fatalf("got %+v", r)
	}
}

func TestRenames(t *testing.T) {
	moved := triage()
	moved.File = "/repo/agents/support/triage.yaml"
	renamedID := triage()
	renamedID.ID = "ticket-triage"
	other := triage()
	other.ID, other.File = "ticket-triage", "/repo/agents/ticket-triage.yaml"

	tests := []struct {
		name    string
		base    *Side
		head    *Side
		renames map[string]string
		want    []string // id status previous
	}{
		{"file moved, same id", side("a", nil, triage()), side("b", nil, moved), nil, []string{"triage-bot renamed "}},
		{"same file, id changed", side("a", nil, triage()), side("b", nil, renamedID), nil, []string{"ticket-triage renamed triage-bot"}},
		{"git rename, id changed", side("a", nil, triage()), side("b", nil, other),
			map[string]string{"agents/triage.yaml": "agents/ticket-triage.yaml"}, []string{"ticket-triage renamed triage-bot"}},
		{"no rename info: removed and added", side("a", nil, triage()), side("b", nil, other), nil,
			[]string{"ticket-triage added ", "triage-bot removed "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compare(tt.base, tt.head, Options{ChangeDate: changeDay, Renames: tt.renames})
			var got []string
			for _, a := range r.Agents {
				got = append(got, a.ID+" "+a.Status+" "+a.PreviousID)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("agents (-want +got):\n%s", d)
			}
		})
	}
}

func TestInventoryChanges(t *testing.T) {
	bi, hi := inventory("2026-03-01"), inventory("2026-03-01")
	hi.Systems[0].Risk.Level = "low"
	hi.Vendors[0].Answers.TrainsOnCustomerData = ptr(true)
	bi.Controls = []model.ControlAttestation{{ID: "A.8.5"}}
	hi.Controls = []model.ControlAttestation{{ID: "A.8.5", Applicable: ptr(false)}}
	r := compare(side("a", bi, triage()), side("b", hi, triage()))

	var got []string
	for _, c := range r.Inventory {
		got = append(got, c.Effect+": "+c.What)
	}
	want := []string{
		"widen: Statement of Applicability: control A.8.5 excluded",
		"widen: system support risk level medium -> low",
		"widen: vendor openai trains on customer data: false -> true",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	// The vendor change reaches the agent that uses it.
	if len(r.Agents) != 1 || r.Agents[0].TierAfter != "critical" && r.Agents[0].TierAfter != "high" {
		t.Fatalf("agents %+v", r.Agents)
	}
	var checks []string
	for _, f := range r.Findings {
		checks = append(checks, f.SubjectKind+" "+f.Subject+" "+f.Control+" "+f.Location.String())
	}
	wantChecks := []string{
		"system support 8.2 inventory.yaml:9:14",
		"agent triage-bot 8.2 inventory.yaml:22:32",
		"organization A.8.5 6.1.3 inventory.yaml:30:17",
	}
	if d := cmp.Diff(wantChecks, checks); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

// fiveAgents is a pull request touching five agents in five ways.
func fiveAgents() (*Side, *Side) {
	mk := func(id string, edit func(a *model.Agent)) *model.Agent {
		a := triage()
		a.ID, a.File = id, "/repo/agents/"+id+".yaml"
		for k, p := range a.Pos {
			p.File = a.File
			a.Pos[k] = p
		}
		if edit != nil {
			edit(a)
		}
		return a
	}
	base := side("origin/main", inventory("2026-03-01"),
		mk("triage-bot", nil),
		mk("billing-assistant", func(a *model.Agent) {
			a.Tools = append(a.Tools, model.Grant{Name: "stripe", Operations: []string{"create_refund"}, Resources: []string{"acct_*"}})
			a.Oversight.HumanReview = []string{"stripe:create_refund"}
		}),
		mk("hr-helper", func(a *model.Agent) { a.Scope = "team" }),
		mk("release-notes", func(a *model.Agent) { a.Data = nil; a.Model.Name = "gpt-4o" }),
	)
	head := side("HEAD", inventory("2026-03-01"),
		mk("triage-bot", func(a *model.Agent) {
			a.Tools = append(a.Tools, model.Grant{Name: "jira-write", Operations: []string{"create_issue", "comment"}, Resources: []string{"SUP-*"}})
		}),
		mk("billing-assistant", func(a *model.Agent) {
			a.Tools = append(a.Tools, model.Grant{Name: "stripe", Operations: []string{"create_refund"}, Resources: []string{"acct_*"}})
		}),
		mk("hr-helper", func(a *model.Agent) { a.Scope = "private"; a.Logging.RetentionDays = 400 }),
		mk("release-notes", func(a *model.Agent) {
			a.Data = nil
			a.Model.Name = "gpt-4.1"
			a.Owner = "docs@example.com"
			a.File = "/repo/agents/docs/release-notes.yaml"
		}),
		mk("sales-drafts", func(a *model.Agent) { a.Audience = "customer-facing"; a.Scope = "team" }),
	)
	return base, head
}

func TestFiveAgentHeadline(t *testing.T) {
	base, head := fiveAgents()
	r := compare(base, head)
	if got := r.Headline(); got != "5 agents changed: 3 risk widened (high), 1 reduced, 1 neutral" {
		t.Errorf("headline %q", got)
	}
}

// An agent committed in design (or as retired history) runs nothing, so the
// gate asks for no assessment yet; the same agent added in development or
// later, or moved from design to development, is judged (lifecycle-gate/diff,
// sketch-bot).
func TestAgentAddedInDesignWaitsForItsLifecycle(t *testing.T) {
	for _, tc := range []struct {
		lifecycle  string
		wantEffect string
		findings   int
	}{
		{model.LifecycleDesign, Neutral, 0},
		{model.LifecycleRetired, Neutral, 0},
		{model.LifecycleDevelopment, Widen, 1},
		{model.LifecycleTesting, Widen, 1},
		{model.LifecycleDeployed, Widen, 1},
	} {
		t.Run(tc.lifecycle, func(t *testing.T) {
			a := triage()
			a.Lifecycle = tc.lifecycle
			res := compare(side("base", inventory("2026-03-01")), side("head", inventory("2026-03-01"), a))
			if len(res.Agents) != 1 || res.Agents[0].Status != StatusAdded || res.Agents[0].Effect != tc.wantEffect {
				t.Fatalf("agents %+v, want one added agent with effect %s", res.Agents, tc.wantEffect)
			}
			if len(res.Findings) != tc.findings {
				t.Errorf("%d findings, want %d: %+v", len(res.Findings), tc.findings, res.Findings)
			}
		})
	}
	design, dev := triage(), triage()
	design.Lifecycle, dev.Lifecycle = model.LifecycleDesign, model.LifecycleDevelopment
	res := compare(side("base", inventory("2026-03-01"), design), side("head", inventory("2026-03-01"), dev))
	if len(res.Findings) != 1 || res.Findings[0].Check != CheckReassessment {
		t.Errorf("design -> development: %+v, want one %s finding", res.Findings, CheckReassessment)
	}
}

// A vendor reached only through a tool grant or a data source (no system
// lists it, no agent has it as provider) is used all the same (docs/
// inventory.md, "Which vendors the agents use"): its worsened answer reaches
// the agents that use it; a vendor no one uses raises nothing; a system that
// lists the vendor while none of its agents uses it is named on the vendor
// (lifecycle-gate/diff, shift-planner and faxline).
func TestVendorUsedThroughToolsOrDataReachesItsAgents(t *testing.T) {
	vendor := func(id string, tools, sources []string) model.Vendor {
		return model.Vendor{ID: id, Role: model.VendorIntegration, Tools: tools, DataSources: sources,
			Answers: model.VendorAnswers{Isolation: "container", TrainsOnCustomerData: ptr(false)}}
	}
	for _, tc := range []struct {
		name      string
		v         model.Vendor
		listedBy  bool // sys "support" lists the vendor
		agentUses bool
		want      []string
	}{
		{"tool glob", vendor("rosterly", []string{"rosterly*"}, nil), false, true, []string{"agent triage-bot"}},
		{"tool named by the vendor id", vendor("jira", nil, nil), false, true, []string{"agent triage-bot"}},
		{"data source glob", vendor("zendeskco", nil, []string{"zendesk"}), false, true, []string{"agent triage-bot"}},
		{"used by nothing", vendor("faxline", []string{"fax*"}, nil), false, false, nil},
		{"listed by a system, used by none of its agents", vendor("faxline", []string{"fax*"}, nil), true, false, []string{"vendor faxline"}},
		{"listed and used: the agent finding says it", vendor("rosterly", []string{"rosterly*"}, nil), true, true, []string{"agent triage-bot"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bi, hi := inventory("2026-03-01"), inventory("2026-03-01")
			bv, hv := tc.v, tc.v
			hv.Answers.TrainsOnCustomerData = ptr(true)
			bi.Vendors, hi.Vendors = append(bi.Vendors, bv), append(hi.Vendors, hv)
			if tc.listedBy {
				bi.Systems[0].Vendors = append(bi.Systems[0].Vendors, tc.v.ID)
				hi.Systems[0].Vendors = append(hi.Systems[0].Vendors, tc.v.ID)
			}
			a := triage()
			if tc.agentUses {
				a.Tools = append(a.Tools, model.Grant{Name: "rosterly_shifts", Operations: []string{"read"}})
			}
			ba, ha := *a, *a
			r := compare(side("a", bi, &ba), side("b", hi, &ha))
			var got []string
			for _, f := range r.Findings {
				got = append(got, f.SubjectKind+" "+f.Subject)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// A category added to a data source widens only when it is data about people
// (risk.IsPersonal); public and internal labels are neutral, as they are for
// undeclared categories in the logs (issue 11 section 3; lifecycle-gate/diff,
// faq-bot).
func TestDataCategoryAddedWidensForPersonalDataOnly(t *testing.T) {
	for _, tc := range []struct {
		category string
		effect   string
		findings int
	}{
		{"public", Neutral, 0},
		{"internal", Neutral, 0},
		{"contact", Widen, 1},
		{"health", Widen, 1},
	} {
		t.Run(tc.category, func(t *testing.T) {
			before, after := triage(), triage()
			after.Data = []model.DataAccess{{Source: "zendesk", Categories: []string{"customer-pii", tc.category}, Access: "read"}}
			r := compare(side("a", inventory("2026-03-01"), before), side("b", inventory("2026-03-01"), after))
			if len(r.Agents) != 1 {
				t.Fatalf("agents %+v", r.Agents)
			}
			var got string
			for _, c := range r.Agents[0].Changes {
				if c.Field == "data.categories" {
					got = c.Effect
				}
			}
			if got != tc.effect || len(r.Findings) != tc.findings {
				t.Errorf("category %s added: effect %q and %d findings, want %q and %d", tc.category, got, len(r.Findings), tc.effect, tc.findings)
			}
		})
	}
}
