//go:build windows

package pack

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// unlinkOnRelease: Windows cannot remove a file another process holds open,
// so the lock file stays; the lock itself dies with its handle.
const unlinkOnRelease = false

// tryLock takes an exclusive LockFileEx on the first byte without waiting.
func tryLock(f *os.File) (bool, error) {
	ol := new(windows.Overlapped)
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return false, nil
	}
	return err == nil, err
}
