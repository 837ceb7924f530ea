package pack_test

import (
	"fmt"
	"io"
	"syscall"
	"testing"

	"github.com/aims-cli/aims/pkg/assessment"
	packCmd "github.com/aims-cli/aims/pkg/cmd/pack"
	evpack "github.com/aims-cli/aims/pkg/pack"
	"github.com/aims-cli/aims/pkg/pack/packtest"
)

// BenchmarkPack builds and zips a whole pack with the real writers (PDF,
// XLSX, SARIF, OSCAL) for N agents whose activity summarises 1,000,000 log
// events. Peak RSS is reported as maxrss-MB (the process's high-water mark).
//
//	go test ./pkg/cmd/pack -run '^$' -bench Pack -benchtime 1x
func BenchmarkPack(b *testing.B) {
	const events = 1_000_000
	for _, agents := range []int{250, 500, 1000} {
		b.Run(fmt.Sprintf("agents=%d", agents), func(b *testing.B) {
			res, proj := packtest.Result(packtest.Options{Agents: agents, Logs: true, EventsPerAgent: events / int64(agents), History: true})
			out := &assessment.Output{Project: proj, Catalogues: packtest.Catalogues(), Result: res}
			var before syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
			b.ResetTimer()
			var size int64
			for i := 0; i < b.N; i++ {
				p, err := packCmd.Build(out, nil)
				if err != nil {
					b.Fatal(err)
				}
				cw := &countWriter{}
				if err := evpack.WriteZip(cw, p); err != nil {
					b.Fatal(err)
				}
				size = cw.n
			}
			b.StopTimer()
			var ru syscall.Rusage
			if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
				b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
				cpu := func(r syscall.Rusage) float64 {
					return float64(r.Utime.Sec+r.Stime.Sec) + float64(r.Utime.Usec+r.Stime.Usec)/1e6
				}
				b.ReportMetric((cpu(ru)-cpu(before))/float64(b.N), "cpu-s/op")
			}
			b.ReportMetric(float64(size)/(1<<20), "zip-MB")
		})
	}
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
