package report

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/json"
	"io"
	"reflect"
	"strings"
	"sync"
)

// writeJSON writes v with a 2-space indent. encoding/json sorts map keys and
// keeps struct field order, so equal values give equal bytes.
//
// It streams (issue 16): json.Encoder builds the whole document, then its
// indented copy, before writing a byte (at 100,000 agents, 1.6 GB for a
// 780 MB result). Here structs and slices are written member by member and
// only their leaves go through encoding/json, each with the indent prefix
// of its depth, so the bytes are what Encoder.Encode writes and memory is
// the largest leaf. A struct whose fields need encoding/json's own rules
// (embedded fields, omitzero, the string option) is itself a leaf.
func writeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &jsonStream{w: bw}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	if err := s.value(reflect.ValueOf(v), "", 0); err != nil {
		return err
	}
	if err := bw.WriteByte('\n'); err != nil {
		return err
	}
	return bw.Flush()
}

// maxStreamDepth bounds how deep members are streamed: below it a value is
// one leaf (small, and encoding/json is faster at it).
const maxStreamDepth = 4

type jsonStream struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// streamField is one member of a streamed struct.
type streamField struct {
	index     int
	key       string // `"name": `
	omitEmpty bool
}

var streamFields sync.Map // reflect.Type -> []streamField, or nil: a leaf

// fieldsOf returns the members of struct type t in encoding/json's order,
// and false when t must be encoded as one leaf.
func fieldsOf(t reflect.Type) ([]streamField, bool) {
	if f, ok := streamFields.Load(t); ok {
		fs, _ := f.([]streamField)
		return fs, fs != nil
	}
	var fs []streamField
	leaf := customJSON(t)
	for i := 0; i < t.NumField() && !leaf; i++ {
		f := t.Field(i)
		if f.Anonymous {
			leaf = true
			break
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		sf := streamField{index: i, key: `"` + name + `": `}
		for _, o := range strings.Split(opts, ",") {
			switch o {
			case "omitempty":
				sf.omitEmpty = true
			case "":
			default: // omitzero, string: encoding/json's rules
				leaf = true
			}
		}
		if strings.ContainsAny(name, "\"\\<>&") {
			leaf = true
		}
		fs = append(fs, sf)
	}
	if leaf {
		streamFields.Store(t, []streamField(nil))
		return nil, false
	}
	if fs == nil {
		fs = []streamField{}
	}
	streamFields.Store(t, fs)
	return fs, true
}

// customJSON: values of t encode themselves (MarshalJSON, MarshalText).
func customJSON(t reflect.Type) bool {
	return t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)
}

func (s *jsonStream) value(v reflect.Value, prefix string, depth int) error {
	if depth < maxStreamDepth && v.IsValid() {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() && !customJSON(v.Type()) && v.Elem().Kind() == reflect.Struct {
				return s.value(v.Elem(), prefix, depth)
			}
		case reflect.Interface:
			if !v.IsNil() {
				return s.value(v.Elem(), prefix, depth)
			}
		case reflect.Struct:
			if fs, ok := fieldsOf(v.Type()); ok {
				return s.object(v, fs, prefix, depth)
			}
		case reflect.Slice:
			if v.Len() > 0 && v.Type().Elem().Kind() != reflect.Uint8 && !customJSON(v.Type()) {
				return s.array(v, prefix, depth)
			}
		}
	}
	return s.leaf(v, prefix)
}

func (s *jsonStream) object(v reflect.Value, fs []streamField, prefix string, depth int) error {
	inner := prefix + "  "
	n := 0
	for _, f := range fs {
		fv := v.Field(f.index)
		if f.omitEmpty && emptyJSON(fv) {
			continue
		}
		if n == 0 {
			s.w.WriteByte('{')
		} else {
			s.w.WriteByte(',')
		}
		n++
		s.w.WriteByte('\n')
		s.w.WriteString(inner)
		s.w.WriteString(f.key)
		if err := s.value(fv, inner, depth+1); err != nil {
			return err
		}
	}
	if n == 0 {
		_, err := s.w.WriteString("{}")
		return err
	}
	s.w.WriteByte('\n')
	s.w.WriteString(prefix)
	return s.w.WriteByte('}')
}

func (s *jsonStream) array(v reflect.Value, prefix string, depth int) error {
	inner := prefix + "  "
	s.w.WriteByte('[')
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			s.w.WriteByte(',')
		}
		s.w.WriteByte('\n')
		s.w.WriteString(inner)
		if err := s.value(v.Index(i), inner, depth+1); err != nil {
			return err
		}
	}
	s.w.WriteByte('\n')
	s.w.WriteString(prefix)
	return s.w.WriteByte(']')
}

// leaf encodes v whole, its continuation lines under prefix.
func (s *jsonStream) leaf(v reflect.Value, prefix string) error {
	s.buf.Reset()
	s.enc.SetIndent(prefix, "  ")
	// An addressable value is encoded through its address, as
	// encoding/json does, so that a MarshalJSON on the pointer is called.
	var x any
	switch {
	case v.CanAddr():
		x = v.Addr().Interface()
	case v.IsValid():
		x = v.Interface()
	}
	if err := s.enc.Encode(x); err != nil {
		return err
	}
	b := bytes.TrimSuffix(s.buf.Bytes(), []byte("\n"))
	_, err := s.w.Write(b)
	return err
}

// emptyJSON is encoding/json's omitempty test.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
