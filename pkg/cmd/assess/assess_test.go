package assess

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/testenv"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

var testNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

func testFactory(configPath string) (*cmdutil.Factory, *bytes.Buffer, *bytes.Buffer) {
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Viper: cmdutil.NewViper()}
	f.Now = func() time.Time { return testNow }
	f.ConfigPath = func() string { return configPath }
	f.ConfigExplicit = func() bool { return true }
	f.Project = func() (*load.Project, error) { return load.LoadProject(configPath) }
	return f, out, errOut
}

func TestFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Options
		wantErr string
	}{
		{name: "defaults", want: Options{Report: cmdutil.ReportOptions{Format: "table", FailOn: "none"}}},
		{name: "all", args: []string{"--framework", "eu-ai-act,nist-ai-rmf", "--history", "--format", "sarif", "-o", "x.sarif",
			"--fail-on", "high", "--log", "a.jsonl", "--log", "b,c.jsonl"},
			want: Options{Frameworks: []string{"eu-ai-act", "nist-ai-rmf"}, History: true, Report: cmdutil.ReportOptions{Format: "sarif", Output: "x.sarif",
				FailOn: "high"}, LogPaths: []string{"a.jsonl", "b,c.jsonl"}}},
		{name: "template implies format", args: []string{"--template", "t.tmpl"}, want: Options{Report: cmdutil.ReportOptions{Format: "template", Template: "t.tmpl", FailOn: "none"}}},
		{name: "env", env: map[string]string{"AIMS_FAIL_ON": "critical", "AIMS_FORMAT": "junit", "AIMS_OUTPUT": "r.xml"},
			want: Options{Report: cmdutil.ReportOptions{Format: "junit", Output: "r.xml", FailOn: "critical"}}},
		{name: "flag beats env", args: []string{"--fail-on", "low", "--format", "csv"}, env: map[string]string{"AIMS_FAIL_ON": "critical", "AIMS_FORMAT": "junit"},
			want: Options{Report: cmdutil.ReportOptions{Format: "csv", FailOn: "low"}}},
		{name: "bad format", args: []string{"--format", "yaml"}, wantErr: `unknown format "yaml"`},
		{name: "bad env format", env: map[string]string{"AIMS_FORMAT": "pdf"}, wantErr: `unknown format "pdf"`},
		{name: "bad fail-on", args: []string{"--fail-on", "severe"}, wantErr: `unknown --fail-on "severe"`},
		{name: "bad framework", args: []string{"--framework", "gdpr"}, wantErr: `unknown --framework "gdpr"`},
		{name: "template without file", args: []string{"--format", "template"}, wantErr: "needs --template FILE"},
		{name: "template with another format", args: []string{"--format", "json", "--template", "t.tmpl"}, wantErr: "--template goes with --format template"},
		{name: "no-logs with log", args: []string{"--no-logs", "--log", "x"}, wantErr: "do not go together"},
		{name: "argument", args: []string{"extra"}, wantErr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			f, _, _ := testFactory(filepath.Join(t.TempDir(), "aims.yaml"))
			var got *Options
			cmd := NewCmdAssess(f, func(o *Options) error { got = o; return nil })
			cmd.SetArgs(tt.args)
			cmd.SetOut(&bytes.Buffer{})
			cmd.SetErr(&bytes.Buffer{})
			err := cmd.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want %q", err, tt.wantErr)
				}
				if tt.name != "argument" && cmdutil.ExitCode(err) != cmdutil.ExitInput {
					t.Errorf("exit %d, want 2", cmdutil.ExitCode(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got.Factory, got.Ctx, got.Run = nil, nil, nil
			if d := cmp.Diff(tt.want, *got); d != "" {
				t.Errorf("options (-want +got):\n%s", d)
			}
		})
	}
}

// writeProject writes a small project with real gaps (no AI policy, an
// untested deployed agent ...) and returns its aims.yaml.
func writeProject(t *testing.T, configExtra string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"aims.yaml": "apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents\ncatalogues: [builtin]\n" + configExtra,
		"inventory.yaml": `apiVersion: aims/v1
kind: Inventory
organization:
  name: Test Org
  roles:
    - {role: ai-owner, name: Ann}
    - {role: risk-owner, name: Bob}
systems:
  - id: support
    name: Support
    owner: Ann
    purpose: answer tickets
    lifecycle: deployed
`,
		"agents/triage.yaml": `apiVersion: aims/v1
kind: Agent
id: triage
system: support
owner: Ann
lifecycle: deployed
tools:
  - name: zendesk
    operations: [read]
logging:
  actions: true
  retention_days: 30
`,
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "aims.yaml")
}

