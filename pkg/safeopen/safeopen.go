// Package safeopen opens input files so that no input can hang a run or
// exhaust its memory: only regular files are read (a FIFO would block
// forever, a device would never end), and never more than a stated size.
package safeopen

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// Size caps of the small inputs aims reads whole.
const (
	MaxConfig = 8 << 20  // aims.yaml and other configuration
	MaxKey    = 64 << 10 // PEM keys (--pubkey, --sign-key)
)

// ErrNotRegular is wrapped by every refusal of a special file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by every refusal of a file over its cap.
var ErrTooLarge = errors.New("file too large")

// Open opens path for reading if it is a regular file. O_NONBLOCK keeps the
// open itself from waiting on a FIFO with no writer; the check is on the
// opened descriptor, so a file swapped after a stat is still caught.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		// Opening a socket fails (ENXIO, "no such device or address"): say
		// what the path is, as for the special files that do open, rather
		// than an error that reads as a missing file.
		if fi, serr := os.Stat(path); serr == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
			return nil, nil, fmt.Errorf("%s is %s: %w", path, Kind(fi.Mode()), ErrNotRegular)
		}
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, fmt.Errorf("%s is %s: %w", path, Kind(fi.Mode()), ErrNotRegular)
	}
	return f, fi, nil
}

// ReadFile reads a regular file of at most limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s is %d bytes, over the %d-byte limit: %w", path, fi.Size(), limit, ErrTooLarge)
	}
	// The size can grow while reading (a log being written): read one byte
	// past the cap to tell.
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s grew past the %d-byte limit while read: %w", path, limit, ErrTooLarge)
	}
	return data, nil
}

// Kind names a file mode for a message: "a directory", "a named pipe (FIFO)".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}
