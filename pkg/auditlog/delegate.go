package auditlog

import (
	"time"

	"github.com/aims-cli/aims/pkg/risk"
)

// An agent reached by delegation acts when another agent hands it a task:
// a kagent Agent tool (granted under the target's NS__NS__NAME identity), an
// ADK sub-agent behind transfer_to_agent, a CrewAI coworker, an A2A remote
// agent granted by name. Its silence while no inventory agent delegated to
// it is its rhythm, not a lost log, so a coverage gap of such an agent is
// judged only where a delegation to it fell inside the silence (issue 11 §3).

const (
	delegUnset      int32 = -1
	delegNone       int32 = -2
	delegByResource int32 = -3
)

// delegateTargets marks, per inventory agent, whether another inventory
// agent's grants can hand it a task (risk.DelegationNames).
func (an *analysis) delegateTargets() []bool {
	out := make([]bool, len(an.agents))
	for i, ai := range an.agents {
		for _, g := range ai.a.Tools {
			for _, n := range risk.DelegationNames(g) {
				if t := an.resolveOne(n); t >= 0 && t != i {
					out[t] = true
				}
			}
		}
	}
	return out
}

// noteDelegation records the hour of a call by agent idx that hands a task
// to another inventory agent.
func (g *agg) noteDelegation(idx int32, t *toolAgg, ev *event) {
	if t.delegTo == delegUnset {
		t.delegTo = delegNone
		switch {
		case risk.IsDelegation(t.name):
			t.delegTo = delegByResource
		default:
			if d := g.resolveID([]byte(t.name)); d >= 0 && d != idx {
				t.delegTo = d
			}
		}
	}
	target := t.delegTo
	if target == delegNone {
		return
	}
	if target == delegByResource {
		if len(ev.resource) == 0 {
			return
		}
		target = g.resolveID(ev.resource)
		if target < 0 || target == idx {
			return
		}
	}
	if g.deleg == nil {
		g.deleg = map[int32]map[int64]*uint64{}
	}
	hours := g.deleg[target]
	if hours == nil {
		hours = map[int64]*uint64{}
		g.deleg[target] = hours
	}
	setHour(hours, ev.t)
}

func (g *agg) mergeDelegations(o *agg) {
	for target, oh := range o.deleg {
		if g.deleg == nil {
			g.deleg = map[int32]map[int64]*uint64{}
		}
		hours := g.deleg[target]
		if hours == nil {
			g.deleg[target] = oh
			continue
		}
		for k, w := range oh {
			if d := hours[k]; d != nil {
				*d |= *w
			} else {
				hours[k] = w
			}
		}
	}
}

// setHour marks the UTC hour of t in an hour bitmap (see unixHour).
func setHour(hours map[int64]*uint64, t time.Time) {
	h := unixHour(t)
	*hourWord(hours, h>>6) |= 1 << uint(h&63)
}

// hourSet reports whether hour h (Unix hours) is marked.
func hourSet(hours map[int64]*uint64, h int64) bool {
	w := hours[h>>6]
	return w != nil && *w&(1<<uint(h&63)) != 0
}
