package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/load"
)

// maxNodes bounds the nodes one file may expand to, so that alias bombs are
// refused rather than walked.
const maxNodes = 200000

// checkText refuses what is not a text file and says what was expected of an
// empty one.
func checkText(f File, want string) error {
	if !utf8.Valid(f.Data) {
		return errAt(f.Name, 0, 0, "not UTF-8 text (a binary file?): want %s", want)
	}
	if i := bytes.IndexByte(f.Data, 0); i >= 0 {
		line, col := lineCol(f.Data, i)
		return errAt(f.Name, line, col, "NUL byte: not a text file: want %s", want)
	}
	if isBlank(f.Data) {
		return errAt(f.Name, 0, 0, "file is empty: want %s", want)
	}
	return nil
}

// isBlank reports whether data holds nothing but blanks, YAML comments and
// document markers.
func isBlank(data []byte) bool {
	for _, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || string(t) == "---" || string(t) == "..." {
			continue
		}
		return false
	}
	return true
}

// yamlDocs parses every document of a YAML file. Syntax errors come back
// with file:line:col; documents that are only comments are skipped.
func yamlDocs(f File, want string) ([]*yaml.Node, error) {
	if err := checkText(f, want); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(f.Data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := load.SyntaxPos(err, f.Data)
			return nil, errAt(f.Name, line, col, "%s", load.SyntaxMsg(err))
		}
		if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
			if countNodes(doc.Content[0], maxNodes) > maxNodes {
				return nil, errAt(f.Name, doc.Line, doc.Column, "document too large or too deeply aliased (more than %d nodes)", maxNodes)
			}
			n := doc.Content[0]
			if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
				continue
			}
			docs = append(docs, n)
		}
	}
	if len(docs) == 0 {
		return nil, errAt(f.Name, 0, 0, "file is empty: want %s", want)
	}
	return docs, nil
}

// countNodes counts nodes (following aliases) up to limit+1.
func countNodes(n *yaml.Node, limit int) int {
	count := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil || count > limit {
			return
		}
		count++
		if n.Kind == yaml.AliasNode {
			walk(n.Alias)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return count
}

func lineCol(data []byte, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	col := off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return line, col
}

// node is a YAML node of one file, with accessors that turn a wrong shape
// into a positioned error instead of a panic or a silent zero.
type node struct {
	file string
	n    *yaml.Node
}

func (y node) ok() bool { return y.n != nil }

func (y node) errf(format string, args ...any) *Error {
	if y.n == nil {
		return errAt(y.file, 0, 0, format, args...)
	}
	return errAt(y.file, y.n.Line, y.n.Column, format, args...)
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func (y node) isMap() bool { return y.n != nil && resolve(y.n).Kind == yaml.MappingNode }

func (y node) isNull() bool {
	n := resolve(y.n)
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// get returns the value of key in a mapping (a zero node if absent or if y
// is not a mapping).
func (y node) get(key string) node {
	n := resolve(y.n)
	if n == nil || n.Kind != yaml.MappingNode {
		return node{file: y.file}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if resolve(n.Content[i]).Value == key {
			return node{file: y.file, n: n.Content[i+1]}
		}
	}
	return node{file: y.file}
}

// entries returns the key/value pairs of a mapping in file order.
func (y node) entries() []kv {
	n := resolve(y.n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out []kv
	for i := 0; i+1 < len(n.Content); i += 2 {
		out = append(out, kv{key: resolve(n.Content[i]).Value, keyNode: node{y.file, n.Content[i]}, val: node{y.file, n.Content[i+1]}})
	}
	return out
}

type kv struct {
	key     string
	keyNode node
	val     node
}

// str reads a scalar as a string; absent or null is "".
func (y node) str(what string) (string, error) {
	if y.isNull() {
		return "", nil
	}
	n := resolve(y.n)
	if n.Kind != yaml.ScalarNode {
		return "", y.errf("%s: want a string, got %s", what, kindName(n))
	}
	return n.Value, nil
}

// boolean reads a scalar as a YAML boolean; absent is false.
func (y node) boolean(what string) (bool, error) {
	if y.isNull() {
		return false, nil
	}
	n := resolve(y.n)
	if n.Kind != yaml.ScalarNode {
		return false, y.errf("%s: want true or false, got %s", what, kindName(n))
	}
	var b bool
	if err := n.Decode(&b); err != nil {
		return false, y.errf("%s: want true or false, got %q", what, n.Value)
	}
	return b, nil
}

// list returns the items of a sequence; absent or null is none.
func (y node) list(what string) ([]node, error) {
	if y.isNull() {
		return nil, nil
	}
	n := resolve(y.n)
	if n.Kind != yaml.SequenceNode {
		return nil, y.errf("%s: want a list, got %s", what, kindName(n))
	}
	out := make([]node, len(n.Content))
	for i, c := range n.Content {
		out[i] = node{file: y.file, n: c}
	}
	return out, nil
}

// strs reads a list of strings.
func (y node) strs(what string) ([]string, error) {
	items, err := y.list(what)
	if err != nil {
		return nil, err
	}
	var out []string
	for i, it := range items {
		s, err := it.str(fmt.Sprintf("%s[%d]", what, i))
		if err != nil {
			return nil, err
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an unknown node"
}

// decodeJSON reads one JSON object into v. Syntax and type errors come back
// with file:line:col; a top-level value that is not an object says what was
// expected.
func decodeJSON(f File, want string, v any) error {
	if err := checkText(f, want); err != nil {
		return err
	}
	// A UTF-8 BOM is replaced, not cut, so that offsets stay those of the file.
	data := f.Data
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		data = append([]byte("   "), data[3:]...)
	}
	data = stripJSONC(data)
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] != '{' {
		off := bytes.Index(data, trimmed[:1])
		line, col := lineCol(data, off)
		if trimmed[0] == '[' || trimmed[0] == '"' || trimmed[0] == '-' || trimmed[0] >= '0' && trimmed[0] <= '9' || bytes.HasPrefix(trimmed, []byte("true")) || bytes.HasPrefix(trimmed, []byte("false")) || bytes.HasPrefix(trimmed, []byte("null")) {
			return errAt(f.Name, line, col, "not %s: the file holds a JSON value that is not an object", want)
		}
		return errAt(f.Name, line, col, "not %s: not a JSON document", want)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			// Offset is just past the offending byte, unless the input ended.
			off := int(se.Offset)
			if off < len(data) {
				off--
			}
			line, col := lineCol(data, off)
			return errAt(f.Name, line, col, "JSON syntax error: %s", se.Error())
		case errors.As(err, &te):
			line, col := lineCol(data, int(te.Offset))
			field := te.Field
			if field == "" {
				field = "value"
			}
			return errAt(f.Name, line, col, "%s: want %s, got a JSON %s (%s)", field, jsonKind(te.Type.Kind().String()), te.Value, want)
		case errors.Is(err, io.ErrUnexpectedEOF):
			line, col := lineCol(data, len(data))
			return errAt(f.Name, line, col, "JSON syntax error: unexpected end of file")
		}
		return &Error{Pos: errAt(f.Name, 0, 0, "").Pos, Msg: "reading " + want, Err: err}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		off := int(dec.InputOffset())
		line, col := lineCol(data, off)
		return errAt(f.Name, line, col, "JSON syntax error: more content after the object")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "map", "struct":
		return "an object"
	case "bool":
		return "true or false"
	case "ptr", "interface":
		return "a value"
	}
	return "a number"
}
