package pdf

import (
	"io"
	"testing"
)

func BenchmarkWriteSmall(b *testing.B) {
	res := fixture(b, 6)
	for b.Loop() {
		if err := Write(io.Discard, res, testOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite1000Agents renders a 1,000-agent result (7,000+ findings,
// several thousand pages). Measure peak memory with
// go test -c && /usr/bin/time -v ./pdf.test -test.run XXX -test.bench 1000 -test.benchtime 1x
func BenchmarkWrite1000Agents(b *testing.B) {
	if testing.Short() {
		b.Skip("long benchmark")
	}
	res := fixture(b, 1000)
	var n countingWriter
	for b.Loop() {
		n = 0
		if err := Write(&n, res, testOpts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/(1<<20), "MiB/pdf")
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
