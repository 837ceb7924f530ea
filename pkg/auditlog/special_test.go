//go:build unix

package auditlog

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 16: a FIFO given as a log is refused with a reason, never read (a
// FIFO with no writer would block the run forever).
func TestFIFOLogIsRefused(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "events.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	go func() {
		s, err := Analyze(context.Background(), []Source{{Path: fifo}}, nil, Options{})
		var reasons []string
		if err != nil {
			reasons = append(reasons, err.Error())
		}
		if s != nil {
			for _, f := range s.Files {
				reasons = append(reasons, f.Unreadable)
			}
		}
		done <- strings.Join(reasons, "; ")
	}()
	select {
	case got := <-done:
		if !strings.Contains(got, "named pipe") {
			t.Errorf("got %q, want a refusal naming the named pipe", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Analyze hangs on a FIFO")
	}
}
