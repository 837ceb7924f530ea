// Package cmdutil holds what every command shares: typed errors that become
// exit codes, the command Factory, output-format flags and atomic file output.
package cmdutil

import (
	"errors"
	"fmt"
)

// Exit codes (docs/contract.md §1).
const (
	ExitOK       = 0
	ExitFindings = 1 // findings at or above --fail-on, or a pack that does not verify
	ExitInput    = 2 // bad usage or bad input
	ExitInternal = 3
)

// InputError is bad usage or bad input (exit 2). Problems, when set, are
// printed one per line (file:line:col: message) before Msg.
type InputError struct {
	Msg      string
	Problems []string
	Err      error
}

func (e *InputError) Error() string {
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *InputError) Unwrap() error { return e.Err }

// BadInput says the error is bad usage or bad input (exit 2).
func (e *InputError) BadInput() bool { return true }

// ProblemLines are printed one per line before the message.
func (e *InputError) ProblemLines() []string { return e.Problems }

// ProblemLister is an error that carries positioned problems as lines
// (file:line:col: message), printed before its message.
type ProblemLister interface{ ProblemLines() []string }

// BadInput is implemented by every error whose cause is the user's input
// (a file, a flag, a template), in whichever package made it: load's
// problems, the assessment's input errors, report's template errors.
// ExitCode maps it to exit 2, so commands return such errors as they come.
type BadInput interface{ BadInput() bool }

// InputErrorf builds an InputError from a format.
func InputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// FailError means the run worked and found what must fail the caller (exit 1).
// Its message is printed on stderr unless empty.
type FailError struct{ Msg string }

func (e *FailError) Error() string { return e.Msg }

// SilentError exits with Code and prints nothing more (the command already said it).
type SilentError struct{ Code int }

func (e *SilentError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// ExitCode maps an error to the process exit status: typed errors become
// codes only here, in one place, as in trivy.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var bi BadInput
	var fe *FailError
	var se *SilentError
	switch {
	case errors.As(err, &se):
		return se.Code
	case errors.As(err, &bi) && bi.BadInput():
		return ExitInput
	case errors.As(err, &fe):
		return ExitFindings
	}
	return ExitInternal
}
