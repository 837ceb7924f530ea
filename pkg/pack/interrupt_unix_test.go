//go:build unix

package pack

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/pack/packtest"
)

// TestMain runs the child process of TestInterruptedWrite when asked: it
// writes a pack and stops at the failpoint named in its environment until
// the parent interrupts it.
func TestMain(m *testing.M) {
	out := os.Getenv("AIMS_TEST_INTERRUPT_OUT")
	if out == "" {
		os.Exit(m.Run())
	}
	step := os.Getenv("AIMS_TEST_INTERRUPT_STEP")
	if os.Getenv("AIMS_TEST_INTERRUPT_NOSWAP") != "" {
		swap = func(a, b string) error { return errors.ErrUnsupported }
	}
	failpoint = func(s string) error {
		if s == step {
			_ = os.WriteFile(out+".ready", nil, 0o644)
			time.Sleep(time.Minute)
		}
		return nil
	}
	res, proj := packtest.Result(packtest.Options{Agents: 3})
	p, err := Build(res, proj, testOptions())
	if err == nil {
		err = Write(p, out, true)
	}
	fmt.Fprintln(os.Stderr, "not interrupted:", err)
	os.Exit(3)
}

// TestInterruptedWrite: SIGINT or SIGTERM while aims pack is writing (the
// pack complete in its temporary, or the old pack moved aside) leaves the
// destination as it was before the run (the old pack byte for byte, or
// nothing), no temporary, no lock file, and the process ends by the signal.
func TestInterruptedWrite(t *testing.T) {
	oldPack := buildPack(t, packtest.Options{Agents: 1}, nil)
	cases := []struct {
		name, step string
		noSwap     bool
		existing   bool
		sig        syscall.Signal
	}{
		{"p.zip", "before-rename", false, false, syscall.SIGINT},
		{"p.zip", "before-rename", false, true, syscall.SIGTERM},
		{"p", "before-rename", false, false, syscall.SIGINT},
		{"p", "before-rename", false, true, syscall.SIGINT},
		{"p", "between-renames", true, true, syscall.SIGINT},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.step+"/"+c.sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, c.name)
			want := []string{}
			var before map[string]string
			if c.existing {
				if err := Write(oldPack, out, false); err != nil {
					t.Fatal(err)
				}
				before = snapshot(t, out)
				want = []string{c.name}
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "AIMS_TEST_INTERRUPT_OUT="+out, "AIMS_TEST_INTERRUPT_STEP="+c.step)
			if c.noSwap {
				cmd.Env = append(cmd.Env, "AIMS_TEST_INTERRUPT_NOSWAP=1")
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for {
				if _, err := os.Stat(out + ".ready"); err == nil {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("the child never reached the failpoint")
				}
				time.Sleep(10 * time.Millisecond)
			}
			os.Remove(out + ".ready")
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("child: %v, want death by %v", err, c.sig)
			}
			if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != c.sig {
				t.Errorf("child ended with %v, want death by %v", ee, c.sig)
			}
			if d := cmp.Diff(want, dirNames(t, dir), cmpEmpty); d != "" {
				t.Errorf("beside the pack (-want +got):\n%s", d)
			}
			if c.existing {
				if d := cmp.Diff(before, snapshot(t, out)); d != "" {
					t.Errorf("the old pack changed (-old +now):\n%s", d)
				}
			}
		})
	}
}

var cmpEmpty = cmp.Transformer("empty", func(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
})
