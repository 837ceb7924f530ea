package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/secrets"
)

// payload goes into every string of a fixture: an ESC sequence that would
// clear the screen, a newline that starts a line looking like aims's own
// "file:line:" output, a C1 control, a bidi override and DEL (issue 16).
const payload = "\x1b[2J\nagents/forged.yaml:1:1: OK\u0085\u202e\x7f"

// plant appends payload to every string of v that is long enough to be a
// value from the inputs (names, paths, messages; enums under 8 bytes stay).
func plant[T any](v T) T {
	return secrets.Scrub(v, func(s string) string { return s + payload })
}

// aimsSGR is the colour aims itself writes when Color is on.
var aimsSGR = regexp.MustCompile(`\x1b\[(?:0|1|2|31|32|33|35|36|1;31)m`)

// TestEveryFormatEscapesControls: whatever an input string holds, no text
// format lets a control character through to the screen (table with and
// without colour, markdown, CSV) and no line of any output starts
// with the forged "file:line:"; JSON, SARIF and JUnit stay well-formed and
// carry the value escaped.
func TestEveryFormatEscapesControls(t *testing.T) {
	planted := map[Subject]func() any{
		SubjectAssessment: func() any { return plant(fixtureResult()) },
		SubjectLogs:       func() any { return plant(fixtureLogs()) },
		SubjectDiff:       func() any { return plant(fixtureDiff()) },
	}
	for _, fi := range Formats() {
		if fi.Name == FormatTemplate {
			continue // the user's template decides; its JSON data is the json format's
		}
		for _, s := range fi.Subjects {
			for _, color := range []bool{false, true} {
				if color && fi.Name != FormatTable {
					continue
				}
				name := string(fi.Name) + "/" + string(s)
				if color {
					name += "/color"
				}
				t.Run(name, func(t *testing.T) {
					opts := testOpts()
					opts.Color = color
					var buf bytes.Buffer
					if err := Write(&buf, string(fi.Name), s, planted[s](), opts); err != nil {
						t.Fatal(err)
					}
					out := buf.String()
					if !strings.Contains(out, "forged.yaml") {
						t.Fatal("the payload reached no output field; the test would prove nothing")
					}
					for i, line := range strings.Split(out, "\n") {
						// Word wrap may put the text at the start of an
						// indented continuation inside a column; a line of
						// its own (column 1) needs a newline in the value.
						if strings.HasPrefix(strings.TrimLeft(line, "|\"'"), "agents/forged.yaml:") {
							t.Errorf("line %d starts a forged location: %q", i+1, line)
						}
					}
					rest := aimsSGR.ReplaceAllString(out, "")
					for _, bad := range []string{"\x1b", "\u0085", "\u202e", "\x7f"} {
						if strings.Contains(rest, bad) {
							t.Errorf("raw %q in the output", bad)
						}
					}
					if fi.Name == FormatJUnit {
						d := xml.NewDecoder(strings.NewReader(out))
						for {
							if _, err := d.Token(); err == io.EOF {
								break
							} else if err != nil {
								t.Fatalf("JUnit is not well-formed XML: %v", err)
							}
						}
					}
				})
			}
		}
	}
}

// TestTemplateOutputIsEscapedText: a user's --format template prints input
// values through the same escaping as the other formats, so an ESC sequence
// or a newline in an agent name cannot act on the terminal or forge a
// "file:line:" line, and a credential planted in a value prints redacted
// (issue 16: template data reached the screen unescaped).
func TestTemplateOutputIsEscapedText(t *testing.T) {
	const token = "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a"
	tmpl := filepath.Join(t.TempDir(), "t.tmpl")
	src := "{{range .Agents}}agent: {{.Agent.ID}}\n{{end}}{{range .Findings}}finding: {{.Message}}\n{{end}}"
	if err := os.WriteFile(tmpl, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	r := secrets.Scrub(fixtureResult(), func(s string) string { return s + payload + " " + token })
	opts := testOpts()
	opts.Template = tmpl
	var buf bytes.Buffer
	if err := Write(&buf, string(FormatTemplate), SubjectAssessment, r, opts); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "agent: ") || !strings.Contains(out, `forged.yaml:1:1: OK`) {
		t.Fatalf("the template printed no planted value; the test would prove nothing:\n%s", out)
	}
	for i, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "agents/forged.yaml:") {
			t.Errorf("line %d starts a forged location: %q", i+1, line)
		}
	}
	for _, bad := range []string{"\x1b", "\u0085", "\u202e", "\x7f", token} {
		if strings.Contains(out, bad) {
			t.Errorf("raw %q in the template output", bad)
		}
	}
	if !strings.Contains(out, `\x1b[2J`) || !strings.Contains(out, "[REDACTED:") {
		t.Errorf("want the ESC escaped and the token redacted:\n%s", out)
	}
}
