package pack

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/pack/packtest"
)

// snapshot is every file under root (or root itself) with its content.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Dir(root), p)
			m[rel] = string(b)
		}
		return nil
	})
	return m
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

// TestWriteConcurrentRuns: runs writing the same output at the same moment
// never interleave: one writes, every other fails with ErrBusy (the lock)
// or ErrExists (it came after), and the result verifies.
func TestWriteConcurrentRuns(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 2}, nil)
	for _, name := range []string{"p.zip", "p"} {
		dir := t.TempDir()
		out := filepath.Join(dir, name)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) { defer wg.Done(); errs[i] = Write(p, out, false) }(i)
		}
		wg.Wait()
		wrote := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wrote++
			case errors.Is(err, ErrBusy), errors.Is(err, ErrExists):
			default:
				t.Errorf("%s: unexpected error %v", name, err)
			}
		}
		if wrote != 1 {
			t.Errorf("%s: %d runs wrote the pack, want exactly 1 (%v)", name, wrote, errs)
		}
		if rep, err := Verify(out, nil); err != nil || !rep.OK() {
			t.Errorf("%s: %v %+v", name, err, rep)
		}
		if d := cmp.Diff([]string{name}, dirNames(t, dir)); d != "" {
			t.Errorf("%s: leftovers beside the pack (-want +got):\n%s", name, d)
		}
	}
}

// TestWriteBusyMessage: a run that finds the lock held fails at once with a
// message naming the lock, and writes nothing.
func TestWriteBusyMessage(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 1}, nil)
	out := filepath.Join(t.TempDir(), "p.zip")
	release, err := acquire(out)
	if err != nil {
		t.Fatal(err)
	}
	err = Write(p, out, true)
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), ".p.zip.lock") {
		t.Errorf("write under a held lock: %v", err)
	}
	if _, serr := os.Stat(out); !errors.Is(serr, fs.ErrNotExist) {
		t.Error("a busy run wrote the pack")
	}
	release()
	if err := Write(p, out, false); err != nil {
		t.Errorf("after release: %v", err)
	}
}

// TestForceFailureLeavesOldPack: a failure injected at the last step of a
// --force replacement (after every file is written, before the rename)
// leaves the old pack byte for byte and no temporary beside it.
func TestForceFailureLeavesOldPack(t *testing.T) {
	oldPack := buildPack(t, packtest.Options{Agents: 1}, nil)
	newPack := buildPack(t, packtest.Options{Agents: 3}, nil)
	for _, step := range []string{"before-rename", "between-renames"} {
		for _, name := range []string{"p.zip", "p"} {
			if step == "between-renames" && name == "p.zip" {
				continue // a zip is replaced by one rename
			}
			t.Run(step+"/"+name, func(t *testing.T) {
				dir := t.TempDir()
				out := filepath.Join(dir, name)
				if err := Write(oldPack, out, false); err != nil {
					t.Fatal(err)
				}
				before := snapshot(t, out)
				injected := errors.New("injected failure")
				failpoint = func(s string) error {
					if s == step {
						return injected
					}
					return nil
				}
				swap = func(a, b string) error { return errors.ErrUnsupported } // take the two-rename path
				defer func() {
					failpoint = func(string) error { return nil }
					swap = renameExchange
				}()
				if err := Write(newPack, out, true); !errors.Is(err, injected) {
					t.Fatalf("write: %v, want the injected failure", err)
				}
				if d := cmp.Diff(before, snapshot(t, out)); d != "" {
					t.Errorf("the old pack changed (-old +now):\n%s", d)
				}
				if d := cmp.Diff([]string{name}, dirNames(t, dir)); d != "" {
					t.Errorf("leftovers (-want +got):\n%s", d)
				}
			})
		}
	}
}

// TestForceSwapsAtomically: on Linux a directory pack is replaced by one
// renameat2(RENAME_EXCHANGE); the result is the new pack and nothing else.
func TestForceSwapsAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p")
	if err := Write(buildPack(t, packtest.Options{Agents: 1}, nil), out, false); err != nil {
		t.Fatal(err)
	}
	swaps := 0
	swap = func(a, b string) error { swaps++; return renameExchange(a, b) }
	defer func() { swap = renameExchange }()
	newPack := buildPack(t, packtest.Options{Agents: 3}, nil)
	if err := Write(newPack, out, true); err != nil {
		t.Fatal(err)
	}
	if swaps != 1 {
		t.Errorf("%d swaps", swaps)
	}
	if rep, err := Verify(out, nil); err != nil || !rep.OK() {
		t.Errorf("%v %+v", err, rep)
	}
	if got, want := snapshot(t, out)["p/"+FileSums], string(newPack.File(FileSums).Data); got != want {
		t.Error("the pack in place is not the new one")
	}
	if d := cmp.Diff([]string{"p"}, dirNames(t, dir)); d != "" {
		t.Errorf("leftovers (-want +got):\n%s", d)
	}
}

// TestLeftoversOfAKilledRun: what a kill -9 can leave beside a pack (a
// half-written temporary, a swapped-out old pack, the old pack moved aside
// with the new one not yet in place) is cleaned by the next run, and the
// destination is never left without a pack.
func TestLeftoversOfAKilledRun(t *testing.T) {
	oldPack := buildPack(t, packtest.Options{Agents: 1}, nil)
	dir := t.TempDir()
	out := filepath.Join(dir, "p")
	if err := Write(oldPack, out, false); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	// Killed between the two renames: the old pack sits at .p.tmp-1.old,
	// a partial new one at .p.tmp-1, and p is missing.
	if err := os.Rename(out, filepath.Join(dir, ".p.tmp-1.old")); err != nil {
		t.Fatal(err)
	}
	_ = os.MkdirAll(filepath.Join(dir, ".p.tmp-1", "inputs"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, ".p.tmp-1", "SHA256SUMS"), []byte("partial"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, ".p.zip.tmp-9"), []byte("other pack's temp"), 0o644)
	if err := Write(oldPack, out, false); !errors.Is(err, ErrExists) {
		t.Fatalf("next run: %v, want ErrExists (the old pack put back)", err)
	}
	snap := snapshot(t, out)
	if d := cmp.Diff(before, snap); d != "" {
		t.Errorf("the restored pack differs (-old +now):\n%s", d)
	}
	if d := cmp.Diff([]string{".p.zip.tmp-9", "p"}, dirNames(t, dir)); d != "" {
		t.Errorf("after recovery (-want +got):\n%s", d)
	}
}

// TestIsTemp: a run cleans only its own output's temporaries, never those
// of another output whose name starts the same way.
func TestIsTemp(t *testing.T) {
	cases := []struct {
		base, name string
		want       bool
	}{
		{"p", ".p.tmp-123", true},
		{"p", ".p.tmp-123.old", true},
		{"p.zip", ".p.zip.tmp-4294967295", true},
		{"p", ".p.tmp-", false},
		{"p", ".p.tmp-.old", false},
		{"p", ".p.tmp-x.tmp-1", false}, // the temporary of the output "p.tmp-x"
		{"p", ".p.zip.tmp-1", false},
		{"p", ".p.lock", false},
		{"p", "p", false},
	}
	for _, c := range cases {
		if got := isTemp(c.base, c.name); got != c.want {
			t.Errorf("isTemp(%q, %q) = %v, want %v", c.base, c.name, got, c.want)
		}
	}
}
