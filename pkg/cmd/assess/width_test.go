package assess

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/text"
)

// TestTableWidthAndVerbose: the terminal width from iostreams reaches the
// table (narrow: location under the message), a file keeps the fixed layout,
// and -v lists the manual controls the default collapses to one line.
func TestTableWidthAndVerbose(t *testing.T) {
	config := filepath.Join("..", "..", "..", "examples", "aims.yaml")
	tests := []struct {
		name        string
		width       int
		verbose     bool
		toFile      bool
		want, avoid []string
	}{
		{name: "piped", want: []string{"CONTROL/CHECK", "-v lists them"}},
		{name: "narrow terminal", width: 90, want: []string{"FINDING\n", "at ", "AGENT / SYSTEM"}, avoid: []string{"CONTROL/CHECK"}},
		{name: "wide terminal", width: 240, want: []string{"CONTROL/CHECK"}},
		// The example's log summary line is 89 wide; it must wrap too.
		{name: "80 columns", width: 80, want: []string{"FINDING\n", "LOGS\n"}, avoid: []string{"CONTROL/CHECK"}},
		// From 210 columns the wide findings table is tried, but the
		// example's medium and low findings need 216: that section falls
		// back to the narrow table (the critical and high one fits).
		{name: "wide layout that does not fit", width: 212, want: []string{"CONTROL/CHECK", "FINDING\n"}},
		{name: "file ignores the terminal", width: 90, toFile: true, want: []string{"CONTROL/CHECK"}},
		{name: "verbose lists manual controls", verbose: true, want: []string{"manual"}, avoid: []string{"-v lists them"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, out, _ := testFactory(config)
			f.IO.SetTerminalWidth(tt.width)
			f.Verbose = tt.verbose
			args := []string{"--format", "table"}
			var file string
			if tt.toFile {
				file = filepath.Join(t.TempDir(), "report.txt")
				args = append(args, "--output", file)
			}
			cmd := NewCmdAssess(f, nil)
			cmd.SetArgs(args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			cmd.SetContext(context.Background())
			err := cmd.Execute()
			skipIfEngineStub(t, err)
			got := out.String()
			if tt.toFile {
				b, rerr := os.ReadFile(file)
				if rerr != nil {
					t.Fatal(rerr)
				}
				got = string(b)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(got, a) {
					t.Errorf("output has %q", a)
				}
			}
			if tt.width > 0 && !tt.toFile {
				for i, line := range strings.Split(got, "\n") {
					if n := len([]rune(line)); n > tt.width {
						t.Errorf("line %d is %d wide at width %d: %q", i+1, n, tt.width, line)
						break
					}
				}
			}
		})
	}
}

// TestNoLineWiderThanTerminal: below the 68 columns the narrow findings
// table needs, the fixed-column tables (agents, controls, the summary
// counts) and the findings become stacked records: on the example no line,
// measured in display columns, is wider than the terminal from 40 columns.
func TestNoLineWiderThanTerminal(t *testing.T) {
	config := filepath.Join("..", "..", "..", "examples", "aims.yaml")
	for _, width := range []int{40, 50, 60, 67, 80} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			f, out, _ := testFactory(config)
			f.IO.SetTerminalWidth(width)
			cmd := NewCmdAssess(f, nil)
			// The framework views add long section titles.
			cmd.SetArgs([]string{"--format", "table", "--framework", "eu-ai-act,nist-ai-rmf"})
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			cmd.SetContext(context.Background())
			err := cmd.Execute()
			skipIfEngineStub(t, err)
			got := out.String()
			// Every section is still there, whatever the layout.
			for _, w := range []string{"CERTIFICATION BLOCKERS", "CRITICAL AND HIGH FINDINGS", "AGENTS: DECLARED VS COMPUTED RISK", "CONTROLS", "reply-drafter", "F-42c860dd7dba"} {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for i, line := range strings.Split(got, "\n") {
				if n := text.StringWidthWithoutEscSequences(line); n > width {
					t.Errorf("line %d is %d wide at width %d: %q", i+1, n, width, line)
				}
			}
		})
	}
}
