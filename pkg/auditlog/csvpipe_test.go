package auditlog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestCSVLineCloses: the reading goroutine's test of whether a line is a
// whole record (csvLineCloses, looking at quotes only) agrees with the
// splitter's state machine (csvScan) on every line of up to 9 bytes over the
// bytes that matter to RFC 4180 quoting.
func TestCSVLineCloses(t *testing.T) {
	alphabet := []byte{'a', ',', '"', '\r'}
	line := make([]byte, 0, 9)
	var walk func()
	checked := 0
	walk = func() {
		if q := strings.IndexByte(string(line), '"'); q >= 0 {
			state, _ := csvScan(csvFieldStart, line, func(int, string) {})
			want := state != csvQuoted
			if got := csvLineCloses(line, q); got != want {
				t.Fatalf("csvLineCloses(%q) = %v, the state machine says %v", line, got, want)
			}
			checked++
		}
		if len(line) == cap(line) {
			return
		}
		for _, b := range alphabet {
			line = append(line, b)
			walk()
			line = line[:len(line)-1]
		}
	}
	walk()
	if checked < 200000 {
		t.Fatalf("only %d lines checked", checked)
	}
}

// csvTestAnalyze runs Analyze on one CSV file, sequentially (readCSV) or
// in parallel with chunks of at most limit bytes.
func csvTestAnalyze(t testing.TB, path string, parallel bool, workers, limit int, max int64) *model.LogSummary {
	t.Helper()
	defer func(p bool, l int) { csvParallel, csvChunkLimit = p, l }(csvParallel, csvChunkLimit)
	csvParallel, csvChunkLimit = parallel, limit
	s, err := Analyze(context.Background(), []Source{{Path: path, Format: FormatCSV}}, benchAgents(),
		Options{Workers: workers, BaseDir: filepath.Dir(path), Thresholds: model.Thresholds{MaxRecordBytes: max}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// csvHostileBody is many records with every kind of trouble the splitter
// knows, spread over the file so that chunks start and end around them.
func csvHostileBody(n int) string {
	var b strings.Builder
	b.WriteString("time,agent,tool,operation,resource,outcome,request_id,input\n")
	for i := 0; i < n; i++ {
		ts := fmt.Sprintf("2026-04-14T09:%02d:%02dZ", i/60%60, i%60)
		agent := []string{"agt-001", "agt-002", "agt-003", "svc-x"}[i%4]
		row := fmt.Sprintf("%s,%s,fetch_application,read,/data/%d,success,req-%d,", ts, agent, i%7, i)
		switch i % 23 {
		case 3:
			row += "\"multi\nline \"\"input\"\"\"" // a quoted field over two lines
		case 5:
			row += "a\"b" // a quote inside an unquoted field
		case 7:
			row += "\"open" // a stray opening quote
		case 9:
			row += "\"x\"y" // text after a closing quote
		case 11:
			row += strings.Repeat("z", 3000) // over max_record_bytes
		case 13:
			row += "\"" + strings.Repeat("q", 2500) // over the limit, quote open
		case 15:
			row += "\"crlf\r\ninside\"\r"
		case 17:
			row += "\xff\xfe"
		case 19:
			row = ""
		case 21:
			row += "ok,extra"
		default:
			row += "\"{\"\"id\"\":\"\"APP\"\"}\""
		}
		b.WriteString(row + "\n")
	}
	return b.String()
}

// csvMultiline is a file whose every record has a quoted field over two
// lines, with a stray quote now and then.
func csvMultiline(n int) string {
	var b strings.Builder
	b.WriteString("time,agent,tool,request_id,input\n")
	for i := 0; i < n; i++ {
		in := "\"line one\nline two\""
		if i%101 == 50 {
			in = "\"open"
		}
		fmt.Fprintf(&b, "2026-04-14T09:00:%02dZ,agt-00%d,fetch_application,req-%d,%s\n", i%60, 1+i%3, i, in)
	}
	return b.String()
}

// TestCSVParallelSameAsSequential: the parallel reader gives the same
// summary (events, skips at file:line:col, findings) as readCSV, whatever
// the worker count and chunk size, on clean and hostile files (RFC 4180
// quoting as TestCSVHostileRecords).
func TestCSVParallelSameAsSequential(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"hostile.csv":    csvHostileBody(400),
		"tail-open.csv":  csvHostileBody(40) + "2026-04-14T10:00:00Z,agt-001,t,read,r,success,req-x,\"never closed",
		"no-newline.csv": strings.TrimSuffix(csvHostileBody(30), "\n"),
		"crlf.csv":       strings.ReplaceAll(csvHostileBody(60), "\n", "\r\n"),
		"bom.csv":        "\ufeff" + csvHostileBody(20),
		"multiline.csv":  csvMultiline(3000),
	}
	for name, body := range files {
		path := write(t, dir, name, []byte(body))
		want := csvTestAnalyze(t, path, false, 1, 0, 2048)
		if want.Files[0].Events == 0 || want.Files[0].Skipped == 0 {
			t.Fatalf("%s: %d events, %d skipped: the file should have both", name, want.Files[0].Events, want.Files[0].Skipped)
		}
		for _, workers := range []int{1, 2, 8} {
			for _, limit := range []int{0, 97, 512, 4096} {
				got := csvTestAnalyze(t, path, true, workers, limit, 2048)
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s, %d workers, chunks of %d: parallel differs from sequential (-want +got):\n%s", name, workers, limit, d)
				}
			}
		}
	}
}

// TestCSVParallelHostileRecords: through Analyze (the parallel reader),
// the records of TestCSVHostileRecords are the same events and skips.
func TestCSVParallelHostileRecords(t *testing.T) {
	dir := t.TempDir()
	body := "time,agent,request_id\n" +
		"2026-04-14T09:00:00Z,agt-001,r1\n" +
		"2026-04-14T09:00:00Z,agt-001,\"r2\n" + // stray: one line lost
		"2026-04-14T09:00:00Z,agt-001,r3\n" +
		"2026-04-14T09:00:00Z,agt-001,r\"4\n" + // quote in an unquoted field
		"2026-04-14T09:00:00Z,agt-001,\"r5\nsecond\"\n" // a field over two lines
	path := write(t, dir, "h.csv", []byte(body))
	s := csvTestAnalyze(t, path, true, 2, 0, 2048)
	f := s.Files[0]
	var skips []string
	for _, e := range f.Errors {
		skips = append(skips, e.Location.String()+" "+e.Reason)
	}
	want := []string{
		"h.csv:3:30 stray quote: the quoted field it opens does not close cleanly within 3 lines; only this line is skipped",
		"h.csv:5:31 stray quote in an unquoted field (a quote must open the field, and be doubled inside it)",
	}
	if d := cmp.Diff(want, skips); d != "" {
		t.Errorf("skips (-want +got):\n%s", d)
	}
	if f.Events != 3 || f.Skipped != 2 {
		t.Errorf("%d events, %d skipped; want 3 (r1, r3, r5) and 2", f.Events, f.Skipped)
	}
}

// TestCSVParallelLargeFile: a file of many chunks reads the same in
// parallel as sequentially (the chunk boundaries fall inside records).
func TestCSVParallelLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte(csvHostileBody(30000)), 0o644); err != nil {
		t.Fatal(err)
	}
	want := csvTestAnalyze(t, path, false, 1, 0, 2048)
	got := csvTestAnalyze(t, path, true, 2, 0, 2048)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parallel differs from sequential (-want +got):\n%s", d)
	}
}
