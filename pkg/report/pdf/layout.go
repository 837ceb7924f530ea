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
	badge *rgb // a tinted label behind the first run (statuses, severities)
}

// column is one table column: its header and its relative width.
type column struct {
	title string
	w     float64
	align byte
}

type tableOpt struct {
	caption  string // printed above the table, repeated as "(continued)"
	anchor   string // destination key of the caption (contents, bookmarks, links)
	level    int
	noHeader bool // key-value blocks
	fixed    bool // keep the given proportions (no fitting to content)
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
func (d *doc) fitLines(ls []lineItem, maxH, width float64) []lineItem {
	if linesHeight(ls) <= maxH {
		return ls
	}
	var note []lineItem
	for _, l := range d.wrap(italic, sizeS, "[shortened; full text in results.json]", width) {
		note = append(note, lineItem{text: l, st: italic, size: sizeS, col: colMuted})
	}
	h := linesHeight(note)
	var out []lineItem
	for _, l := range ls {
		if h+l.gap+lineH(l.size) > maxH {
			break
		}
		h += l.gap + lineH(l.size)
		out = append(out, l)
	}
	return append(out, note...)
}

// table draws rows under a header that repeats after every page break. Each
// row is measured from its wrapped text first and moved whole to the next
// page when it does not fit.
func (d *doc) table(cols []column, rows [][]cell, opt tableOpt) {
	total := 0.0
	for _, c := range cols {
		total += c.w
	}
	ws := d.columnWidths(cols, rows, total, opt.fixed)
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
			if !cont && opt.anchor != "" {
				d.anchor(opt.anchor, opt.caption, opt.level)
			}
			d.text(bold, sizeM, colAccent, marginL, d.y, c, contentWidth)
			d.y += capH
		}
		if opt.noHeader {
			return
		}
		d.setFill(colAccent)
		d.rect(marginL, d.y, contentWidth, headH, "F")
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
			m.ls[i] = d.fitLines(d.cellLines(m.cells[i], m.ws[i]-2*padX), maxRow-2*padY, m.ws[i]-2*padX)
			m.h = max(m.h, linesHeight(m.ls[i])+2*padY)
		}
		ms[ri] = m
	}
	// A small table is kept on one page rather than leaving a row or two behind.
	all := capH + headH
	for _, m := range ms {
		all += m.h
	}
	if all <= (contentBot-contentTop)/3 {
		d.need(all)
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
		d.rect(marginL, d.y, contentWidth, h, "F")
	}
	for i := range ws {
		c := row[i]
		if c.fill != nil {
			d.setFill(*c.fill)
			d.rect(x, d.y, ws[i], h, "F")
		}
		if c.badge != nil {
			d.drawBadges(ls[i], c, x, d.y+padY, ws[i])
		}
		d.drawLines(ls[i], x, d.y+padY, ws[i], c.align)
		if c.link != "" {
			if id := d.link(c.link); id != 0 {
				d.f.Link(x, d.y, ws[i], h, id)
			}
		}
		x += ws[i]
	}
	d.rule(marginL, d.y+h, marginL+contentWidth, d.y+h, 0.15, colRule)
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

// drawBadges puts a tinted rounded label behind the lines of a cell's first run.
func (d *doc) drawBadges(ls []lineItem, c cell, x, y, w float64) {
	d.setFill(*c.badge)
	for i, l := range ls {
		if i > 0 && l.gap > 0 {
			break
		}
		y += l.gap
		tw := d.width(l.st, l.size, l.text)
		lx := x + padX
		switch c.align {
		case 'R':
			lx = x + w - padX - tw
		case 'C':
			lx = x + (w-tw)/2
		}
		d.roundedRect(lx-1.1, y+0.15, tw+2.2, lineH(l.size)-0.3, 0.8)
		y += lineH(l.size)
	}
}

