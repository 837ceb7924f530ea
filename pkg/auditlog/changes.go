package auditlog

import (
	"sort"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// maxChanges bounds the configuration changes listed in the summary; the
// earliest are kept (by time, then position), so the list is the same for
// any worker count.
const maxChanges = 100

type changeRec struct {
	t                                                    time.Time
	p                                                    pos
	agent, actor, actorKind, tool, op, resource, outcome string
}

func (c *changeRec) less(o *changeRec) bool {
	if !c.t.Equal(o.t) {
		return c.t.Before(o.t)
	}
	return c.p.less(o.p)
}

// noteChange keeps a config.change event (copied: ev's bytes are the reader's).
func (g *agg) noteChange(ev *event, p pos, agent string) {
	g.nchanges++
	g.changes = keepChange(g.changes, changeRec{t: ev.t, p: p, agent: agent, actor: string(ev.actor), actorKind: string(ev.actorKind), tool: string(ev.tool),
		op: string(ev.op), resource: string(ev.resource), outcome: string(ev.outcome)})
}

func keepChange(list []changeRec, c changeRec) []changeRec {
	i := sort.Search(len(list), func(i int) bool { return c.less(&list[i]) })
	if i >= maxChanges {
		return list
	}
	list = append(list, changeRec{})
	copy(list[i+1:], list[i:])
	list[i] = c
	if len(list) > maxChanges {
		list = list[:maxChanges]
	}
	return list
}

func (g *agg) mergeChanges(o *agg) {
	g.nchanges += o.nchanges
	for _, c := range o.changes {
		g.changes = keepChange(g.changes, c)
	}
}

func (g *agg) summarizeChanges(s *model.LogSummary, loc func(pos) model.Pos) {
	for _, c := range g.changes {
		s.ConfigChanges = append(s.ConfigChanges, model.ConfigChange{Time: c.t, Agent: c.agent, Actor: c.actor, ActorKind: c.actorKind, Tool: c.tool,
			Operation: c.op, Resource: c.resource, Outcome: c.outcome, Source: loc(c.p)})
	}
	s.MoreConfigChanges = g.nchanges - int64(len(g.changes))
}
