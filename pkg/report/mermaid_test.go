package report

import (
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestMermaidLabel: input text can never close a node label or start a new
// statement in the markdown report's data-flow diagrams (Mermaid flowchart
// syntax, mermaid.js.org/syntax/flowchart.html: quotes end a label, ; ends a statement).
func TestMermaidLabel(t *testing.T) {
	for in, want := range map[string]string{
		"confluence-eng":             "confluence-eng",
		`x"] --> Z["pwned`:           "x__ --_ Z__pwned",
		"a;b|c[d]{e}":                "a_b_c_d__e_",
		"line one\nline two":         "line one line two",
		"gpt-4o, eu-west-1 s3://b/*": "gpt-4o, eu-west-1 s3://b/*",
	} {
		if got := mermaidLabel(in); got != want {
			t.Errorf("mermaidLabel(%q) = %q, want %q", in, got, want)
		}
	}
	yes, no := true, false
	for _, tt := range []struct {
		m    model.Model
		want string
	}{{model.Model{}, "key path not declared"}, {model.Model{BYOK: &yes}, "BYOK, direct to the provider"}, {model.Model{BYOK: &no}, "through the vendor"}} {
		if got := keyPath(tt.m); got != tt.want {
			t.Errorf("keyPath(%v) = %q, want %q", tt.m.BYOK, got, tt.want)
		}
	}
}
