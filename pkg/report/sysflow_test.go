package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// sysFlowLine is every statement the system diagram may hold (Mermaid
// flowchart syntax, mermaid.js.org/syntax/flowchart.html): a node with a
// quoted label, a database node, or an edge with a label between two
// generated node IDs. A label holds only mermaidLabel's plain alphabet.
var sysFlowLine = regexp.MustCompile(`^  (?:[A-Z]\d*\["[A-Za-z0-9 ._:/@*,+=-]*"\]|D\d+\[\("[A-Za-z0-9 ._:/@*,+=-]*"\)\]|[A-Z]\d+ (?:-->|<-->|-\.->)\|[A-Za-z0-9 ._:/@*,+=-]*\| [A-Z]\d+)$`)

// TestSystemMermaidHostileNames: names that try to close a label, end a
// statement, start a new line or add an edge stay inside their labels, and
// every line of the diagram is one of its statement forms.
func TestSystemMermaidHostileNames(t *testing.T) {
	yes := true
	evil := []string{`x"] --> Z["pwned`, "a;b|c[d]{e}", "line one\nclick A call alert()", "end", `%%{init: {"theme":"dark"}}%%`, "<script>"}
	for _, e := range evil {
		sr := model.SystemResult{System: model.System{ID: e}, Agents: []string{e, "b"}, Flow: model.SystemFlow{
			Tools:       []model.FlowResource{{Name: e, Readers: []string{e}, Writers: []string{"b"}}},
			Data:        []model.FlowResource{{Name: e, Readers: []string{"b"}, Categories: []string{e}}},
			Providers:   []model.FlowProvider{{Provider: e, BYOK: &yes, Agents: []string{e, "b"}}},
			Delegations: []model.FlowDelegation{{From: "b", To: e, Via: e}, {From: e, To: "c", Via: e, ToSystem: e}},
		}}
		out := systemMermaid(sr)
		lines := strings.Split(out, "\n")
		if lines[0] != "flowchart LR" {
			t.Errorf("%q: first line %q", e, lines[0])
		}
		for _, l := range lines[1:] {
			if !sysFlowLine.MatchString(l) {
				t.Errorf("%q: line %q is no statement of the diagram", e, l)
			}
		}
		// 3 agents, 1 tool, 1 data source, 1 provider; 2 reads, 1 write, 2 provider edges, 2 delegations.
		if n := len(lines) - 1; n != 13 {
			t.Errorf("%q: %d statements, want 13:\n%s", e, n, out)
		}
	}
}

// TestSystemMermaidCaps: a system of many agents and tools draws at most the
// caps and counts the rest in one node, with no edge to an undrawn node.
func TestSystemMermaidCaps(t *testing.T) {
	var sr model.SystemResult
	for i := range 20 {
		a := fmt.Sprintf("agent-%02d", i)
		sr.Agents = append(sr.Agents, a)
		sr.Flow.Tools = append(sr.Flow.Tools, model.FlowResource{Name: fmt.Sprintf("tool-%02d", i), Readers: []string{a}})
		sr.Flow.Providers = append(sr.Flow.Providers, model.FlowProvider{Provider: fmt.Sprintf("p%02d", i), Agents: []string{a}})
	}
	out := systemMermaid(sr)
	if !strings.Contains(out, `N["not drawn: 8 more agents, 4 more tools, 14 more model providers"]`) {
		t.Errorf("no count of what is left off:\n%s", out)
	}
	nodes := regexp.MustCompile(`(?m)^  ([A-Z]\d*)\[`).FindAllStringSubmatch(out, -1)
	drawn := map[string]bool{}
	for _, n := range nodes {
		drawn[n[1]] = true
	}
	if len(drawn) != sysFlowMaxAgents+sysFlowMaxResources+sysFlowMaxProviders+1 {
		t.Errorf("%d nodes drawn, want %d", len(drawn), sysFlowMaxAgents+sysFlowMaxResources+sysFlowMaxProviders+1)
	}
	edges := regexp.MustCompile(`(?m)^  ([A-Z]\d+) \S+\|[^|]*\| ([A-Z]\d+)$`).FindAllStringSubmatch(out, -1)
	// 12 tool reads and 6 provider edges reach drawn agents.
	if len(edges) != 18 {
		t.Errorf("%d edges, want 18:\n%s", len(edges), out)
	}
	for _, e := range edges {
		if !drawn[e[1]] || !drawn[e[2]] {
			t.Errorf("edge %q to an undrawn node", e[0])
		}
	}
}
