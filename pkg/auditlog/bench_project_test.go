package auditlog_test

// The benchmarks on a project's logs load it with pkg/load, which imports
// this package (through pkg/schema's registry enums), so they live outside it.

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/load"
)

// BenchmarkAnalyzeProject runs Analyze on the logs of the project whose
// aims.yaml AIMS_BENCH_PROJECT names (e.g. one aims-loggen -project wrote), to
// profile the real pipeline on a large file:
//
//	AIMS_BENCH_PROJECT=bench/out/project/aims.yaml go test -run '^$' \
//	  -bench AnalyzeProject -benchtime 1x -cpuprofile cpu.out ./pkg/auditlog/
func BenchmarkAnalyzeProject(b *testing.B) {
	cfg := os.Getenv("AIMS_BENCH_PROJECT")
	if cfg == "" {
		b.Skip("set AIMS_BENCH_PROJECT to an aims.yaml whose logs to analyse")
	}
	proj, err := load.LoadProject(cfg)
	if err != nil {
		b.Fatal(err)
	}
	var src []auditlog.Source
	var size int64
	for _, l := range proj.Config.Logs {
		src = append(src, auditlog.Source{Path: l.Path, Format: l.Format, Mapping: l.Mapping})
		if fi, err := os.Stat(filepath.Join(proj.Config.Dir, l.Path)); err == nil {
			size += fi.Size()
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		opts := auditlog.Options{Period: proj.Config.Period, Thresholds: proj.Config.Thresholds.WithDefaults(), BaseDir: proj.Config.Dir}
		if _, err := auditlog.Analyze(context.Background(), src, proj.Agents, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseChunkProject parses and aggregates the first 32 MiB of the
// AIMS_BENCH_PROJECT log from memory on one core: the per-event CPU cost
// without reading or hashing the file.
func BenchmarkParseChunkProject(b *testing.B) {
	cfg := os.Getenv("AIMS_BENCH_PROJECT")
	if cfg == "" {
		b.Skip("set AIMS_BENCH_PROJECT to an aims.yaml whose logs to analyse")
	}
	proj, err := load.LoadProject(cfg)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(proj.Config.Dir, proj.Config.Logs[0].Path))
	if err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 32<<20)
	n, _ := io.ReadFull(f, data)
	f.Close()
	data = data[:bytes.LastIndexByte(data[:n], '\n')+1]
	parse := auditlog.ChunkParser(proj.Agents, proj.Config.Thresholds.WithDefaults())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		parse(data)
	}
}
