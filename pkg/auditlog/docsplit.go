package auditlog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// splitter streams one JSON document (or several concatenated ones) and hands
// out records without holding the document: the elements of a top-level
// array, the elements of a wrapper array (wrapperKeys: Records,
// resourceSpans, resourceLogs), or a whole top-level object when it has no wrapper. Each
// record is at most max bytes; its starting line is counted exactly.
type splitter struct {
	r    *bufio.Reader
	line int64
	col  int64 // of the byte read last, for the structural errors below
	max  int64
	buf  []byte
	obj  []byte
	// record receives a record: the wrapper key ("" for none), its bytes and first line.
	record func(key string, raw []byte, line int64)
	bad    func(line int64, reason string)
}

var errTruncated = errors.New("truncated document (unexpected end of file)")

type overLimit struct{}

func (s *splitter) readByte() (byte, error) {
	c, err := s.r.ReadByte()
	if err == nil {
		if c == '\n' {
			s.line++
			s.col = 0
		} else {
			s.col++
		}
	}
	return c, err
}

func (s *splitter) skipWS() (byte, error) {
	for {
		c, err := s.readByte()
		if err != nil {
			return 0, err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, nil
	}
}

// run splits the whole stream. It returns an error only when the rest of the
// file cannot be split (syntax error between records, truncation).
func (s *splitter) run() error {
	s.line = 1
	for {
		c, err := s.skipWS()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch c {
		case '[':
			if err := s.array(""); err != nil {
				return err
			}
		case '{':
			if err := s.object(); err != nil {
				return err
			}
		case 0xef: // a UTF-8 byte order mark
			s.r.ReadByte()
			s.r.ReadByte()
		default:
			return fmt.Errorf("line %d column %d: unexpected %q where a JSON object or array should start", s.line, s.col, c)
		}
	}
}

// array reads elements after '[' up to the matching ']'.
func (s *splitter) array(key string) error {
	for first := true; ; first = false {
		c, err := s.skipWS()
		if err != nil {
			return s.eof(err)
		}
		if c == ']' {
			return nil
		}
		if !first {
			if c != ',' {
				return fmt.Errorf("line %d column %d: expected ',' or ']' in array, found %q", s.line, s.col, c)
			}
			if c, err = s.skipWS(); err != nil {
				return s.eof(err)
			}
		}
		start := s.line
		s.buf = s.buf[:0]
		over, err := s.value(c, &s.buf)
		if err != nil {
			return err
		}
		if over {
			s.bad(start, fmt.Sprintf("record exceeds max_record_bytes (%d)", s.max))
			continue
		}
		s.record(key, s.buf, start)
	}
}

// object reads a top-level object after '{', splitting out wrapper arrays.
func (s *splitter) object() error {
	start := s.line
	s.obj = append(s.obj[:0], '{')
	wrapped, over := false, false
	for first := true; ; first = false {
		c, err := s.skipWS()
		if err != nil {
			return s.eof(err)
		}
		if c == '}' {
			s.obj = append(s.obj, '}')
			break
		}
		if !first {
			if c != ',' {
				return fmt.Errorf("line %d column %d: expected ',' or '}' in object, found %q", s.line, s.col, c)
			}
			s.obj = append(s.obj, ',')
			if c, err = s.skipWS(); err != nil {
				return s.eof(err)
			}
		}
		if c != '"' {
			return fmt.Errorf("line %d column %d: expected a key, found %q", s.line, s.col, c)
		}
		keyStart := len(s.obj)
		if _, err := s.value(c, &s.obj); err != nil {
			return err
		}
		key := string(s.obj[keyStart+1 : len(s.obj)-1])
		if c, err = s.skipWS(); err != nil {
			return s.eof(err)
		}
		if c != ':' {
			return fmt.Errorf("line %d: expected ':' after key %q", s.line, key)
		}
		s.obj = append(s.obj, ':')
		if c, err = s.skipWS(); err != nil {
			return s.eof(err)
		}
		if c == '[' && wrapperKeys[key] {
			wrapped = true
			s.obj = append(s.obj, '[', ']')
			if err := s.array(key); err != nil {
				return err
			}
			continue
		}
		o, err := s.value(c, &s.obj)
		if err != nil {
			return err
		}
		over = over || o
	}
	if wrapped {
		return nil
	}
	if over || int64(len(s.obj)) > s.max {
		s.bad(start, fmt.Sprintf("record exceeds max_record_bytes (%d)", s.max))
		return nil
	}
	s.record("", s.obj, start)
	return nil
}

func (s *splitter) eof(err error) error {
	if err == io.EOF {
		s.bad(s.line, errTruncated.Error())
		return nil
	}
	return err
}

// value copies one JSON value starting with c into dst (up to the size
// limit) and reports whether it was over the limit.
func (s *splitter) value(c byte, dst *[]byte) (bool, error) {
	base := len(*dst)
	over := false
	put := func(b byte) {
		if over {
			return
		}
		if int64(len(*dst)-base) >= s.max {
			over = true
			*dst = (*dst)[:base]
			return
		}
		*dst = append(*dst, b)
	}
	depth := 0
	inStr, esc := false, false
	scalar := c != '{' && c != '[' && c != '"'
	for {
		put(c)
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
				if depth == 0 {
					return over, nil
				}
			}
		case c == '"':
			inStr = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return over, nil
			}
		}
		if scalar {
			next, err := s.r.Peek(1)
			if err != nil || isDelim(next[0]) {
				return over, nil
			}
		}
		var err error
		c, err = s.readByte()
		if err != nil {
			if err == io.EOF {
				s.bad(s.line, errTruncated.Error())
				return true, io.EOF
			}
			return over, err
		}
	}
}

func isDelim(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}
