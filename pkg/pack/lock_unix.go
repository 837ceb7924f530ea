//go:build unix

package pack

import (
	"errors"
	"os"
	"syscall"
)

// unlinkOnRelease: the lock file is removed by the run that holds it;
// acquire re-checks the path after locking, so a removal never admits two.
const unlinkOnRelease = true

// tryLock takes an exclusive flock(2) without blocking.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
