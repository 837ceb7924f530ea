package secrets

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// Issue 16: detection gaps. URL forms follow RFC 3986 section 3.2.1
// (userinfo) as producers actually write it: unencoded '@' and '/' in the
// password, an empty user (redis-cli's redis://:password@host); headers
// follow RFC 9110 section 11.6.2 (Authorization: <scheme> <credentials>).
func TestFindHostileForms(t *testing.T) {
	tests := []struct {
		name, in, secret string // secret: the text that must not survive Redact
		want             []string
	}{
		{"password with @", "url: postgres://app:p@ss@db.internal/x", "p@ss", []string{"url-password"}},
		{"password with /", "url: mysql://app:a/b/c@db.internal:3306/x", "a/b/c", []string{"url-password"}},
		{"redis empty user", "REDIS_URL=redis://:hunter2@cache:6379/0", "hunter2", []string{"url-password"}},
		{"basic header", "Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", []string{"http-authorization"}},
		{"bearer header json", `{"headers": {"Authorization": "Bearer abc.def"}}`, "abc.def", []string{"http-authorization"}},
		{"proxy header lower", "proxy-authorization: bearer t0k3n", "t0k3n", []string{"http-authorization"}},
		// '_' is a word character to RE2: a \b boundary missed these.
		{"env var password", "DB_PASSWORD: abcdefghijklmnop1234", "abcdefghijklmnop1234", []string{"generic-secret"}},
		{"env var api key", "OPENAI_API_KEY=abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz", []string{"generic-secret"}},
		{"token after underscore", "tool: kb_ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123", "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123", []string{"github-token"}},
		{"key after underscore", "id: key_AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE", []string{"aws-access-key-id"}},
		{"count is no secret", "max_tokens: 4096", "", nil},
		{"letter before keyword", "mytoken=abcdefghijklmnopqrstuvwxyz", "", nil},
		{"port path is no password", "url: https://registry.npmjs.org:443/@scope/pkg", "", nil},
		{"plain url", "see https://example.com/a@b", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Find([]byte(tt.in))
			var got []string
			for _, m := range ms {
				got = append(got, m.Kind)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("kinds (-want +got):\n%s", d)
			}
			if tt.secret != "" {
				if out := string(Redact([]byte(tt.in), ms)); strings.Contains(out, tt.secret) {
					t.Errorf("redacted still holds %q: %q", tt.secret, out)
				}
			}
		})
	}
}

// hiddenYAML plants one key through each YAML decoding path (YAML 1.2
// section 5.7 escapes and 7.3.1 line folding in double-quoted scalars).
var hiddenYAML = []struct{ name, in string }{
	{"x escape", "key: \"\\x73k-proj-abcdefghijklmnopqrstuvwxyz0123\"\n"},
	{"u escape", "key: \"\\u0073k-proj-abcdefghijklmnopqrstuvwxyz0123\"\n"},
	{"U escape", "key: \"\\U00000073k-proj-abcdefghijklmnopqrstuvwxyz0123\"\n"},
	{"backslash newline", "key: \"sk-proj-abcdefghij\\\n  klmnopqrstuvwxyz0123\"\n"},
	{"generic behind escape", "password: \"\\x5a\\x71\\x38notsimple-0123456789\"\n"},
	{"url password escaped @", "db: \"postgres://app:s3cret\\x40db.internal/x\"\n"},
}

func TestScanYAMLDecoded(t *testing.T) {
	for _, tt := range hiddenYAML {
		t.Run(tt.name, func(t *testing.T) {
			sc := ScanYAML([]byte(tt.in))
			if len(sc.Matches) == 0 {
				t.Fatalf("no credential found in %q", tt.in)
			}
			if sc.Matches[0].Line != 1 {
				t.Errorf("match at line %d, want 1", sc.Matches[0].Line)
			}
			var tree yaml.Node
			if err := yaml.Unmarshal(sc.Redacted, &tree); err != nil {
				t.Fatalf("redacted copy is not YAML: %v\n%s", err, sc.Redacted)
			}
			if hidesSecret(&tree) {
				t.Errorf("redacted copy still decodes to a credential:\n%s", sc.Redacted)
			}
			for _, leak := range []string{"abcdefghij", "notsimple", "s3cret"} {
				if strings.Contains(string(sc.Redacted), leak) {
					t.Errorf("redacted copy holds %q:\n%s", leak, sc.Redacted)
				}
			}
		})
	}
}

// A file whose raw scan already cleans it keeps its bytes and layout.
func TestScanYAMLRawOnlyKeepsLayout(t *testing.T) {
	in := "# comment\nkey:   sk-proj-abcdefghijklmnopqrstuvwxyz0123\nother: 1\n"
	sc := ScanYAML([]byte(in))
	want := "# comment\nkey:   [REDACTED:openai-api-key]\nother: 1\n"
	if d := cmp.Diff(want, string(sc.Redacted)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if len(sc.Matches) != 1 {
		t.Errorf("matches: %+v", sc.Matches)
	}
}

// hostileSeeds join every fuzz corpus of this package: the issue 16 forms.
var hostileSeeds = []string{
	"url: postgres://app:p@ss/w@db.internal/x", "redis://:hunter2@cache:6379/0",
	"Authorization: Basic dXNlcjpwYXNz", "k: \"\\x1b[32mPASS\\x1b[0m\"", "k: !!binary aGk=",
	"%TAG ! tag:x,2000:\n--- !foo 1\n", "a: &a [*a, *a]\nb: *a\n",
	"DB_PASSWORD: abcdefghijklmnop1234", "tool: kb_ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
}

// FuzzScanYAML: whatever the bytes, the published copy never decodes to a
// credential, and matches without a byte range carry a position.
func FuzzScanYAML(f *testing.F) {
	for _, s := range hiddenYAML {
		f.Add([]byte(s.in))
	}
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc := ScanYAML(data)
		var tree yaml.Node
		if yaml.Unmarshal(sc.Redacted, &tree) == nil && hidesSecret(&tree) {
			var orig yaml.Node
			if yaml.Unmarshal(data, &orig) == nil {
				t.Fatalf("redacted copy decodes to a credential:\n%s", sc.Redacted)
			}
		}
		for _, m := range sc.Matches {
			if m.Line < 1 {
				t.Fatalf("match without a position: %+v", m)
			}
		}
	})
}
