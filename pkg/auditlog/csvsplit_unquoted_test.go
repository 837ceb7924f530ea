package auditlog

import (
	"bytes"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCommaOrQuote: the eight-bytes-at-a-time search finds what a byte
// loop finds, from every start, on random records over an alphabet dense in
// commas, quotes and bytes one away from them (where a borrow could leak).
func TestCommaOrQuote(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alpha := []byte{',', '"', '+', '-', '!', '#', 'a', 0x80, 0xac, 0xa2, 0x00, 0x01}
	for n := 0; n < 2000; n++ {
		s := make([]byte, r.Intn(40))
		for i := range s {
			s[i] = alpha[r.Intn(len(alpha))]
		}
		for j := 0; j <= len(s); j++ {
			want := len(s)
			if k := bytes.IndexAny(s[j:], ",\""); k >= 0 {
				want = j + k
			}
			if got := commaOrQuote(s, j); got != want {
				t.Fatalf("commaOrQuote(%q, %d) = %d, want %d", s, j, got, want)
			}
		}
	}
}

// TestParseCSVRecordUnquoted: unquoted fields split as before, and a stray
// quote in one is reported at its own offset.
func TestParseCSVRecordUnquoted(t *testing.T) {
	var sc []byte
	for _, c := range []struct {
		in   string
		want []string
		at   int // -2: no error
	}{
		{"a,bb,,ccc", []string{"a", "bb", "", "ccc"}, -2},
		{"2026-01-01T00:00:15.487Z,pa-039,user-403,tool.call,email,read,res/email-89405,,customer-contact,success",
			[]string{"2026-01-01T00:00:15.487Z", "pa-039", "user-403", "tool.call", "email", "read", "res/email-89405", "", "customer-contact", "success"}, -2},
		{",", []string{"", ""}, -2},
		{"", []string{""}, -2},
		{`abcdefghij,kl"m,n`, []string{"abcdefghij"}, 13},
		{`x,"a""b",y`, []string{"x", `a"b`, "y"}, -2},
	} {
		fs, err := parseCSVRecord([]byte(c.in), nil, &sc)
		var got []string
		for _, f := range fs {
			got = append(got, string(f))
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("%q: fields (-want +got):\n%s", c.in, d)
		}
		switch {
		case c.at == -2 && err != nil:
			t.Errorf("%q: error %+v", c.in, err)
		case c.at != -2 && (err == nil || err.at != c.at):
			t.Errorf("%q: error %+v, want at %d", c.in, err, c.at)
		}
	}
}

// BenchmarkParseCSVRecord splits a row of the platform workload (aims-loggen).
func BenchmarkParseCSVRecord(b *testing.B) {
	row := []byte(`2026-01-01T00:00:15.487Z,pa-039,user-403,tool.call,email,read,res/email-89405,,customer-contact,success,req-000000000002,"{""id"":""APP-2026-0412""}",ok`)
	var sc []byte
	fields := make([][]byte, 0, 16)
	b.SetBytes(int64(len(row) + 1))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var err *csvError
		if fields, err = parseCSVRecord(row, fields[:0], &sc); err != nil || len(fields) != 13 {
			b.Fatal(len(fields), err)
		}
	}
}
