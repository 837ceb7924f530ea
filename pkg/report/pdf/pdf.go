// Package pdf writes report.pdf of the evidence pack: the auditor's document,
// driven entirely by an model.Result (docs/contract.md §5).
//
// The document is laid out twice: the first pass learns on which page every
// section and agent lands, the second prints the table of contents with those
// page numbers and links. All text passes through clean() so that only glyphs
// of the embedded Go fonts reach the page, and every table row is measured
// before it is drawn so that rows never split and nothing overflows.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
)

// Options tune the report.
type Options struct {
	// InputsDigest is the digest of the inputs as assessed, shown on the cover.
	InputsDigest string
	// Title is the document title ("" gives DefaultTitle).
	Title string
	// Actions is the corrective-action register (actions.Register); nil
	// leaves its section out (the report outside a pack).
	Actions []actions.Action
	// Pack is set when the report is written into an evidence pack: the
	// cover then says how to verify the pack and whether it is signed.
	Pack bool
	// SignerKey is the SHA-256 of the public key that signs SHA256SUMS
	// ("" when the pack is not signed).
	SignerKey string
	// Evidence is the pack's evidence index (what it included, referenced
	// only, missing or rejected); nil: the index of the result alone.
	Evidence []evindex.Row
	// Excerpts are the files of the pack's logs/excerpts/, one per finding
	// that cites log records (the log evidence section lists them).
	Excerpts []Excerpt
}

// Excerpt is one file of logs/excerpts/: how many log records are behind
// the finding and how many the file holds.
type Excerpt struct {
	Finding, Path      string
	Records, Excerpted int
}

// DefaultTitle is the document title when Options.Title is empty.
const DefaultTitle = "AI Management System Assessment Report"

// Write renders res as a PDF to w. The same res and opts give the same bytes.
func Write(w io.Writer, res *model.Result, opts Options) error {
	d, err := build(res, opts)
	if err != nil {
		return err
	}
	if err := d.f.Output(w); err != nil {
		return fmt.Errorf("pdf report: %w", err)
	}
	return nil
}

// build lays the document out twice and returns the second, printable pass.
func build(res *model.Result, opts Options) (*doc, error) {
	if res == nil {
		return nil, errors.New("pdf report: no assessment result")
	}
	// Pass 1 learns where every anchor lands and how many pages there are.
	first := newDoc(res, opts, nil)
	if err := first.render(); err != nil {
		return nil, err
	}
	// Only the anchors and the page count of the first pass are needed: let
	// its pages go before the second pass allocates its own.
	first.pages = first.f.PageNo()
	first.f = nil
	first.widths = [4][]uint16{}
	second := newDoc(res, opts, first)
	if err := second.render(); err != nil {
		return nil, err
	}
	if want := first.totalPages(); second.f.PageNo() != want {
		// Every section starts on a new page, so the contents only shift what follows.
		return nil, fmt.Errorf("pdf report: layout is unstable (%d pages planned, %d printed)", want, second.f.PageNo())
	}
	return second, nil
}

// Font styles: one sans family (Go) and its monospaced sibling for digests.
type style int

const (
	regular style = iota
	bold
	italic
	mono
)

var styleNames = [...]struct{ family, style string }{
	regular: {"go", ""},
	bold:    {"go", "B"},
	italic:  {"go", "I"},
	mono:    {"gomono", ""},
}

// The three type sizes (pt).
const (
	sizeL = 16.0 // cover title, section titles
	sizeM = 10.5 // subsection titles, cover details
	sizeS = 8.5  // body, tables, header and footer
)

// Page geometry (mm): A4 portrait with margins of at least 15 mm.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 18.0
	marginR      = 18.0
	contentTop   = 24.0
	contentBot   = 274.0
	headerY      = 13.0
	footerY      = 280.5
	contentWidth = pageW - marginL - marginR
)

type rgb struct{ r, g, b int }

// A restrained palette: ink, greys and one accent; status colours live only in
// status cells and the chart.
var (
	colInk    = rgb{33, 37, 41}
	colMuted  = rgb{96, 104, 112}
	colAccent = rgb{25, 55, 95}
	colRule   = rgb{206, 211, 218}
	colZebra  = rgb{245, 247, 250}
	colBand   = rgb{236, 240, 245}
	colWhite  = rgb{255, 255, 255}
)

