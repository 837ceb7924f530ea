package pdf

import (
	"strings"
)

// run is a piece of cell or paragraph text in one style.
type run struct {
	text string
	st   style
	col  rgb
	size float64 // 0 means sizeS
}

// cell is one table cell: runs stacked as paragraphs, an optional fill and an
// optional link to an anchor.
type cell struct {
	runs  []run
	fill  *rgb
	link  string
	align byte // 'L' (default), 'R' or 'C'
	span  bool // the only cell of its row, across every column (group rows)
}

// column is one table column: its header and its relative width.
type column struct {
	title string
	w     float64
	align byte
}

type tableOpt struct {
	caption  string // printed above the table, repeated as "(continued)"
	noHeader bool   // key-value blocks
	zebra    bool
}

// Cell paddings and the gap between runs in a cell (mm).
const (
	padX   = 1.6
	padY   = 1.1
	runGap = 0.6
)

// txt is a plain cell.
func txt(s string) cell { return cell{runs: []run{{text: s, col: colInk}}} }

// txtOr is a plain cell, or a muted dash when s is empty.
func txtOr(s string) cell {
	if strings.TrimSpace(s) == "" {
		return muted("-")
	}
	return txt(s)
}

func muted(s string) cell { return cell{runs: []run{{text: s, col: colMuted}}} }

func boldCell(s string) cell { return cell{runs: []run{{text: s, st: bold, col: colInk}}} }

func monoCell(s string) cell {
	if s == "" {
		return muted("-")
	}
	return cell{runs: []run{{text: s, st: mono, col: colInk}}}
}

func num(n int64) cell { return cell{runs: []run{{text: thousands(n), col: colInk}}, align: 'R'} }

func linkCell(s, key string) cell {
	return cell{runs: []run{{text: s, col: colAccent, st: bold}}, link: key}
}

// lineItem is one wrapped line of a cell, ready to print.
type lineItem struct {
	text string
	st   style
	size float64
	col  rgb
	gap  float64 // extra space above (between runs)
}

func (d *doc) cellLines(c cell, width float64) []lineItem {
	var out []lineItem
	for i, r := range c.runs {
		size := r.size
		if size == 0 {
			size = sizeS
		}
		gap := 0.0
		if i > 0 {
			gap = runGap
		}
		for j, l := range d.wrap(r.st, size, clean(r.text), width) {
			g := 0.0
			if j == 0 {
				g = gap
			}
			out = append(out, lineItem{text: l, st: r.st, size: size, col: r.col, gap: g})
		}
	}
	return out
}

func linesHeight(ls []lineItem) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.gap + lineH(l.size)
	}
	return h
}

// fitLines cuts a cell that would not fit on an empty page. The full text is
// in results.json and evidence.xlsx; the report says so rather than splitting
// the row.
func fitLines(ls []lineItem, maxH float64) []lineItem {
	if linesHeight(ls) <= maxH {
		return ls
	}
	note := lineItem{text: "[text shortened: full text in results.json]", st: italic, size: sizeS, col: colMuted}
	h := lineH(sizeS)
	var out []lineItem
	for _, l := range ls {
		if h+l.gap+lineH(l.size) > maxH {
			break
		}
		h += l.gap + lineH(l.size)
		out = append(out, l)
	}
	return append(out, note)
}

// table draws rows under a header that repeats after every page break. Each
// row is measured from its wrapped text first and moved whole to the next
// page when it does not fit.
func (d *doc) table(cols []column, rows [][]cell, opt tableOpt) {
	total := 0.0
	for _, c := range cols {
		total += c.w
	}
	ws := make([]float64, len(cols))
	for i, c := range cols {
		ws[i] = c.w / total * contentWidth
	}
	var head [][]lineItem
	headH := 0.0
	if !opt.noHeader {
		head = make([][]lineItem, len(cols))
		for i, c := range cols {
			head[i] = d.cellLines(cell{runs: []run{{text: c.title, st: bold, col: colWhite}}}, ws[i]-2*padX)
			headH = max(headH, linesHeight(head[i])+2*padY)
		}
	}
	capH := 0.0
	if opt.caption != "" {
		capH = lineH(sizeM) + 1.5
	}
	maxRow := contentBot - contentTop - headH - capH - 1
	drawHead := func(cont bool) {
		if opt.caption != "" {
			c := opt.caption
			if cont {
				c += " (continued)"
			}
			c = d.ellipsis(bold, sizeM, line(c), contentWidth)
			d.text(bold, sizeM, colAccent, marginL, d.y, c, contentWidth)
			d.y += capH
		}
		if opt.noHeader {
			return
		}
		d.setFill(colAccent)
		d.f.Rect(marginL, d.y, contentWidth, headH, "F")
		x := marginL
		for i := range cols {
			d.drawLines(head[i], x, d.y+padY, ws[i], cols[i].align)
			x += ws[i]
		}
		d.y += headH
	}
	if len(rows) == 0 {
		d.need(capH + headH + lineH(sizeS) + 2*padY)
		drawHead(false)
		d.drawRow([]float64{contentWidth}, [][]lineItem{{{text: "None.", st: italic, size: sizeS, col: colMuted}}}, []cell{{}}, lineH(sizeS)+2*padY, false)
		d.y += 3
		return
	}
	type measured struct {
		ws    []float64
		ls    [][]lineItem
		h     float64
		cells []cell
		span  bool
	}
	ms := make([]measured, len(rows))
	for ri, row := range rows {
		m := measured{ws: ws, span: len(row) == 1 && row[0].span}
		if m.span {
			m.ws = []float64{contentWidth}
		}
		m.ls = make([][]lineItem, len(m.ws))
		m.cells = make([]cell, len(m.ws))
		for i := range m.ws {
			if i < len(row) {
				m.cells[i] = row[i]
			}
			m.ls[i] = fitLines(d.cellLines(m.cells[i], m.ws[i]-2*padX), maxRow-2*padY)
			m.h = max(m.h, linesHeight(m.ls[i])+2*padY)
		}
		ms[ri] = m
	}
	zebra := 0
	for ri, m := range ms {
		// A group row is kept with the row that follows it.
		keep := m.h
		if m.span && ri+1 < len(ms) {
			keep += ms[ri+1].h
		}
		switch {
		case ri == 0:
			d.need(capH + headH + keep)
			drawHead(false)
		case d.y+keep > contentBot:
			d.newPage()
			drawHead(true)
		}
		if m.span {
			zebra = 0
		} else {
			zebra++
		}
		d.drawRow(m.ws, m.ls, m.cells, m.h, opt.zebra && zebra%2 == 0)
	}
	d.y += 3
}

