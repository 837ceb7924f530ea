//go:build linux

package pack

import "golang.org/x/sys/unix"

// renameExchange swaps two paths in one step (renameat2 RENAME_EXCHANGE,
// Linux 3.15+), so a directory pack is replaced with no moment without one.
func renameExchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
