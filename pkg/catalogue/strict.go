package catalogue

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/suggest"
)

// strict walks a YAML node against the Go type it will be decoded into and
// reports, with line:col, what KnownFields would only report by line (or not
// at all): unknown keys, duplicate keys, and scalars where a mapping or a
// list belongs. Decoding happens afterwards, from the same node.
type strict struct {
	file  string
	probs model.Problems
}

func (s *strict) errorf(n *yaml.Node, format string, args ...any) {
	s.probs = append(s.probs, model.Problem{
		Pos:      model.Pos{File: s.file, Line: n.Line, Col: n.Column},
		Severity: model.ProblemError,
		Code:     "catalogue",
		Msg:      fmt.Sprintf(format, args...),
	})
}

// yamlFields returns the YAML keys of a struct type (fields tagged "-" excluded).
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f.Type
	}
	return out
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a scalar"
	}
	return "something else"
}

func (s *strict) check(n *yaml.Node, t reflect.Type) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			s.errorf(n, "expected a mapping, found %s", kindOf(n))
			return
		}
		fields := yamlFields(t)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if seen[k.Value] {
				s.errorf(k, "duplicate key %q", k.Value)
				continue
			}
			seen[k.Value] = true
			ft, ok := fields[k.Value]
			if !ok {
				names := make([]string, 0, len(fields))
				for name := range fields {
					names = append(names, name)
				}
				sort.Strings(names)
				hint := ""
				if near := suggest.Closest(k.Value, names); near != "" {
					hint = fmt.Sprintf(" (did you mean %q?)", near)
				}
				s.errorf(k, "unknown field %q%s", k.Value, hint)
				continue
			}
			s.check(v, ft)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			s.errorf(n, "expected a list, found %s", kindOf(n))
			return
		}
		for _, c := range n.Content {
			s.check(c, t.Elem())
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			s.errorf(n, "expected a string, found %s", kindOf(n))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			s.errorf(n, "expected true or false, found %q", n.Value)
		}
	}
}

// mapValue returns the value node of key in a mapping node (nil when absent).
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// seqItem returns the i-th item of a sequence node (nil when absent).
func seqItem(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

func (s *strict) pos(n *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{File: s.file}
	}
	return model.Pos{File: s.file, Line: n.Line, Col: n.Column}
}

// checkPositions records where a check and its expression fields are.
func (s *strict) checkPositions(n *yaml.Node, ck *Check) {
	ck.Pos = s.pos(n)
	ck.FieldPos = model.Positions{}
	for _, f := range []string{"id", "kind", "detector", "controls", "rule", "when", "message", "severity", "severity_from", "subject", "control", "path", "path_from"} {
		if v := mapValue(n, f); v != nil {
			p := s.pos(v)
			// Quoted scalars start one column before their text.
			if v.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
				p.Col++
			}
			// Block scalars start on the line after their indicator.
			if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				p.Line++
				p.Col = 0
			}
			ck.FieldPos[f] = p
		}
	}
}
