package report

import (
	"fmt"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// Caps of the system-level Mermaid diagram, so that a system of hundreds of
// agents stays a readable figure; what is left off is counted in one node.
const (
	sysFlowMaxAgents    = 12
	sysFlowMaxResources = 16
	sysFlowMaxProviders = 6
)

// systemMermaid draws one system's data flow (model.SystemFlow, computed by
// the engine) as a Mermaid flowchart: its agents, the tools and data sources
// they read and write (shared ones once), the model providers with their key
// path, and delegations between agents. Node IDs are generated and every
// label passes mermaidLabel, so no input can close a label or add a statement.
func systemMermaid(sr model.SystemResult) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	agent := map[string]string{}
	more := map[string]int{}
	addAgent := func(id, label string) bool {
		if _, ok := agent[id]; ok {
			return true
		}
		if len(agent) >= sysFlowMaxAgents {
			more["agents"]++
			return false
		}
		n := fmt.Sprintf("A%d", len(agent))
		agent[id] = n
		fmt.Fprintf(&b, "  %s[\"%s\"]\n", n, label)
		return true
	}
	for _, id := range sr.Agents {
		addAgent(id, "agent "+mermaidLabel(id))
	}
	// Delegation targets in another system are drawn as agents of it.
	for _, d := range sr.Flow.Delegations {
		if d.ToSystem != "" {
			addAgent(d.To, "agent "+mermaidLabel(d.To)+" of system "+mermaidLabel(d.ToSystem))
		}
	}
	drawn := 0
	resource := func(kind, prefix string, i int, r model.FlowResource) {
		if drawn >= sysFlowMaxResources {
			more[kind]++
			return
		}
		drawn++
		n := fmt.Sprintf("%s%d", prefix, i)
		if prefix == "D" {
			fmt.Fprintf(&b, "  %s[(\"%s: %s\")]\n", n, mermaidLabel(r.Name), defaultStr(mermaidLabel(strings.Join(r.Categories, ", ")), "no categories"))
		} else {
			fmt.Fprintf(&b, "  %s[\"tool %s\"]\n", n, mermaidLabel(r.Name))
		}
		for _, a := range r.Readers {
			if an, ok := agent[a]; ok {
				fmt.Fprintf(&b, "  %s -->|read| %s\n", n, an)
			}
		}
		for _, a := range r.Writers {
			if an, ok := agent[a]; ok {
				fmt.Fprintf(&b, "  %s -->|write| %s\n", an, n)
			}
		}
	}
	for i, r := range sr.Flow.Tools {
		resource("tools", "T", i, r)
	}
	for i, r := range sr.Flow.Data {
		resource("data sources", "D", i, r)
	}
	for i, p := range sr.Flow.Providers {
		if i >= sysFlowMaxProviders {
			more["model providers"]++
			continue
		}
		fmt.Fprintf(&b, "  M%d[\"%s, %s\"]\n", i, defaultStr(mermaidLabel(p.Provider), "provider not declared"), keyPath(model.Model{BYOK: p.BYOK}))
		for _, a := range p.Agents {
			if an, ok := agent[a]; ok {
				fmt.Fprintf(&b, "  %s <-->|prompts, completions| M%d\n", an, i)
			}
		}
	}
	for _, d := range sr.Flow.Delegations {
		from, ok1 := agent[d.From]
		to, ok2 := agent[d.To]
		if ok1 && ok2 {
			fmt.Fprintf(&b, "  %s -.->|delegates, %s| %s\n", from, mermaidLabel(d.Via), to)
		}
	}
	var left []string
	for _, k := range []string{"agents", "tools", "data sources", "model providers"} {
		if more[k] > 0 {
			left = append(left, fmt.Sprintf("%d more %s", more[k], k))
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, "  N[\"not drawn: %s\"]\n", strings.Join(left, ", "))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func defaultStr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
