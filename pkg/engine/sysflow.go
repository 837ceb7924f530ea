package engine

import (
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// systemFlow gathers the data flow of one system's agents (issue 13 §8, the
// system-level diagram): shared tools and data sources once with their
// readers and writers, providers by key path, and delegations. A grant that
// hands a task to another inventory agent is a delegation, not a tool.
func systemFlow(agents []*model.Agent, named map[string]*model.Agent) model.SystemFlow {
	flow := model.SystemFlow{Tools: []model.FlowResource{}, Data: []model.FlowResource{},
		Providers: []model.FlowProvider{}, Delegations: []model.FlowDelegation{}}
	tools, data := map[string]*model.FlowResource{}, map[string]*model.FlowResource{}
	providers := map[string]*model.FlowProvider{}
	var writes []string
	for _, a := range agents {
		for _, g := range a.Tools {
			if ds := delegationsOf(a, g, named); len(ds) > 0 {
				flow.Delegations = append(flow.Delegations, ds...)
				continue
			}
			r := resource(tools, g.Name)
			if writes = risk.AppendGrantWrites(writes[:0], g); len(writes) > 0 {
				r.Writers = appendOnce(r.Writers, a.ID)
			} else {
				r.Readers = appendOnce(r.Readers, a.ID)
			}
		}
		for _, d := range a.Data {
			r := resource(data, d.Source)
			if d.Access == "write" {
				r.Writers = appendOnce(r.Writers, a.ID)
			} else {
				r.Readers = appendOnce(r.Readers, a.ID)
			}
			for _, c := range d.Categories {
				r.Categories = appendOnce(r.Categories, c)
			}
		}
		key := a.Model.Provider + "\x00"
		if a.Model.BYOK != nil {
			key += map[bool]string{true: "byok", false: "vendor"}[*a.Model.BYOK]
		}
		p := providers[key]
		if p == nil {
			p = &model.FlowProvider{Provider: a.Model.Provider, BYOK: a.Model.BYOK, Agents: []string{}}
			providers[key] = p
		}
		p.Agents = appendOnce(p.Agents, a.ID)
	}
	flow.Tools = sortedResources(tools)
	flow.Data = sortedResources(data)
	keys := make([]string, 0, len(providers))
	for k := range providers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sort.Strings(providers[k].Agents)
		flow.Providers = append(flow.Providers, *providers[k])
	}
	sort.SliceStable(flow.Delegations, func(i, j int) bool {
		a, b := flow.Delegations[i], flow.Delegations[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Via < b.Via
	})
	return flow
}

// delegationsOf returns the delegations one grant of agent a declares, by
// the names risk.DelegationNames gives (the audit-log coverage reads the same).
func delegationsOf(a *model.Agent, g model.Grant, named map[string]*model.Agent) []model.FlowDelegation {
	var out []model.FlowDelegation
	for _, n := range risk.DelegationNames(g) {
		t := named[n]
		if t == nil || t == a {
			continue
		}
		d := model.FlowDelegation{From: a.ID, To: t.ID, Via: g.Name}
		if t.System != a.System {
			d.ToSystem = t.System
		}
		out = append(out, d)
	}
	return out
}

// agentNames maps each agent's ID and literal identities to it; an ID wins
// over another agent's identity, and the first agent by ID over later ones.
func agentNames(agents []*model.Agent) map[string]*model.Agent {
	m := make(map[string]*model.Agent, len(agents))
	for _, a := range agents {
		m[a.ID] = a
	}
	for _, a := range agents {
		for _, id := range a.Identities {
			if _, ok := m[id]; !ok && !strings.ContainsAny(id, "*?[") {
				m[id] = a
			}
		}
	}
	return m
}

func resource(m map[string]*model.FlowResource, name string) *model.FlowResource {
	r := m[name]
	if r == nil {
		r = &model.FlowResource{Name: name, Readers: []string{}, Writers: []string{}}
		m[name] = r
	}
	return r
}

func sortedResources(m map[string]*model.FlowResource) []model.FlowResource {
	out := make([]model.FlowResource, 0, len(m))
	for _, r := range m {
		sort.Strings(r.Readers)
		sort.Strings(r.Writers)
		sort.Strings(r.Categories)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func appendOnce(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
