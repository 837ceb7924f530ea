package initcmd

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func TestFlags(t *testing.T) {
	tests := []struct {
		args  []string
		dir   string
		force bool
		err   bool
	}{
		{nil, ".", false, false},
		{[]string{"x"}, "x", false, false},
		{[]string{"--force", "x"}, "x", true, false},
		{[]string{"a", "b"}, "", false, true},
	}
	for _, tt := range tests {
		io, _, _, _ := iostreams.Test()
		var got *Options
		cmd := NewCmdInit(&cmdutil.Factory{IO: io}, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		err := cmd.Execute()
		if (err != nil) != tt.err {
			t.Fatalf("%v: err %v", tt.args, err)
		}
		if err == nil && (got.Dir != tt.dir || got.Force != tt.force) {
			t.Errorf("%v: dir %q force %v", tt.args, got.Dir, got.Force)
		}
	}
}

func TestInitWritesEveryFileAndRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	io, _, out, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: io}
	if err := initRun(&Options{Factory: f, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"aims.yaml", "inventory.yaml", "agents/support-agent.yaml", ".schema/agent.json", ".schema/inventory.json", ".schema/config.json", ".schema/event.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	if out.Len() == 0 {
		t.Error("nothing said about what was written")
	}
	before, _ := os.ReadFile(filepath.Join(dir, "aims.yaml"))
	if err := os.WriteFile(filepath.Join(dir, "aims.yaml"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := initRun(&Options{Factory: f, Dir: dir})
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Fatalf("second init: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "aims.yaml")); string(b) != "mine" {
		t.Error("an existing file was overwritten without --force")
	}
	if err := initRun(&Options{Factory: f, Dir: dir, Force: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "aims.yaml")); string(b) != string(before) {
		t.Error("--force did not restore the scaffold")
	}
}