// tocEntry is one line of the contents and one bookmark.
type tocEntry struct {
	key   string
	title string
	level int
	page  int
	y     float64
}

type doc struct {
	f    *fpdf.Fpdf
	res  *model.Result
	opts Options
	prev *doc // the first pass, nil during it
	dry  bool // the first pass: measure and paginate, draw nothing

	title   string
	org     string
	period  string
	section string // running header text
	y       float64

	widths [4][]uint16 // glyph advance per rune and style, in 1/1000 em
	cur    style
	curSz  float64

	links    map[string]int // anchor -> fpdf link (second pass)
	toc      []tocEntry
	anchors  map[string]tocEntry
	findByID map[string][]int // subject -> indexes into res.Findings
	secNo    int
	pages    int // pages printed, set when the first pass ends

	// body: a numbered section has begun; from then on no page is left
	// near empty (minFill).
	body bool
	// sparse lists the near-empty body pages. Not a problem: a cell taller
	// than the room left (hostile text) breaks the page wherever it falls;
	// tests of ordinary reports require none.
	sparse []string
	// problems records layout invariants that failed (text beyond the page or
	// its box); tests require none.
	problems []string
}

func newDoc(res *model.Result, opts Options, prev *doc) *doc {
	d := &doc{res: res, opts: opts, prev: prev, dry: prev == nil, links: map[string]int{}, anchors: map[string]tocEntry{}}
	d.title = line(opts.Title)
	if d.title == "" {
		d.title = DefaultTitle
	}
	d.org = line(res.Organization)
	if d.org == "" {
		d.org = "Organisation not named"
	}
	d.period = periodText(res)
	f := fpdf.New("P", "mm", "A4", "")
	d.f = f
	f.SetMargins(marginL, contentTop, marginR)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0)
	// fpdf's subsetter writes into the font bytes it is given (getMetrics
	// appends to a sub-slice of the file), so each document gets its own copy:
	// sharing gofont's package-level slices makes output depend on earlier runs.
	f.AddUTF8FontFromBytes("go", "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes("go", "B", bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes("go", "I", bytes.Clone(goitalic.TTF))
	f.AddUTF8FontFromBytes("gomono", "", bytes.Clone(gomono.TTF))
	covered(0)
	for s := range styleNames {
		f.SetFont(styleNames[s].family, styleNames[s].style, sizeS)
		tab := make([]uint16, 0x10000)
		for r, ok := range coverage {
			if ok {
				tab[r] = uint16(min(max(f.GetStringSymbolWidth(string(rune(r))), 1), 0xFFFF))
			}
		}
		d.widths[s] = tab
	}
	d.cur = -1
	if prev != nil {
		// Every destination gets its link before anything can point at it,
		// backwards or forwards.
		for _, e := range prev.toc {
			if _, ok := d.links[e.key]; !ok {
				d.links[e.key] = f.AddLink()
			}
		}
	}

	when := res.GeneratedAt.UTC()
	if when.IsZero() {
		// fpdf falls back to time.Now for a zero date; pin it instead.
		when = time.Unix(0, 0).UTC()
	}
	f.SetCreationDate(when)
	f.SetModificationDate(when)
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetTitle(d.title+" – "+d.org, true)
	f.SetSubject(line("ISO/IEC 42001 assessment, period "+d.period), true)
	f.SetAuthor(d.org, true)
	tool := line(res.Tool.Name + " " + res.Tool.Version)
	f.SetCreator(tool, true)
	f.SetProducer(line(tool+" (fpdf)"), true)
	f.SetKeywords("ISO/IEC 42001, AIMS, Statement of Applicability, evidence pack", true)
	f.SetLang("en")
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(d.header)
	f.SetFooterFunc(d.footer)
	return d
}

func periodText(res *model.Result) string {
	from, to := res.Period.From.String(), res.Period.To.String()
	switch {
	case from == "" && to == "":
		return "period not stated"
	case from == "":
		return "until " + to
	case to == "":
		return "from " + from
	}
	return from + " to " + to
}

