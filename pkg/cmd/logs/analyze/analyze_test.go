package analyze

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jedib0t/go-pretty/v6/text"
	"github.com/spf13/viper"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

var samples = filepath.Join("..", "..", "..", "auditlog", "testdata", "samples")

func runJSON(t *testing.T, workers int, failOn string) (string, error) {
	t.Helper()
	ios, _, out, _ := iostreams.Test()
	err := analyzeRun(&Options{
		IO:         ios,
		Now:        func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) },
		ConfigPath: func() string { return filepath.Join(t.TempDir(), "aims.yaml") },
		Files:      []string{samples},
		LogFormat:  "auto",
		Report:     cmdutil.ReportOptions{Format: "json", FailOn: failOn},
		Workers:    workers,
	})
	return out.String(), err
}

// TestJSONDeterministic: the JSON output does not depend on the worker count.
func TestJSONDeterministic(t *testing.T) {
	one, err := runJSON(t, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(one, `"schemaVersion"`) || !strings.Contains(one, "ocsf-api-activity.jsonl") {
		t.Fatalf("unexpected output:\n%s", one)
	}
	for _, w := range []int{2, 4} {
		got, err := runJSON(t, w, "")
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(one, got); d != "" {
			t.Fatalf("workers=%d (-1 worker +%d):\n%s", w, w, d)
		}
	}
}

// TestFailOn: with no inventory scope is not judged, but native.csv's bad
// rows make log coverage incomplete (medium).
func TestFailOn(t *testing.T) {
	if _, err := runJSON(t, 0, "high"); err != nil {
		t.Errorf("--fail-on high: %v", err)
	}
	_, err := runJSON(t, 0, "medium")
	var fe *cmdutil.FailError
	if !errors.As(err, &fe) {
		t.Errorf("--fail-on medium: %v, want a FailError", err)
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"x.jsonl"}, ""},
		{[]string{"x.jsonl", "--log-format", "xml"}, "unknown --log-format"},
		{[]string{"x.jsonl", "--format", "pdf"}, "unknown format"},
		{[]string{"x.jsonl", "--period-from", "2026-02-30"}, "--period-from"},
		{[]string{"x.csv", "--map", "agent"}, "want FIELD=COLUMN"},
		{[]string{"x.jsonl", "--fail-on", "severe"}, "unknown --fail-on"},
	}
	for _, tt := range tests {
		ios, _, _, _ := iostreams.Test()
		f := &cmdutil.Factory{IO: ios, Viper: viper.New(), Now: time.Now, ConfigPath: func() string { return "" }}
		var got *Options
		cmd := NewCmdAnalyze(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		err := cmd.Execute()
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.wantErr)
		case tt.wantErr == "" && (got == nil || got.Report.Format != "table" || got.LogFormat != "auto"):
			t.Errorf("%v: options %+v", tt.args, got)
		}
	}
}

// A user catalogue changes the log checks in `logs analyze` as it does in
// assess (issue 11 §4): an override's severity and remediation, and a
// disabled check that reports nothing.
func TestUserOverridesJudgeTheLogs(t *testing.T) {
	const overrides = `apiVersion: aims/v1
kind: Checks
catalogue: iso42001
overrides:
  - check: logs.shadow-agent
`
	tests := []struct {
		name, override string
		wantCode       int
		wantSeverity   string
		wantRemedy     string
	}{
		{"builtin", "", 1, "high", "Register the agent in the inventory"},
		{"severity and remediation", overrides + "    severity: low\n    remediation: Tell the platform team within a day.\n", 0, "low", "Tell the platform team within a day."},
		{"disabled", overrides + "    disable: true\n    reason: the gateway rejects unregistered agents\n", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			catalogues := ""
			files := map[string]string{
				"inventory.yaml": "apiVersion: aims/v1\nkind: Inventory\norganization:\n  name: Test Org\nsystems:\n  - id: support\n    name: Support\n    owner: Ann\n    lifecycle: deployed\n",
				"agents/triage.yaml": "apiVersion: aims/v1\nkind: Agent\nid: triage\nsystem: support\nowner: Ann\nlifecycle: deployed\n" +
					"tools:\n  - name: zendesk\n    operations: [read]\nlogging: {actions: true, retention_days: 365}\n",
				"logs/a.jsonl": `{"time":"2026-04-02T10:00:00Z","agent":"triage","action":"tool.call","tool":"zendesk","operation":"read","outcome":"ok"}
{"time":"2026-04-02T10:06:00Z","agent":"ghost","action":"tool.call","tool":"zendesk","operation":"read","outcome":"ok"}
`,
			}
			if tt.override != "" {
				files["overrides.yaml"] = tt.override
				catalogues = "catalogues: [builtin, overrides.yaml]\n"
			}
			files["aims.yaml"] = "apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents\nlogs:\n  - path: logs/a.jsonl\n" + catalogues
			for name, body := range files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ios, _, out, _ := iostreams.Test()
			err := analyzeRun(&Options{
				IO:         ios,
				Now:        func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) },
				ConfigPath: func() string { return filepath.Join(dir, "aims.yaml") },
				LogFormat:  "auto",
				Report:     cmdutil.ReportOptions{Format: "json", FailOn: "medium"},
			})
			if code := cmdutil.ExitCode(err); code != tt.wantCode {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, tt.wantCode, out)
			}
			var res struct {
				Findings []struct{ Check, Severity, Remediation string } `json:"findings"`
			}
			if err := json.Unmarshal(out.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			var shadow []struct{ Check, Severity, Remediation string }
			for _, f := range res.Findings {
				if f.Check == "logs.shadow-agent" {
					shadow = append(shadow, f)
				}
			}
			if tt.wantSeverity == "" {
				if len(shadow) != 0 {
					t.Errorf("a disabled check reported %+v", shadow)
				}
				return
			}
			if len(shadow) != 1 || shadow[0].Severity != tt.wantSeverity || !strings.HasPrefix(shadow[0].Remediation, tt.wantRemedy) {
				t.Errorf("shadow findings %+v, want one at %s with remediation %q", shadow, tt.wantSeverity, tt.wantRemedy)
			}
		})
	}
}

