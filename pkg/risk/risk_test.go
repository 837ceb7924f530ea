package risk

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

func yes() *bool { b := true; return &b }

// minimal is a read-only, private, containerised agent on its own key.
func minimal() *model.Agent {
	return &model.Agent{
		ID: "a", Scope: "private", Audience: "internal", Isolation: "container",
		Model: model.Model{Provider: "p", BYOK: yes()},
		Tools: []model.Grant{{Name: "kb", Operations: []string{"search", "read"}, Resources: []string{"kb/*"}}},
	}
}

func factors(p Profile) map[string]int {
	m := map[string]int{}
	for _, f := range p.Factors {
		m[f.ID] = f.Points
	}
	return m
}

func TestComputeFactorByFactor(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(a *model.Agent, s *model.System)
		tier  string
		score int
		moved map[string]int // factors expected with these points
	}{
		{"read-only private agent is low", func(*model.Agent, *model.System) {}, "low", 0,
			map[string]int{"scope": 0, "write-operations": 0, "isolation": 0, "inference-path": 0}},
		{"undeclared scope and isolation are assumed broad", func(a *model.Agent, _ *model.System) { a.Scope, a.Isolation = "", "" }, "medium", 4,
			map[string]int{"scope": 2, "isolation": 2}},
		{"a write without review", func(a *model.Agent, _ *model.System) {
			a.Tools = append(a.Tools, model.Grant{Name: "jira", Operations: []string{"create"}, Resources: []string{"SUP/*"}})
		}, "medium", 4, map[string]int{"write-operations": 2, "no-human-review": 2}},
		{"the same write under human review", func(a *model.Agent, _ *model.System) {
			a.Tools = append(a.Tools, model.Grant{Name: "jira", Operations: []string{"create"}, Resources: []string{"SUP/*"}})
			a.Oversight.HumanReview = []string{"jira:create"}
		}, "low", 2, map[string]int{"write-operations": 2, "no-human-review": 0}},
		{"no operations list means any operation, destructive included", func(a *model.Agent, _ *model.System) {
			a.Tools = []model.Grant{{Name: "shell"}}
		}, "medium", 7, map[string]int{"write-operations": 2, "destructive-operations": 2, "no-human-review": 2, "unbounded-resources": 1}},
		{"sensitive data through the vendor", func(a *model.Agent, _ *model.System) {
			a.Model.BYOK = nil
			a.Data = []model.DataAccess{{Source: "crm", Categories: []string{"personal"}, Access: "read"}}
		}, "medium", 4, map[string]int{"sensitive-data": 2, "inference-path": 2}},
		{"training on customer data", func(a *model.Agent, _ *model.System) { a.TrainingOnCustomerData = true }, "low", 3,
			map[string]int{"training-on-customer-data": 3}},
		{"customer-facing through the system", func(a *model.Agent, s *model.System) { a.Audience, s.CustomerFacing = "", true }, "low", 2,
			map[string]int{"audience": 2}},
		{"a high-risk system floors the tier", func(_ *model.Agent, s *model.System) { s.EUAIAct = "high" }, "high", 0,
			map[string]int{"floor": 0}},
		{"everything at once is critical", func(a *model.Agent, s *model.System) {
			a.Scope, a.Audience, a.Isolation, a.Model.BYOK, a.TrainingOnCustomerData = "organization", "customer-facing", "shared", nil, true
			a.Tools = []model.Grant{{Name: "payments", Operations: []string{"transfer"}}}
			a.Data = []model.DataAccess{{Source: "ledger", Categories: []string{"financial"}, Access: "write"}}
		}, "critical", 21, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, s := minimal(), &model.System{ID: "s"}
			tt.edit(a, s)
			p := Compute(a, s, nil)
			if p.Tier != tt.tier || p.Score != tt.score {
				t.Errorf("tier %s score %d, want %s %d; factors %+v", p.Tier, p.Score, tt.tier, tt.score, p.Factors)
			}
			got := factors(p)
			for id, pts := range tt.moved {
				if v, ok := got[id]; !ok || v != pts {
					t.Errorf("factor %s = %d (present %v), want %d", id, v, ok, pts)
				}
			}
			sum := 0
			for _, f := range p.Factors {
				sum += f.Points
				if f.Detail == "" {
					t.Errorf("factor %s has no explanation", f.ID)
				}
			}
			if sum != p.Score {
				t.Errorf("factors add up to %d, score is %d", sum, p.Score)
			}
		})
	}
}

