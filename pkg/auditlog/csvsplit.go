package auditlog

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
	"unicode/utf8"
)

// csvSplitter cuts a CSV stream into records following RFC 4180
// (https://www.rfc-editor.org/rfc/rfc4180 §2): a record ends at a line break
// outside a quoted field, and a quote opens a quoted field only at the start
// of a field. It holds at most about max bytes of one record, so a 1 GiB line
// or an 8 MB .csv.gz that inflates to gigabytes costs bounded memory.
//
// Broken quoting costs one line, never the rest of the file:
//   - a quote inside an unquoted field, or a closing quote followed by
//     anything but a comma or the line end, on the record's first line: that
//     line is the bad record;
//   - a quoted field that runs past its line and then breaks, or is still
//     open at the end of the file or when the record reaches max bytes: the
//     quote that opened it was stray. The record's first line is skipped and
//     the lines after it are read again as records of their own.
type csvSplitter struct {
	r    *bufio.Reader
	max  int64
	line int64 // physical lines consumed
	back []byte
	eof  bool
	buf  []byte
	rec  csvRecord
}

// csvRecord is one record cut from the stream.
type csvRecord struct {
	raw      []byte // the bytes, line ends included (nil when oversize)
	line     int64  // first physical line
	lines    int    // physical lines it spans
	oversize bool   // its first line alone exceeds max; its bytes were dropped
	// stray: a quoted field opened on the first line spans lines and breaks,
	// or never closes; see csvSplitter.
	stray bool
	// errAt is the offset in raw of the first structural error on a
	// one-line record (-1: none), errReason says what it is.
	errAt     int
	errReason string
}

const (
	csvFieldStart = iota
	csvUnquoted
	csvQuoted
	csvQuoteInQuoted // a quote inside a quoted field: it closes, or doubles
)

// csvScan runs the quoting state machine over c from state, calling fail at
// each structural error (at is an offset in c); ended says c holds the line
// end that ends the record.
func csvScan(state int, c []byte, fail func(at int, reason string)) (int, bool) {
	ended := false
	for i, b := range c {
		switch state {
		case csvFieldStart:
			switch b {
			case '"':
				state = csvQuoted
			case ',':
			case '\n':
				ended = true
			default:
				state = csvUnquoted
			}
		case csvUnquoted:
			switch b {
			case ',':
				state = csvFieldStart
			case '\n':
				ended = true
			case '"':
				fail(i, "stray quote in an unquoted field (a quote must open the field, and be doubled inside it)")
			}
		case csvQuoted:
			if b == '"' {
				state = csvQuoteInQuoted
			}
		case csvQuoteInQuoted:
			switch b {
			case '"':
				state = csvQuoted
			case ',':
				state = csvFieldStart
			case '\n':
				ended = true
			case '\r':
			default:
				fail(i-1, "stray quote inside a quoted field (a quote there must be doubled)")
				state = csvUnquoted
			}
		}
	}
	return state, ended
}

// csvLineError is the first structural error the splitter finds in a
// one-line record (-1: none).
func csvLineError(raw []byte) (int, string) {
	at, why := -1, ""
	state, _ := csvScan(csvFieldStart, raw, func(i int, reason string) {
		if at < 0 {
			at, why = i, reason
		}
	})
	if state == csvQuoted && at < 0 {
		r := csvRecord{raw: raw}
		at, why = r.opener(), "stray quote: the quoted field it opens is never closed"
	}
	return at, why
}

func (s *csvSplitter) readChunk() (c []byte, partial bool, err error) {
	if len(s.back) > 0 {
		i := bytes.IndexByte(s.back, '\n')
		if i < 0 {
			c, s.back = s.back, nil
			return c, true, nil
		}
		c, s.back = s.back[:i+1], s.back[i+1:]
		return c, false, nil
	}
	if s.eof {
		return nil, false, io.EOF
	}
	c, err = s.r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return c, true, nil
	case errors.Is(err, io.EOF):
		s.eof = true
		if len(c) == 0 {
			return nil, false, io.EOF
		}
		return c, false, nil
	}
	return c, false, err
}

