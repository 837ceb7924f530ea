// Package iostreams carries the standard streams of one run and knows whether
// they are terminals, so that commands print colour and progress only to people.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes. Commands never touch os.Stdout.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdoutTTY bool
	stderrTTY bool
	noColor   bool

	// getenv reads the environment (nil for test streams, so that a COLUMNS in
	// the developer's shell never changes a golden); width overrides everything.
	getenv func(string) string
	width  int
	ttyFd  int
}

// System returns the process's own streams.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, getenv: os.Getenv, ttyFd: int(os.Stdout.Fd())}
	s.stdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	s.stderrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if _, ok := os.LookupEnv("NO_COLOR"); ok || os.Getenv("TERM") == "dumb" {
		s.noColor = true
	}
	return s
}

// Test returns streams over buffers: (streams, stdin, stdout, stderr).
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}, in, out, errOut
}

// IsStdoutTTY reports whether stdout is a terminal.
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether stderr is a terminal (progress goes there only then).
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdoutTTY overrides terminal detection (tests).
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }

// SetStderrTTY overrides terminal detection (tests).
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// SetNoColor turns colour off (--no-color, NO_COLOR).
func (s *IOStreams) SetNoColor(v bool) { s.noColor = v }

// ColorEnabled is true when stdout is a terminal and colour was not turned off.
func (s *IOStreams) ColorEnabled() bool { return s.stdoutTTY && !s.noColor }

// ProgressEnabled is true when stderr is a terminal.
func (s *IOStreams) ProgressEnabled() bool { return s.stderrTTY }

// SetTerminalWidth fixes the width TerminalWidth reports (tests; 0 restores detection).
func (s *IOStreams) SetTerminalWidth(n int) { s.width = n }

// TerminalWidth is the width tables wrap to: COLUMNS when it is a positive
// number (what shells and CI runners set to ask for a width), else the size
// of a terminal on stdout, else 0, which keeps piped output at the fixed layout.
func (s *IOStreams) TerminalWidth() int {
	if s.width > 0 {
		return s.width
	}
	if s.getenv != nil {
		if n, err := strconv.Atoi(strings.TrimSpace(s.getenv("COLUMNS"))); err == nil && n > 0 {
			return n
		}
	}
	if s.stdoutTTY && s.getenv != nil {
		if w, _, err := term.GetSize(s.ttyFd); err == nil && w > 0 {
			return w
		}
	}
	return 0
}