func (d *doc) setFont(s style, size float64) {
	if d.dry || d.cur == s && d.curSz == size {
		return
	}
	d.cur, d.curSz = s, size
	d.f.SetFont(styleNames[s].family, styleNames[s].style, size)
}

// The drawing primitives do nothing in the first pass, which only measures:
// a large report would otherwise hold two copies of every page.

func (d *doc) setText(c rgb) {
	if !d.dry {
		d.f.SetTextColor(c.r, c.g, c.b)
	}
}

func (d *doc) setFill(c rgb) {
	if !d.dry {
		d.f.SetFillColor(c.r, c.g, c.b)
	}
}

func (d *doc) setDraw(c rgb) {
	if !d.dry {
		d.f.SetDrawColor(c.r, c.g, c.b)
	}
}

func (d *doc) rect(x, y, w, h float64, style string) {
	if !d.dry {
		d.f.Rect(x, y, w, h, style)
	}
}

func (d *doc) roundedRect(x, y, w, h, r float64) {
	if !d.dry {
		d.f.RoundedRect(x, y, w, h, r, "1234", "F")
	}
}

// rule draws a line of width lw in colour c.
func (d *doc) rule(x1, y1, x2, y2, lw float64, c rgb) {
	if !d.dry {
		d.setDraw(c)
		d.f.SetLineWidth(lw)
		d.f.Line(x1, y1, x2, y2)
	}
}

// runeWidth is the advance of r in mm for style s at size pt, from fpdf's own
// tables (loaded in newDoc) so that measuring and printing agree exactly.
func (d *doc) runeWidth(s style, size float64, r rune) float64 {
	if r < 0 || r >= 0x10000 || d.widths[s][r] == 0 {
		r = '?'
	}
	return float64(d.widths[s][r]) * size / 1000 * 25.4 / 72
}

func (d *doc) width(s style, size float64, text string) float64 {
	w := 0.0
	for _, r := range text {
		w += d.runeWidth(s, size, r)
	}
	return w
}

func (d *doc) wrap(s style, size float64, text string, width float64) []string {
	return wrap(text, width, func(r rune) float64 { return d.runeWidth(s, size, r) })
}

// lineH is the line height (mm) for a type size.
func lineH(size float64) float64 { return size * 25.4 / 72 * 1.32 }

// text prints one line with its top at y, checking that it stays in the page
// and, when maxW > 0, within its box.
func (d *doc) text(s style, size float64, c rgb, x, y float64, str string, maxW float64) {
	h := lineH(size)
	if y+h > pageH-12+0.01 || y < 9 {
		d.problem("text outside the page at y=%.1f on page %d: %q", y, d.f.PageNo(), str)
	}
	if w := d.width(s, size, str); maxW > 0 && w > maxW+0.01 || x+w > pageW-marginR+0.01 {
		d.problem("text wider than its box (%.1f > %.1f mm) on page %d: %q", w, maxW, d.f.PageNo(), str)
	}
	if d.dry {
		return
	}
	d.setFont(s, size)
	d.setText(c)
	// Baseline: the Go fonts' ascent is about 0.76 em; centre the x-height in the line.
	d.f.Text(x, y+h/2+size*25.4/72*0.34, str)
}

func (d *doc) problem(format string, args ...any) {
	if len(d.problems) < 50 {
		d.problems = append(d.problems, fmt.Sprintf(format, args...))
	}
}

// header draws the running header on every page but the cover.
func (d *doc) header() {
	// fpdf restored the caller's font behind our back before calling us.
	d.cur, d.curSz = -1, 0
	if d.f.PageNo() == 1 {
		return
	}
	left := d.title
	right := d.section
	d.setFont(regular, sizeS)
	rw := d.width(regular, sizeS, right)
	room := contentWidth - rw - 6
	if d.width(regular, sizeS, left) > room {
		left = d.ellipsis(regular, sizeS, left, room)
	}
	d.text(regular, sizeS, colMuted, marginL, headerY-lineH(sizeS)/2, left, room)
	d.text(regular, sizeS, colMuted, pageW-marginR-rw, headerY-lineH(sizeS)/2, right, 0)
	d.rule(marginL, headerY+3, pageW-marginR, headerY+3, 0.2, colRule)
}

