//go:build unix

package safeopen

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 16: each special file kind is refused at once (a FIFO without a
// writer would block a plain open forever), and the caps hold.
func TestReadFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 100), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, kind string
		want       error
	}{
		{fifo, "a named pipe (FIFO)", ErrNotRegular},
		{sock, "a socket", ErrNotRegular}, // the open fails (ENXIO); the message still says what it is
		{"/dev/zero", "a character device", ErrNotRegular},
		{dir, "a directory", ErrNotRegular},
		{big, "over the 64-byte limit", ErrTooLarge},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(tt.path, 64); done <- err }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("%s: read, want a refusal", tt.path)
			} else if tt.want != nil && (!errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.kind)) {
				t.Errorf("%s: %v, want %v naming %q", tt.path, err, tt.want, tt.kind)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadFile hangs", tt.path)
		}
	}
	if data, err := ReadFile(big, 100); err != nil || len(data) != 100 {
		t.Errorf("file at the cap: %d bytes, %v", len(data), err)
	}
}