// columnWidths scales the relative widths to the content width, then widens
// any column narrower than its longest short word (header or cell) so that
// words such as "Applicable" or "Automated" are never broken, taking the room
// from the columns that can spare it.
func (d *doc) columnWidths(cols []column, rows [][]cell, total float64, fixed bool) []float64 {
	ws := make([]float64, len(cols))
	minW := make([]float64, len(cols))
	natW := make([]float64, len(cols)) // widest unwrapped paragraph
	for i, c := range cols {
		ws[i] = c.w / total * contentWidth
		minW[i] = d.longestWord(bold, c.title)
		natW[i] = minW[i]
	}
	for _, row := range rows {
		if len(row) == 1 && row[0].span {
			continue
		}
		for i, c := range row {
			if i >= len(cols) {
				break
			}
			for _, r := range c.runs {
				size := r.size
				if size == 0 {
					size = sizeS
				}
				if size == sizeS {
					minW[i] = max(minW[i], d.longestWord(r.st, r.text))
				}
				for _, p := range strings.Split(r.text, "\n") {
					natW[i] = max(natW[i], d.width(r.st, size, clean(p)))
				}
				if r.st == mono {
					// Digests break into two even halves, never three lines.
					rs := []rune(strings.TrimSpace(r.text))
					minW[i] = max(minW[i], d.width(mono, sizeS, string(rs[:min(len(rs), 32)])))
				}
			}
		}
	}
	for i := range minW {
		minW[i] = min(minW[i]+2*padX+0.2, contentWidth*0.4)
		natW[i] = max(natW[i]+2*padX+0.2, minW[i])
	}
	// Columns whose content is narrower than their share give the room to
	// those that would wrap, in proportion to their shares.
	for range 4 {
		if fixed {
			break
		}
		surplus, want := 0.0, 0.0
		for i := range ws {
			if ws[i] > natW[i] {
				surplus += ws[i] - natW[i]
				ws[i] = natW[i]
			} else if ws[i] < natW[i] {
				want += ws[i]
			}
		}
		if surplus <= 0.01 || want <= 0 {
			break
		}
		for i := range ws {
			if ws[i] < natW[i] {
				ws[i] += surplus * ws[i] / want
			}
		}
	}
	if sum := sumOf(ws); !fixed && sum < contentWidth-0.01 {
		// Everything fits unwrapped: spread the rest to keep the full width.
		for i := range ws {
			ws[i] += (contentWidth - sum) * ws[i] / sum
		}
	}
	for range 4 {
		deficit, spare := 0.0, 0.0
		for i := range ws {
			if ws[i] < minW[i] {
				deficit += minW[i] - ws[i]
			} else {
				spare += ws[i] - minW[i]
			}
		}
		if deficit <= 0.01 || spare <= 0.01 {
			break
		}
		take := min(1, deficit/spare)
		for i := range ws {
			if ws[i] < minW[i] {
				ws[i] = minW[i]
			} else {
				ws[i] -= (ws[i] - minW[i]) * take
			}
		}
	}
	if sum := sumOf(ws); sum > contentWidth+0.01 {
		// The short words do not all fit (many columns of code points such as
		// "<U+5BA2>"): wide columns give back room down to a floor of 10 mm,
		// narrow ones ("#", "Status") keep theirs; wrap breaks inside words,
		// so the table keeps to the page.
		floor := make([]float64, len(ws))
		excess := 0.0
		for i := range ws {
			floor[i] = min(ws[i], 10)
			excess += ws[i] - floor[i]
		}
		if excess > 0 {
			take := min(1, (sum-contentWidth)/excess)
			for i := range ws {
				ws[i] -= (ws[i] - floor[i]) * take
			}
		}
	}
	return ws
}

func sumOf(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

// longestWord is the width of the longest word of up to 16 runes in text;
// longer tokens (paths, ARNs, digests) are broken anyway.
func (d *doc) longestWord(s style, text string) float64 {
	w := 0.0
	// Cleaned first: a 4-letter Hebrew word prints as 32 runes of code points.
	for _, word := range strings.Fields(clean(text)) {
		if len([]rune(word)) > 16 {
			continue
		}
		w = max(w, d.width(s, sizeS, word))
	}
	return w
}

// kv draws a two-column block of labels and values.
func (d *doc) kv(caption string, pairs [][2]string) {
	rows := make([][]cell, 0, len(pairs))
	for _, p := range pairs {
		rows = append(rows, []cell{{runs: []run{{text: p[0], st: bold, col: colMuted}}, fill: &colBand}, txtOr(p[1])})
	}
	d.table([]column{{w: 28}, {w: 72}}, rows, tableOpt{caption: caption, noHeader: true, fixed: true})
}

// kvCells is kv with ready-made value cells.
func (d *doc) kvCells(caption string, keys []string, vals []cell) {
	rows := make([][]cell, 0, len(keys))
	for i, k := range keys {
		rows = append(rows, []cell{{runs: []run{{text: k, st: bold, col: colMuted}}, fill: &colBand}, vals[i]})
	}
	d.table([]column{{w: 28}, {w: 72}}, rows, tableOpt{caption: caption, noHeader: true, fixed: true})
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

// flowRoom is the room a section (or an agent) needs left on the page to
// start below what the page holds: a short section then follows on instead
// of leaving the page before it near empty (issue 13), and a section never
// starts in the last lines of a page.
const flowRoom = 100.0 // mm, of the 250 of a page

// sectionBreak starts a page for a section or an agent unless the current
// page is fresh, or holds little enough to leave flowRoom below it, in
// which case a gap sets the new one apart.
func (d *doc) sectionBreak() {
	switch {
	case d.f.PageNo() == 0:
		d.newPage()
	case d.y <= contentTop+0.1:
	case contentBot-d.y >= flowRoom:
		d.y += 8
	default:
		d.newPage()
	}
}

// h1 starts a numbered section: the first (after the contents) on a new
// page, the others where sectionBreak puts them.
func (d *doc) h1(key, title string) {
	d.secNo++
	full := itoa(d.secNo) + "  " + title
	d.section = itoa(d.secNo) + " " + title
	if d.secNo == 1 {
		d.newPage()
	} else {
		d.sectionBreak()
	}
	d.body = true
	d.anchor(key, itoa(d.secNo)+" "+title, 0)
	for _, l := range d.capLines(bold, sizeL, line(full), contentWidth, 2) {
		d.text(bold, sizeL, colAccent, marginL, d.y, l, contentWidth)
		d.y += lineH(sizeL)
	}
	d.y += 1
	d.rule(marginL, d.y, marginL+contentWidth, d.y, 0.5, colAccent)
	d.y += 5
}

// h2 prints a subsection title, kept together with follow mm of what comes next.
func (d *doc) h2(key, title string, level int, follow float64) {
	ls := d.capLines(bold, sizeM, line(title), contentWidth, 3)
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
