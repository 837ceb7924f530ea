package auditlog

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"

	"github.com/aims-cli/aims/pkg/model"
)

// TestOTLPReplaySameAsDirect: steps recorded by two recorders batch by
// batch and replayed a batch behind (as workers and the replayer run, with
// each replayed batch's storage reused by the next ones) give the same
// summary as one otlpState reading every record itself. File shape:
// otlpCrossChunkFile (Collector file exporter, opentelemetry-proto v1.3).
func TestOTLPReplaySameAsDirect(t *testing.T) {
	th := model.Thresholds{MaxRecordBytes: 1 << 16}.WithDefaults()
	data, _ := otlpCrossChunkFile(4*chunkSize, th.MaxRecordBytes)
	var lines []string
	for _, l := range strings.Split(data, "\n") {
		if fastjson.Validate(l) == nil {
			lines = append(lines, l)
		}
	}
	an := newAnalysis(benchAgents(), Options{}, th)
	summary := func(g *agg) string {
		g.finishReviews()
		s := summarize(g, []*inputFile{{display: "t.jsonl"}}, []model.LogFile{{Path: "t.jsonl"}}, an)
		b, _ := json.MarshalIndent(s, "", " ")
		return string(b)
	}

	// Every event as the aggregate gets it, in order.
	capture := func(g *agg, into *[]string) func(*event) {
		return func(ev *event) {
			var ids []string
			for i := 0; i < ev.nids; i++ {
				ids = append(ids, string(ev.ids[i]))
			}
			*into = append(*into, fmt.Sprintf("%d:%d %s %v %s %s %s %s %s %s %s", ev.file, ev.line, ev.t.UTC().Format(time.RFC3339Nano), ids,
				ev.action, ev.tool, ev.op, ev.outcome, ev.requestID, ev.callID, ev.contentKey))
			g.add(ev)
		}
	}
	var wantEvents, gotEvents []string
	direct := newAgg(an)
	ds := newOTLPState(direct)
	ds.emit = capture(direct, &wantEvents)
	var p fastjson.Parser
	parse := func(l string) *fastjson.Value {
		v, err := p.Parse(l)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i, l := range lines {
		ds.record(parse(l), "", 0, int64(i+1), nil)
	}
	ds.finish()
	want := summary(direct)

	replayed := newAgg(an)
	real := newOTLPState(replayed)
	real.emit = capture(replayed, &gotEvents)
	var ops [2][]otlpOp
	recs := [2]*otlpState{newOTLPRecorder(&ops[0]), newOTLPRecorder(&ops[1])}
	var behind []otlpOp
	const batch = 23
	for b := 0; b*batch < len(lines); b++ {
		w := b % 2
		ops[w] = nil
		for i := b * batch; i < len(lines) && i < (b+1)*batch; i++ {
			recs[w].record(parse(lines[i]), "", 0, int64(i+1), nil)
		}
		if behind != nil {
			real.replay(behind)
		}
		behind = ops[w]
	}
	real.replay(behind)
	real.finish()
	got := summary(replayed)
	if !strings.Contains(want, "execute_tool") && !strings.Contains(want, "fetch_application") {
		t.Fatalf("the direct summary has no tool calls:\n%.2000s", want)
	}
	if len(wantEvents) < 1000 {
		t.Fatalf("only %d events", len(wantEvents))
	}
	if d := cmp.Diff(wantEvents, gotEvents); d != "" {
		t.Errorf("replayed events differ from direct (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("replayed differs from direct (-want +got):\n%s", d)
	}
}
