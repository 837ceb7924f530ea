package model

import "fmt"

// Pos is a place in an input file. Line and Col are 1-based; zero means unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// String renders file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsZero reports whether nothing is known of the position.
func (p Pos) IsZero() bool { return p.File == "" && p.Line == 0 }

// Positions maps a dotted YAML path inside one document ("tools[1].operations")
// to where that key's value starts. The empty path is the document itself.
type Positions map[string]Pos

// Lookup returns the position of path, falling back to its nearest recorded
// parent so that a finding about a missing field still points at its block.
func (ps Positions) Lookup(path string) Pos {
	for {
		if p, ok := ps[path]; ok {
			return p
		}
		if path == "" {
			return Pos{}
		}
		i := lastSep(path)
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

func lastSep(path string) int {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' || path[i] == '[' {
			return i
		}
	}
	return -1
}
