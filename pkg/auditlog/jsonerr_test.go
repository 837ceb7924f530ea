package auditlog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSONSyntaxErrorLocated: a syntax error is reported at the line and
// column of the offending character with a plain message, in a JSON Lines
// file and inside a pretty-printed OCSF or CloudTrail document.
func TestJSONSyntaxErrorLocated(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, format, data, want string
	}{
		{"lines.jsonl", "jsonl", ev("2026-11-02T10:00:00Z", "a", "tool.call", "t", "", "success", "") + "\n{\"time\": \"x\",, \"agent\": \"a\"}\n",
			`lines.jsonl:2:14 invalid JSON: invalid character ',' looking for beginning of object key string`},
		{"event.ocsf", "ocsf", "{\n  \"class_uid\": 6003,\n  \"time\": 1695334972000\n  \"api\": {}\n}\n",
			`unreadable: line 4 column 3: expected ',' or '}' in object, found '"'`},
		{"trail.json", "cloudtrail", "{\"Records\": [\n {\"eventTime\": \"2025-07-14T02:14:42Z\",\n  \"eventName\": tru}\n]}\n",
			`trail.json:3:19 invalid JSON: invalid character '}' in literal true (expecting 'e')`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, dir, tc.name, []byte(tc.data))
			s, err := Analyze(t.Context(), []Source{{Path: p, Format: tc.format}}, nil, Options{BaseDir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if u := s.Files[0].Unreadable; u != "" {
				got = append(got, "unreadable: "+u)
			}
			for _, e := range s.Files[0].Errors {
				got = append(got, e.Location.String()+" "+e.Reason)
			}
			if d := cmp.Diff([]string{tc.want}, got); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func FuzzLocateJSONError(f *testing.F) {
	for _, s := range []string{"", "{", "}", "\n\n{\"a\":\xff}", "[1,2", "{\"a\":1}x", "\"\\u12", "{\"a\":" + "[" + "]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		dl, col, reason := locateJSONError(raw)
		if reason != "" && (dl < 0 || col < 1) {
			t.Fatalf("position %d:%d for %q", dl, col, raw)
		}
	})
}