// run executes `aims assess args...` on the project at config.
func run(t *testing.T, config string, args ...string) (string, string, error) {
	t.Helper()
	f, out, errOut := testFactory(config)
	cmd := NewCmdAssess(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetContext(context.Background())
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func skipIfEngineStub(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "engine not implemented") {
		t.Fatal("engine.Assess is a stub")
	}
}

func TestAssessFormats(t *testing.T) {
	config := writeProject(t, "")
	for _, format := range []string{"table", "json", "markdown", "sarif", "junit", "csv"} {
		t.Run(format, func(t *testing.T) {
			out, _, err := run(t, config, "--format", format)
			skipIfEngineStub(t, err)
			if err != nil {
				t.Fatal(err)
			}
			again, _, _ := run(t, config, "--format", format)
			if out != again {
				t.Error("two runs with the same clock differ")
			}
			switch format {
			case "json":
				var res model.Result
				if err := json.Unmarshal([]byte(out), &res); err != nil || res.SchemaVersion != model.ResultSchemaVersion {
					t.Fatalf("json: %v, schemaVersion %q", err, res.SchemaVersion)
				}
				if !res.GeneratedAt.Equal(testNow) {
					t.Errorf("generated_at %v, want the run's clock", res.GeneratedAt)
				}
			case "junit":
				var v struct {
					Tests int `xml:"tests,attr"`
				}
				if err := xml.Unmarshal([]byte(out), &v); err != nil || v.Tests == 0 {
					t.Fatalf("junit: %v, %d tests", err, v.Tests)
				}
			case "sarif":
				if !strings.Contains(out, `"uri": "agents/triage.yaml"`) {
					t.Error("sarif does not locate findings at agents/triage.yaml relative to the root")
				}
				validateSARIF(t, []byte(out))
			case "table":
				if strings.Contains(out, "\x1b[") {
					t.Error("colour although stdout is not a terminal")
				}
				if !strings.Contains(out, "agents/triage.yaml:") {
					t.Error("table lacks the agent's file:line")
				}
			}
		})
	}
}

func TestAssessFailOn(t *testing.T) {
	config := writeProject(t, "")
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		code    int
		wantMsg string
	}{
		{name: "default none", code: 0},
		{name: "none", args: []string{"--fail-on", "none"}, code: 0},
		{name: "high", args: []string{"--fail-on", "high"}, code: 1, wantMsg: " at or above high"},
		{name: "critical", args: []string{"--fail-on", "critical"}, code: 0},
		{name: "env", env: map[string]string{"AIMS_FAIL_ON": "low"}, code: 1, wantMsg: " at or above low"},
		{name: "flag beats env", args: []string{"--fail-on", "none"}, env: map[string]string{"AIMS_FAIL_ON": "low"}, code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, _, err := run(t, config, append([]string{"--format", "json"}, tt.args...)...)
			skipIfEngineStub(t, err)
			if code := cmdutil.ExitCode(err); code != tt.code {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.code)
			}
			var fe *cmdutil.FailError
			if tt.wantMsg != "" && (!errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.wantMsg)) {
				t.Errorf("message %v, want %q", err, tt.wantMsg)
			}
		})
	}
	t.Run("aims.yaml", func(t *testing.T) {
		cfg := writeProject(t, "fail_on: medium\nformat: csv\n")
		out, _, err := run(t, cfg)
		skipIfEngineStub(t, err)
		if cmdutil.ExitCode(err) != 1 || !strings.HasPrefix(out, "id,control,check,severity") {
			t.Errorf("aims.yaml fail_on/format ignored: exit %d, output %.30q", cmdutil.ExitCode(err), out)
		}
		if _, _, err := run(t, cfg, "--fail-on", "none"); cmdutil.ExitCode(err) != 0 {
			t.Errorf("the flag does not beat aims.yaml: %v", err)
		}
	})
}

