package auditlog

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// The native fast path. Parsing a native event with fastjson builds a value
// tree, unescapes every key and walks it through a callback: more than half
// the CPU of a large analysis. scanNative reads the same line in one pass,
// without allocating, straight into the event. It is an optimisation only:
// it accepts a line only when it understood all of it and the event is
// valid; for anything else (a syntax error, a bad time, an escaped key, a
// number time, deep nesting, NaN ...) it says so and the caller decodes the
// line with fastjson, which also words the skip reason. So a line the fast
// path accepts must give exactly the event decodeNative gives, and a line
// fastjson rejects must never be accepted: scan_test.go checks both on the
// example log, hand-written edge cases and mutations of them, and
// FuzzNativeScan on arbitrary input.

// maxScanDepth bounds the nesting the fast path follows inside unknown fields
// (fastjson allows 300; deeper lines take the fastjson path and its verdict).
const maxScanDepth = 32

// scanner holds the state of one line. Decoded strings are appended to buf,
// whose capacity is at least the line length: unescaping never lengthens a
// string, so buf never reallocates and the event's slices stay valid.
type scanner struct {
	s   []byte
	buf []byte
}

// scanNative decodes a native event line into ev (already reset). sc is the
// caller's scratch buffer, reused across lines. It reports false when the
// line must be decoded by decodeNative instead; ev is then garbage.
func scanNative(line []byte, ev *event, sc *[]byte) bool {
	if cap(*sc) < len(line) {
		*sc = make([]byte, 0, len(line)+len(line)/2)
	}
	z := scanner{s: line, buf: (*sc)[:0]}
	ok := z.event(ev)
	*sc = z.buf[:0]
	return ok
}

