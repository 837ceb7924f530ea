package pack

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrExists is returned by Write when the target exists and force is off.
var ErrExists = errors.New("already exists")

// IsZip reports whether out names a zip pack (by its extension).
func IsZip(out string) bool { return strings.EqualFold(filepath.Ext(out), ".zip") }

// Write puts p at out: a deterministic zip when out ends in .zip, else a
// directory. The pack is written next to out under a temporary name and
// renamed into place at the end, so an interrupted run leaves no partial
// pack. An existing pack is replaced only with force, and even then a
// non-empty directory that is not a pack is never removed.
//
// A lock beside out (.NAME.lock) makes concurrent runs on the same out fail
// with ErrBusy instead of interleaving; under it, the temporaries a killed
// run left are removed first (and a pack it had moved aside is put back).
// Write takes the lock for the write only; a command that first spends time
// assessing takes it up front with Reserve.
func Write(p *Pack, out string, force bool) error {
	r, err := Reserve(out)
	if err != nil {
		return err
	}
	defer r.Release()
	return r.Write(p, force)
}

// Reservation is the lock of one output path, held from Reserve to Release.
type Reservation struct {
	out     string
	release func()
}

// Reserve takes the lock of out, without waiting, for a run that will write
// there later: two `aims pack` runs to the same --out overlap in their
// assessment far longer than in their writes, so a lock taken only to write
// let both report "wrote" (with --force, the second silently replaced the
// first). Under Reserve the second run fails at once with ErrBusy.
func Reserve(out string) (*Reservation, error) {
	if out == "" {
		return nil, errors.New("pack: no output path")
	}
	out = filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("pack %s: %w", out, err)
	}
	release, err := acquire(out)
	if err != nil {
		return nil, err
	}
	return &Reservation{out: out, release: release}, nil
}

// Release gives the lock up; it may be called more than once.
func (r *Reservation) Release() { r.release() }

// Write is Write under the lock r holds.
func (r *Reservation) Write(p *Pack, force bool) error {
	out := r.out
	zipped := IsZip(out)
	g := newGuard(r.release)
	defer g.stop()
	if err := recoverLeftovers(out); err != nil {
		return err
	}
	fi, err := os.Lstat(out)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if exists {
		if !force {
			return fmt.Errorf("pack %s: %w (use --force to replace it)", out, ErrExists)
		}
		if err := replaceable(out, fi, zipped); err != nil {
			return err
		}
	}
	if zipped {
		return writeZipFile(g, p, out)
	}
	return writeDir(g, p, out, exists)
}

// failpoint lets tests inject a failure (or a kill) at a named step of Write.
var failpoint = func(step string) error { return nil }

// swap exchanges two paths atomically, or fails when the system cannot.
var swap = renameExchange