// --log-format's help, completion and check are the log-format registry:
// each name is listed and accepted, and nothing else is.
func TestLogFormatFlagIsTheRegistry(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Viper: viper.New(), Now: time.Now, ConfigPath: func() string { return "" }}
	cmd := NewCmdAnalyze(f, func(*Options) error { return nil })
	names := auditlog.FormatNames()
	if usage := cmd.Flags().Lookup("log-format").Usage; !strings.HasSuffix(usage, ": "+strings.Join(names, ", ")) {
		t.Errorf("--log-format help %q does not list the registry %v", usage, names)
	}
	complete, ok := cmd.GetFlagCompletionFunc("log-format")
	if !ok {
		t.Fatal("--log-format has no completion")
	}
	got, _ := complete(cmd, nil, "")
	var completed []string
	for _, c := range got {
		name, desc, _ := strings.Cut(c, "\t")
		if desc == "" {
			t.Errorf("completion %q has no description", c)
		}
		completed = append(completed, name)
	}
	if d := cmp.Diff(names, completed); d != "" {
		t.Errorf("completion differs from the registry (-registry +completion):\n%s", d)
	}
	for _, name := range append(names, "xml") {
		cmd := NewCmdAnalyze(f, func(*Options) error { return nil })
		cmd.SetArgs([]string{"x.log", "--log-format", strings.ToUpper(name)})
		cmd.SetOut(ios.Out)
		cmd.SetErr(ios.ErrOut)
		err := cmd.Execute()
		if (err != nil) != (name == "xml") {
			t.Errorf("--log-format %s: error %v", name, err)
		}
	}
}

// TestNoLineWiderThanTerminal: the example's files, agents, tools and
// findings tables, too wide for a narrow terminal in columns, become stacked
// records: no line, measured in display columns, is wider than the terminal
// from 40 columns; piped (no width) the columns stay.
func TestNoLineWiderThanTerminal(t *testing.T) {
	run := func(t *testing.T, width int) string {
		t.Helper()
		ios, _, out, _ := iostreams.Test()
		ios.SetTerminalWidth(width)
		err := analyzeRun(&Options{
			IO:         ios,
			Now:        func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) },
			ConfigPath: func() string { return filepath.Join("..", "..", "..", "..", "examples", "aims.yaml") },
			LogFormat:  "auto",
			Report:     cmdutil.ReportOptions{Format: "table"},
		})
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	piped := run(t, 0)
	if !strings.Contains(piped, "OUT OF SCOPE") || !strings.Contains(piped, "GRANTED") {
		t.Fatalf("piped output lost its columns:\n%s", piped)
	}
	for _, width := range []int{40, 50, 60, 67, 80} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			got := run(t, width)
			want := []string{"FILES", "AGENTS", "TOOLS", "FINDINGS", "update_core_banking"}
			if width == 40 {
				want = append(want, "granted: NO")
			}
			for _, w := range want {
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