// next returns the next record, nil at the end of the stream. The record
// and its bytes are valid until the next call.
func (s *csvSplitter) next() (*csvRecord, error) {
	s.buf = s.buf[:0]
	r := &s.rec
	*r = csvRecord{line: s.line + 1, errAt: -1}
	state := csvFieldStart
	started, discard, partial := false, false, false
	for {
		c, p, err := s.readChunk()
		if errors.Is(err, io.EOF) {
			if partial {
				// The last line has no line end.
				s.line++
				r.lines++
			}
			break
		}
		if err != nil {
			return nil, err
		}
		started, partial = true, p
		if discard {
			if !partial {
				s.line++
				r.lines++
				break
			}
			continue
		}
		base := len(s.buf)
		s.buf = append(s.buf, c...)
		onFirst := r.lines == 0
		var ended bool
		state, ended = csvScan(state, c, func(at int, reason string) { s.fail(r, base+at, reason) })
		if !partial {
			s.line++
			r.lines++
		}
		if r.stray {
			// The line it breaks on counts whether or not it was read to
			// its end, so that the reason does not depend on read sizes.
			if partial {
				r.lines++
			}
			return r, nil
		}
		if ended {
			break
		}
		if int64(len(s.buf)) > s.max+2 {
			if onFirst {
				// The first line alone is over the limit, whether or not a
				// quote is open at its end: drop it to its end.
				r.oversize, discard = true, partial
				s.buf = s.buf[:0]
				if partial {
					continue
				}
				break
			}
			// Past the first line the record goes on only because a
			// quoted field opened there: a record this long means a stray
			// quote far more often than a field of max_record_bytes.
			if partial {
				r.lines++
			}
			r.stray, r.raw = true, s.buf
			return r, nil
		}
	}
	if !started {
		return nil, nil
	}
	if r.oversize {
		return r, nil
	}
	r.raw = s.buf
	if int64(len(r.text())) > s.max {
		r.oversize, r.raw = true, nil
		return r, nil
	}
	if state == csvQuoted {
		if r.lines > 1 {
			r.stray = true
		} else if r.errAt < 0 {
			r.errAt, r.errReason = r.opener(), "stray quote: the quoted field it opens is never closed"
		}
	}
	return r, nil
}

// fail records a structural error: on a record's first line it makes the
// line a bad record; past it, the record's opening quote was stray.
func (s *csvSplitter) fail(r *csvRecord, at int, reason string) {
	if r.lines > 0 {
		r.stray = true
		r.raw = s.buf
		return
	}
	if r.errAt < 0 {
		r.errAt, r.errReason = at, reason
	}
}

// resync skips the first line of a stray record and reads the rest again.
func (s *csvSplitter) resync(r *csvRecord) {
	raw := r.raw
	nl := bytes.IndexByte(raw, '\n')
	if nl < 0 {
		return
	}
	back := make([]byte, 0, len(raw)-nl-1+len(s.back))
	back = append(back, raw[nl+1:]...)
	s.back = append(back, s.back...)
	s.line = r.line
}

func (r *csvRecord) empty() bool {
	return len(r.raw) == 0 || string(r.raw) == "\n" || string(r.raw) == "\r\n"
}

// text is the record without its final line end.
func (r *csvRecord) text() []byte {
	b := r.raw
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	return b
}

