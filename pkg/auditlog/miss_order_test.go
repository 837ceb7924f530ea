package auditlog

import (
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// TestMissSourcesTieOrder: two sources of missing output first met on the
// same record (one OTLP line holds many spans) are listed in one order,
// by name, however the map of sources iterates. Before, the order changed
// from run to run on the platform OTLP benchmark file.
func TestMissSourcesTieOrder(t *testing.T) {
	p := pos{file: 0, line: 2}
	aa := newAgentAgg()
	for _, action := range []string{model.ActionToolCall, model.ActionModelCall, model.ActionToolCall} {
		aa.missBy(missKey{out: true, file: 0, action: action}).add(p, time.Time{}, model.MaxSamples)
	}
	stats := []model.LogFile{{Format: FormatOTLP}}
	loc := func(p pos) model.Pos { return model.Pos{File: "bench.otlp", Line: int(p.line)} }
	want := "1 from otlp without gen_ai.output.messages (first bench.otlp:2); 2 from otlp without gen_ai.tool.call.result (first bench.otlp:2)"
	for i := 0; i < 50; i++ {
		if got := missSources(aa, true, stats, loc); got != want {
			t.Fatalf("run %d:\n got %s\nwant %s", i, got, want)
		}
	}
}