// replaceable refuses to replace what is not a pack of the same form.
func replaceable(out string, fi fs.FileInfo, zipped bool) error {
	if zipped {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("pack %s: exists and is not a regular file; not replacing it", out)
		}
		return nil
	}
	if !fi.IsDir() {
		return fmt.Errorf("pack %s: exists and is not a directory; not replacing it", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	for _, name := range []string{FileSums, FileManifest} {
		if st, err := os.Lstat(filepath.Join(out, name)); err == nil && st.Mode().IsRegular() {
			return nil
		}
	}
	return fmt.Errorf("pack %s: exists and is not an evidence pack (no %s); not replacing it", out, FileSums)
}

func writeZipFile(g *guard, p *Pack, out string) (err error) {
	var tmp *os.File
	err = g.do(func() (err error) {
		tmp, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
		if err == nil {
			name := tmp.Name()
			g.undo = func() { os.Remove(name) }
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err = WriteZip(bw, p); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = failpoint("before-rename"); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	err = g.do(func() error {
		if err := os.Rename(tmp.Name(), out); err != nil {
			return err
		}
		g.undo = nil
		return nil
	})
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	return nil
}

func writeDir(g *guard, p *Pack, out string, replace bool) (err error) {
	var tmp string
	err = g.do(func() (err error) {
		tmp, err = os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
		if err == nil {
			g.undo = func() { os.RemoveAll(tmp) }
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	mtime := zipTime(p.GeneratedAt)
	var dirs []string
	for _, f := range p.Files {
		rel, cerr := cleanRel(f.Path)
		if cerr != nil {
			return fmt.Errorf("pack %s: file %q: %w", out, f.Path, cerr)
		}
		name := filepath.Join(tmp, filepath.FromSlash(rel))
		// Under the guard, so an interrupt's RemoveAll(tmp) is never
		// followed by a MkdirAll that brings tmp back.
		err = g.do(func() error {
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return err
			}
			return os.WriteFile(name, f.Data, 0o644)
		})
		if err != nil {
			return fmt.Errorf("pack %s: %w", out, err)
		}
		// Fixed times make the directory as reproducible as the zip (tar, rsync -c).
		_ = os.Chtimes(name, mtime, mtime)
		dirs = append(dirs, filepath.Dir(name))
	}
	for _, d := range dirs {
		_ = os.Chtimes(d, mtime, mtime)
	}
	if err = os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = failpoint("before-rename"); err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if !replace {
		err = g.do(func() error {
			if err := os.Rename(tmp, out); err != nil {
				return err
			}
			g.undo = nil
			return nil
		})
		if err != nil {
			return fmt.Errorf("pack %s: %w", out, err)
		}
		return nil
	}
	// Swap the new pack and the old in one step where the system can; tmp
	// then holds the old pack, removed below (and by the next run if this
	// one dies first).
	swapped := false
	_ = g.do(func() error {
		if swap(tmp, out) == nil {
			swapped = true
		}
		return nil
	})
	if swapped {
		if rerr := os.RemoveAll(tmp); rerr != nil {
			return fmt.Errorf("pack %s: written, but the old pack %s could not be removed: %w", out, tmp, rerr)
		}
		return nil
	}
	// Elsewhere a directory cannot be renamed over a non-empty one: move the
	// old pack aside, put the new one in place, then remove the old. An
	// interrupt between the two renames puts the old pack back; a kill
	// leaves it at tmp.old, which the next run puts back.
	old := tmp + ".old"
	err = g.do(func() error {
		if err := os.Rename(out, old); err != nil {
			return err
		}
		g.undo = func() {
			os.Rename(old, out)
			os.RemoveAll(tmp)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if err = failpoint("between-renames"); err != nil {
		_ = os.Rename(old, out)
		return fmt.Errorf("pack %s: %w", out, err)
	}
	err = g.do(func() error {
		if err := os.Rename(tmp, out); err != nil {
			return err
		}
		g.undo = func() { os.RemoveAll(old) }
		return nil
	})
	if err != nil {
		_ = os.Rename(old, out)
		return fmt.Errorf("pack %s: %w", out, err)
	}
	if rerr := os.RemoveAll(old); rerr != nil {
		return fmt.Errorf("pack %s: written, but the old pack %s could not be removed: %w", out, old, rerr)
	}
	return nil
}

// zipEpoch is the earliest time a zip (MS-DOS) timestamp can hold.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// zipTime is the fixed time of every entry: the generation time, or
// 1980-01-01 when it is unknown or earlier.
func zipTime(t time.Time) time.Time {
	t = t.UTC()
	if t.IsZero() || t.Before(zipEpoch) {
		return zipEpoch
	}
	if t.Year() > 2107 {
		return time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	return t
}

// dosTime encodes t as MS-DOS date and time (2-second resolution).
func dosTime(t time.Time) (date, tm uint16) {
	t = zipTime(t)
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}

// WriteZip writes p as a deterministic zip: entries in path order, Deflate,
// mode 0644, the MS-DOS time of GeneratedAt, and no extra fields (setting
// FileHeader.Modified would add an extended-timestamp field, so the legacy
// date and time fields are set directly).
func WriteZip(w io.Writer, p *Pack) error {
	zw := zip.NewWriter(w)
	date, tm := dosTime(p.GeneratedAt)
	for _, f := range p.Files {
		if _, err := cleanRel(f.Path); err != nil {
			return fmt.Errorf("file %q: %w", f.Path, err)
		}
		h := &zip.FileHeader{Name: f.Path, Method: zip.Deflate, ModifiedDate: date, ModifiedTime: tm}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}
