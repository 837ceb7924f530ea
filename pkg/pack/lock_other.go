//go:build !unix && !windows

package pack

import "os"

const unlinkOnRelease = true

// tryLock where the system has no file lock (plan9, js, wasip1): concurrent
// runs are not excluded there; Write still renames whole packs into place.
func tryLock(f *os.File) (bool, error) { return true, nil }
