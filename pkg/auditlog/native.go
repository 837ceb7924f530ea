package auditlog

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/valyala/fastjson"
)

var (
	errNotObject = errors.New("record is not a JSON object")
	errNoTime    = errors.New("missing time")
	errNoAgent   = errors.New("missing agent")
)

// decodeNative maps one native event object (docs/contract.md §2) onto ev.
func decodeNative(v *fastjson.Value, ev *event) error {
	o, err := v.Object()
	if err != nil {
		return errNotObject
	}
	var terr error
	haveTime := false
	var keys dupKeys
	o.Visit(func(k []byte, x *fastjson.Value) {
		keys.add(k)
		switch string(k) {
		case "time":
			haveTime = true
			ev.t, terr = parseTimeValue(x)
		case "agent":
			ev.addID(str(x))
		case "actor":
			ev.actor = str(x)
		case "action":
			ev.action = str(x)
		case "tool":
			ev.tool = str(x)
		case "operation":
			ev.op = str(x)
		case "resource":
			ev.resource = str(x)
		case "model":
			ev.model = str(x)
		case "outcome":
			ev.outcome = str(x)
		case "request_id":
			ev.requestID = str(x)
		case "tool_call_id":
			ev.callID = str(x)
		case "data_categories":
			if x.Type() == fastjson.TypeArray {
				arr, _ := x.Array()
				for _, c := range arr {
					if b := str(c); len(b) > 0 {
						ev.cats = append(ev.cats, b)
					}
				}
			}
		case "input":
			ev.hasInput = present(x)
		case "output":
			ev.hasOutput = present(x)
		}
	})
	ev.ioCapable = true
	if keys.dup != "" {
		return duplicateKeyError(keys.dup)
	}
	if !haveTime {
		return errNoTime
	}
	if terr != nil {
		return terr
	}
	if ev.nids == 0 {
		return errNoAgent
	}
	return nil
}

// duplicateKeyError: RFC 8259 §4 leaves the meaning of an object with a
// repeated name to each reader (some take the first, some the last, aims
// used to take every "agent"), so a second "agent" could hide the agent that
// acted from one reader and show it to another. Such a record is ambiguous
// and is a counted skip.
type duplicateKeyError string

func (e duplicateKeyError) Error() string {
	return "duplicate key " + strconv.Quote(string(e)) + ": the record is ambiguous (readers disagree on which value counts)"
}

// dupKeys finds the first repeated key of an object (after unescaping, so
// "agent" and "\u0061gent" are the same key). Small objects compare
// pairwise without allocating; large ones use a set, so a record of many
// keys costs linear time.
type dupKeys struct {
	small [16][]byte
	n     int
	set   map[string]struct{}
	dup   string
}

func (d *dupKeys) add(k []byte) {
	if d.dup != "" {
		return
	}
	if d.set == nil {
		for _, p := range d.small[:d.n] {
			if string(p) == string(k) {
				d.dup = string(k)
				return
			}
		}
		if d.n < len(d.small) {
			d.small[d.n] = k
			d.n++
			return
		}
		d.set = make(map[string]struct{}, 2*len(d.small))
		for _, p := range d.small {
			d.set[string(p)] = struct{}{}
		}
	}
	if _, ok := d.set[string(k)]; ok {
		d.dup = string(k)
		return
	}
	d.set[string(k)] = struct{}{}
}

// str returns a string value's bytes (numbers as written), nil otherwise.
func str(v *fastjson.Value) []byte {
	if v == nil {
		return nil
	}
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return b
	case fastjson.TypeNumber:
		return v.MarshalTo(nil)
	}
	return nil
}

// present: a non-empty string, or any non-null structured value.
func present(v *fastjson.Value) bool {
	switch v.Type() {
	case fastjson.TypeNull:
		return false
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return len(b) > 0
	}
	return true
}

// recordTime reads a record's time from the first of keys it has (the
// stateless JSON readers: CloudTrail eventTime, OCSF time or time_dt ...).
func recordTime(v *fastjson.Value, keys ...string) (time.Time, error) {
	for _, k := range keys {
		if tv := v.Get(k); tv != nil {
			return parseTimeValue(tv)
		}
	}
	return time.Time{}, errNoTime
}

