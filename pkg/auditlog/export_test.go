package auditlog

import (
	"bytes"

	"github.com/aims-cli/aims/pkg/model"
)

// ChunkParser returns a function that parses whole lines of native JSON
// Lines as a worker does, on one core, in chunkSize chunks, into a fresh
// aggregate each call: the per-event CPU cost without reading the file
// (BenchmarkParseChunkProject).
func ChunkParser(agents []*model.Agent, th model.Thresholds) func(data []byte) {
	an := newAnalysis(agents, Options{}, th)
	r := &run{an: an, th: an.th}
	var w wstate
	lf := lookupFormat(FormatJSONL)
	return func(data []byte) {
		g := newAgg(an)
		for off := 0; off < len(data); {
			end := min(off+chunkSize, len(data))
			end = off + bytes.LastIndexByte(data[off:end], '\n') + 1
			r.parseChunk(g, &w, job{data: data[off:end], lf: lf, line: 1})
			off = end
		}
	}
}
