package load

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestYAMLTagsAndAliasBombs: every explicit tag outside the YAML 1.2 core
// schema (https://yaml.org/spec/1.2.2/#103-core-schema), every %TAG
// directive and every alias expansion past maxNodes is an error at its
// file:line:col, and the file is not decoded.
func TestYAMLTagsAndAliasBombs(t *testing.T) {
	bomb := func(levels int) string {
		var b strings.Builder
		b.WriteString("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for i := 1; i < levels; i++ {
			fmt.Fprintf(&b, "x%d: &a%d [", i, i)
			for j := 0; j < 10; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "*a%d", i-1)
			}
			b.WriteString("]\n")
		}
		return b.String()
	}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"core-schema tags are plain values", agentHead + "id: !!str a\nsystem: ! s\npurpose: !!str 1.0\n", nil},
		{"python object", agentHead + "id: a\nsystem: s\npurpose: !!python/object/apply:os.system [id]\n",
			[]string{"a.yaml:5:10: YAML tag !!python/object/apply:os.system: aims configs use no tags (a tag asks the reader to build a value; write the plain value)"}},
		{"include", agentHead + "id: a\nsystem: s\nowner: !include other.yaml\n",
			[]string{"a.yaml:5:8: YAML tag !include: aims configs use no tags (a tag asks the reader to build a value; aims does not include other files; name them in aims.yaml)"}},
		{"binary in a list", agentHead + "id: a\nsystem: s\nidentities:\n  - ok\n  - !!binary aGk=\n",
			[]string{"a.yaml:7:5: YAML tag !!binary: aims configs use no tags (a tag asks the reader to build a value; write the value as plain text)"}},
		{"custom tag on a mapping", agentHead + "id: a\nsystem: s\nmodel: !vault {path: x}\n",
			[]string{"a.yaml:5:8: YAML tag !vault: aims configs use no tags (a tag asks the reader to build a value; write the plain value)"}},
		{"%TAG directive", "%TAG !e! tag:example.com,2000:\n---\n" + agentHead + "id: !e!x a\nsystem: s\n",
			[]string{"a.yaml:1:1: %TAG directive: aims configs use no YAML tags; remove it",
				"a.yaml:5:5: YAML tag tag:example.com,2000:x: aims configs use no tags (a tag asks the reader to build a value; write the plain value)"}},
		{"%TAG redefining !!", "%TAG !! tag:evil.example,2000:\n---\n" + agentHead + "id: !!str a\nsystem: s\n",
			[]string{"a.yaml:1:1: %TAG directive: aims configs use no YAML tags; remove it",
				"a.yaml:5:5: YAML tag tag:evil.example,2000:str: aims configs use no tags (a tag asks the reader to build a value; write the plain value)"}},
		{"a few aliases are fine", agentHead + "id: a\nsystem: s\nx: &i [a, b]\nidentities: *i\n", []string{`a.yaml:5:1: unknown field "x" (did you mean "id"?)`}},
		{"billion laughs", agentHead + "id: a\nsystem: s\n" + bomb(9),
			[]string{"a.yaml:10:10: alias *a4 expands the document past 200000 nodes (an alias bomb?); write the values out or use fewer aliases"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, ps := ParseAgent("a.yaml", []byte(tt.in))
			var got []string
			for _, p := range ps {
				got = append(got, p.String())
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
		})
	}
}
