package pdf

import (
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// bar draws one group's label, stacked segments and total.
func (d *doc) bar(g model.GroupSummary, barX, unit, labelW, barH float64) {
	// A label too long for one line goes on two in a smaller size, centred
	// on its bar (a row is barH+rowGap high), so the auditor reads the whole
	// group title ("A.8 Information for interested parties of AI systems").
	label := line(g.ID + "  " + g.Title)
	if d.width(regular, sizeS, label) <= labelW-3 {
		d.text(regular, sizeS, colInk, marginL, d.y+(barH-lineH(sizeS))/2, label, labelW-3)
	} else {
		const small = 7.0
		ls := d.capLines(regular, small, label, labelW-3, 2)
		y := d.y + (barH-float64(len(ls))*lineH(small))/2
		for _, l := range ls {
			d.text(regular, small, colInk, marginL, y, l, labelW-3)
			y += lineH(small)
		}
	}
	x := barX
	total := 0
	for _, s := range model.Statuses {
		n := max(g.Status[s], 0)
		if n == 0 {
			continue
		}
		total += n
		w := float64(n) * unit
		t := statusTone(s)
		d.setFill(t.solid)
		d.rect(x, d.y, w, barH, "F")
		lbl := itoa(n)
		if lw := d.width(bold, sizeS, lbl); lw+1.5 < w {
			d.text(bold, sizeS, colWhite, x+(w-lw)/2, d.y+(barH-lineH(sizeS))/2, lbl, w)
		}
		x += w
	}
	d.text(regular, sizeS, colMuted, x+1.5, d.y+(barH-lineH(sizeS))/2, itoa(total), 0)
}

// chart draws the Annex A control status per group as horizontal stacked bars
// with the PDF's own rectangles and lines: one bar per group, a segment per
// status in the order of model.Statuses, counts inside the segments that are
// wide enough, a count axis with grid lines and a legend.
func (d *doc) chart() {
	var groups []model.GroupSummary
	for _, g := range d.res.Summary.Groups {
		if strings.HasPrefix(g.ID, "A.") {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		d.h2("", "Annex A control status by group", 0, 10)
		d.para("The result holds no Annex A groups.", italic, colMuted)
		return
	}
	const (
		labelW = 62.0
		totalW = 10.0
		barH   = 5.2
		rowGap = 2.6
		axisH  = 6.0
		legH   = 8.0
	)
	maxTotal := 1
	for _, g := range groups {
		t := 0
		for _, s := range model.Statuses {
			t += max(g.Status[s], 0)
		}
		maxTotal = max(maxTotal, t)
	}
	// Axis steps of 1, 2, 5, 10, 20, 50 ... with at most ten intervals.
	steps := []int{1, 2, 5}
	step, mag := 1, 1
	for k := 0; maxTotal > step*10; k++ {
		if k%3 == 2 {
			mag *= 10
		}
		step = steps[(k+1)%3] * mag
	}
	scaleMax := (maxTotal + step - 1) / step * step
	barX := marginL + labelW
	barW := contentWidth - labelW - totalW
	unit := barW / float64(scaleMax)
	h := float64(len(groups))*(barH+rowGap) + axisH + legH + 4
	if h > contentBot-contentTop-10 {
		// Too many groups for one page: bars stay legible, the chart breaks by rows below.
		h = 3 * (barH + rowGap)
	}
	d.h2("", "Annex A control status by group", 0, h)
	drawGrid := func(top, bottom float64) {
		for v := 0; v <= scaleMax; v += step {
			x := barX + float64(v)*unit
			d.rule(x, top, x, bottom, 0.15, colRule)
			lbl := itoa(v)
			lw := d.width(regular, sizeS, lbl)
			d.text(regular, sizeS, colMuted, x-lw/2, bottom+0.8, lbl, 0)
		}
	}
	// The grid goes down first so the bars sit on top of it; groups that do
	// not fit continue on the next page under a grid of their own.
	for len(groups) > 0 {
		n := int((contentBot - d.y - axisH) / (barH + rowGap))
		if n < 1 {
			d.newPage()
			continue
		}
		n = min(n, len(groups))
		chunk := groups[:n]
		groups = groups[n:]
		drawGrid(d.y-rowGap/2, d.y+float64(n)*(barH+rowGap)-rowGap/2)
		for _, g := range chunk {
			d.bar(g, barX, unit, labelW, barH)
			d.y += barH + rowGap
		}
		d.y += axisH - rowGap/2
	}

	// Legend.
	d.need(legH)
	x := barX
	for _, s := range model.Statuses {
		t := statusTone(s)
		lbl := statusLabel(s)
		w := 3.2 + 1.5 + d.width(regular, sizeS, lbl) + 5
		if x+w > marginL+contentWidth {
			x = barX
			d.y += lineH(sizeS) + 1
			d.need(lineH(sizeS))
		}
		d.setFill(t.solid)
		d.rect(x, d.y+(lineH(sizeS)-3.2)/2, 3.2, 3.2, "F")
		d.text(regular, sizeS, colInk, x+4.7, d.y, lbl, 0)
		x += w
	}
	d.text(regular, sizeS, colMuted, marginL, d.y, "Number of controls", labelW-3)
	d.y += lineH(sizeS) + 5
}
