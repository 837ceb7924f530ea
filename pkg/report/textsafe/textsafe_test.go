package textsafe

import (
	"strings"
	"testing"
)

// Issue 16: control characters from inputs are shown, not obeyed. The
// classes follow ECMA-48 (C0, C1, ESC sequences) and Unicode UAX #9
// (bidirectional formatting characters).
func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ok", "plain ok"},
		{"中文 agent", "中文 agent"},
		{"\x1b[32mPASS\x1b[0m", `\x1b[32mPASS\x1b[0m`},
		{"a\nf.yaml:1: ok", `a\nf.yaml:1: ok`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"del\x7f", `del\x7f`},
		{"c1\u009b31m", `c1\x9b31m`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"bidi\u202egnp.exe", `bidi\u202egnp.exe`},
		{"sep\u2028x", `sep\u2028x`},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Text("a\nb\x1b"); got != "a\nb\\x1b" {
		t.Errorf("Text keeps newlines only: %q", got)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"soa.csv":                     `"soa.csv"`,
		"x\nOK: 9 files verified":     `"x\nOK: 9 files verified"`,
		"a\"b":                        `"a\"b"`,
		"\x1b]8;;http://evil\x07link": `"\x1b]8;;http://evil\alink"`,
		"rtl\u202e":                   `"rtl\u202e"`,
	} {
		got := Quote(in)
		if got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
		if strings.ContainsAny(got, "\n\r\x1b\x07") {
			t.Errorf("Quote(%q) holds a control character", in)
		}
	}
}

func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"ping @octocat":           "ping @\u200boctocat",
		"fixes #12 and GH-3":      "fixes #\u200b12 and GH\u200b-3",
		"gh-77, LGH-1, GH-x":      "gh\u200b-77, LGH-1, GH-x",
		"<img src=x onerror=1>":   "&lt;img src=x onerror=1&gt;",
		"mail a @ b, # heading":   "mail a @ b, # heading",
		"\x1b[2J@team":            `\x1b[2J@` + "\u200bteam",
		"already &lt;escaped&gt;": "already &lt;escaped&gt;",
	} {
		if got := Markdown(in); got != want {
			t.Errorf("Markdown(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"\x1b[32mPASS", "a\nf.yaml:1: ok", "\u202e", "\xff", "@x #1 <b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s), Quote(s), Markdown(s)} {
			for _, r := range out {
				if unsafeRune(r, false) {
					t.Fatalf("%q: output %q holds %U", s, out, r)
				}
			}
		}
	})
}
