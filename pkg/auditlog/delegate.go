package auditlog

import (
	"bytes"
	"time"

	"github.com/aims-cli/aims/pkg/model"
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

// noteNested records that the agent named by ev.delegFrom ran agent idx by
// nesting idx's invocation in its own (otlp_adk.go sendNested): a
// delegation from it to idx in that hour.
func (g *agg) noteNested(idx int32, ev *event) {
	for _, id := range bytes.Split(ev.delegFrom, []byte{0}) {
		from := g.resolveID(id)
		if from < 0 {
			continue
		}
		if from == idx {
			return
		}
		if g.nested == nil {
			g.nested = map[int32]map[int32]bool{}
		}
		if g.nested[from] == nil {
			g.nested[from] = map[int32]bool{}
		}
		g.nested[from][idx] = true
		if g.deleg == nil {
			g.deleg = map[int32]map[int64]*uint64{}
		}
		if g.deleg[idx] == nil {
			g.deleg[idx] = map[int64]*uint64{}
		}
		setHour(g.deleg[idx], ev.t)
		return
	}
}

// nestedUse reports whether agent from ran, by nesting, an agent that grant
// gr delegates to (risk.DelegationNames): the grant is used.
func (an *analysis) nestedUse(g *agg, from int, gr model.Grant) bool {
	ran := g.nested[int32(from)]
	if len(ran) == 0 {
		return false
	}
	for _, n := range risk.DelegationNames(gr) {
		if t := an.resolveOne(n); t >= 0 && ran[int32(t)] {
			return true
		}
	}
	return false
}

func (g *agg) mergeDelegations(o *agg) {
	for from, ran := range o.nested {
		if g.nested == nil {
			g.nested = map[int32]map[int32]bool{}
		}
		if g.nested[from] == nil {
			g.nested[from] = ran
			continue
		}
		for t := range ran {
			g.nested[from][t] = true
		}
	}
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
