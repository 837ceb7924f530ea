package auditlog

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// csvRead runs readCSV over data and returns the request IDs of the events
// read (in order) and each counted skip as "line:col reason".
func csvRead(t *testing.T, data string, max int64) (events []string, skips []string) {
	t.Helper()
	emit := func(ev *event) { events = append(events, string(ev.requestID)) }
	bad := func(_ int32, line int64, col int, reason string) {
		skips = append(skips, model.Pos{File: "l.csv", Line: int(line), Col: col}.String()+" "+reason)
	}
	if err := readCSV(strings.NewReader(data), 0, nil, max, emit, bad); err != nil {
		t.Fatalf("readCSV: %v", err)
	}
	return events, skips
}

// TestCSVHostileRecords: broken quoting and oversized records each cost one
// counted skip at file:line:col, and the records after them are read.
// Quoting rules: RFC 4180 §2 (https://www.rfc-editor.org/rfc/rfc4180), the
// rules encoding/csv applies with LazyQuotes off.
func TestCSVHostileRecords(t *testing.T) {
	const head = "time,agent,request_id\n"
	row := func(id string) string { return "2026-04-14T09:00:00Z,agt-001," + id + "\n" }
	tests := []struct {
		name   string
		body   string
		events []string
		skips  []string
	}{
		{"clean", row("r1") + row("r2"), []string{"r1", "r2"}, nil},
		{"quoted field over lines, doubled quotes",
			"2026-04-14T09:00:00Z,agt-001,\"r1\nsecond \"\"line\"\"\"\n" + row("r2"),
			[]string{"r1\nsecond \"line\"", "r2"}, nil},
		{"bare quote inside an unquoted field",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,r\"2\n" + row("r3"),
			[]string{"r1", "r3"},
			[]string{"l.csv:3:31 stray quote in an unquoted field (a quote must open the field, and be doubled inside it)"}},
		{"closing quote followed by text",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\"x\n" + row("r3"),
			[]string{"r1", "r3"},
			[]string{"l.csv:3:33 stray quote inside a quoted field (a quote there must be doubled)"}},
		{"opening quote never closed: one line lost, not the rest of the file",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\n" + row("r3") + row("r4"),
			[]string{"r1", "r3", "r4"},
			[]string{"l.csv:3:30 stray quote: the quoted field it opens does not close cleanly within 3 lines; only this line is skipped"}},
		{"opening quote closed by a later record's quote",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\n" + "2026-04-14T09:00:00Z,agt-001,\"r3\"\n" + row("r4"),
			[]string{"r1", "r3", "r4"},
			[]string{"l.csv:3:30 stray quote: the quoted field it opens does not close cleanly within 2 lines; only this line is skipped"}},
		// A quote that closes cleanly is not stray: the record is what any
		// CSV reader reads, one field over two lines.
		{"a quoted field that closes cleanly on a later line",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\n" + "2026-04-14T09:00:00Z,agt-001,r3\"\n" + row("r4"),
			[]string{"r1", "r2\n2026-04-14T09:00:00Z,agt-001,r3", "r4"},
			nil},
		{"a field that closes on a later line with the wrong column count",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\n" + "2026-04-14T09:00:00Z,agt-001,r3\",x\n" + row("r4"),
			[]string{"r1", "r4"},
			[]string{"l.csv:3:30 stray quote: the record it makes spans 2 lines and wrong number of columns: 4, the header has 3; only this line is skipped",
				"l.csv:4:32 stray quote in an unquoted field (a quote must open the field, and be doubled inside it)"}},
		{"wrong column count", row("r1") + "2026-04-14T09:00:00Z,agt-001\n" + row("r3"),
			[]string{"r1", "r3"}, []string{"l.csv:3 wrong number of columns: 2, the header has 3"}},
		{"oversized line", row("r1") + "2026-04-14T09:00:00Z,agt-001," + strings.Repeat("x", 5000) + "\n" + row("r3"),
			[]string{"r1", "r3"}, []string{"l.csv:3 record exceeds max_record_bytes (2048)"}},
		{"oversized line with a quote open at its end",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"" + strings.Repeat("x", 5000) + "\n" + row("r3"),
			[]string{"r1", "r3"}, []string{"l.csv:3 record exceeds max_record_bytes (2048)"}},
		{"quoted field open past max_record_bytes over many lines",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2\n" + strings.Repeat(row("rN"), 100),
			append([]string{"r1"}, strings.Split(strings.TrimSuffix(strings.Repeat("rN,", 100), ","), ",")...),
			[]string{"l.csv:3:30 stray quote: the quoted field it opens does not close cleanly within 65 lines; only this line is skipped"}},
		{"CRLF line ends", strings.ReplaceAll(row("r1")+row("r2"), "\n", "\r\n"), []string{"r1", "r2"}, nil},
		{"no final line end", strings.TrimSuffix(row("r1")+row("r2"), "\n"), []string{"r1", "r2"}, nil},
		{"unclosed quote on the last line",
			row("r1") + "2026-04-14T09:00:00Z,agt-001,\"r2",
			[]string{"r1"}, []string{"l.csv:3:30 stray quote: the quoted field it opens is never closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, skips := csvRead(t, head+tt.body, 2048)
			if d := cmp.Diff(tt.events, events); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.skips, skips); d != "" {
				t.Errorf("skips (-want +got):\n%s", d)
			}
		})
	}
}