func TestVendorAnswersMoveTheTier(t *testing.T) {
	a := minimal()
	a.Model.BYOK = nil
	trains := true
	vendors := map[string]*model.Vendor{"p": {ID: "p", Answers: model.VendorAnswers{InferencePath: "byok-direct", TrainsOnCustomerData: &trains}}}
	got := factors(Compute(a, nil, vendors))
	if got["inference-path"] != 0 || got["training-on-customer-data"] != 3 {
		t.Errorf("factors %v: a byok-direct vendor means own key; a vendor that trains adds 3", got)
	}
}

// TestIsSensitiveMatchesPatterns checks the allocation-free matcher against
// the plain statement of the rule over every pairing of category and affix.
func TestIsSensitiveMatchesPatterns(t *testing.T) {
	ref := func(c string) bool {
		c = strings.ToLower(c)
		for _, s := range SensitiveCategories {
			if c == s || strings.HasPrefix(c, s+":") || strings.HasPrefix(c, s+"-") || strings.HasSuffix(c, "-"+s) || strings.Contains(c, "-"+s+"-") {
				return true
			}
		}
		return false
	}
	affixes := []string{"", "-", ":", "x", "x-", "-x", "a-b-", "-hr", "hr-", "é-"}
	for _, s := range append(SensitiveCategories, "internal", "HR", "Pii") {
		for _, pre := range affixes {
			for _, suf := range affixes {
				c := pre + s + suf
				if got, want := IsSensitive(c), ref(c); got != want {
					t.Errorf("IsSensitive(%q) = %v, want %v", c, got, want)
				}
			}
		}
	}
}

func TestClassifiers(t *testing.T) {
	for op, want := range map[string][2]bool{ // write, destructive
		"read": {false, false}, "search": {false, false}, "post": {true, false}, "create_issue": {true, false},
		"delete": {true, true}, "transfer": {true, true}, "update-record": {true, false}, "lookup": {false, false},
		"Create_Issue": {true, false}, "rerun": {false, false}, "postkarte": {false, false}, "send email": {true, false},
		"überweisung": {false, false}, "tickets.DELETE": {true, true}, "": {false, false}, "run": {true, false},
		// camelCase names (Vercel AI SDK tools, MCP servers) split at the hump.
		"createTicket": {true, false}, "deleteFile": {true, true}, "getWeather": {false, false}, "HTTPGet": {false, false},
		"recreate": {false, false}, "k8s2Delete": {true, true},
	} {
		if got := [2]bool{IsWrite(op), IsDestructive(op)}; got != want {
			t.Errorf("%s: write/destructive %v, want %v", op, got, want)
		}
	}
	for c, want := range map[string]bool{"personal": true, "PII": true, "customer-pii": true, "pii:email": true, "health": true, "internal": false, "contact": false, "public": false,
		"x-pii-y": true, "piiz": false, "zpii": false, "hr": true, "chr": false, "three": false, "pii-": true, "-pii": true,
		"ahr-b": false, "x-ahr-hr": true, "x-ahr-b-hr-c": true, "x-ahr-b": false, "": false, "pii:": true, "Customer-PII": true} {
		if IsSensitive(c) != want {
			t.Errorf("IsSensitive(%q) = %v", c, !want)
		}
	}
	o := model.Oversight{HumanReview: []string{"slack", "post", "jira:create", "git*:push"}}
	for _, tc := range []struct {
		tool, op string
		want     bool
	}{
		{"slack", "read", true}, {"zendesk", "post", true}, {"jira", "create", true}, {"jira", "delete", false},
		{"github", "push", true}, {"gitlab", "merge", false},
	} {
		if Reviewed(o, tc.tool, tc.op) != tc.want {
			t.Errorf("Reviewed(%s:%s) = %v", tc.tool, tc.op, !tc.want)
		}
	}
	if d := cmp.Diff([]string{"kb:*", "jira:create"}, WriteOperations(&model.Agent{Tools: []model.Grant{{Name: "kb"}, {Name: "jira", Operations: []string{"read", "create"}}}})); d != "" {
		t.Errorf("WriteOperations (-want +got):\n%s", d)
	}
}

