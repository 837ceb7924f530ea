package report

import (
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/aims-cli/aims/pkg/model"
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

// TestDiffTableNarrow: in a terminal narrower than its lines (issue 13) the
// diff's changes become one record per change (before and after as pieces)
// and a finding puts its message and then its location under severity and
// control; no line is wider than the terminal. Piped, and wide enough, the
// layout is the fixed one.
func TestDiffTableNarrow(t *testing.T) {
	r := fixtureDiff()
	if len(r.Findings) == 0 || len(r.Agents) == 0 {
		t.Fatal("the fixture diff has no finding or no agent")
	}
	r.Findings[0].Location = model.Pos{File: "agents/triage.yaml", Line: 7, Col: 5}
	render := func(width int) string {
		var b strings.Builder
		if err := Write(&b, string(FormatTable), SubjectDiff, r, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	piped := render(0)
	if wide := render(widest(piped)); wide != piped {
		t.Errorf("as wide as its widest line, the diff differs from the piped one:\n%s\nwant\n%s", wide, piped)
	}
	loc := r.Findings[0].Location.String()
	for _, width := range []int{67, 50, 40} {
		got := render(width)
		for i, l := range strings.Split(got, "\n") {
			if n := text.StringWidthWithoutEscSequences(l); n > width {
				t.Errorf("width %d: line %d is %d wide: %q", width, i+1, n, l)
			}
		}
		// The changes' columns (58 wide here) stay while they fit.
		if stacked := strings.Contains(got, "    before: "); stacked != (width < 58) {
			t.Errorf("width %d: changes stacked = %v:\n%s", width, stacked, got)
		}
		if !strings.Contains(got, "    at "+loc) {
			t.Errorf("width %d: the finding's location is not under its message:\n%s", width, got)
		}
		if i, j := strings.Index(got, "    at "), strings.Index(got, "    agent triage: grant added"); i < j {
			t.Errorf("width %d: the location is not under the message:\n%s", width, got)
		}
	}
}