func (d *doc) drawRow(ws []float64, ls [][]lineItem, row []cell, h float64, zebra bool) {
	x := marginL
	if zebra {
		d.setFill(colZebra)
		d.f.Rect(marginL, d.y, contentWidth, h, "F")
	}
	for i := range ws {
		c := row[i]
		if c.fill != nil {
			d.setFill(*c.fill)
			d.f.Rect(x, d.y, ws[i], h, "F")
		}
		d.drawLines(ls[i], x, d.y+padY, ws[i], c.align)
		if c.link != "" {
			if id := d.link(c.link); id != 0 {
				d.f.Link(x, d.y, ws[i], h, id)
			}
		}
		x += ws[i]
	}
	d.setDraw(colRule)
	d.f.SetLineWidth(0.15)
	d.f.Line(marginL, d.y+h, marginL+contentWidth, d.y+h)
	d.y += h
}

func (d *doc) drawLines(ls []lineItem, x, y, w float64, align byte) {
	for _, l := range ls {
		y += l.gap
		lx := x + padX
		switch align {
		case 'R':
			lx = x + w - padX - d.width(l.st, l.size, l.text)
		case 'C':
			lx = x + (w-d.width(l.st, l.size, l.text))/2
		}
		d.text(l.st, l.size, l.col, lx, y, l.text, w-2*padX)
		y += lineH(l.size)
	}
}

// kv draws a two-column block of labels and values.
func (d *doc) kv(caption string, pairs [][2]string) {
	rows := make([][]cell, 0, len(pairs))
	for _, p := range pairs {
		rows = append(rows, []cell{{runs: []run{{text: p[0], st: bold, col: colMuted}}, fill: &colBand}, txtOr(p[1])})
	}
	d.table([]column{{w: 28}, {w: 72}}, rows, tableOpt{caption: caption, noHeader: true})
}

// kvCells is kv with ready-made value cells.
func (d *doc) kvCells(caption string, keys []string, vals []cell) {
	rows := make([][]cell, 0, len(keys))
	for i, k := range keys {
		rows = append(rows, []cell{{runs: []run{{text: k, st: bold, col: colMuted}}, fill: &colBand}, vals[i]})
	}
	d.table([]column{{w: 28}, {w: 72}}, rows, tableOpt{caption: caption, noHeader: true})
}

// para prints wrapped text across the content width.
func (d *doc) para(text string, st style, col rgb) {
	d.paraW(text, st, col, marginL, contentWidth)
}

func (d *doc) paraW(text string, st style, col rgb, x, w float64) {
	for _, l := range d.wrap(st, sizeS, clean(text), w) {
		d.need(lineH(sizeS))
		d.text(st, sizeS, col, x, d.y, l, w)
		d.y += lineH(sizeS)
	}
	d.y += 1.8
}

// bullets prints an indented list.
func (d *doc) bullets(items []string) {
	for _, it := range items {
		ls := d.wrap(regular, sizeS, clean(it), contentWidth-5)
		d.need(lineH(sizeS) * float64(min(len(ls), 2)))
		d.text(regular, sizeS, colMuted, marginL+1, d.y, "-", 0)
		for _, l := range ls {
			d.need(lineH(sizeS))
			d.text(regular, sizeS, colInk, marginL+5, d.y, l, contentWidth-5)
			d.y += lineH(sizeS)
		}
		d.y += 0.8
	}
	d.y += 1.5
}

// h1 starts a numbered section on a new page.
func (d *doc) h1(key, title string) {
	d.secNo++
	full := itoa(d.secNo) + "  " + title
	d.section = itoa(d.secNo) + " " + title
	d.newPage()
	d.anchor(key, itoa(d.secNo)+" "+title, 0)
	for _, l := range d.wrap(bold, sizeL, line(full), contentWidth) {
		d.text(bold, sizeL, colAccent, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeL)
	}
	d.y += 1
	d.setDraw(colAccent)
	d.f.SetLineWidth(0.5)
	d.f.Line(marginL, d.y, marginL+contentWidth, d.y)
	d.y += 5
}

// h2 prints a subsection title, kept together with follow mm of what comes next.
func (d *doc) h2(key, title string, level int, follow float64) {
	ls := d.wrap(bold, sizeM, line(title), contentWidth)
	d.need(float64(len(ls))*lineH(sizeM) + 2 + follow)
	if d.y > contentTop+0.1 {
		d.y += 2
	}
	if key != "" {
		d.anchor(key, title, level)
	}
	for _, l := range ls {
		d.text(bold, sizeM, colAccent, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeM)
	}
	d.y += 1.5
}
