package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/schema"
	"github.com/aims-cli/aims/pkg/suggest"
	"github.com/aims-cli/aims/pkg/yamlsafe"
)

// MaxFileBytes bounds one YAML input; larger files are refused, not parsed.
const MaxFileBytes = 8 << 20

// maxNodes bounds the nodes one document may expand to, so alias bombs
// ("billion laughs") are refused instead of eating memory.
const maxNodes = yamlsafe.MaxNodes

var (
	dateType = reflect.TypeOf(model.Date{})
	dpaType  = reflect.TypeOf(model.DPA{})
)

// decoder walks one yaml.Node tree into a Go value, collecting every problem
// with its position instead of stopping at the first.
type decoder struct {
	file     string
	problems Problems
	pos      model.Positions
	budget   int
	// todos collects fields whose value is a TODO marker (imported configs).
	todos []string
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.problems = append(d.problems, Problem{Pos: d.at(n), Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) warnf(n *yaml.Node, code, format string, args ...any) {
	d.problems = append(d.problems, Problem{Pos: d.at(n), Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) at(n *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{File: d.file}
	}
	return model.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

// parseDocument parses data as exactly one YAML document and returns its root
// node. Problems are positioned; a nil node means nothing could be read.
func parseDocument(file string, data []byte) (*yaml.Node, Problems) {
	fail := func(line, col int, format string, args ...any) (*yaml.Node, Problems) {
		return nil, Problems{{Pos: model.Pos{File: file, Line: line, Col: col}, Severity: Error, Msg: fmt.Sprintf(format, args...)}}
	}
	if len(data) > MaxFileBytes {
		return fail(0, 0, "file is %d bytes; inputs over %d bytes are refused", len(data), MaxFileBytes)
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line, col := lineCol(data, off)
		return fail(line, col, "not UTF-8 text (a binary file?)")
	}
	if bytes.IndexByte(data, 0) >= 0 {
		line, col := lineCol(data, bytes.IndexByte(data, 0))
		return fail(line, col, "NUL byte: not a YAML text file")
	}
	if len(bytes.TrimSpace(stripComments(data))) == 0 {
		return fail(1, 1, "file is empty: expected a YAML document with apiVersion: %s and kind", model.APIVersion)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		line, col := syntaxPos(err, data)
		return fail(line, col, "%s", syntaxMsg(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return fail(extra.Line, extra.Column, "more than one YAML document in this file; put one object per file")
	} else if !errors.Is(err, io.EOF) {
		line, col := syntaxPos(err, data)
		return fail(line, col, "%s", syntaxMsg(err))
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		if ps := checkStructure(file, data, root.Content[0]); len(ps) > 0 {
			return nil, ps
		}
		return root.Content[0], nil
	}
	return fail(1, 1, "file holds no YAML document")
}

func stripComments(data []byte) []byte {
	var b bytes.Buffer
	for _, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || string(t) == "---" || string(t) == "..." {
			continue
		}
		b.Write(t)
	}
	return b.Bytes()
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	col := off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return line, col
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// SyntaxPos recovers line and column from a yaml.v3 syntax error, which gives
// only a line: the column is that of the first tab, else the first non-blank.
func SyntaxPos(err error, data []byte) (int, int) { return syntaxPos(err, data) }

// SyntaxMsg is a yaml.v3 error without its "yaml: line N:" prefix, with a hint for tabs.
func SyntaxMsg(err error) string { return syntaxMsg(err) }

func syntaxPos(err error, data []byte) (int, int) {
	m := lineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 1, 1
	}
	line, _ := strconv.Atoi(m[1])
	lines := bytes.Split(data, []byte("\n"))
	if line < 1 || line > len(lines) {
		return line, 1
	}
	l := lines[line-1]
	if i := bytes.IndexByte(l, '\t'); i >= 0 {
		return line, i + 1
	}
	for i, c := range l {
		if c != ' ' {
			return line, i + 1
		}
	}
	return line, 1
}

var yamlPrefixRE = regexp.MustCompile(`^yaml: (line \d+: )?`)

func syntaxMsg(err error) string {
	msg := yamlPrefixRE.ReplaceAllString(err.Error(), "")
	if strings.Contains(msg, "found character that cannot start any token") || strings.Contains(msg, "tab") {
		msg += " (YAML indentation must use spaces, not tabs)"
	}
	return "YAML syntax error: " + msg
}

// fieldInfo is what the decoder needs to know of one struct field.
type fieldInfo struct {
	name     string
	index    int
	required bool
	enum     []string
}

var fieldCache sync.Map // reflect.Type -> []fieldInfo

func fields(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	var fs []fieldInfo
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !sf.IsExported() {
			continue
		}
		fi := fieldInfo{name: name, index: i}
		for _, part := range strings.Split(sf.Tag.Get("jsonschema"), ",") {
			switch {
			case part == "required":
				fi.required = true
			case strings.HasPrefix(part, "enum="):
				fi.enum = append(fi.enum, strings.TrimPrefix(part, "enum="))
			}
		}
		if e := schema.Enum(t, sf.Name); e != nil {
			fi.enum = e
		}
		fs = append(fs, fi)
	}
	fieldCache.Store(t, fs)
	return fs
}

// IsTODO reports whether a value is an import placeholder that must still be filled in.
func IsTODO(s string) bool {
	return s == "TODO" || strings.HasPrefix(s, "TODO:") || strings.HasPrefix(s, "TODO ")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return n.Value
	case "!!bool":
		return n.Value
	case "!!null":
		return "null"
	}
	return fmt.Sprintf("%q", n.Value)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// decode fills v from n. path is the dotted YAML path of n ("tools[1]").
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, enum []string) {
	d.budget--
	if d.budget < 0 {
		if d.budget == -1 {
			d.errorf(n, "document too large or too deeply aliased (more than %d nodes)", maxNodes)
		}
		return
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			d.errorf(n, "unknown alias")
			return
		}
		d.decode(n.Alias, v, path, enum)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // explicit null: the zero value ("not given")
	}
	t := v.Type()
	switch {
	case t == dateType:
		if !d.scalar(n, path, "a date (YYYY-MM-DD)") {
			return
		}
		if IsTODO(n.Value) {
			d.todo(n, path)
			return
		}
		dt, err := model.ParseDate(n.Value)
		if err != nil {
			d.errorf(n, "%s: %v", path, err)
			return
		}
		v.Set(reflect.ValueOf(dt))
	case t == dpaType:
		if !d.scalar(n, path, "true, false or the path or URL of the agreement") {
			return
		}
		if IsTODO(n.Value) {
			d.todo(n, path)
			return
		}
		dpa, err := model.ParseDPAScalar(n.Tag, n.Value)
		if err != nil {
			d.errorf(n, "%s: %v", path, err)
			return
		}
		v.Set(reflect.ValueOf(dpa))
	case t.Kind() == reflect.Pointer:
		nv := reflect.New(t.Elem())
		d.decode(n, nv.Elem(), path, enum)
		v.Set(nv)
	case t.Kind() == reflect.Struct:
		d.mapping(n, v, path)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s: expected a list, got %s", path, kindName(n))
			return
		}
		s := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			d.pos[p] = d.at(c)
			d.decode(c, s.Index(i), p, enum)
		}
		v.Set(s)
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s: expected a mapping, got %s", path, kindName(n))
			return
		}
		m := reflect.MakeMapWithSize(t, len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if prev, dup := seen[k.Value]; dup {
				d.errorf(k, "%s: duplicate key %q (first at line %d, column %d)", path, k.Value, prev.Line, prev.Column)
				continue
			}
			seen[k.Value] = k
			ev := reflect.New(t.Elem()).Elem()
			d.decode(val, ev, join(path, k.Value), nil)
			m.SetMapIndex(reflect.ValueOf(k.Value), ev)
		}
		v.Set(m)
	case t.Kind() == reflect.String:
		if !d.scalar(n, path, "a string") {
			return
		}
		if IsTODO(n.Value) {
			// A placeholder is not a value: it loads as empty, so that no
			// check passes on it, and validate lists it as a warning.
			d.todo(n, path)
			return
		}
		if len(enum) > 0 && !contains(enum, n.Value) {
			d.errorf(n, "%s: %q is not one of: %s", path, n.Value, strings.Join(enum, ", "))
			return
		}
		v.SetString(n.Value)
	case t.Kind() == reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s: expected true or false, got %s", path, kindName(n))
			return
		}
		v.SetBool(n.Value == "true" || n.Value == "True" || n.Value == "TRUE")
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s: expected a whole number, got %s", path, kindName(n))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			d.errorf(n, "%s: %q is not a whole number", path, n.Value)
			return
		}
		if i < 0 {
			d.errorf(n, "%s: must not be negative", path)
			return
		}
		v.SetInt(i)
	default:
		d.errorf(n, "%s: unsupported field type %s", path, t)
	}
}

