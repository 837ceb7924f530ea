// Package secrets finds credentials in input text and redacts them. A
// credential in an agent config is a finding, and its value must appear in no
// output: reports, packs and copies of the inputs carry [REDACTED:kind].
package secrets

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

// Match is one credential found in a text.
type Match struct {
	Kind  string
	Line  int // 1-based
	Col   int // 1-based, in bytes
	Start int // byte offsets of the secret value
	End   int
}

type rule struct {
	kind string
	re   *regexp.Regexp
	// group is the submatch that holds the secret value (0: the whole match).
	group int
	// keywords: every match contains one of them (lower-cased when fold),
	// so a text without any is not searched with re. Scanning every input
	// with every expression was most of the time of loading a large fleet;
	// most texts hold none of the keywords of most rules.
	keywords []string
	fold     bool
}

// lead starts a token where no letter or digit precedes it. A word boundary
// (\b) is not enough: '_' is a word character to RE2, so DB_PASSWORD=...,
// OPENAI_API_KEY=... and a token glued after an underscore (kb_ghp_...) went
// unseen, and environment variables are where credentials are usually named.
const lead = `(?:^|[^A-Za-z0-9])`

// Rules are ordered: more specific prefixes first, so sk-ant-... is reported as
// an Anthropic key, not an OpenAI one.
var rules = []rule{
	{"private-key", regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)`), 0, []string{"-----BEGIN "}, false},
	{"anthropic-api-key", regexp.MustCompile(lead + `(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{20,})`), 1, []string{"sk-ant-"}, false},
	{"openai-api-key", regexp.MustCompile(lead + `(sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_\-]{20,})`), 1, []string{"sk-"}, false},
	{"aws-access-key-id", regexp.MustCompile(lead + `((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b)`), 1, []string{"AKIA", "ASIA", "ABIA", "ACCA"}, false},
	{"aws-secret-access-key", regexp.MustCompile(`(?i)aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b`), 1, []string{"aws"}, true},
	{"github-token", regexp.MustCompile(lead + `((?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}))`), 1, []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"}, false},
	{"gitlab-token", regexp.MustCompile(lead + `(glpat-[A-Za-z0-9_\-]{20,})`), 1, []string{"glpat-"}, false},
	{"slack-token", regexp.MustCompile(lead + `(xox[abposr]-[A-Za-z0-9\-]{10,})`), 1, []string{"xox"}, false},
	{"slack-webhook", regexp.MustCompile(`https://hooks\.slack\.com/services/[A-Za-z0-9/_\-]{20,}`), 0, []string{"https://hooks.slack.com/services/"}, false},
	{"google-api-key", regexp.MustCompile(lead + `(AIza[0-9A-Za-z_\-]{35}\b)`), 1, []string{"AIza"}, false},
	{"stripe-key", regexp.MustCompile(lead + `([rs]k_live_[0-9A-Za-z]{16,})`), 1, []string{"k_live_"}, false},
	{"huggingface-token", regexp.MustCompile(lead + `(hf_[A-Za-z0-9]{30,})`), 1, []string{"hf_"}, false},
	{"jwt", regexp.MustCompile(lead + `(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})`), 1, []string{"eyJ"}, false},
	// A password may hold '@' and '/' (producers do not always percent-encode
	// them), so it runs to the last '@' of the authority; the user may be
	// empty (redis://:pass@host).
	{"url-password", regexp.MustCompile(`\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^/\s:@'"]*:([^\s'"<>]+)@[^\s@/'"<>]`), 1, []string{"://"}, false},
	{"http-authorization", regexp.MustCompile(`(?i)` + lead + `(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:basic|bearer|token|digest|negotiate)\s+([A-Za-z0-9_\-./+=~:]{4,})`), 1, []string{"authorization"}, true},
	{"generic-secret", regexp.MustCompile(`(?i)` + lead + `(?:api[_\-]?key|apikey|secret|secret[_\-]?key|client[_\-]?secret|access[_\-]?token|auth[_\-]?token|token|password|passwd|pwd|bearer)["']?\s*[:=]\s*["']?(?:Bearer\s+)?([A-Za-z0-9_\-./+=]{16,})`), 1,
		[]string{"key", "secret", "token", "password", "passwd", "pwd", "bearer"}, true},
}