func TestFailOnCount(t *testing.T) {
	res := &model.Result{Findings: []model.Finding{{Severity: "low"}, {Severity: "high"}, {Severity: "critical"}, {Severity: "medium"}}}
	for threshold, want := range map[string]string{"none": "", "": "", "low": "4 findings at or above low",
		"high": "2 findings at or above high", "critical": "1 finding at or above critical"} {
		ro := cmdutil.ReportOptions{FailOn: threshold}
		err := ro.Gate(res.Findings, gateMessage)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("gate(%q) = %q, want %q", threshold, got, want)
		}
	}
}

func TestAssessOutputFile(t *testing.T) {
	config := writeProject(t, "")
	dir := t.TempDir()
	target := filepath.Join(dir, "report.md")
	stdout, stderr, err := run(t, config, "--format", "markdown", "--output", target)
	skipIfEngineStub(t, err)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(target)
	if err != nil || !bytes.HasPrefix(data, []byte("# ISO/IEC 42001 gap report: Test Org")) {
		t.Fatalf("report file: %v %.40q", err, data)
	}
	if stdout != "" || !strings.Contains(stderr, "wrote "+target) {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}

	// A failed run leaves the old file as it was and no temporary file behind.
	bad := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(bad, []byte("{{ .NoSuchField }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, config, "--template", bad, "--output", target)
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Fatalf("bad template: exit %d (%v), want 2", cmdutil.ExitCode(err), err)
	}
	after, _ := os.ReadFile(target)
	if !bytes.Equal(data, after) {
		t.Error("a failed run changed the output file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
	fresh := filepath.Join(dir, "fresh.md")
	if _, _, err := run(t, config, "--template", bad, "--output", fresh); err == nil {
		t.Fatal("bad template did not fail")
	}
	if _, err := os.Stat(fresh); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run left %s", fresh)
	}
}

func TestAssessInputErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "aims.yaml")
	if _, _, err := run(t, missing); cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("missing aims.yaml: exit %d (%v), want 2", cmdutil.ExitCode(err), err)
	}
	config := writeProject(t, "")
	if err := os.WriteFile(filepath.Join(filepath.Dir(config), "agents", "bad.yaml"), []byte("apiVersion: aims/v1\nkind: Agent\nid: bad\nsystem: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := run(t, config)
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Fatalf("unresolved system: exit %d (%v), want 2", cmdutil.ExitCode(err), err)
	}
	var ps load.Problems
	if !errors.As(err, &ps) || !strings.Contains(ps.Error(), "bad.yaml:4") {
		t.Errorf("problems with file:line are not reachable: %v", err)
	}
}

func TestAssessProgressOnlyOnTerminal(t *testing.T) {
	config := writeProject(t, "")
	var seen assessment.Options
	fake := func(_ context.Context, o assessment.Options) (*assessment.Output, error) {
		seen = o
		return &assessment.Output{Result: &model.Result{SchemaVersion: model.ResultSchemaVersion}}, nil
	}
	for _, tty := range []bool{false, true} {
		f, _, _ := testFactory(config)
		f.IO.SetStderrTTY(tty)
		opts := &Options{Factory: f, Report: cmdutil.ReportOptions{Format: "json", FailOn: "none"}, Run: fake, History: true, Frameworks: []string{"eu-ai-act"}}
		if err := assessRun(opts); err != nil {
			t.Fatal(err)
		}
		if (seen.Progress != nil) != tty {
			t.Errorf("stderr terminal %v: progress %v", tty, seen.Progress != nil)
		}
		if !seen.History || seen.ConfigPath != config || !seen.Now.Equal(testNow) || len(seen.Frameworks) != 1 {
			t.Errorf("pipeline options: %+v", seen)
		}
	}
}

// validateSARIF checks out against ../shared/schemas/sarif-schema-2.1.0.json
// (found from the repository root), skipping where that folder is absent.
func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	schema := testenv.Shared(t, "schemas", "sarif-schema-2.1.0.json")
	sch, err := jsonschema.NewCompiler().Compile(schema)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("assess SARIF does not validate against SARIF 2.1.0:\n%v", err)
	}
}
