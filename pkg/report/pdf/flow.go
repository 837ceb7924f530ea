package pdf

import (
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/aims-cli/aims/pkg/model"
)

// flowBox is one node of the data-flow figure.
type flowBox struct {
	lines []string
	dir   int // tools and data: 1 into the agent (read), -1 out of it (write), 0 both ways
}

// maxFlowInputs bounds the left column; the rest are counted in one box.
const maxFlowInputs = 12

// dataFlow draws the agent's declared data flow as a vector figure, the same
// facts as the markdown report's Mermaid diagram: tools (operations) and
// data sources (read or write, categories) on the left, the agent with its
// isolation in the middle, the model provider with its key path and training
// on customer data on the right (issue 13 §8).
func (d *doc) dataFlow(a *model.Agent) {
	const (
		size  = 7.0
		leftW = 64.0
		gap   = 20.0
		midW  = 34.0
		pad   = 1.2
		vgap  = 2.0
	)
	rightW := contentWidth - leftW - midW - 2*gap
	lh := lineH(size)
	box := func(text string, w float64) []string { return d.capLines(regular, size, clean(text), w-2*pad, 4) }

	var left []flowBox
	for _, t := range a.Tools {
		ops := "any operation"
		if t.Operations != nil {
			ops = joinOr(t.Operations, "no operation")
		}
		left = append(left, flowBox{lines: box("tool "+t.Name+": "+ops, leftW), dir: 0})
	}
	for _, x := range a.Data {
		cats := joinOr(x.Categories, "no categories")
		access := nonEmpty(x.Access, "read")
		dir := 1
		if access == "write" {
			dir = -1
		}
		left = append(left, flowBox{lines: box(x.Source+" ("+access+"): "+cats, leftW), dir: dir})
	}
	if len(left) > maxFlowInputs {
		n := len(left) - maxFlowInputs + 1
		left = append(left[:maxFlowInputs-1], flowBox{lines: box(plural(n, "more tool or data source", "more tools and data sources")+" (tables below)", leftW)})
	}
	if len(left) == 0 {
		left = []flowBox{{lines: box("no tools or data sources declared", leftW), dir: 0}}
	}
	heights := make([]float64, len(left))
	total := 0.0
	for i, b := range left {
		heights[i] = float64(len(b.lines))*lh + 2*pad
		total += heights[i]
	}
	total += float64(len(left)-1) * vgap

	agent := box("agent "+a.ID+"\nisolation: "+nonEmpty(a.Isolation, "not declared"), midW)
	provider := nonEmpty(strings.TrimSpace(a.Model.Provider+" "+a.Model.Name), "provider not declared")
	key := keyPath(a.Model.BYOK)
	train := "no training on customer data"
	if a.TrainingOnCustomerData {
		train = "trains on customer data"
	}
	var right []string
	for _, s := range []string{provider, key, train} {
		right = append(right, d.capLines(regular, size, clean(s), rightW-2*pad, 3)...)
	}
	agentH := float64(len(agent))*lh + 2*pad
	rightH := float64(len(right))*lh + 2*pad
	figH := max(total, agentH, rightH)

	d.h2("", "Data flow", 0, figH+lineH(sizeM)+4)
	top := d.y
	x0, x1 := marginL, marginL+leftW+gap
	x2 := x1 + midW + gap
	midY := top + figH/2
	draw := func(x, y, w, h float64, ls []string, fill rgb, st style) {
		d.setFill(fill)
		d.setDraw(colRule)
		if !d.dry {
			d.f.SetLineWidth(0.25)
		}
		d.rect(x, y, w, h, "FD")
		ty := y + pad
		for _, l := range ls {
			d.text(st, size, colInk, x+pad, ty, l, w-2*pad)
			ty += lh
			st = regular
		}
	}
	y := top + (figH-total)/2
	for i, b := range left {
		h := heights[i]
		draw(x0, y, leftW, h, b.lines, colZebra, regular)
		cy := y + h/2
		d.arrow(x0+leftW, cy, x1, midY, b.dir >= 0, b.dir <= 0)
		y += h + vgap
	}
	draw(x1, midY-agentH/2, midW, agentH, agent, colBand, bold)
	draw(x2, midY-rightH/2, rightW, rightH, right, colZebra, bold)
	d.arrow(x1+midW, midY, x2, midY, true, true)
	for i, lbl := range []string{"prompts", "completions"} {
		ly := midY - lineH(6.0) - 0.4
		if i == 1 {
			ly = midY + 0.4
		}
		d.text(regular, 6.0, colMuted, x1+midW+(gap-d.width(regular, 6.0, lbl))/2, ly, lbl, gap)
	}
	d.y = top + figH + 4
}

// arrow draws a line from (xa, ya) to (xb, yb) with a head at b (toB), at a
// (toA), or both.
func (d *doc) arrow(xa, ya, xb, yb float64, toB, toA bool) {
	d.rule(xa, ya, xb, yb, 0.3, colMuted)
	head := func(xt, yt, xf, yf float64) {
		if d.dry {
			return
		}
		ang := math.Atan2(yt-yf, xt-xf)
		const l, spread = 1.8, 0.45
		d.setFill(colMuted)
		d.f.Polygon([]fpdf.PointType{
			{X: xt, Y: yt},
			{X: xt - l*math.Cos(ang-spread), Y: yt - l*math.Sin(ang-spread)},
			{X: xt - l*math.Cos(ang+spread), Y: yt - l*math.Sin(ang+spread)},
		}, "F")
	}
	if toB {
		head(xb, yb, xa, ya)
	}
	if toA {
		head(xa, ya, xb, yb)
	}
}

// keyPath says how inference reaches the provider, from model.byok: the
// agent figure and the system figure print the same words.
func keyPath(byok *bool) string {
	switch {
	case byok == nil:
		return "key path not declared"
	case *byok:
		return "BYOK, direct to the provider"
	}
	return "through the vendor"
}
