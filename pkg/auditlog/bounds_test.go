package auditlog

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// peakHeap runs f while sampling runtime.MemStats.HeapAlloc and returns the
// highest value seen above the heap before f (after a GC), and f's time.
func peakHeap(f func()) (peak uint64, took time.Duration) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak {
				peak = m.HeapAlloc - base
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	f()
	took = time.Since(start)
	close(stop)
	wg.Wait()
	return peak, took
}

// hostileID is the i-th distinct ID of n bytes (a run of one letter behind
// the number, as an export with huge IDs would carry).
func hostileID(i, n int) string {
	p := fmt.Sprintf("%08d-", i)
	return p + strings.Repeat(string(rune('a'+i%26)), n-len(p))
}

// writeLines writes n records, per a line of OTLP LogsData holding
// per records made by rec, to path.
func writeLines(t testing.TB, path string, n, per int, wrap func([]string) string, rec func(i int) string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	batch := make([]string, 0, per)
	for i := 0; i < n; i++ {
		batch = append(batch, rec(i))
		if len(batch) == per || i == n-1 {
			w.WriteString(wrap(batch))
			w.WriteByte('\n')
			batch = batch[:0]
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestClaudeJoinStateBounded: a hostile Claude Code export (code.claude.com/
// docs/en/monitoring-usage, "Events": tool_result with tool_use_id,
// api_request with session.id and request_id) whose every record carries a
// new 4 KiB ID. The join state keeps 64-bit hashes up to maxClaudeCalls, so
// the peak heap does not hold the IDs (as strings, 65,536 tool_use_ids of
// 4 KiB were 256 MiB), and the IDs past the bound are a counted note, not a
// silent double count. Every event still counts.
func TestClaudeJoinStateBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 330 MB export")
	}
	const (
		n      = maxClaudeCalls + 15_000
		idLen  = 4 << 10
		bound  = 64 << 20 // peak heap above the start, bytes
		noteOf = "OTLP: %d Claude Code "
	)
	for _, tt := range []struct {
		name string
		rec  func(i int) string
		note string
	}{
		{"tool_use_ids", func(i int) string {
			return claudeEvent("tool_result", "1776157201000000000", "session.id", "s", "tool_name", "Read",
				"tool_use_id", hostileID(i, idLen), "success", "true")
		}, fmt.Sprintf(noteOf+"tool_use_ids beyond the bound of %d were not kept", n-maxClaudeCalls, maxClaudeCalls)},
		{"sessions and request_ids", func(i int) string {
			return claudeEvent("api_request", "1776157201000000000", "session.id", hostileID(i, idLen/2), "model", "claude-sonnet-4-5",
				"request_id", hostileID(i, idLen/2))
		}, fmt.Sprintf(noteOf+"model-call events of sessions beyond the bound of %d", n-maxClaudeCalls, maxClaudeCalls)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeLines(t, filepath.Join(dir, "claude.logs.jsonl"), n, 32, func(r []string) string { return claudeLogs(r...) }, tt.rec)
			agents := []*model.Agent{{ID: "claude-code", Lifecycle: "deployed", Identities: []string{"claude-code"}}}
			var s *model.LogSummary
			peak, took := peakHeap(func() {
				var err error
				s, err = Analyze(context.Background(), []Source{{Path: "claude.logs.jsonl"}}, agents, Options{BaseDir: dir})
				if err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("%d records of %d KiB IDs: peak heap +%d MiB, %v", n, idLen>>10, peak>>20, took)
			if peak > bound {
				t.Errorf("peak heap grew by %d MiB, want <= %d MiB", peak>>20, bound>>20)
			}
			if s.Events != n {
				t.Errorf("%d events, want %d", s.Events, n)
			}
			found := false
			for _, note := range s.Notes {
				found = found || strings.HasPrefix(note, tt.note)
			}
			if !found {
				t.Errorf("notes %q, want one starting %q", s.Notes, tt.note)
			}
		})
	}
}

// TestShadowIdentitiesBounded: a hostile native log (docs/formats.md, the
// native JSON Lines schema) whose every record names a new identity no
// inventory agent claims. Each kept shadow identity costs an aggregate of
// its own, so only maxShadow are kept (those with the smallest hash), and
// the others are a counted note; the kept ones are the same, with the same
// counts, whatever the worker count.
func TestShadowIdentitiesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 40 MB log")
	}
	// Peak heap above the start: each worker keeps its own maxShadow
	// aggregates, route and identity caches (at most maxRoutes keys of
	// maxCachedKey bytes each) beside its read buffers.
	bound := func(workers int) uint64 { return 40<<20 + uint64(workers)*24<<20 }
	for _, tt := range []struct{ n, idLen int }{{100_000, 256}, {20_000, 4 << 10}} {
		t.Run(fmt.Sprintf("%d ids of %d bytes", tt.n, tt.idLen), func(t *testing.T) { shadowBounded(t, tt.n, tt.idLen, bound) })
	}
}

func shadowBounded(t *testing.T, n, idLen int, bound func(workers int) uint64) {
	dir := t.TempDir()
	writeLines(t, filepath.Join(dir, "shadow.jsonl"), n, 1, func(r []string) string { return r[0] }, func(i int) string {
		return fmt.Sprintf(`{"time":"2026-05-01T00:%02d:00Z","agent":%q,"action":"tool_call","tool":"t%d","resource":"r"}`, i%60, hostileID(i, idLen), i%7)
	})
	want := fmt.Sprintf("%d more identities that match no inventory agent (%d events) are not listed: at most %d are kept", n-maxShadow, n-maxShadow, maxShadow)
	var first *model.LogSummary
	for _, workers := range []int{1, 4} {
		var s *model.LogSummary
		peak, took := peakHeap(func() {
			var err error
			s, err = Analyze(context.Background(), []Source{{Path: "shadow.jsonl"}}, northwind(), Options{BaseDir: dir, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%d workers, %d shadow identities of %d bytes: peak heap +%d MiB, %v", workers, n, idLen, peak>>20, took)
		if peak > bound(workers) {
			t.Errorf("%d workers: peak heap grew by %d MiB, want <= %d MiB", workers, peak>>20, bound(workers)>>20)
		}
		if s.Events != int64(n) || len(s.Shadow) != maxShadow {
			t.Errorf("%d workers: %d events, %d shadow agents listed, want %d and %d", workers, s.Events, len(s.Shadow), n, maxShadow)
		}
		found := false
		for _, note := range s.Notes {
			found = found || strings.HasPrefix(note, want)
		}
		if !found {
			t.Errorf("%d workers: notes %q, want one starting %q", workers, s.Notes, want)
		}
		if first == nil {
			first = s
		} else if d := cmp.Diff(first.Shadow, s.Shadow); d != "" {
			t.Errorf("shadow agents differ between 1 and %d workers (-1 +%d):\n%s", workers, workers, d)
		}
	}
}