// parseTimeValue accepts an RFC 3339 string or a number of epoch seconds,
// milliseconds, microseconds or nanoseconds (told apart by magnitude).
func parseTimeValue(v *fastjson.Value) (time.Time, error) {
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		return parseTime(b)
	case fastjson.TypeNumber:
		f, err := v.Float64()
		// int64(f) is undefined past the int64 range: refuse it first.
		if err != nil || f <= 0 || f >= 9.2e18 {
			return time.Time{}, errBadTime(v.String())
		}
		return epoch(int64(f))
	}
	return time.Time{}, errBadTime(v.String())
}

type badTimeError string

func (e badTimeError) Error() string { return "unparseable time " + strconv.Quote(string(e)) }

func errBadTime(s string) error {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return badTimeError(s)
}

func epoch(n int64) (time.Time, error) {
	switch {
	case n <= 0:
		return time.Time{}, errBadTime(strconv.FormatInt(n, 10))
	case n < 1e11:
		return inRange(time.Unix(n, 0).UTC(), strconv.FormatInt(n, 10))
	case n < 1e14:
		return time.UnixMilli(n).UTC(), nil
	case n < 1e17:
		return time.UnixMicro(n).UTC(), nil
	}
	return time.Unix(0, n).UTC(), nil
}

// A log time before 1970 or after 9999 is no real record: it is a zeroed or
// corrupted field, and read as written it would open "a gap since 1970" or
// stretch the period. Such a record is a counted skip with this reason.
const minYear, maxYear = 1970, 9999

type timeRangeError string

func (e timeRangeError) Error() string {
	return fmt.Sprintf("time %s is outside %d-%d", strconv.Quote(string(e)), minYear, maxYear)
}

func inRange(t time.Time, raw string) (time.Time, error) {
	if y := t.Year(); y < minYear || y > maxYear {
		if len(raw) > 64 {
			raw = raw[:64] + "..."
		}
		return time.Time{}, timeRangeError(raw)
	}
	return t, nil
}

// parseTime parses RFC 3339 without allocating for the common forms
// (2026-04-14T09:00:01Z, fractional seconds, numeric offsets), then falls
// back to time.Parse, and to epoch numbers written as strings.
func parseTime(b []byte) (time.Time, error) {
	if t, ok := fastRFC3339(b); ok {
		if y := t.Year(); y < minYear || y > maxYear {
			return inRange(t, string(b))
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, string(b)); err == nil {
		return inRange(t.UTC(), string(b))
	}
	if n, err := strconv.ParseInt(string(b), 10, 64); err == nil {
		return epoch(n)
	}
	return time.Time{}, errBadTime(string(b))
}

func digits(b []byte, n int) (int, bool) {
	v := 0
	for i := 0; i < n; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func fastRFC3339(b []byte) (time.Time, bool) {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	y, ok1 := digits(b, 4)
	mo, ok2 := digits(b[5:], 2)
	d, ok3 := digits(b[8:], 2)
	h, ok4 := digits(b[11:], 2)
	mi, ok5 := digits(b[14:], 2)
	s, ok6 := digits(b[17:], 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59 {
		return time.Time{}, false
	}
	rest := b[19:]
	ns := 0
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		scale := 100000000
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			ns += int(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return time.Time{}, false
		}
		rest = rest[i:]
	}
	off := 0
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:], 2)
		om, ok2 := digits(rest[4:], 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		off = oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
	default:
		return time.Time{}, false
	}
	// time.Date normalises and looks up the location: too slow per event.
	// The fields are validated above, so the instant is plain arithmetic;
	// time.Unix(...).UTC() is the same Time value time.Date(..., UTC) gives.
	sec := daysFromCivil(y, mo, d)*86400 + int64(h*3600+mi*60+s) - int64(off)
	return time.Unix(sec, int64(ns)).UTC(), true
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
