package engine

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// The agent facts reuse one set of buffers from agent to agent: the facts of
// an agent must not depend on which agent came before it.
func TestAgentFactsDoNotLeakBetweenAgents(t *testing.T) {
	var agents []*model.Agent
	for i := range 12 {
		a, ps := load.ParseAgent("a.yaml", agentYAML(i))
		if len(ps.Errors()) > 0 {
			t.Fatal(ps)
		}
		agents = append(agents, a)
	}
	// One agent with many grants, categories and sources, and one with none.
	big := *agents[0]
	for i := range 6 {
		big.Tools = append(big.Tools, model.Grant{Name: "tool", Operations: []string{"delete", "post", "read"}})
		big.Data = append(big.Data, model.DataAccess{Source: "s", Categories: []string{"health", "pii-" + string(rune('a'+i))}, Access: "write"})
	}
	big.Data = append(big.Data, model.DataAccess{Source: "uncategorised", Access: "read"}, model.DataAccess{Source: "other", Access: "write"})
	empty := model.Agent{ID: "empty", Tools: []model.Grant{}}
	agents = append(agents, &big, &empty)

	facts := func(st *state, a *model.Agent) string {
		prof := risk.Compute(a, nil, st.vendors)
		v := risk.Judge(a, nil, prof.Tier, testNow)
		b, err := json.Marshal(agentFacts(st, a, nil, &prof, &v))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	in := Input{Inventory: benchInventory(), Now: testNow}
	for _, a := range agents {
		want := facts(newState(in, nil), a)
		for _, before := range agents {
			st := newState(in, nil)
			facts(st, before)
			if got := facts(st, a); got != want {
				t.Fatalf("facts of %s after %s differ from its facts alone:\n%s", a.ID, before.ID, cmp.Diff(want, got))
			}
		}
	}
}
