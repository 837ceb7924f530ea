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

// One judge of whether a grant may write (issue 11 §4): the engine's facts
// (write-operations-reviewed reads them) list exactly the operations
// pkg/risk's WriteOperations lists for the risk tier, for every kind of
// grant.
func TestWriteOperationsOneJudge(t *testing.T) {
	tests := []struct {
		name  string
		tools []model.Grant
		want  []string
	}{
		{"no operations list: any, writes included", []model.Grant{{Name: "jira"}}, []string{"jira:*"}},
		{"read only", []model.Grant{{Name: "jira", Operations: []string{"read", "search"}}}, nil},
		{"none", []model.Grant{{Name: "jira", Operations: []string{}}}, nil},
		{"write verbs and a star", []model.Grant{{Name: "jira", Operations: []string{"get_issue", "create_issue", "*"}}}, []string{"jira:create_issue", "jira:*"}},
		{"delegation writes nothing", []model.Grant{{Name: "transfer_to_agent", Resources: []string{"billing"}}}, nil},
		{"delegation beside a write", []model.Grant{{Name: "Delegate work to coworker"}, {Name: "slack", Operations: []string{"post_message"}}}, []string{"slack:post_message"}},
	}
	in := Input{Inventory: benchInventory(), Now: testNow}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &model.Agent{ID: "a", Tools: tt.tools}
			prof := risk.Compute(a, nil, nil)
			v := risk.Judge(a, nil, prof.Tier, testNow)
			f := agentFacts(newState(in, nil), a, nil, &prof, &v)
			if d := cmp.Diff(tt.want, risk.WriteOperations(a)); d != "" {
				t.Errorf("risk.WriteOperations (-want +got):\n%s", d)
			}
			got := f.WriteOperations
			if len(got) == 0 {
				got = nil
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("engine facts WriteOperations (-want +got):\n%s", d)
			}
		})
	}
}
