package pack

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrBusy is returned by Write when another run is writing the same pack.
var ErrBusy = errors.New("another aims pack run is writing it")

// lockPath is the lock beside out: one per output path, in the directory
// the pack is renamed into, so every run that could replace out takes it.
func lockPath(out string) string {
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
}

// acquire takes the lock of out without waiting, and returns its release.
// The lock file is removed on release; a lock held by a process that died
// is released by the kernel (flock), so a kill -9 never blocks later runs.
func acquire(out string) (release func(), err error) {
	p := lockPath(out)
	for attempt := 0; attempt < 3; attempt++ {
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("pack %s: cannot create the lock %s: %w", out, p, err)
		}
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("pack %s: cannot lock %s: %w", out, p, err)
		}
		if !held {
			f.Close()
			return nil, fmt.Errorf("pack %s: %w (lock %s held); wait for it to finish", out, ErrBusy, p)
		}
		// A run that released and removed the lock between our open and
		// our lock leaves us holding a file no longer at p: take p again.
		st, serr := os.Stat(p)
		fst, ferr := f.Stat()
		if serr != nil || ferr != nil || !os.SameFile(st, fst) {
			f.Close()
			continue
		}
		var once sync.Once
		return func() {
			once.Do(func() {
				if unlinkOnRelease {
					os.Remove(p)
				}
				f.Close()
			})
		}, nil
	}
	return nil, fmt.Errorf("pack %s: %w (the lock %s keeps changing)", out, ErrBusy, p)
}

// recoverLeftovers runs under the lock, before writing: it finishes what a
// killed run left beside out. An old pack moved aside whose replacement never
// arrived is moved back (the destination is never left empty); every other
// temporary of an earlier run is removed.
func recoverLeftovers(out string) error {
	dir, base := filepath.Dir(out), filepath.Base(out)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	_, outErr := os.Lstat(out)
	for _, e := range entries {
		name := e.Name()
		if !isTemp(base, name) {
			continue
		}
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, ".old") && errors.Is(outErr, os.ErrNotExist) {
			if err := os.Rename(p, out); err != nil {
				return fmt.Errorf("pack %s: cannot restore the previous pack from %s: %w", out, p, err)
			}
			outErr = nil
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("pack %s: cannot remove the leftover %s of an interrupted run: %w", out, p, err)
		}
	}
	return nil
}

// isTemp reports whether name is a temporary Write makes for the output
// base: "." + base + ".tmp-" + the digits os.CreateTemp and os.MkdirTemp put
// for "*", optionally ".old". The digits keep another output's temporaries
// out (the pack "p" never claims ".p.tmp-x.tmp-1", the temporary of "p.tmp-x").
func isTemp(base, name string) bool {
	rest, ok := strings.CutPrefix(name, "."+base+".tmp-")
	if !ok {
		return false
	}
	rest = strings.TrimSuffix(rest, ".old")
	if rest == "" {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
