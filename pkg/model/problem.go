package model

import (
	"sort"
	"strings"
)

// Severity of a problem.
const (
	ProblemError   = "error"
	ProblemWarning = "warning"
)

// Problem is one thing wrong with an input, at a position.
type Problem struct {
	Pos      Pos    `json:"location"`
	Severity string `json:"severity"`
	// Code names the kind of problem for callers that turn warnings into
	// findings: "evidence-missing", "evidence-outside-root", "credential", ...
	Code string `json:"code,omitempty"`
	Msg  string `json:"message"`
}

// String is file:line:col: message (warnings say so).
func (p Problem) String() string {
	prefix := p.Pos.String()
	msg := p.Msg
	if p.Severity == ProblemWarning {
		msg = "warning: " + msg
	}
	if prefix == "" {
		return msg
	}
	return prefix + ": " + msg
}

// Problems is a list of problems; as an error it is every problem, one per line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// BadInput makes problems exit 2 wherever they are returned from
// (cmdutil.ExitCode): they are always about the user's files.
func (ps Problems) BadInput() bool { return len(ps) > 0 }

// Sort orders problems by file, line, column, message.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return ps[i].Msg < ps[j].Msg
	})
}

// Errors returns only the problems of severity error.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity != ProblemWarning {
			out = append(out, p)
		}
	}
	return out
}