// A grant with no operations list allows any operation, so it may write,
// unless its name reads as one read-only function: kagent's built-in tools
// (kagent-dev/kagent go/internal/... k8s_get_resources, k8s_get_events, as
// `aims import kagent` grants each toolName), MCP reference servers'
// read_file/list_directory (modelcontextprotocol/servers filesystem), a
// Vercel AI SDK tool named getWeather. A service grant (jira) or a name
// with any write verb stays "may do anything".
func TestGrantWithoutOperationsJudgedByName(t *testing.T) {
	for name, want := range map[string][]string{
		"k8s_get_events":     nil,
		"k8s_get_resources":  nil,
		"read_file":          nil,
		"list_directory":     nil,
		"getWeather":         nil,
		"web_search":         nil,
		"k8s_apply_manifest": {"k8s_apply_manifest:*"},
		"get_and_delete":     {"get_and_delete:*"},
		"searchAndReplace":   {"searchAndReplace:*"},
		"jira":               {"jira:*"},
		"issue_refund":       {"issue_refund:*"},
		"createTicket":       {"createTicket:*"},
	} {
		if d := cmp.Diff(want, WriteOperations(&model.Agent{Tools: []model.Grant{{Name: name}}})); d != "" {
			t.Errorf("%s: WriteOperations (-want +got):\n%s", name, d)
		}
	}
	// Declared operations are what the grant may do, whatever its name says.
	if d := cmp.Diff([]string{"k8s_get_events:delete"}, WriteOperations(&model.Agent{Tools: []model.Grant{{Name: "k8s_get_events", Operations: []string{"delete"}}}})); d != "" {
		t.Errorf("declared operations (-want +got):\n%s", d)
	}
}

func TestTierForScore(t *testing.T) {
	for score, want := range map[int]string{0: "low", 3: "low", 4: "medium", 7: "medium", 8: "high", 11: "high", 12: "critical", 30: "critical"} {
		if got := TierForScore(score); got != want {
			t.Errorf("TierForScore(%d) = %s, want %s", score, got, want)
		}
	}
}

// A delegation tool hands the task to another agent and writes nothing
// itself: ADK's transfer_to_agent (google/adk-python
// flows/llm_flows/agent_transfer.py, as `aims import adk` grants it, with the
// agents as resources) and CrewAI's coworker tools (crewai/tools/agent_tools).
func TestDelegationWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		tools []model.Grant
		want  []string
	}{
		{"adk transfer, no operations", []model.Grant{{Name: "transfer_to_agent", Resources: []string{"billing_agent"}}}, nil},
		{"crewai coworker tools", []model.Grant{{Name: "Delegate work to coworker"}, {Name: "Ask question to coworker"}}, nil},
		{"delegation beside a write", []model.Grant{{Name: "transfer_to_agent"}, {Name: "refunds", Operations: []string{"create"}}}, []string{"refunds:create"}},
		{"a tool merely named like one", []model.Grant{{Name: "transfer_to_account"}}, []string{"transfer_to_account:*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, WriteOperations(&model.Agent{Tools: tt.tools})); d != "" {
				t.Errorf("WriteOperations (-want +got):\n%s", d)
			}
		})
	}
}

// DelegationNames is the one reading of which names a grant may hand a task
// to: the system data-flow diagram and the audit-log coverage of delegates
// both resolve these names to agents.
func TestDelegationNames(t *testing.T) {
	for _, tc := range []struct {
		g    model.Grant
		want []string
	}{
		{model.Grant{Name: "transfer_to_agent", Resources: []string{"billing_agent", "faq_*", ""}}, []string{"billing_agent"}},
		{model.Grant{Name: "platform_ops__NS__runbook_agent"}, []string{"platform_ops__NS__runbook_agent"}},
		{model.Grant{Name: "mcp__github__*"}, []string{}},
		{model.Grant{Name: "transfer_to_agent"}, []string{}},
	} {
		if d := cmp.Diff(tc.want, DelegationNames(tc.g)); d != "" {
			t.Errorf("%s: (-want +got):\n%s", tc.g.Name, d)
		}
	}
}
