package engine

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestSystemFlow: the system-level data flow (issue 13 §8) draws a shared
// tool or data source once with every agent reading or writing it, groups
// agents by provider and key path, and turns grants that hand a task to
// another inventory agent into delegations instead of tools: a delegation
// tool by the agents its resources name literally (a glob names none), a tool
// granted under another agent's identity, also one of another system.
func TestSystemFlow(t *testing.T) {
	yes := true
	router := &model.Agent{ID: "router", System: "sys-a", Model: model.Model{Provider: "openai", BYOK: &yes},
		Tools: []model.Grant{
			{Name: "transfer_to_agent", Resources: []string{"drafter", "agents/*", "router"}},
			{Name: "kagent__ns__helper"},
			{Name: "search_kb", Operations: []string{"search"}},
		},
		Data: []model.DataAccess{{Source: "tickets", Categories: []string{"personal"}, Access: "read"}}}
	drafter := &model.Agent{ID: "drafter", System: "sys-a", Model: model.Model{Provider: "openai", BYOK: &yes},
		Tools: []model.Grant{{Name: "search_kb", Operations: []string{"search"}}, {Name: "zendesk", Operations: []string{"read", "reply"}}},
		Data:  []model.DataAccess{{Source: "tickets", Categories: []string{"contact"}, Access: "write"}}}
	lone := &model.Agent{ID: "lone", System: "sys-a"}
	helper := &model.Agent{ID: "helper", System: "sys-b", Identities: []string{"kagent__ns__helper", "helper-*"}}
	all := []*model.Agent{drafter, helper, lone, router}

	got := systemFlow([]*model.Agent{drafter, lone, router}, agentNames(all))
	want := model.SystemFlow{
		Tools: []model.FlowResource{
			{Name: "search_kb", Readers: []string{"drafter", "router"}, Writers: []string{}},
			{Name: "zendesk", Readers: []string{}, Writers: []string{"drafter"}},
		},
		Data: []model.FlowResource{
			{Name: "tickets", Readers: []string{"router"}, Writers: []string{"drafter"}, Categories: []string{"contact", "personal"}},
		},
		Providers: []model.FlowProvider{
			{Provider: "", Agents: []string{"lone"}},
			{Provider: "openai", BYOK: &yes, Agents: []string{"drafter", "router"}},
		},
		Delegations: []model.FlowDelegation{
			{From: "router", To: "drafter", Via: "transfer_to_agent"},
			{From: "router", To: "helper", Via: "kagent__ns__helper", ToSystem: "sys-b"},
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("systemFlow (-want +got):\n%s", d)
	}
}
