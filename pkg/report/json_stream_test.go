package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// encodeWhole is the writer writeJSON replaced: the whole document through
// json.Encoder (2-space indent, no HTML escaping).
func encodeWhole(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

type streamInner struct {
	A string             `json:"a"`
	B []int              `json:"b,omitempty"`
	M map[string]int     `json:"m"`
	T time.Time          `json:"t"`
	D model.Date         `json:"d"`
	P *model.Pos         `json:"p,omitempty"`
	I any                `json:"i"`
	Z struct{ X, y int } `json:"z"`
}

type streamOuter struct {
	Name    string         `json:"name"`
	Skip    string         `json:"-"`
	Empty   []streamInner  `json:"empty"`
	Nil     []streamInner  `json:"nil"`
	Items   []streamInner  `json:"items"`
	Ptrs    []*streamInner `json:"ptrs"`
	Deep    [][][]int      `json:"deep"`
	Bytes   []byte         `json:"bytes"`
	Omit    int            `json:"omit,omitempty"`
	Kept    int            `json:"kept"`
	NoTag   bool
	Finding model.Finding `json:"finding"` // embedded Pos, omitzero: a leaf
	Nested  *streamOuter  `json:"nested,omitempty"`
	None    struct{}      `json:"none"`
}

// TestWriteJSONStreamsTheSameBytes (issue 16): the streaming writer writes
// what json.Encoder writes, for the shapes the results have (nested structs
// and slices, nil and empty slices, maps, omitempty, time and Marshaler
// types, structs with embedded fields and omitzero, HTML characters,
// control characters and non-ASCII text) and for the fixtures of every
// subject.
func TestWriteJSONStreamsTheSameBytes(t *testing.T) {
	in := streamInner{A: "<b>&amp;</b> \u2028 \x1b é", M: map[string]int{"z": 1, "a": 2}, T: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
		D: model.MustDate("2026-01-02"), P: &model.Pos{File: "a.yaml", Line: 3}, I: []any{1, "x", nil, map[string]any{"k": []int{}}}}
	outer := &streamOuter{Name: "n", Skip: "s", Empty: []streamInner{}, Items: []streamInner{in, {}}, Ptrs: []*streamInner{&in, nil},
		Deep: [][][]int{{{1, 2}, {}}, nil, {}}, Bytes: []byte("hi"), Kept: 0, NoTag: true,
		Finding: model.Finding{Check: "c", Message: "m", Location: model.Pos{File: "f", Line: 1}, Samples: []model.Sample{{Pos: model.Pos{File: "f", Line: 2}}}}}
	outer.Nested = &streamOuter{Name: "inner", Items: []streamInner{in}}
	for _, tt := range []struct {
		name string
		v    any
	}{
		{"shapes", outer},
		{"shapes by value", *outer},
		{"empty struct", struct{}{}},
		{"nil", nil},
		{"nil pointer", (*streamOuter)(nil)},
		{"empty slice", []int{}},
		{"result", fixtureResult()},
		{"logs", NewLogsDocument(fixtureLogs())},
		{"no logs", NewLogsDocument(nil)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := writeJSON(&got, tt.v); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(encodeWhole(t, tt.v), got.String()); d != "" {
				t.Errorf("streamed JSON differs (-json.Encoder +writeJSON):\n%s", d)
			}
		})
	}
}
