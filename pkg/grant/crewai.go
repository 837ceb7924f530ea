package grant

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/aims-cli/aims/pkg/model"
)

// CrewAIName is crewai.utilities.string_utils.sanitize_tool_name
// (crewAIInc/crewAI f4731f5): NFKD and ASCII only, camelCase split, lower
// case, quotes dropped, every other run of non-alphanumerics one "_",
// trimmed, and over 64 characters cut with an 8-hex sha256 suffix. It is the
// name CrewAI gives the model (and its own events) for a tool whose name
// attribute is name: "Read a file's content" is read_a_files_content.
func CrewAIName(name string) string {
	var ascii []rune
	for _, r := range norm.NFKD.String(name) {
		if r < 0x80 {
			ascii = append(ascii, r)
		}
	}
	var b []rune
	for i, r := range ascii {
		if i > 0 && unicode.IsUpper(r) {
			prev := ascii[i-1]
			next := rune(0)
			if i+1 < len(ascii) {
				next = ascii[i+1]
			}
			// ([a-z])([A-Z]) and ([A-Z]+)([A-Z][a-z]).
			if unicode.IsLower(prev) || unicode.IsUpper(prev) && unicode.IsLower(next) {
				b = append(b, '_')
			}
		}
		b = append(b, r)
	}
	s := strings.ToLower(string(b))
	s = strings.NewReplacer("'", "", "\"", "").Replace(s)
	var out strings.Builder
	under := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			out.WriteRune(r)
			under = false
			continue
		}
		if !under {
			out.WriteByte('_')
			under = true
		}
	}
	res := strings.Trim(out.String(), "_")
	if len(res) > 64 {
		sum := sha256.Sum256([]byte(res))
		suffix := "_" + hex.EncodeToString(sum[:])[:8]
		res = strings.TrimRight(res[:64-len(suffix)], "_") + suffix
	}
	return res
}

// Requested returns the indexes of the grants a model's tool-call request
// for name asks to use: those that cover name as a logged call (Tool), and
// those whose CrewAI model-facing name is name (CrewAI offers the model
// every tool under CrewAIName of its name attribute, which is what the
// grant names).
func Requested(grants []model.Grant, name string) []int {
	var out []int
	for _, m := range Tool(grants, name) {
		out = append(out, m.Grant)
	}
	for gi := range grants {
		g := &grants[gi]
		if !ContainsMeta(g.Name) && g.Name != name && CrewAIName(g.Name) == name {
			out = append(out, gi)
		}
	}
	return out
}