func (d *decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: expected %s, got %s", path, want, kindName(n))
		return false
	}
	return true
}

func (d *decoder) todo(n *yaml.Node, path string) {
	d.todos = append(d.todos, path)
	d.warnf(n, "todo", "TODO: %s must be filled in", path)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: expected a mapping, got %s", orRoot(path), kindName(n))
		return
	}
	fs := fields(v.Type())
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: keys must be plain names", orRoot(path))
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate key %q (first at line %d, column %d)", join(path, k.Value), prev.Line, prev.Column)
			continue
		}
		seen[k.Value] = k
		fi, ok := findField(fs, k.Value)
		if !ok {
			d.errorf(k, "unknown field %q%s", join(path, k.Value), suggestField(k.Value, fs))
			continue
		}
		p := join(path, fi.name)
		// A scalar is pointed at where its value stands (what is wrong is
		// usually the value); a block at its key, the line a reader looks for.
		if val.Kind == yaml.ScalarNode {
			d.pos[p] = d.at(val)
		} else {
			d.pos[p] = d.at(k)
		}
		d.decode(val, v.Field(fi.index), p, fi.enum)
	}
	for _, fi := range fs {
		if fi.required && seen[fi.name] == nil {
			d.errorf(n, "missing required field %q", join(path, fi.name))
		}
	}
}

func orRoot(path string) string {
	if path == "" {
		return "document"
	}
	return path
}

func findField(fs []fieldInfo, name string) (fieldInfo, bool) {
	for _, f := range fs {
		if f.name == name {
			return f, true
		}
	}
	return fieldInfo{}, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggestField names the nearest known field, as a compiler would.
func suggestField(name string, fs []fieldInfo) string {
	best, bestD := "", 1<<30
	lower := strings.ToLower(name)
	for _, f := range fs {
		dist := suggest.Distance(lower, f.name)
		// "retention" for "retention_days": a prefix is as good as a typo.
		if len(lower) >= 4 && (strings.HasPrefix(f.name, lower) || strings.HasPrefix(lower, f.name)) {
			dist = min(dist, 1)
		}
		if dist < bestD {
			best, bestD = f.name, dist
		}
	}
	if best != "" && bestD <= max(2, len(name)/3) {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.name
	}
	sort.Strings(names)
	return " (known fields: " + strings.Join(names, ", ") + ")"
}

// Suggest returns the candidate nearest to name, or "" when none is close.
func Suggest(name string, candidates []string) string { return suggest.Closest(name, candidates) }
