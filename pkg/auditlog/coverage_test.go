package auditlog

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestCoverageCadence: coverage gaps are judged only while an agent is
// deployed (not testing, not before approval, not after retirement) and
// against its own cadence, so that a weekly agent is not silent after a day
// (issue 11 §3).
func TestCoverageCadence(t *testing.T) {
	days := func(start string, offsets ...int) []time.Time {
		t0, _ := time.Parse(time.RFC3339, start)
		var out []time.Time
		for _, d := range offsets {
			out = append(out, t0.AddDate(0, 0, d))
		}
		return out
	}
	deployed := func(mod func(*model.Agent)) *model.Agent {
		a := &model.Agent{ID: "a", Identities: []string{"a"}, Lifecycle: model.LifecycleDeployed}
		if mod != nil {
			mod(a)
		}
		return a
	}
	tests := []struct {
		name  string
		agent *model.Agent
		at    []time.Time
		gaps  []string
		note  string
	}{
		{"daily with a 5-day silence", deployed(nil), days("2026-11-01T09:00:00Z", 0, 1, 2, 3, 8, 9, 10),
			[]string{"2026-11-04T10:00:00Z to 2026-11-09T09:00:00Z"}, "active about every day"},
		{"daily, one missed day is within twice the cadence", deployed(nil), days("2026-11-01T09:00:00Z", 0, 1, 2, 4, 5, 6), nil, "silences longer than 48h"},
		{"weekly agent", deployed(nil), days("2026-10-05T06:00:00Z", 0, 7, 14, 21, 28, 35), nil, "active about every week"},
		{"weekly agent silent for four weeks", deployed(nil), days("2026-09-07T06:00:00Z", 0, 7, 14, 21, 49, 56),
			[]string{"2026-09-28T07:00:00Z to 2026-10-26T06:00:00Z"}, "longer than 336h"},
		{"testing agent", deployed(func(a *model.Agent) { a.Lifecycle = model.LifecycleTesting }), days("2026-11-01T09:00:00Z", 0, 1, 2, 10, 11, 12), nil, "lifecycle testing"},
		{"no lifecycle is judged as deployed", deployed(func(a *model.Agent) { a.Lifecycle = "" }), days("2026-11-01T09:00:00Z", 0, 1, 2, 10, 11, 12),
			[]string{"2026-11-03T10:00:00Z to 2026-11-11T09:00:00Z"}, "every day"},
		{"silence before approval", deployed(func(a *model.Agent) { a.Approval.ApprovedOn = model.MustDate("2026-11-10") }), days("2026-11-01T09:00:00Z", 0, 9, 10, 11, 12), nil, "every day"},
		{"silence after retirement", deployed(func(a *model.Agent) { a.RetiredOn = model.MustDate("2026-11-04") }), days("2026-11-01T09:00:00Z", 0, 1, 2, 3, 17), nil, "every day"},
		{"too little activity", deployed(nil), days("2026-11-01T09:00:00Z", 0, 10, 20), nil, "too few"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var lines []string
			for _, at := range tc.at {
				lines = append(lines, ev(at.Format(time.RFC3339), "a", "tool.call", "x", "", "success", "", "input", "i", "output", "o"))
			}
			write(t, dir, "e.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
			s := analyze(t, dir, []*model.Agent{tc.agent}, Options{Thresholds: model.Thresholds{LogGapHours: 48}}, "e.jsonl")
			var got []string
			for _, f := range s.Findings {
				if f.Check == CheckCoverageGap {
					got = append(got, f.First.Format(time.RFC3339)+" to "+f.Last.Format(time.RFC3339))
				}
			}
			if d := cmp.Diff(tc.gaps, got); d != "" {
				t.Errorf("gaps (-want +got):\n%s", d)
			}
			if act := s.Agents[0]; !strings.Contains(act.Coverage, tc.note) || act.Gaps != len(tc.gaps) {
				t.Errorf("coverage %q with %d gaps, want it to say %q with %d", act.Coverage, act.Gaps, tc.note, len(tc.gaps))
			}
		})
	}
}

