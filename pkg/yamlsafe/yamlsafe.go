// Package yamlsafe refuses what YAML can say but an aims input must not:
// tags that ask the reader to build a value, %TAG directives, and alias bombs.
// It is the one home of that rule for every YAML aims reads (configs,
// inventory, agents, catalogues).
package yamlsafe

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
)

// plainTags are the YAML 1.2 core-schema tags
// (https://yaml.org/spec/1.2.2/#1032-tag-resolution), which mean what the
// value already says. Any other explicit tag asks a reader to build
// something: !!binary bytes, !!python/object an object, !include a file, a
// %TAG prefix a type of its own choosing. aims builds none of that, and a
// config that other tools would read differently is refused.
var plainTags = map[string]bool{"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true, "!!seq": true, "!!map": true}

// MaxNodes bounds the nodes one document may expand to, so alias bombs
// cannot exhaust memory.
const MaxNodes = 200000

// Check refuses what YAML can say but an aims config must not:
// %TAG directives, explicit tags other than the core schema's, and aliases
// that expand the document past MaxNodes ("billion laughs"). Each is an
// error at its file:line:col; the document is not decoded.
func Check(file string, data []byte, root *yaml.Node) model.Problems {
	var ps model.Problems
	if line, ok := tagDirective(data); ok {
		ps = append(ps, model.Problem{Pos: model.Pos{File: file, Line: line, Col: 1}, Severity: model.ProblemError,
			Msg: "%TAG directive: aims configs use no YAML tags; remove it"})
	}
	// Expanded sizes, memoised per node, so the check is linear in the text
	// however the aliases nest.
	size := map[*yaml.Node]int{}
	var sizeOf func(n *yaml.Node) int
	sizeOf = func(n *yaml.Node) int {
		if s, ok := size[n]; ok {
			return s
		}
		size[n] = MaxNodes + 1 // an alias back into itself counts as too large
		s := 1
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			s += sizeOf(n.Alias)
		}
		for _, c := range n.Content {
			if s += sizeOf(c); s > MaxNodes {
				s = MaxNodes + 1
				break
			}
		}
		size[n] = s
		return s
	}
	// Then in document order: each explicit tag, and the first alias (or
	// node) that takes the expanded count past the limit.
	total := 0
	var visit func(n *yaml.Node) bool
	visit = func(n *yaml.Node) bool {
		if n.Style&yaml.TaggedStyle != 0 && !plainTags[n.Tag] && len(ps) < 20 {
			ps = append(ps, model.Problem{Pos: model.Pos{File: file, Line: n.Line, Col: n.Column}, Severity: model.ProblemError,
				Msg: fmt.Sprintf("YAML tag %s: aims configs use no tags (a tag asks the reader to build a value; %s)", n.Tag, tagHint(n.Tag))})
		}
		if n.Kind == yaml.AliasNode {
			if total += sizeOf(n); total > MaxNodes {
				ps = append(ps, model.Problem{Pos: model.Pos{File: file, Line: n.Line, Col: n.Column}, Severity: model.ProblemError,
					Msg: fmt.Sprintf("alias *%s expands the document past %d nodes (an alias bomb?); write the values out or use fewer aliases", n.Value, MaxNodes)})
				return false
			}
			return true
		}
		if total++; total > MaxNodes {
			ps = append(ps, model.Problem{Pos: model.Pos{File: file, Line: n.Line, Col: n.Column}, Severity: model.ProblemError,
				Msg: fmt.Sprintf("document has more than %d nodes", MaxNodes)})
			return false
		}
		for _, c := range n.Content {
			if !visit(c) {
				return false
			}
		}
		return true
	}
	visit(root)
	return ps
}

func tagHint(tag string) string {
	switch {
	case tag == "!!binary":
		return "write the value as plain text"
	case tag == "!include" || tag == "!import" || tag == "!ref":
		return "aims does not include other files; name them in aims.yaml"
	}
	return "write the plain value"
}

// tagDirective finds a %TAG directive line: directives stand at the start of
// a line before the document's "---".
func tagDirective(data []byte) (int, bool) {
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimRight(line, "\r")
		if bytes.HasPrefix(t, []byte("---")) {
			return 0, false
		}
		if bytes.HasPrefix(t, []byte("%TAG")) {
			return i + 1, true
		}
	}
	return 0, false
}
