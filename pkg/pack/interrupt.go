package pack

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// guard undoes an unfinished Write when the process is interrupted (SIGINT,
// SIGTERM): the temporary is removed, an old pack moved aside is put back,
// the lock is released, and the signal is raised again with its default
// action so the exit status still says what stopped the run. SIGKILL cannot
// be caught; the next run cleans what it leaves (recoverLeftovers).
type guard struct {
	mu   sync.Mutex
	undo func()
	done chan struct{}
	sigs chan os.Signal
}

func newGuard(release func()) *guard {
	g := &guard{done: make(chan struct{}), sigs: make(chan os.Signal, 1)}
	signal.Notify(g.sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-g.sigs:
			// Held until the process ends: a step in progress finishes
			// first, and none starts after the undo.
			g.mu.Lock()
			if g.undo != nil {
				g.undo()
			}
			release()
			signal.Stop(g.sigs)
			if p, err := os.FindProcess(os.Getpid()); err == nil && p.Signal(sig) == nil {
				select {}
			}
			os.Exit(130)
		case <-g.done:
		}
	}()
	return g
}

// do runs f never interleaved with an interrupt's undo; f sets g.undo to
// what undoes the state it leaves.
func (g *guard) do(f func() error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return f()
}

func (g *guard) stop() {
	signal.Stop(g.sigs)
	close(g.done)
}
