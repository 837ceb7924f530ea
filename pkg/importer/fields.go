package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// A field pattern names the fields an importer reads, as dotted paths with
// list items written "[]": "skills[].id". A segment "*" stands for any one
// key (the names of a map: "securitySchemes.*"), and a last segment "**"
// for anything below ("capabilities.extensions[].params.**"). A field that
// no pattern names is unknown; the fields under an unknown one are not
// listed again.
type fieldPatterns []string

func (ps fieldPatterns) known(path string) bool {
	segs := strings.Split(path, ".")
	for _, p := range ps {
		if matchFieldPattern(strings.Split(p, "."), segs) {
			return true
		}
	}
	return false
}

// matchFieldPattern reports whether path s is named by pattern p or lies on
// the way to what p names (the list "skills" is read when "skills[].id" is).
func matchFieldPattern(p, s []string) bool {
	for i, seg := range s {
		if i >= len(p) {
			return false
		}
		if p[i] == "**" {
			return true
		}
		if p[i] == "*" || p[i] == seg {
			continue
		}
		if i != len(s)-1 || strings.TrimRight(p[i], "[]") != seg {
			return false
		}
	}
	return true
}

// jsonUnknownFields lists the object keys of a JSON (or JSONC) document
// that no pattern names, as "file:line:col: path" in file order. A document
// that does not parse gives none: the decoder reports it.
func jsonUnknownFields(f File, known fieldPatterns) []string {
	data := stripJSONC(f.Data)
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		data = append([]byte("   "), data[3:]...)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	// The stack holds, per open object or array, its path; objects also
	// whether the next string token is a key.
	type frame struct {
		path    string // normalised: list items as "[]"
		where   string // with indexes, for the message
		isObj   bool
		wantKey bool
		index   int
		skip    bool // inside an unknown field
	}
	var stack []frame
	var pendingKey, pendingWhere string
	var pendingSkip bool
	childPath := func() (string, string, bool) {
		if len(stack) == 0 {
			return "", "", false
		}
		top := &stack[len(stack)-1]
		if top.isObj {
			return pendingKey, pendingWhere, pendingSkip
		}
		p, w := top.path+"[]", fmt.Sprintf("%s[%d]", top.where, top.index)
		top.index++
		return p, w, top.skip
	}
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if len(stack) > 0 && stack[len(stack)-1].isObj && stack[len(stack)-1].wantKey {
			top := &stack[len(stack)-1]
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].isObj {
					stack[len(stack)-1].wantKey = true
				}
				continue
			}
			key, _ := tok.(string)
			top.wantKey = false
			pendingKey, pendingWhere = key, key
			if top.path != "" {
				pendingKey, pendingWhere = top.path+"."+key, top.where+"."+key
			}
			pendingSkip = top.skip
			if !top.skip && !known.known(pendingKey) {
				// The offset is that of the byte before the key (a brace,
				// comma or blank): the key starts at the next quote.
				at := int(off)
				if i := bytes.IndexByte(data[at:], '"'); i >= 0 {
					at += i
				}
				line, col := lineCol(data, at)
				out = append(out, fmt.Sprintf("%s:%d:%d: %s", f.Name, line, col, pendingWhere))
				pendingSkip = true
			}
			continue
		}
		switch d := tok.(type) {
		case json.Delim:
			switch d {
			case '{', '[':
				p, w, skip := childPath()
				stack = append(stack, frame{path: p, where: w, isObj: d == '{', wantKey: d == '{', skip: skip})
			case '}', ']':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				if len(stack) > 0 && stack[len(stack)-1].isObj {
					stack[len(stack)-1].wantKey = true
				}
			}
			continue
		default:
			childPath()
		}
		if len(stack) > 0 && stack[len(stack)-1].isObj {
			stack[len(stack)-1].wantKey = true
		}
	}
}

// yamlUnknownFields lists the mapping keys under n that no pattern names,
// as "file:line:col: path"; paths are relative to n, and where names n.
func yamlUnknownFields(n node, known fieldPatterns, where string) []string {
	var out []string
	var walk func(y node, path, at string, depth int)
	walk = func(y node, path, at string, depth int) {
		if depth > 64 {
			return
		}
		if y.isMap() {
			for _, e := range y.entries() {
				p, w := e.key, e.key
				if path != "" {
					p, w = path+"."+e.key, at+"."+e.key
				} else if at != "" {
					w = at + "." + e.key
				}
				if !known.known(p) {
					out = append(out, fmt.Sprintf("%s:%d:%d: %s", e.keyNode.file, e.keyNode.n.Line, e.keyNode.n.Column, w))
					continue
				}
				walk(e.val, p, w, depth+1)
			}
			return
		}
		if items, err := y.list(""); err == nil {
			for i, it := range items {
				walk(it, path+"[]", fmt.Sprintf("%s[%d]", at, i), depth+1)
			}
		}
	}
	walk(n, "", where, 0)
	return out
}
