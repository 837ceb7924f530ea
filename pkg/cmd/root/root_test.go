package root

import (
	"fmt"
	"github.com/spf13/cobra"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/golden"
	"github.com/aims-cli/aims/pkg/iostreams"
)

const repo = "../../.."

// run executes aims with args and returns exit code, stdout and stderr.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	code := Main(args, io)
	return code, out.String(), errOut.String()
}

// TestValidateBrokenProjects: one project per kind of broken input; every
// problem printed as file:line:col: message, exit 2; warnings alone exit 0.
func TestValidateBrokenProjects(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(repo, "testdata/validate/*"))
	if len(dirs) < 10 {
		t.Fatalf("only %d fixtures", len(dirs))
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, "validate", "--config", filepath.Join(dir, "aims.yaml"))
			got := fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", code, stdout, stderr)
			got = strings.ReplaceAll(got, dir+string(filepath.Separator), "")
			golden.Assert(t, filepath.Join(dir, "want.golden"), []byte(got))
			switch {
			case name == "ok" || name == "warnings-only":
				if code != 0 {
					t.Errorf("exit %d, want 0", code)
				}
			case code != 2:
				t.Errorf("exit %d, want 2", code)
			}
			if code == 2 {
				for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
					if !strings.Contains(line, ".yaml:") {
						t.Errorf("problem without file:line:col: %q", line)
					}
				}
			}
		})
	}
}

func TestInitThenValidate(t *testing.T) {
	dir := t.TempDir()
	if code, _, stderr := run(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, "validate", "--config", filepath.Join(dir, "aims.yaml")); code != 0 || stderr != "" {
		t.Fatalf("validate of a fresh scaffold: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "agents/support-agent.yaml"))
	if err != nil || !strings.HasPrefix(string(b), "# yaml-language-server: $schema=../.schema/agent.json") {
		t.Errorf("scaffolded agent lacks the schema comment: %q", b)
	}
	if code, _, stderr := run(t, "init", dir); code != 2 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second init: exit %d: %s", code, stderr)
	}
	if code, _, _ := run(t, "init", "--force", dir); code != 0 {
		t.Errorf("init --force: exit %d", code)
	}
}

func TestExampleValidates(t *testing.T) {
	code, stdout, stderr := run(t, "validate", "--config", filepath.Join(repo, "examples/aims.yaml"))
	if code != 0 || !strings.Contains(stdout, "8 agent(s)") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "credential (url-password)") {
		t.Errorf("the example's planted credential is not reported:\n%s", stderr)
	}
	if code, _, _ := run(t, "validate", "--strict", "--config", filepath.Join(repo, "examples/aims.yaml")); code != 1 {
		t.Errorf("--strict with warnings: exit %d, want 1", code)
	}
}

func TestGlobalFlagsAndExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		code int
		err  string
	}{
		{[]string{"version"}, nil, 0, ""},
		{[]string{"nope"}, nil, 2, `unknown command "nope"`},
		{[]string{"version", "--bogus"}, nil, 2, "unknown flag: --bogus"},
		{[]string{"--now", "yesterday", "version"}, nil, 2, "is not an RFC 3339 time"},
		{[]string{"version"}, map[string]string{"SOURCE_DATE_EPOCH": "x"}, 2, "SOURCE_DATE_EPOCH"},
		{[]string{"validate", "--config", "/nonexistent/aims.yaml"}, nil, 2, "run `aims init`"},
		{[]string{"validate"}, map[string]string{"AIMS_CONFIG": "/nonexistent/env.yaml"}, 2, "/nonexistent/env.yaml"},
		{[]string{"schema", "widget"}, nil, 2, "invalid argument"},
		{[]string{"completion", "bash"}, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, stderr %q; want exit %d containing %q", code, stderr, tt.code, tt.err)
			}
		})
	}
}

func TestEveryCommandHelpEndsWithExitStatus(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	cmd := NewCmdRoot(NewFactory(io))
	for _, c := range cmd.Commands() {
		for _, cc := range append(c.Commands(), c) {
			if !strings.Contains(cc.Long, "EXIT STATUS") {
				t.Errorf("%s: help lacks EXIT STATUS", cc.CommandPath())
			}
			if cc.Runnable() && cc.Example == "" {
				t.Errorf("%s: help lacks examples", cc.CommandPath())
			}
		}
	}
}

// The same project gives the same JSON whether it is named relatively or
// absolutely: files are named from the project root, not the working directory.
func TestAssessJSONIndependentOfHowTheConfigIsNamed(t *testing.T) {
	rel := filepath.Join(repo, "examples/aims.yaml")
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"assess", "--format", "json", "--now", "2026-11-20T00:00:00Z", "--config"}
	c1, out1, _ := run(t, append(args, rel)...)
	c2, out2, _ := run(t, append(args, abs)...)
	if c1 != 0 || c2 != 0 || out1 != out2 {
		t.Fatalf("exit %d/%d; outputs differ: %v", c1, c2, out1 != out2)
	}
	if strings.Contains(out1, "examples/") {
		t.Error("JSON names a file relative to the working directory")
	}
}

// Every flag can come from AIMS_<FLAG>; the command line still wins.
func TestEveryFlagFromTheEnvironment(t *testing.T) {
	example := filepath.Join(repo, "examples/aims.yaml")
	t.Setenv("AIMS_STRICT", "true")
	if code, _, _ := run(t, "validate", "--config", example); code != 1 {
		t.Errorf("AIMS_STRICT=true: exit %d, want 1 (warnings fail)", code)
	}
	if code, _, _ := run(t, "validate", "--strict=false", "--config", example); code != 0 {
		t.Errorf("--strict=false over AIMS_STRICT=true: exit %d, want 0", code)
	}
	t.Setenv("AIMS_STRICT", "maybe")
	if code, _, stderr := run(t, "validate", "--config", example); code != 2 || !strings.Contains(stderr, "AIMS_STRICT") {
		t.Errorf("bad AIMS_STRICT: exit %d: %s", code, stderr)
	}
	t.Setenv("AIMS_STRICT", "")
	t.Setenv("AIMS_FORMAT", "csv")
	code, out, _ := run(t, "assess", "--config", example, "--now", "2026-11-20T00:00:00Z")
	if code != 0 || !strings.HasPrefix(out, "id,control,check,severity") {
		t.Errorf("AIMS_FORMAT=csv: exit %d, output %.60q", code, out)
	}
}

// Each command's help lists only the exit codes it can return: version never
// exits 1, assess exits 1 on findings, verify on a pack that does not verify.
func TestExitStatusPerCommand(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	cmd := NewCmdRoot(NewFactory(io))
	want := map[string]string{
		"aims version":      "",
		"aims pack":         "",
		"aims import":       "",
		"aims assess":       "findings at or above --fail-on",
		"aims logs analyze": "findings at or above --fail-on",
		"aims verify":       "the pack does not verify",
		"aims validate":     "with --strict",
	}
	seen := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if w, ok := want[c.CommandPath()]; ok {
			seen[c.CommandPath()] = true
			_, status, _ := strings.Cut(c.Long, "EXIT STATUS")
			one := ""
			for _, line := range strings.Split(status, "\n") {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "1  "); ok {
					one = rest
				}
			}
			if w == "" && one != "" || w != "" && !strings.Contains(one, w) {
				t.Errorf("%s: exit 1 reads %q, want %q", c.CommandPath(), one, w)
			}
		}
		for _, cc := range c.Commands() {
			walk(cc)
		}
	}
	walk(cmd)
	if len(seen) != len(want) {
		t.Errorf("commands found: %v", seen)
	}
}