// mayMatch reports whether text can hold a match of r. Case-insensitive
// rules compare with the lower-cased text; outside ASCII, Unicode case
// folding ("ſ" matches "s", "K" matches "k") is more than lower-casing, so
// such text is always searched.
func (r *rule) mayMatch(data []byte, lower func() ([]byte, bool)) bool {
	hay := data
	if r.fold {
		l, ascii := lower()
		if !ascii {
			return true
		}
		hay = l
	}
	for _, k := range r.keywords {
		if bytes.Contains(hay, []byte(k)) {
			return true
		}
	}
	return false
}

// Find returns every credential in data, ordered by position, without overlaps.
func Find(data []byte) []Match { return find(data, true) }

// find is Find, with the keyword filter on or off (tests compare the two).
func find(data []byte, filter bool) []Match {
	var out []Match
	taken := func(s, e int) bool {
		for _, m := range out {
			if s < m.End && e > m.Start {
				return true
			}
		}
		return false
	}
	var lowered []byte
	ascii, done := true, false
	lower := func() ([]byte, bool) {
		if !done {
			done = true
			for _, c := range data {
				if c >= 0x80 {
					ascii = false
					break
				}
			}
			if ascii {
				lowered = bytes.ToLower(data)
			}
		}
		return lowered, ascii
	}
	for i := range rules {
		r := &rules[i]
		if filter && !r.mayMatch(data, lower) {
			continue
		}
		for _, idx := range r.re.FindAllSubmatchIndex(data, -1) {
			s, e := idx[2*r.group], idx[2*r.group+1]
			if s < 0 || taken(s, e) || placeholder(data[s:e]) || (r.kind == "url-password" && portPath(data[s:e])) {
				continue
			}
			out = append(out, Match{Kind: r.kind, Start: s, End: e})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	for i := range out {
		out[i].Line = bytes.Count(data[:out[i].Start], []byte{'\n'}) + 1
		out[i].Col = out[i].Start - (bytes.LastIndexByte(data[:out[i].Start], '\n') + 1) + 1
	}
	return out
}

// placeholder spots values that only name where a secret comes from
// (${OPENAI_KEY}, <your-key>, [REDACTED:...], env:FOO), which are not secrets.
func placeholder(v []byte) bool {
	s := string(v)
	return strings.HasPrefix(s, "${") || strings.HasPrefix(s, "[REDACTED") || strings.HasPrefix(s, "<") ||
		strings.HasPrefix(s, "env:") || strings.HasPrefix(s, "secretRef") || strings.Trim(s, "xX*.-_") == ""
}

// portPath spots host:port/path@..., where the "password" the URL rule saw is
// a port followed by a path that happens to hold an '@' (a scoped npm package,
// an e-mail in a query), not a credential.
func portPath(v []byte) bool {
	i := bytes.IndexByte(v, '/')
	if i <= 0 {
		return false
	}
	for _, c := range v[:i] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Redact replaces every match in data with [REDACTED:kind].
func Redact(data []byte, matches []Match) []byte {
	if len(matches) == 0 {
		return data
	}
	var b bytes.Buffer
	last := 0
	for _, m := range matches {
		if m.Start < 0 || m.Start < last {
			continue
		}
		b.Write(data[last:m.Start])
		b.WriteString("[REDACTED:" + m.Kind + "]")
		last = m.End
	}
	b.Write(data[last:])
	return b.Bytes()
}

// RedactString finds and redacts credentials in one string.
func RedactString(s string) string {
	ms := Find([]byte(s))
	if len(ms) == 0 {
		return s
	}
	return string(Redact([]byte(s), ms))
}