// pos is the line and 1-based column (in characters) of offset at in raw.
func (r *csvRecord) pos(at int) (int64, int) {
	if at > len(r.raw) {
		at = len(r.raw)
	}
	line, start := r.line, 0
	for i := 0; i < at; i++ {
		if r.raw[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(r.raw[start:at]) + 1
}

// opener is the offset of the quote on the first line that leaves a quoted
// field open at the line's end (0 when there is none).
func (r *csvRecord) opener() int {
	state, open := csvFieldStart, 0
	for i, b := range r.raw {
		if b == '\n' && state != csvQuoted {
			break
		}
		switch state {
		case csvFieldStart:
			switch b {
			case '"':
				state, open = csvQuoted, i
			case ',':
			default:
				state = csvUnquoted
			}
		case csvUnquoted:
			if b == ',' {
				state = csvFieldStart
			}
		case csvQuoted:
			if b == '"' {
				state = csvQuoteInQuoted
			} else if b == '\n' {
				return open
			}
		case csvQuoteInQuoted:
			switch b {
			case '"':
				state = csvQuoted
			case ',':
				state = csvFieldStart
			default:
				state = csvUnquoted
			}
		}
	}
	return open
}

// csvError is a record that does not split into fields; at is an offset in
// the record (-1: the record as a whole).
type csvError struct {
	at     int
	reason string
}

// parseCSVRecord splits one record (without its final line end) into
// fields, appended to fields. Unquoted fields and quoted fields without
// doubled quotes are slices of s; the others are written to *sc, which
// holds them until the next call; inside quoted fields CRLF becomes LF, as
// encoding/csv reads it.
func parseCSVRecord(s []byte, fields [][]byte, sc *[]byte) ([][]byte, *csvError) {
	// What is written is never longer than s: with this capacity the
	// fields already cut stay in place.
	if cap(*sc) < len(s) {
		*sc = make([]byte, 0, len(s)+len(s)/2)
	}
	out := (*sc)[:0]
	defer func() { *sc = out }()
	i := 0
	for {
		if i < len(s) && s[i] == '"' {
			open := i
			i++
			plain := true
			start, from := i, len(out)
			for {
				j := bytes.IndexByte(s[i:], '"')
				if j < 0 {
					return fields, &csvError{at: open, reason: "stray quote: the quoted field it opens is never closed"}
				}
				if !plain {
					out = append(out, s[i:i+j]...)
				}
				i += j + 1
				if i < len(s) && s[i] == '"' {
					if plain {
						plain = false
						out = append(out, s[start:i]...)
					} else {
						out = append(out, '"')
					}
					i++
					continue
				}
				break
			}
			var f []byte
			if plain {
				f = s[start : i-1]
			} else {
				f = out[from:]
			}
			if bytes.Contains(f, crlf) {
				if plain {
					from = len(out)
					out = append(out, f...)
				}
				out = out[:from+crlfToLF(out[from:])]
				f = out[from:]
			}
			fields = append(fields, f)
			if i == len(s) {
				return fields, nil
			}
			if s[i] != ',' {
				return fields, &csvError{at: i - 1, reason: "stray quote inside a quoted field (a quote there must be doubled)"}
			}
			i++
			continue
		}
		end := commaOrQuote(s, i)
		if end < len(s) && s[end] == '"' {
			return fields, &csvError{at: end, reason: "stray quote in an unquoted field (a quote must open the field, and be doubled inside it)"}
		}
		fields = append(fields, s[i:end])
		if end == len(s) {
			return fields, nil
		}
		i = end + 1
	}
}

// commaOrQuote returns the index of the first ',' or '"' in s at or after
// j, or len(s): one pass over an unquoted field, eight bytes at a time (a
// byte equal to either sets the high bit of its byte in m; bits above the
// first hit may be false positives, so only the lowest counts). Fields are
// short, where two bytes.IndexByte calls a field cost more than the field
// (issue 14: field splitting was a fifth of the CSV CPU).
func commaOrQuote(s []byte, j int) int {
	for ; j+8 <= len(s); j += 8 {
		x := binary.LittleEndian.Uint64(s[j:])
		c := x ^ 0x2c2c2c2c2c2c2c2c
		q := x ^ 0x2222222222222222
		m := (c-0x0101010101010101)&^c | (q-0x0101010101010101)&^q
		if m &= 0x8080808080808080; m != 0 {
			return j + bits.TrailingZeros64(m)>>3
		}
	}
	for ; j < len(s); j++ {
		if c := s[j]; c == ',' || c == '"' {
			return j
		}
	}
	return len(s)
}

var crlf = []byte("\r\n")

// crlfToLF turns each CRLF of b into LF in place and returns the new length.
func crlfToLF(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		if b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n' {
			continue
		}
		b[n] = b[i]
		n++
	}
	return n
}

// badRecordAt counts a skipped record located at line and column (0: the
// line as a whole).
func (g *agg) badRecordAt(file int32, line int64, col int, reason string) {
	f := g.file(file)
	f.skipped++
	f.errs = insertErr(f.errs, recErr{line: line, col: col, reason: reason})
}
