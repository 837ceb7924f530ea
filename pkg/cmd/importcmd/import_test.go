package importcmd_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/cmd/importcmd"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

const samples = "../../importer/testdata"

// run executes the command as root would, without depending on every other
// command's package: the exit code comes from cmdutil.ExitCode and stderr
// is what root prints for the error.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Viper: cmdutil.NewViper()}
	cmd := importcmd.NewCmdImport(f, nil)
	cmd.SetArgs(args)
	cmd.SetOut(out)
	cmd.SetErr(errOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	var ie *cmdutil.InputError
	if errors.As(err, &ie) {
		for _, p := range ie.Problems {
			fmt.Fprintln(errOut, p)
		}
	}
	if err != nil {
		fmt.Fprintln(errOut, "aims: "+err.Error())
	}
	return cmdutil.ExitCode(err), out.String(), errOut.String()
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// TestTwice: a second run refuses to overwrite and changes nothing; with
// --force it rewrites the very same bytes.
func TestTwice(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "agents")
	args := []string{"crewai", samples + "/crewai-agents.yaml", samples + "/crewai-tasks.yaml", "-o", dir}
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	first := readDir(t, dir)
	want := []string{"loan-intake-agent.yaml", "report-writer-agent.yaml", "support-triage-agent.yaml"}
	var got []string
	for n := range first {
		got = append(got, n)
	}
	if d := cmp.Diff(want, slices.Sorted(slices.Values(got))); d != "" {
		t.Fatalf("files (-want +got):\n%s", d)
	}
	for _, s := range []string{"Imported 3 agents (crewai)", filepath.Join(dir, "support-triage-agent.yaml"), "fill in: system, owner, lifecycle, scope, audience, model.provider, isolation, logging.export", "add:     identities, model.byok"} {
		if !strings.Contains(out, s) {
			t.Errorf("summary lacks %q:\n%s", s, out)
		}
	}

	// Make one file differ so that a refused run is seen to change nothing.
	p := filepath.Join(dir, "loan-intake-agent.yaml")
	if err := os.WriteFile(p, []byte("edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = run(t, args...)
	if code != cmdutil.ExitInput {
		t.Errorf("second run without --force: exit %d, want %d", code, cmdutil.ExitInput)
	}
	if !strings.Contains(errOut, "refusing to overwrite 3 existing file(s)") || !strings.Contains(errOut, "exists: "+p) {
		t.Errorf("stderr = %q", errOut)
	}
	if b, _ := os.ReadFile(p); string(b) != "edited\n" {
		t.Errorf("refused run changed %s", p)
	}

	code, _, errOut = run(t, append(args, "--force")...)
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if d := cmp.Diff(first, readDir(t, dir)); d != "" {
		t.Errorf("second import differs (-first +second):\n%s", d)
	}
}

func TestSystemFlag(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := run(t, "kagent", samples+"/kagent-agent.yaml", "-o", dir, "--system", "loan-origination")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for name, body := range readDir(t, dir) {
		if !strings.Contains(body, "\nsystem: loan-origination\n") {
			t.Errorf("%s: no system: loan-origination", name)
		}
	}
}

func TestBadUsage(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"langchain", "x.py"}, `unknown format "langchain" (want one of: crewai, kagent, mcp, adk, m365, a2a)`},
		{"no args", nil, "missing FORMAT"},
		{"no file", []string{"mcp"}, "missing FILE"},
		{"missing file", []string{"mcp", "does-not-exist.json"}, "read does-not-exist.json: no such file or directory"},
		{"wrong format", []string{"mcp", samples + "/a2a-agent-card.json"}, "a2a-agent-card.json: not an MCP client config: no mcpServers or servers object"},
		{"directory", []string{"mcp", samples}, "is a directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, out, errOut := run(t, append(c.args, "-o", dir)...)
			if code != cmdutil.ExitInput {
				t.Errorf("exit %d, want %d", code, cmdutil.ExitInput)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr = %q, want %q in it", errOut, c.want)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("output directory created on error")
			}
		})
	}
}

func TestFlagsParsed(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios, Viper: cmdutil.NewViper()}
	var got *importcmd.Options
	cmd := importcmd.NewCmdImport(f, func(o *importcmd.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"a2a", "card.json", "other.json", "-o", "out", "--system", "s1", "--force"})
	cmd.SetOut(&bytes.Buffer{})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "a2a" || got.OutDir != "out" || got.System != "s1" || !got.Force || len(got.Files) != 2 {
		t.Errorf("options = %+v", got)
	}
	cmd = importcmd.NewCmdImport(&cmdutil.Factory{IO: ios, Viper: cmdutil.NewViper()}, func(o *importcmd.Options) error { got = o; return nil })
	cmd.SetArgs([]string{"a2a", "card.json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.OutDir != "agents" || got.Force || got.System != "" {
		t.Errorf("defaults = %+v, want -o agents", got)
	}
}
