package auditlog

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// badJSON counts a record that is not valid JSON, located at the line and
// column of the offending character with encoding/json's plain message
// ("invalid character '}' looking for beginning of object key string")
// instead of the fast parser's internals. It runs only on the error path, so
// the second parse costs nothing on good input. raw starts at line; a column
// on that first line counts from the record's first byte.
func (g *agg) badJSON(file int32, line int64, raw []byte, err error) {
	dl, col, reason := locateJSONError(raw)
	if reason == "" {
		reason = jsonReason(err)
	}
	f := g.file(file)
	f.skipped++
	f.errs = insertErr(f.errs, recErr{line: line + dl, col: col, reason: reason})
}

// locateJSONError returns where in raw JSON parsing fails (lines after the
// first, 1-based column in characters) and why; "" when encoding/json
// accepts raw (then only the fast parser's stricter limits refused it).
func locateJSONError(raw []byte) (dl int64, col int, reason string) {
	var x any
	err := json.Unmarshal(raw, &x)
	var se *json.SyntaxError
	if err == nil || !errors.As(err, &se) {
		return 0, 0, ""
	}
	// Offset counts the bytes read, the offending one included.
	at := int(se.Offset) - 1
	if at < 0 {
		at = 0
	}
	if at > len(raw) {
		at = len(raw)
	}
	start := 0
	for i := 0; i < at; i++ {
		if raw[i] == '\n' {
			dl++
			start = i + 1
		}
	}
	return dl, utf8.RuneCount(raw[start:at]) + 1, "invalid JSON: " + se.Error()
}
