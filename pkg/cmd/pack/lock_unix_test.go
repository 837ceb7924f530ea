//go:build unix

package pack_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// TestPackRunWhileAnotherWrites: while another run holds the pack's lock
// (flock on .NAME.lock beside it, as a second aims process would), aims pack
// to the same --out exits 2 at once with a message saying why, and writes
// nothing; once the lock is free the same command succeeds.
func TestPackRunWhileAnotherWrites(t *testing.T) {
	cfg := example(t)
	out := filepath.Join(t.TempDir(), "evidence.zip")
	f, err := os.OpenFile(filepath.Join(filepath.Dir(out), ".evidence.zip.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", out, "--force")
	if code != cmdutil.ExitInput || !strings.Contains(stderr, "another aims pack run is writing it") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the other run", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the pack was written while another run held the lock")
	}
	f.Close()
	if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", out); code != 0 {
		t.Errorf("after the other run: exit %d: %s", code, stderr)
	}
}
