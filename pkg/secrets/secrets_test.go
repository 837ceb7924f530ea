package secrets

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
