// Package textsafe makes text from the inputs safe to print on a terminal, a
// CI log or a PR comment. An auditor trusts what the screen says, so a value
// must never move the cursor, recolour a verdict, clear the screen or start a
// line that looks like aims's own "file:line:" output.
package textsafe

import (
	"fmt"

	"github.com/aims-cli/aims/pkg/secrets"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line returns s on one line with every character a terminal would act on
// written as a visible escape: C0 controls (newline, CR, tab and ESC among
// them: "\x1b"), DEL, C1 controls, invalid UTF-8 bytes, and the Unicode
// bidirectional and line/paragraph separators that reorder or break what is
// shown. Printable text, including non-Latin letters, is unchanged.
func Line(s string) string {
	if clean(s, false) {
		return s
	}
	return escape(s, false)
}

// Message is Line for an error or warning, whose text quotes input values
// no writer has redacted (an unknown field name, a bad enum value): any
// credential in it is replaced by [REDACTED:kind] first.
func Message(s string) string { return Line(secrets.RedactString(s)) }

// Fold is Line for a value shown in a table or a markdown report, where
// text is one line: line breaks and tabs become spaces first (as a
// paragraph would show them), every other control an escape.
func Fold(s string) string {
	if clean(s, false) {
		return s
	}
	return Line(strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t', '\v', '\f', 0x85, 0x2028, 0x2029:
			return ' '
		}
		return r
	}, s))
}

// Text is Line that keeps newlines: for multi-line text that aims prints
// under its own heading, where a line of the value cannot pass for a line of
// aims's output once every other control is escaped. Callers that print
// "file:line:" lines use Line.
func Text(s string) string {
	if clean(s, true) {
		return s
	}
	return escape(s, true)
}

// Quote is Line between double quotes, with quotes inside escaped: for
// names (zip entries, paths) whose exact bytes matter.
func Quote(s string) string {
	q := strconv.Quote(s)
	if clean(q, false) {
		return q
	}
	return escape(q, false)
}

func unsafeRune(r rune, keepNewline bool) bool {
	switch {
	case r == '\n':
		return !keepNewline
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true // bidi embeddings, overrides, isolates and marks
	case r == 0x2028, r == 0x2029, r == 0x85:
		return true // line and paragraph separators
	case r == utf8.RuneError:
		return true
	}
	return false
}

func clean(s string, keepNewline bool) bool {
	for _, r := range s {
		if unsafeRune(r, keepNewline) {
			return false
		}
	}
	return true
}

func escape(s string, keepNewline bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafeRune(r, keepNewline):
			b.WriteString(s[i : i+n])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

// Markdown neutralises what GitHub and GitLab would act on in a PR comment
// built from input text: an @mention would notify someone, a #123 would link
// (and cross-reference) an issue, and so would GH-123 (GitHub's "Autolinked
// references and URLs" lists GH- beside #), raw HTML would render. A zero-width
// space after '@', '#' and the GH of GH-<digit> keeps the text readable and inert; '<' and '>' become
// entities. Text that already went through a markdown escaper that turns '<'
// and '>' into entities is safe to pass again.
func Markdown(s string) string {
	s = Line(s)
	if !strings.ContainsAny(s, "@#<>-") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case (c == '@' || c == '#') && i+1 < len(s) && isWord(s[i+1]):
			b.WriteByte(c)
			b.WriteString("\u200b")
		case ghRef(s, i):
			b.WriteString(s[i : i+2])
			b.WriteString("\u200b")
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ghRef reports whether a GH-<digit> reference starts at s[i] (any case, as
// GitHub matches it), not inside a longer word.
func ghRef(s string, i int) bool {
	return (i == 0 || !isWord(s[i-1])) && i+3 < len(s) && strings.EqualFold(s[i:i+3], "gh-") && s[i+3] >= '0' && s[i+3] <= '9'
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '\\'
}
