package textsafe

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// Syntax says how Writer writes a character it escapes.
type Syntax int

const (
	// JSON writes \u00XX: JSON and SARIF carry a value from the inputs
	// unchanged, yet a terminal that shows them acts on none of it.
	JSON Syntax = iota
	// XML writes &#xXX; (JUnit).
	XML
)

// Writer escapes, in a JSON or XML stream, the characters an encoder leaves
// raw but a terminal acts on: DEL, C1 controls (U+0080-U+009F, among them
// CSI U+009B and NEL U+0085), bidirectional formatting characters and the
// line and paragraph separators. In both syntaxes these characters can only
// stand inside a string or text, where the escape means the same value, so
// the document decodes to the same data. C0 controls are left to the
// encoder (encoding/json escapes them; encoding/xml replaces the invalid
// ones), since newlines and tabs outside strings are structure.
type Writer struct {
	w       io.Writer
	syntax  Syntax
	pending []byte // an incomplete UTF-8 sequence at the end of a Write
	buf     []byte
}

// NewWriter returns a Writer over w; call Flush at the end.
func NewWriter(w io.Writer, syntax Syntax) *Writer { return &Writer{w: w, syntax: syntax} }

func streamUnsafe(r rune) bool {
	switch {
	case r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func (sw *Writer) Write(p []byte) (int, error) {
	n := len(p)
	data := p
	if len(sw.pending) > 0 {
		data = append(sw.pending, p...)
		sw.pending = nil
	}
	out := sw.buf[:0]
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x7f {
			out = append(out, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf && !utf8.FullRune(data[i:]) {
			sw.pending = append([]byte(nil), data[i:]...)
			break
		}
		r, size := utf8.DecodeRune(data[i:])
		if c == 0x7f {
			r, size = 0x7f, 1
		}
		if streamUnsafe(r) {
			if sw.syntax == XML {
				out = fmt.Appendf(out, "&#x%X;", r)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	sw.buf = out
	if _, err := sw.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes an incomplete sequence left at the end as it is.
func (sw *Writer) Flush() error {
	if len(sw.pending) == 0 {
		return nil
	}
	_, err := sw.w.Write(sw.pending)
	sw.pending = nil
	return err
}