func isWS(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func (z *scanner) ws(i int) int {
	if i < len(z.s) && z.s[i] > ' ' {
		return i // the common case: no space at all
	}
	for i < len(z.s) && isWS(z.s[i]) {
		i++
	}
	return i
}

// Value kinds the fast path tells apart.
const (
	kString = iota + 1
	kNumber
	kNull
	kOther // true, false, object, array
)

func (z *scanner) event(ev *event) bool {
	s := z.s
	i := z.ws(0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i = z.ws(i + 1)
	if i >= len(s) || s[i] == '}' {
		return false // empty object: no time, no agent
	}
	haveTime := false
	var keys [16][]byte
	nkeys := 0
	for {
		if i >= len(s) || s[i] != '"' {
			return false
		}
		ks := i + 1
		ke, esc, ok := z.str(ks)
		if !ok || esc {
			return false // an escaped key is unescaped by fastjson: leave it to it
		}
		key := s[ks:ke]
		// A repeated key makes the record ambiguous: decodeNative words the
		// skip. Past 16 keys the fast path leaves the check to it too.
		if nkeys == len(keys) {
			return false
		}
		for _, k := range keys[:nkeys] {
			if string(k) == string(key) {
				return false
			}
		}
		keys[nkeys] = key
		nkeys++
		i = z.ws(ke + 1)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		i = z.ws(i + 1)
		if i >= len(s) {
			return false
		}
		switch string(key) {
		case "data_categories":
			if s[i] == '[' {
				i, ok = z.cats(i+1, ev)
			} else {
				i, ok = z.skip(i, 1)
			}
		case "input", "output":
			var vs, ve, kind int
			vs, ve, _, kind, i, ok = z.value(i)
			// A non-empty raw string is non-empty decoded: every escape
			// decodes to at least one byte.
			has := kind == kNumber || kind == kOther || kind == kString && ve > vs
			if key[0] == 'i' {
				ev.hasInput = has
			} else {
				ev.hasOutput = has
			}
		case "time":
			var b []byte
			var kind int
			b, kind, i, ok = z.field(i)
			if !ok || kind != kString {
				return false // a number time or a wrong type: fastjson decides
			}
			t, err := parseTime(b)
			if err != nil {
				return false
			}
			haveTime = true
			ev.t = t
		case "tool_call_id":
			// The call's own ID, matched before request_id (review.go).
			ev.callID, _, i, ok = z.field(i)
		case "agent", "actor", "action", "tool", "operation", "resource", "model", "outcome", "request_id":
			var b []byte
			b, _, i, ok = z.field(i)
			switch key[0] {
			case 'a':
				switch key[1] {
				case 'g':
					ev.addID(b)
				case 'c':
					if len(key) == 5 {
						ev.actor = b
					} else {
						ev.action = b
					}
				}
			case 't':
				ev.tool = b
			case 'o':
				if key[1] == 'p' {
					ev.op = b
				} else {
					ev.outcome = b
				}
			case 'r':
				if key[2] == 's' {
					ev.resource = b
				} else {
					ev.requestID = b
				}
			case 'm':
				ev.model = b
			}
		default:
			i, ok = z.skip(i, 1)
		}
		if !ok {
			return false
		}
		i = z.ws(i)
		if i >= len(s) {
			return false
		}
		if s[i] == ',' {
			i = z.ws(i + 1)
			continue
		}
		if s[i] != '}' {
			return false
		}
		if z.ws(i+1) != len(s) {
			return false // trailing data
		}
		break
	}
	ev.ioCapable = true
	return haveTime && ev.nids > 0
}

// field reads the value of a string field the way str() sees it: a string
// decoded, a number as written, anything else nil.
func (z *scanner) field(i int) (b []byte, kind, next int, ok bool) {
	vs, ve, esc, kind, next, ok := z.value(i)
	if !ok {
		return nil, 0, 0, false
	}
	switch kind {
	case kString:
		if esc {
			return z.unescape(z.s[vs:ve]), kind, next, true
		}
		return z.s[vs:ve], kind, next, true
	case kNumber:
		return z.s[vs:ve], kind, next, true
	}
	return nil, kind, next, true
}

// value reads a value at depth 1 below the event object. For a string, vs:ve
// is its raw content; for a number, its text.
func (z *scanner) value(i int) (vs, ve int, esc bool, kind, next int, ok bool) {
	s := z.s
	switch c := s[i]; {
	case c == '"':
		ve, esc, ok = z.str(i + 1)
		return i + 1, ve, esc, kString, ve + 1, ok
	case c == 'n':
		if len(s)-i >= 4 && string(s[i:i+4]) == "null" {
			return 0, 0, false, kNull, i + 4, true
		}
		return 0, 0, false, 0, 0, false
	case isNumChar(c):
		ve, ok = z.num(i)
		return i, ve, false, kNumber, ve, ok
	}
	next, ok = z.skip(i, 1)
	return 0, 0, false, kOther, next, ok
}

// str finds the closing quote of a string whose content starts at i, the
// way fastjson does (a quote preceded by an odd run of backslashes is
// escaped). Nothing in the content is validated, as fastjson does not.
func (z *scanner) str(i int) (end int, esc, ok bool) {
	s := z.s
	j := i
	for {
		j = quoteOrBackslash(s, j)
		if j >= len(s) {
			return 0, false, false
		}
		if s[j] == '"' {
			return j, esc, true
		}
		esc = true
		j += 2 // the escaped byte, whatever it is
	}
}

// quoteOrBackslash returns the index of the first '"' or '\\' in s at or
// after j, or len(s). Eight bytes at a time: a quote or backslash sets the
// high bit of its byte in m (bits above the first hit may be false positives,
// so only the lowest counts). Field values are short, where this beats
// bytes.IndexByte.
func quoteOrBackslash(s []byte, j int) int {
	for ; j+8 <= len(s); j += 8 {
		x := binary.LittleEndian.Uint64(s[j:])
		q := x ^ 0x2222222222222222
		b := x ^ 0x5c5c5c5c5c5c5c5c
		m := (q-0x0101010101010101)&^q | (b-0x0101010101010101)&^b
		if m &= 0x8080808080808080; m != 0 {
			return j + bits.TrailingZeros64(m)>>3
		}
	}
	for ; j < len(s); j++ {
		if c := s[j]; c == '"' || c == '\\' {
			return j
		}
	}
	return len(s)
}

func isNumChar(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+'
}

// num ends a number the way fastjson's parseRawNumber does for the run of
// number characters it accepts; a lone sign (which fastjson reads as the
// start of -Inf or NaN, or rejects) is not understood here.
func (z *scanner) num(i int) (int, bool) {
	s := z.s
	j := i
	for j < len(s) && isNumChar(s[j]) {
		j++
	}
	if j == len(s) || j == i+1 && (s[i] == '-' || s[i] == '+') {
		return 0, false
	}
	return j, true
}

// skip passes over one value of any type, validating it as fastjson would.
func (z *scanner) skip(i, depth int) (int, bool) {
	s := z.s
	if i >= len(s) || depth > maxScanDepth {
		return 0, false
	}
	switch c := s[i]; {
	case c == '"':
		end, _, ok := z.str(i + 1)
		return end + 1, ok
	case c == '{':
		i = z.ws(i + 1)
		if i < len(s) && s[i] == '}' {
			return i + 1, true
		}
		for {
			if i >= len(s) || s[i] != '"' {
				return 0, false
			}
			end, _, ok := z.str(i + 1)
			if !ok {
				return 0, false
			}
			i = z.ws(end + 1)
			if i >= len(s) || s[i] != ':' {
				return 0, false
			}
			if i, ok = z.skip(z.ws(i+1), depth+1); !ok {
				return 0, false
			}
			i = z.ws(i)
			if i >= len(s) {
				return 0, false
			}
			if s[i] == '}' {
				return i + 1, true
			}
			if s[i] != ',' {
				return 0, false
			}
			i = z.ws(i + 1)
		}
	case c == '[':
		i = z.ws(i + 1)
		if i < len(s) && s[i] == ']' {
			return i + 1, true
		}
		for {
			var ok bool
			if i, ok = z.skip(i, depth+1); !ok {
				return 0, false
			}
			i = z.ws(i)
			if i >= len(s) {
				return 0, false
			}
			if s[i] == ']' {
				return i + 1, true
			}
			if s[i] != ',' {
				return 0, false
			}
			i = z.ws(i + 1)
		}
	case c == 't':
		if len(s)-i >= 4 && string(s[i:i+4]) == "true" {
			return i + 4, true
		}
	case c == 'f':
		if len(s)-i >= 5 && string(s[i:i+5]) == "false" {
			return i + 5, true
		}
	case c == 'n':
		if len(s)-i >= 4 && string(s[i:i+4]) == "null" {
			return i + 4, true
		}
	case isNumChar(c):
		return z.num(i)
	}
	return 0, false
}

// cats reads the data_categories array (after its '['): non-empty strings
// and numbers are categories, other elements are skipped, as decodeNative does.
func (z *scanner) cats(i int, ev *event) (int, bool) {
	s := z.s
	i = z.ws(i)
	if i < len(s) && s[i] == ']' {
		return i + 1, true
	}
	for {
		if i >= len(s) {
			return 0, false
		}
		b, _, next, ok := z.field(i)
		if !ok {
			return 0, false
		}
		if len(b) > 0 {
			ev.cats = append(ev.cats, b)
		}
		i = z.ws(next)
		if i >= len(s) {
			return 0, false
		}
		if s[i] == ']' {
			return i + 1, true
		}
		if s[i] != ',' {
			return 0, false
		}
		i = z.ws(i + 1)
	}
}

// unescape decodes a raw string into the scratch buffer exactly as fastjson's
// unescapeStringBestEffort does: known escapes decoded, \uXXXX and surrogate
// pairs as UTF-8, anything malformed kept as written.
func (z *scanner) unescape(s []byte) []byte {
	start := len(z.buf)
	b := z.buf
	for len(s) > 0 {
		n := bytes.IndexByte(s, '\\')
		if n < 0 {
			b = append(b, s...)
			break
		}
		b = append(b, s[:n]...)
		s = s[n+1:]
		if len(s) == 0 {
			// Cannot happen inside a string str accepted; kept as written.
			b = append(b, '\\')
			break
		}
		ch := s[0]
		s = s[1:]
		switch ch {
		case '"', '\\', '/':
			b = append(b, ch)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			x, ok := hex4(s)
			if !ok {
				b = append(b, `\u`...)
				break
			}
			xs := s[:4]
			s = s[4:]
			if !utf16.IsSurrogate(rune(x)) {
				b = appendRune(b, rune(x))
				break
			}
			if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
				b = append(b, `\u`...)
				b = append(b, xs...)
				break
			}
			x1, ok := hex4(s[2:])
			if !ok {
				b = append(b, `\u`...)
				b = append(b, xs...)
				break
			}
			b = appendRune(b, utf16.DecodeRune(rune(x), rune(x1)))
			s = s[6:]
		default:
			b = append(b, '\\', ch)
		}
	}
	z.buf = b
	return b[start:len(b):len(b)]
}

func hex4(s []byte) (uint32, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var x uint32
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		x = x<<4 | uint32(c)
	}
	return x, true
}

// appendRune encodes r as string(r) does (fastjson's conversion): an invalid
// rune becomes U+FFFD.
func appendRune(b []byte, r rune) []byte {
	return utf8.AppendRune(b, r)
}
