package pdf

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"
)

// The Go fonts cover Latin, Greek, Cyrillic and common punctuation (about 700
// glyphs) and nothing beyond the Basic Multilingual Plane. fpdf prints a
// missing glyph as an empty box or garbage, so every string is mapped onto the
// glyphs all four fonts share before it reaches the page.
var (
	coverageOnce sync.Once
	coverage     []bool // indexed by rune, 0 ... 0xFFFF
)

func covered(r rune) bool {
	coverageOnce.Do(func() {
		coverage = make([]bool, 0x10000)
		for i := range coverage {
			coverage[i] = true
		}
		var buf sfnt.Buffer
		for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF, gomono.TTF} {
			f, err := sfnt.Parse(ttf)
			if err != nil {
				// The fonts are compiled in; a parse failure is a broken build.
				panic("pdf: embedded Go font does not parse: " + err.Error())
			}
			for r := range coverage {
				if !coverage[r] {
					continue
				}
				g, err := f.GlyphIndex(&buf, rune(r))
				coverage[r] = err == nil && g != 0
			}
		}
	})
	return r >= 0 && int(r) < len(coverage) && coverage[r]
}

// fold maps common symbols the Go fonts lack onto close ASCII equivalents.
var fold = map[rune]string{
	'✓': "v", '✔': "v", '✗': "x", '✘': "x", '★': "*", '☆': "*", '►': ">", '▶': ">",
	'⇒': "=>", '⇐': "<=", '⟶': "->", '⟵': "<-", '∞': "inf", '≈': "~", '≠': "!=",
	'\u00a0': " ", '\u2002': " ", '\u2003': " ", '\u2009': " ", '\u202f': " ",
	'\u2010': "-", '\u2011': "-", '\u2212': "-", '\u2026': "...",
}

// clean makes s printable with the embedded fonts: NFC-normalised, tabs as
// spaces, line ends as '\n', unsupported letters by their base letter where
// one exists (ế -> e). Any other character the fonts lack, and control and
// format characters (bidi overrides included, a spoofing trick), is written as
// its code point "<U+4E2D>": a single '?' would make distinct CJK, Hebrew or
// emoji names print as the same text (issue 16). Invalid UTF-8 becomes '?'.
func clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if utf8.ValidString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteByte('?')
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteByte(' ')
		case r == '\u00ad', r == '\u200b', r == '\ufeff', r == '\u200c', r == '\u200d':
			// Soft hyphen, zero-width space/joiners, BOM: invisible by design.
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			writeCodePoint(&b, r)
		case unicode.Is(unicode.Mn, r) && !covered(r):
			// A combining mark NFC could not merge: drop it, keep the base letter.
		default:
			if f, ok := fold[r]; ok && !covered(r) {
				b.WriteString(f)
			} else if covered(r) {
				b.WriteRune(r)
			} else if base, ok := baseOf(r); ok {
				b.WriteString(base)
			} else {
				writeCodePoint(&b, r)
			}
		}
	}
	return b.String()
}

// isPlain reports printable ASCII without control characters: the common
// case, which needs no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// baseOf returns the covered base letter of r's canonical decomposition.
func baseOf(r rune) (string, bool) {
	d := norm.NFD.String(string(r))
	if d != "" {
		if b, _ := utf8.DecodeRuneInString(d); b != r && covered(b) && !unicode.Is(unicode.Mn, b) {
			return string(b), true
		}
	}
	return "", false
}

// writeCodePoint writes r as "<U+XXXX>" (at least four hex digits, as
// Unicode names code points), which the fonts always cover.
func writeCodePoint(b *strings.Builder, r rune) {
	const hex = "0123456789ABCDEF"
	b.WriteString("<U+")
	digits := 4
	for v := r >> 16; v > 0; v >>= 4 {
		digits++
	}
	for i := digits - 1; i >= 0; i-- {
		b.WriteByte(hex[(r>>(4*uint(i)))&0xF])
	}
	b.WriteByte('>')
}

// line is clean(s) on one line: line ends become spaces (headers, bookmarks, metadata).
func line(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(clean(s), "\n", " ")), " ")
}

// breakAfter says whether a long token (ARN, path, URL, identifier) may be
// broken after r without a hyphen: 2 at separators of its parts (/ : , ; | & ? =),
// 1 inside a part (- _ . @ + closing brackets, so between code points "<U+4E2D>"), 0 nowhere.
func breakAfter(r rune) int {
	switch r {
	case '/', ':', ',', ';', '|', '&', '?', '=', '\\':
		return 2
	case '-', '_', '.', '@', '+', ')', ']', '}', '>':
		return 1
	}
	return 0
}

// wrap breaks clean text into lines no wider than width (in mm) according to
// measure. It prefers spaces, then the characters of breakAfter, and breaks
// anywhere when a token is still too long, so nothing ever overflows.
func wrap(text string, width float64, measure func(rune) float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara([]rune(para), width, measure)...)
	}
	return out
}

// shortTail reports whether rs starts with at most 4 letters or digits followed
// by the end of the token.
func shortTail(rs []rune) bool {
	for i, r := range rs {
		if i > 4 {
			return false
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return i > 0 && (r == ' ' || breakAfter(r) > 0)
		}
	}
	return len(rs) <= 4
}

func wrapPara(rs []rune, width float64, measure func(rune) float64) []string {
	if len(rs) == 0 {
		return []string{""}
	}
	var out []string
	start := 0
	for start < len(rs) {
		for start < len(rs) && rs[start] == ' ' {
			start++
		}
		if start >= len(rs) {
			break
		}
		w := 0.0
		end := start                      // exclusive end of the line
		space, strong, weak := -1, -1, -1 // last break opportunities: at a space, after a separator
		i := start
		for ; i < len(rs); i++ {
			cw := measure(rs[i])
			if w+cw > width && i > start {
				break
			}
			w += cw
			switch {
			case rs[i] == ' ':
				space = i
			case rs[i] == ':' && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
				// Keep "file.yaml:12:3" together; the file name breaks elsewhere.
			case breakAfter(rs[i]) == 2:
				strong = i + 1
			case rs[i] == '.' && shortTail(rs[i+1:]):
				// Keep a file extension with its name ("process.md").
			case breakAfter(rs[i]) == 1:
				weak = i + 1
			}
		}
		switch {
		case i >= len(rs):
			end = len(rs)
		case rs[i] == ' ':
			end = i
		case space > start:
			end = space
		case strong > start && (strong-start)*4 >= i-start:
			// Paths and ARNs break at their separators unless the line would be nearly empty.
			end = strong
		case weak > start || strong > start:
			end = max(weak, strong)
		default:
			end = i
		}
		out = append(out, strings.TrimRight(string(rs[start:end]), " "))
		start = end
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}
