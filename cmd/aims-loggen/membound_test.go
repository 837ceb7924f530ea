package main

import (
	"context"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/testenv"
)

// TestAnalyzeMemoryFlat: aims logs analyze keeps state per agent x tool x
// operation and a bounded window of waiting calls, never per event (issue 14
// §2), so the peak live heap of analysing a platform log (50 agents, 100,000
// resources per tool, 2% reviews by request id in both orders) twice the
// size is the same within a tolerance. The live heap is read from
// runtime/metrics (/gc/heap/live:bytes, the heap marked live by the last GC)
// every millisecond with GOGC=20, so that GCs, and samples, come often; it
// does not depend on when garbage happens to be collected, as RSS or
// HeapInuse would. The state aims keeps is bounded, not absent: a window of
// 16,384 waiting calls and up to 65,536 content IDs per worker, which fill by
// about 48 MiB with 2 workers; from 64 MiB on, state that grew per event
// would show as the difference. The peak must also stay under maxLive, half
// the 100 MB RSS target (the Go heap may grow to twice the live heap): the
// code before issue 14 held up to 65,536 waiting calls of about 250 bytes per
// worker, flat at these sizes but at 99-108 MB, and its matching was
// incomplete. The test takes about 4 s on 2 cores.
func TestAnalyzeMemoryFlat(t *testing.T) {
	testenv.Slow(t) // generates and analyses 192 MiB of logs
	old := debug.SetGCPercent(20)
	defer debug.SetGCPercent(old)
	const size = 64 << 20
	peak := func(size int64) uint64 {
		dir := t.TempDir()
		log := filepath.Join(dir, "bench.jsonl")
		if err := run("platform", "jsonl", log, dir, size, 42); err != nil {
			t.Fatal(err)
		}
		proj, err := load.LoadProject(filepath.Join(dir, "aims.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		base := liveHeap()
		var max uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			for {
				if v := liveHeap(); v > max {
					max = v
				}
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
		s, err := auditlog.Analyze(context.Background(), []auditlog.Source{{Path: log}}, proj.Agents, auditlog.Options{Workers: 2})
		close(stop)
		wg.Wait()
		if err != nil {
			t.Fatal(err)
		}
		if s.Events == 0 || s.Skipped != 0 {
			t.Fatalf("read %d events, skipped %d", s.Events, s.Skipped)
		}
		for _, n := range s.Notes {
			t.Errorf("%d bytes: matching not exact: %s", size, n)
		}
		if max < base {
			return 0
		}
		return max - base
	}
	p1, p2 := peak(size), peak(2*size)
	t.Logf("peak live heap above the start: %.1f MB for %d MiB, %.1f MB for %d MiB", float64(p1)/1e6, size>>20, float64(p2)/1e6, 2*size>>20)
	// 30% and 4 MB of slack: GC marks at different points of the two runs,
	// and the workers split the file differently (seen: up to +24%).
	if limit := p1 + 3*p1/10 + 4<<20; p2 > limit {
		t.Errorf("peak live heap grows with the log: %d bytes for %d MiB, %d for twice that (limit %d)", p1, size>>20, p2, limit)
	}
	const maxLive = 50 << 20
	if p1 > maxLive || p2 > maxLive {
		t.Errorf("peak live heap %d and %d bytes, more than %d", p1, p2, maxLive)
	}
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