// footer draws "organisation - period" and "Page X of Y" on every page.
func (d *doc) footer() {
	d.cur, d.curSz = -1, 0
	d.rule(marginL, footerY-2.5, pageW-marginR, footerY-2.5, 0.2, colRule)
	total := 0
	if d.prev != nil {
		total = d.prev.totalPages()
	}
	// The alias is replaced at output; measure with the real number so the
	// right edge stays aligned.
	page := "Page " + strconv.Itoa(d.f.PageNo()) + " of "
	pw := d.width(regular, sizeS, page+strconv.Itoa(max(total, 1)))
	left := d.org + "  |  " + d.period
	room := contentWidth - pw - 6
	if d.width(regular, sizeS, left) > room {
		left = d.ellipsis(regular, sizeS, left, room)
	}
	d.text(regular, sizeS, colMuted, marginL, footerY, left, room)
	if d.dry {
		return
	}
	d.setFont(regular, sizeS)
	d.setText(colMuted)
	d.f.Text(pageW-marginR-pw, footerY+lineH(sizeS)/2+sizeS*25.4/72*0.34, page+"{nb}")
}

// ellipsis shortens one line to fit width.
func (d *doc) ellipsis(s style, size float64, str string, width float64) string {
	rs := []rune(str)
	dots := d.width(s, size, "...")
	w := 0.0
	for i, r := range rs {
		w += d.runeWidth(s, size, r)
		if w+dots > width {
			return string(rs[:i]) + "..."
		}
	}
	return str
}

// totalPages is the page count of the second pass, known after the first.
func (d *doc) totalPages() int { return d.pages + d.contentsPages() }

// minFill is the least a body page holds before the next one starts: less
// is a near-empty page, which the layout avoids (sectionBreak, flowRoom).
const minFill = 60.0 // mm

// newPage starts a page and puts the cursor at the top of the content box.
func (d *doc) newPage() {
	if d.body && d.y-contentTop < minFill {
		d.sparse = append(d.sparse, fmt.Sprintf("page %d holds only %.0f mm before the next page starts", d.f.PageNo(), d.y-contentTop))
	}
	d.f.AddPage()
	// fpdf restores the caller's font after the header; forget our cache.
	d.cur, d.curSz = -1, 0
	d.y = contentTop
}

// need starts a new page unless h mm fit below the cursor.
func (d *doc) need(h float64) bool {
	if d.y+h > contentBot {
		d.newPage()
		return true
	}
	return false
}

// anchor records a destination (contents line, bookmark, link target) at the cursor.
func (d *doc) anchor(key, title string, level int) {
	t := line(title)
	if rs := []rune(t); len(rs) > 120 {
		t = string(rs[:117]) + "..."
	}
	e := tocEntry{key: key, title: t, level: level, page: d.f.PageNo(), y: d.y}
	d.toc = append(d.toc, e)
	d.anchors[key] = e
	d.f.Bookmark(e.title, level, d.y)
	if id, ok := d.links[key]; ok {
		d.f.SetLink(id, d.y, d.f.PageNo())
	}
}

// link returns the fpdf link id of an anchor, 0 when it is unknown.
func (d *doc) link(key string) int {
	return d.links[key]
}

// pageOf returns the page of an anchor as learned in the first pass.
func (d *doc) pageOf(key string) int {
	if d.prev == nil {
		return 0
	}
	return d.prev.anchors[key].page
}

func (d *doc) render() error {
	d.cover()
	d.contents()
	d.indexFindings()
	d.summary()
	d.soa()
	d.clauses()
	d.organisation()
	d.inventory()
	d.agents()
	d.findings()
	d.correctiveActions()
	d.logEvidence()
	d.history()
	d.vendors()
	d.frameworks()
	d.evidenceIndex()
	d.method()
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("pdf report: %w", err)
	}
	return nil
}
