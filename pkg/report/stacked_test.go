package report

import (
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// TestStackedFitsDisplayWidth: a table too wide for the terminal becomes
// stacked records that fit in display columns (wide CJK runes count two,
// colour codes none); piped (no width) the columns stay as they were.
func TestStackedFitsDisplayWidth(t *testing.T) {
	rows := func(tw *tableWriter) []table.Row {
		return []table.Row{
			{"代理-支持-票务-分流-代理", "工具-搜索-知识库-文章-和-常见问题", "read", "53", tw.paint(ansiRed, "NO")},
			{"doc-updater", "confluence", "update", "20", tw.paint("", "yes")},
		}
	}
	header := table.Row{"agent", "tool", "operation", "calls", "granted"}
	for _, tt := range []struct {
		name    string
		width   int
		color   bool
		stacked bool
	}{
		{name: "piped", width: 0},
		{name: "wide enough", width: 120},
		{name: "40 columns", width: 40, stacked: true},
		{name: "40 columns, colour", width: 40, color: true, stacked: true},
		{name: "24 columns", width: 24, stacked: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			tw := &tableWriter{w: &b, opts: Options{Width: tt.width, Color: tt.color}}
			tw.render(header, rows(tw))
			got := b.String()
			if isStacked := !strings.Contains(got, "OPERATION"); isStacked != tt.stacked {
				t.Fatalf("stacked = %v, want %v:\n%s", isStacked, tt.stacked, got)
			}
			if tt.stacked && !strings.Contains(got, "operation: update") {
				t.Errorf("stacked record lacks its key: value pieces:\n%s", got)
			}
			if tt.width == 0 {
				return
			}
			for i, line := range strings.Split(got, "\n") {
				if n := text.StringWidthWithoutEscSequences(line); n > tt.width {
					t.Errorf("line %d is %d wide at width %d: %q", i+1, n, tt.width, line)
				}
			}
		})
	}
}
