package pdf

import (
	"github.com/aims-cli/aims/pkg/model"
)

// Caps of the system figure's columns; the rest are counted in one box each.
const (
	maxSysFlowAgents    = 12
	maxSysFlowProviders = 6
)

// sysFlowBox is one box of the system figure with the agents its arrows reach.
type sysFlowBox struct {
	lines            []string
	readers, writers []string // resources: agents that read it, that write it
	agents           []string // providers: agents that reach it
	y, h             float64
}

// systemFlow draws one system's data flow (model.SystemFlow, computed by the
// engine) as a vector figure with the facts of the markdown report's
// system diagram: tools and data sources on the left with arrows into the
// agents that read them and out of those that write them, the agents in the
// middle, the model providers with their key path on the right, and
// delegations between agents listed under the figure (issue 13 §8).
func (d *doc) systemFlow(s model.SystemResult) {
	const (
		size  = 7.0
		leftW = 56.0
		gap   = 22.0
		midW  = 38.0
		pad   = 1.2
		vgap  = 2.0
	)
	rightW := contentWidth - leftW - midW - 2*gap
	lh := lineH(size)
	// Agent boxes and a provider's first line print bold, so they are measured bold.
	boxIn := func(st style, text string, w float64) []string { return d.capLines(st, size, clean(text), w-2*pad, 2) }
	box := func(text string, w float64) []string { return boxIn(regular, text, w) }

	var left []sysFlowBox
	for _, t := range s.Flow.Tools {
		left = append(left, sysFlowBox{lines: box("tool "+t.Name, leftW), readers: t.Readers, writers: t.Writers})
	}
	for _, x := range s.Flow.Data {
		left = append(left, sysFlowBox{lines: box(x.Name+": "+joinOr(x.Categories, "no categories"), leftW), readers: x.Readers, writers: x.Writers})
	}
	if len(left) > maxFlowInputs {
		n := len(left) - maxFlowInputs + 1
		left = append(left[:maxFlowInputs-1], sysFlowBox{lines: box(plural(n, "more tool or data source", "more tools and data sources")+" (agent pages)", leftW)})
	}
	var mid []sysFlowBox
	for _, id := range s.Agents {
		mid = append(mid, sysFlowBox{lines: boxIn(bold, "agent "+id, midW)})
	}
	if len(mid) > maxSysFlowAgents {
		n := len(mid) - maxSysFlowAgents + 1
		mid = append(mid[:maxSysFlowAgents-1], sysFlowBox{lines: boxIn(bold, plural(n, "more agent", "more agents"), midW)})
	}
	if len(mid) == 0 {
		mid = []sysFlowBox{{lines: boxIn(bold, "no agents", midW)}}
	}
	var right []sysFlowBox
	for _, p := range s.Flow.Providers {
		key := keyPath(p.BYOK)
		right = append(right, sysFlowBox{lines: append(d.capLines(bold, size, clean(nonEmpty(p.Provider, "provider not declared")), rightW-2*pad, 1), box(key, rightW)...), agents: p.Agents})
	}
	if len(right) > maxSysFlowProviders {
		n := len(right) - maxSysFlowProviders + 1
		right = append(right[:maxSysFlowProviders-1], sysFlowBox{lines: boxIn(bold, plural(n, "more model provider", "more model providers"), rightW)})
	}
	column := func(bs []sysFlowBox) float64 {
		total := 0.0
		for i := range bs {
			bs[i].h = float64(len(bs[i].lines))*lh + 2*pad
			total += bs[i].h
		}
		return total + float64(max(len(bs)-1, 0))*vgap
	}
	lt, mt, rt := column(left), column(mid), column(right)
	figH := max(lt, mt, rt)

	var deleg []string
	for _, dl := range s.Flow.Delegations {
		to := dl.To
		if dl.ToSystem != "" {
			to += " (system " + dl.ToSystem + ")"
		}
		deleg = append(deleg, d.capLines(regular, size, clean("Delegation: "+dl.From+" hands tasks to "+to+" through "+dl.Via), contentWidth, 2)...)
	}
	if len(deleg) > 8 {
		deleg = append(deleg[:7], plural(len(s.Flow.Delegations), "delegation", "delegations")+" in all (agent pages)")
	}

	d.h2("", "Data flow of "+s.System.ID, 0, figH+float64(len(deleg))*lh+lineH(sizeM)+6)
	top := d.y
	x0, x1 := marginL, marginL+leftW+gap
	x2 := x1 + midW + gap
	place := func(bs []sysFlowBox, total float64) {
		y := top + (figH-total)/2
		for i := range bs {
			bs[i].y = y
			y += bs[i].h + vgap
		}
	}
	place(left, lt)
	place(mid, mt)
	place(right, rt)
	agentY := map[string]float64{}
	for i, id := range s.Agents {
		if i < len(mid) && (len(s.Agents) <= maxSysFlowAgents || i < maxSysFlowAgents-1) {
			agentY[id] = mid[i].y + mid[i].h/2
		}
	}
	draw := func(x, w float64, b sysFlowBox, fill rgb, st style) {
		d.setFill(fill)
		d.setDraw(colRule)
		if !d.dry {
			d.f.SetLineWidth(0.25)
		}
		d.rect(x, b.y, w, b.h, "FD")
		ty := b.y + pad
		for _, l := range b.lines {
			d.text(st, size, colInk, x+pad, ty, l, w-2*pad)
			ty += lh
			st = regular
		}
	}
	for _, b := range left {
		draw(x0, leftW, b, colZebra, regular)
		cy := b.y + b.h/2
		for _, a := range b.readers {
			if ay, ok := agentY[a]; ok {
				d.arrow(x0+leftW, cy, x1, ay, true, false)
			}
		}
		for _, a := range b.writers {
			if ay, ok := agentY[a]; ok {
				d.arrow(x0+leftW, cy, x1, ay, false, true)
			}
		}
	}
	for _, b := range mid {
		draw(x1, midW, b, colBand, bold)
	}
	for _, b := range right {
		draw(x2, rightW, b, colZebra, bold)
		cy := b.y + b.h/2
		for _, a := range b.agents {
			if ay, ok := agentY[a]; ok {
				d.arrow(x1+midW, ay, x2, cy, true, true)
			}
		}
	}
	d.y = top + figH + 2
	for _, l := range deleg {
		d.text(regular, size, colMuted, marginL, d.y, l, contentWidth)
		d.y += lh
	}
	d.y += 2
}