// TestCSVBombBoundedMemory: a .csv.gz whose lines inflate far past
// max_record_bytes is read in bounded memory, each oversized record a
// counted skip at its line, and the records after it are events.
func TestCSVBombBoundedMemory(t *testing.T) {
	const inflated = 64 << 20
	for _, tt := range []struct {
		name string
		bomb func(w *gzip.Writer)
		skip string
	}{
		{"one 64 MiB line", func(w *gzip.Writer) {
			w.Write([]byte("2026-04-14T09:00:00Z,agt-001,"))
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for i := 0; i < inflated>>20; i++ {
				w.Write(chunk)
			}
			w.Write([]byte("\n"))
		}, "bomb.csv.gz:3 record exceeds max_record_bytes (1048576)"},
		{"a quote open over 64 MiB of lines", func(w *gzip.Writer) {
			w.Write([]byte("2026-04-14T09:00:00Z,agt-001,\"open\n"))
			chunk := bytes.Repeat([]byte("xxxxxxxxxxxxxxx\n"), 1<<16)
			for i := 0; i < inflated>>20; i++ {
				w.Write(chunk)
			}
		}, "bomb.csv.gz:3:30 stray quote"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write([]byte("time,agent,tool\n2026-04-14T09:00:00Z,agt-001,fetch_application\n"))
			tt.bomb(w)
			w.Write([]byte("2026-04-14T10:00:00Z,agt-001,fetch_application\n"))
			w.Close()
			write(t, dir, "bomb.csv.gz", b.Bytes())

			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s := analyze(t, dir, northwind(), Options{Thresholds: model.Thresholds{MaxRecordBytes: 1 << 20}}, "bomb.csv.gz")
			runtime.ReadMemStats(&after)
			// Each stray-quote resync re-reads at most max_record_bytes, so
			// allocation is bounded by a few records' worth, not the file.
			if got := after.TotalAlloc - before.TotalAlloc; got > 48<<20 && tt.name == "one 64 MiB line" {
				t.Errorf("allocated %d MiB reading a 64 MiB line", got>>20)
			}
			if got := after.HeapInuse; got > before.HeapInuse+32<<20 {
				t.Errorf("heap grew by %d MiB", (got-before.HeapInuse)>>20)
			}
			f := s.Files[0]
			if f.Events < 2 || len(f.Errors) == 0 || !strings.HasPrefix(f.Errors[0].Location.String()+" "+f.Errors[0].Reason, tt.skip) {
				t.Errorf("events %d skipped %d errors %v, want the records around the bomb and %q", f.Events, f.Skipped, f.Errors, tt.skip)
			}
		})
	}
}
