// Package grant is the one home of grant matching: what a glob in a grant,
// an identity or an allow-list means, how a logged tool name is qualified by
// its gateway target or MCP server, and the "nil = any, empty = none" rule of
// Grant.Operations and Grant.Resources. Log analysis, risk and diff all ask
// here, so that a grant means the same thing in every command.
package grant

import (
	"path"
	"strings"
	"unicode/utf8"

	"github.com/aims-cli/aims/pkg/model"
)

// Glob reports whether s matches pattern. '*' matches any sequence of
// characters INCLUDING '/', because grants name resources that are paths and
// URLs ("s3://reports/*" is meant to cover every object under reports, at any
// depth); '?' matches one character; "[...]" is a character class as in
// path.Match. A malformed pattern matches only itself.
func Glob(pattern, s string) bool {
	if pattern == s {
		return true
	}
	if !strings.ContainsAny(pattern, "*?[") {
		return false
	}
	ok, bad := glob(pattern, s)
	return ok && !bad
}

// glob returns (matched, malformed).
func glob(p, s string) (bool, bool) {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if p == "" {
				return true, false
			}
			for i := 0; i <= len(s); i++ {
				if ok, bad := glob(p, s[i:]); ok || bad {
					return ok, bad
				}
			}
			return false, false
		case '?':
			if s == "" {
				return false, false
			}
			_, n := firstRune(s)
			p, s = p[1:], s[n:]
		case '[':
			end := classEnd(p)
			if end < 0 {
				return false, true
			}
			if s == "" {
				return false, false
			}
			_, n := firstRune(s)
			ok, err := path.Match(p[:end+1], s[:n])
			if err != nil {
				return false, true
			}
			if !ok {
				return false, false
			}
			p, s = p[end+1:], s[n:]
		case '\\':
			if len(p) < 2 {
				return false, true
			}
			if s == "" || s[0] != p[1] {
				return false, false
			}
			p, s = p[2:], s[1:]
		default:
			if s == "" || s[0] != p[0] {
				return false, false
			}
			p, s = p[1:], s[1:]
		}
	}
	return s == "", false
}

func firstRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// classEnd is the index of the ']' closing the class that opens p, or -1.
func classEnd(p string) int {
	i := 1
	if i < len(p) && p[i] == '^' {
		i++
	}
	if i < len(p) && p[i] == ']' {
		i++ // a leading ']' is a member
	}
	for ; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case ']':
			return i
		}
	}
	return -1
}

// Allows applies "nil = any, empty = none": a nil list allows everything, an
// empty non-nil list nothing, otherwise s must match one pattern. Operations
// are verbs written by hand and by producers in different cases, so the
// comparison ignores case.
func Allows(patterns []string, s string) bool {
	if patterns == nil {
		return true
	}
	for _, p := range patterns {
		if strings.EqualFold(p, s) || Glob(p, s) || Glob(strings.ToLower(p), strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// Split splits a qualified tool name into its target (AgentCore Gateway
// target or MCP server) and the tool:
//
//	TARGET___TOOL      AgentCore Gateway (three underscores); aims' OCSF reader
//	                   writes MCP "tools/call:TOOL" on service SERVER this way
//	mcp__SERVER__TOOL  Claude Code and other MCP clients
//
// An unqualified name returns ("", tool).
func Split(tool string) (target, name string) {
	if i := strings.Index(tool, "___"); i > 0 && i+3 < len(tool) {
		return tool[:i], tool[i+3:]
	}
	if rest, ok := strings.CutPrefix(tool, "mcp__"); ok {
		if i := strings.Index(rest, "__"); i > 0 && i+2 < len(rest) {
			return rest[:i], rest[i+2:]
		}
	}
	return "", tool
}

// Match is one grant that covers a logged tool.
type Match struct {
	Grant int // index in the agent's Tools
	// ViaTarget: the grant names the tool's target (server), and its
	// Operations list the target's tools; the call's own operation is then
	// not judged against them.
	ViaTarget bool
	// Bare: the grant names only the tool part of a qualified call, and no
	// grant names the call's target or full name.
	Bare bool
}

// Tool returns the grants that cover the logged tool name. A grant covers a
// call when it names the full logged name (glob), or names the call's target
// and its operations are omitted or include the tool part. Only when neither
// holds for any grant does a grant naming the bare tool cover a qualified
// call (Bare), as when an agent lists "export" and its gateway logs
// "crm___export": the match is then marked so that findings can say so, and
// a grant naming another target ("billing___export") never covers it.
func Tool(grants []model.Grant, tool string) []Match {
	var out []Match
	target, bare := Split(tool)
	for gi := range grants {
		g := &grants[gi]
		switch {
		case Glob(g.Name, tool):
			out = append(out, Match{Grant: gi})
		case target != "" && Glob(g.Name, target) && Allows(g.Operations, bare):
			out = append(out, Match{Grant: gi, ViaTarget: true})
		}
	}
	if len(out) > 0 || target == "" {
		return out
	}
	for gi := range grants {
		g := &grants[gi]
		if t, _ := Split(g.Name); t == "" && Glob(g.Name, bare) {
			out = append(out, Match{Grant: gi, Bare: true})
		}
	}
	return out
}

// Operation reports whether the matched grant allows operation op of the
// call ("" when the log names none: then the grant must allow some operation).
func Operation(g *model.Grant, m Match, op string) bool {
	if m.ViaTarget {
		return true
	}
	if op == "" {
		return g.Operations == nil || len(g.Operations) > 0
	}
	return Allows(g.Operations, op)
}

// Resource reports whether the grant allows resource res ("" when the log
// names none: nothing to judge).
func Resource(g *model.Grant, res string) bool {
	if res == "" {
		return true
	}
	if g.Resources == nil {
		return true
	}
	for _, r := range g.Resources {
		if Glob(r, res) {
			return true
		}
	}
	return false
}

// Covers reports whether pattern a admits everything pattern b admits, as
// far as can be told cheaply: equal, "*", a trailing-star prefix, or b a
// literal that a matches. Used by diff to tell widening from a no-op.
func Covers(a, b string) bool {
	if a == b || strings.Trim(a, "*") == "" && a != "" {
		return true
	}
	if prefix := strings.TrimRight(a, "*"); prefix != a && !strings.ContainsAny(prefix, "*?[\\") {
		return strings.HasPrefix(b, prefix)
	}
	return !strings.ContainsAny(b, "*?[\\") && Glob(a, b)
}

// ContainsMeta reports whether s has glob metacharacters.
func ContainsMeta(s string) bool { return strings.ContainsAny(s, "*?[\\") }