// TestCoverageOfDelegates: an agent reached by delegation acts when another
// hands it a task (kagent's Agent tool granted under the target's
// NS__NS__NAME identity, kagent-dev/kagent go/internal/adk; ADK's
// transfer_to_agent with the target as resource, adk-python
// flows/llm_flows/agent_transfer.py), so its silence is a gap only when a
// delegation to it fell inside the silence (the delegation then left no
// record of the delegate's work).
func TestCoverageOfDelegates(t *testing.T) {
	day := func(d int, h int) string {
		return time.Date(2026, 11, 1+d, h, 0, 0, 0, time.UTC).Format(time.RFC3339)
	}
	parent := func(grant model.Grant) *model.Agent {
		return &model.Agent{ID: "ops", Identities: []string{"ops"}, Lifecycle: model.LifecycleDeployed, Tools: []model.Grant{grant}}
	}
	runbook := &model.Agent{ID: "runbook-agent", Identities: []string{"platform_ops__NS__runbook_agent"}, Lifecycle: model.LifecycleDeployed}
	kagentTool := model.Grant{Name: "platform_ops__NS__runbook_agent"}
	transfer := model.Grant{Name: "transfer_to_agent", Resources: []string{"runbook-agent"}}
	tests := []struct {
		name      string
		parent    *model.Agent
		delegated []int // days on which ops delegated to the runbook agent
		worked    []int // days on which the runbook agent logged its work
		gaps      int
	}{
		{"kagent tool: no delegation in the silence", parent(kagentTool), []int{0, 1, 2, 3, 8, 9}, []int{0, 1, 2, 3, 8, 9}, 0},
		{"kagent tool: delegated, delegate silent", parent(kagentTool), []int{0, 1, 2, 3, 5, 8, 9}, []int{0, 1, 2, 3, 8, 9}, 1},
		{"transfer_to_agent: no delegation in the silence", parent(transfer), []int{0, 1, 2, 3, 8, 9}, []int{0, 1, 2, 3, 8, 9}, 0},
		{"transfer_to_agent: delegated, delegate silent", parent(transfer), []int{0, 1, 2, 3, 6, 8, 9}, []int{0, 1, 2, 3, 8, 9}, 1},
		{"nobody can delegate to it: judged as before", parent(model.Grant{Name: "k8s_get_events"}), nil, []int{0, 1, 2, 3, 8, 9}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var lines []string
			for _, d := range tc.delegated {
				g := tc.parent.Tools[0]
				lines = append(lines, ev(day(d, 9), "ops", "tool.call", g.Name, "", "success", "", "resource", "runbook-agent", "input", "i", "output", "o"))
			}
			if tc.delegated == nil {
				for _, d := range tc.worked {
					lines = append(lines, ev(day(d, 9), "ops", "tool.call", "k8s_get_events", "", "success", "", "input", "i", "output", "o"))
				}
			}
			for _, d := range tc.worked {
				lines = append(lines, ev(day(d, 10), "platform_ops__NS__runbook_agent", "tool.call", "search_runbooks", "", "success", "", "input", "i", "output", "o"))
			}
			dir := t.TempDir()
			write(t, dir, "e.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
			s := analyze(t, dir, []*model.Agent{tc.parent, runbook}, Options{Thresholds: model.Thresholds{LogGapHours: 48}}, "e.jsonl")
			n := 0
			for _, f := range s.Findings {
				if f.Check == CheckCoverageGap && f.Subject == "runbook-agent" {
					n = f.Count
				}
			}
			if n != tc.gaps {
				t.Errorf("runbook-agent gaps %d, want %d (coverage: %s)", n, tc.gaps, s.Agents[1].Coverage)
			}
		})
	}
}
