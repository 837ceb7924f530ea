package assessment

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/report"
)

// TestFleetProfile profiles `aims assess --format json` of the project in
// AIMS_FLEET_DIR (pkg/engine TestWriteFleet writes one): heap profiles of
// what the loaded and assessed model holds (fleet-run.pprof, after a
// collection) and of what writing the JSON adds (fleet-write.pprof, taken
// half-way through the output), into AIMS_FLEET_PROFILES (default the
// test's temporary directory, logged).
func TestFleetProfile(t *testing.T) {
	dir := os.Getenv("AIMS_FLEET_DIR")
	if dir == "" {
		t.Skip("AIMS_FLEET_DIR not set")
	}
	outDir := os.Getenv("AIMS_FLEET_PROFILES")
	if outDir == "" {
		outDir = t.TempDir()
	}
	heap := func(name string) {
		runtime.GC()
		f, err := os.Create(filepath.Join(outDir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("%s: heap in use %d MiB", name, ms.HeapInuse>>20)
	}
	out, err := Run(context.Background(), Options{ConfigPath: filepath.Join(dir, "aims.yaml"), Now: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	heap("fleet-run.pprof")
	w := &halfway{at: 1 << 20, f: func() { heap("fleet-write.pprof") }}
	if err := report.WriteResult(w, "json", out.Result, report.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d agents, %d MiB of JSON; profiles in %s", len(out.Result.Agents), w.n>>20, outDir)
}

// halfway calls f once when the output passes at bytes.
type halfway struct {
	n, at int
	f     func()
	done  bool
}

func (h *halfway) Write(p []byte) (int, error) {
	h.n += len(p)
	if !h.done && h.n >= h.at {
		h.done = true
		h.f()
	}
	return io.Discard.Write(p)
}
