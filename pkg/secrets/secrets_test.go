package secrets

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/testenv"
)

func TestFind(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // kinds
	}{
		{"openai", "key: sk-proj-abcdefghijklmnopqrstuvwxyz0123", []string{"openai-api-key"}},
		{"anthropic before openai", "x sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", []string{"anthropic-api-key"}},
		{"aws key id", "id: AKIAIOSFODNN7EXAMPLE", []string{"aws-access-key-id"}},
		{"github", "t: ghp_abcdefghijklmnopqrstuvwxyz0123456789", []string{"github-token"}},
		{"slack", "xoxb-1234567890-abcdefghij", []string{"slack-token"}},
		{"url password", "url: postgres://app:s3cretPass@db.internal/x", []string{"url-password"}},
		{"private key", "k: |\n  -----BEGIN PRIVATE KEY-----\n  MIIB\n  -----END PRIVATE KEY-----\n", []string{"private-key"}},
		{"generic", `password: "Zq8!notsimple"` + "\napi_key: 0123456789abcdef0123", []string{"generic-secret"}},
		{"placeholder env", "api_key: ${OPENAI_API_KEY_FROM_VAULT}", nil},
		{"already redacted", "token: [REDACTED:jwt]", nil},
		{"plain prose", "The agent summarises tickets and posts replies.", nil},
		{"model id is no secret", "model: anthropic.claude-3-5-sonnet-20240620-v1:0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range Find([]byte(tt.in)) {
				got = append(got, m.Kind)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("kinds (-want +got):\n%s", d)
			}
		})
	}
}

func TestRedactPositions(t *testing.T) {
	in := "a: 1\nkey: sk-proj-abcdefghijklmnopqrstuvwxyz0123\n"
	ms := Find([]byte(in))
	if len(ms) != 1 || ms[0].Line != 2 || ms[0].Col != 6 {
		t.Fatalf("got %+v, want one match at 2:6", ms)
	}
	out := string(Redact([]byte(in), ms))
	if strings.Contains(out, "abcdefghij") || !strings.Contains(out, "key: [REDACTED:openai-api-key]") {
		t.Errorf("redacted = %q", out)
	}
}

// filterCorpus is text the keyword filter must not change the outcome on:
// the test cases, every secret in odd company and case, Unicode that case
// folding (not lower-casing) matches, and every text file of the repository.
func filterCorpus(t testing.TB) [][]byte {
	var out [][]byte
	for _, s := range []string{
		"key: sk-proj-abcdefghijklmnopqrstuvwxyz0123", "x sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
		"id: AKIAIOSFODNN7EXAMPLE", "AWS_Secret_Access_Key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"t: ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
		"glpat-abcdefghij0123456789", "xoxb-1234567890-abcdefghij", "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX",
		"AIzaSyA-abcdefghijklmnopqrstuvwxyz012345", "rk_live_0123456789abcdefABCD", "hf_abcdefghijklmnopqrstuvwxyz01234567",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop", "url: postgres://app:s3cretPass@db.internal/x",
		"k: |\n  -----BEGIN RSA PRIVATE KEY-----\n  MIIB\n  -----END RSA PRIVATE KEY-----\n",
		`PASSWORD: "Zq8notsimple0123456"`, "Api-Key=0123456789abcdef0123", "Authorization: Bearer abcdefghijklmnopqrstuv",
		"0ſecret: 0123456789abcdef0123", "api_\u212Aey: 0123456789abcdef0123", "toKen: 0123456789abcdef0123 é",
		"AWſ_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "pwd=0123456789abcdef0123",
		"The agent summarises tickets and posts replies.", "",
	} {
		out = append(out, []byte(s))
	}
	root := filepath.Join("..", "..")
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "bin") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json", ".jsonl", ".md", ".csv", ".golden", ".txt":
			if data, err := os.ReadFile(p); err == nil && len(data) < 1<<20 {
				out = append(out, data)
			}
		}
		return nil
	})
	if len(out) < 100 {
		t.Fatalf("corpus has %d texts; the repository files were not found", len(out))
	}
	return out
}

// The keyword filter only skips rules that cannot match: Find with and
// without it agree on every text.
func TestKeywordFilterChangesNothing(t *testing.T) {
	testenv.Slow(t)
	found := 0
	for _, data := range filterCorpus(t) {
		want, got := find(data, false), find(data, true)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("filter changes the matches of %.80q (-all rules +filtered):\n%s", data, d)
		}
		found += len(got)
	}
	if found < 20 {
		t.Errorf("only %d credentials in the corpus: it does not exercise the rules", found)
	}
}

// FuzzFind: any input gives ordered, non-overlapping matches inside the
// text at their reported line and column, the same with and without the
// keyword filter, and Redact leaves none of their values.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"key: sk-proj-abcdefghijklmnopqrstuvwxyz0123", "ſecret: 0123456789abcdef0123",
		"a: 1\ntoken: abcdefghijklmnop0123\n", "-----BEGIN PRIVATE KEY-----\nx"} {
		f.Add([]byte(s))
	}
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ms := Find(data)
		if d := cmp.Diff(find(data, false), ms); d != "" {
			t.Fatalf("filter changes the matches (-all rules +filtered):\n%s", d)
		}
		end := 0
		for _, m := range ms {
			if m.Start < end || m.End > len(data) || m.Start >= m.End {
				t.Fatalf("match %+v overlaps or leaves the text (%d bytes)", m, len(data))
			}
			end = m.End
			line := strings.Count(string(data[:m.Start]), "\n") + 1
			col := m.Start - strings.LastIndexByte(string(data[:m.Start]), '\n')
			if m.Line != line || m.Col != col {
				t.Fatalf("match %+v: position is %d:%d", m, line, col)
			}
		}
		red := Redact(data, ms)
		for _, m := range ms {
			if v := data[m.Start:m.End]; len(v) >= 8 && bytes.Contains(red, v) && !bytes.Contains(data[:m.Start], v) && !bytes.Contains(data[m.End:], v) {
				t.Fatalf("redacted text still holds %q", v)
			}
		}
	})
}
