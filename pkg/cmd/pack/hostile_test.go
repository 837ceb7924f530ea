package pack_test

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/report"
)

// plantedSecrets are credentials planted where issue 16 found them leaking,
// each a value that must reach no output; the forms are the producers'
// (GitHub ghp_ tokens, OpenAI sk-proj- keys, Slack xoxb-, RFC 7519 JWT
// bearer tokens, RFC 3986 userinfo, RFC 9110 Authorization).
var plantedSecrets = []string{
	"ghp_abcdefghijklmnopqrstuvwxyz0123456789",   // log identity
	"sk-proj-abcdefghijklmnopqrstuvwxyz0123",     // log tool
	"eyJzdWIiOiIxIn0.abcdefghijk",                // log operation (Bearer JWT)
	"Hunter22",                                   // log resource URL password
	"xoxb-123456789012-1234567890123-abcdefghij", // log model
	"dXNlcjpwYXNz",                               // log input (Basic)
	"Zq4t",                                       // evidence URL password
	"pa@ss/w0rd",                                 // evidence URL password with @ and /
	"s3cr3tpw",                                   // redis://:pass@host in a log resource
}

func plantSecrets(t *testing.T, cfg string) {
	t.Helper()
	dir := filepath.Dir(cfg)
	inv := filepath.Join(dir, "inventory.yaml")
	b, err := os.ReadFile(inv)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "evidence: [docs/ai-policy.md]",
		`evidence: [docs/ai-policy.md, "https://svc:Zq4t@wiki.internal/page", "https://bob:pa@ss/w0rd@wiki.internal/p2"]`, 1)
	if s == string(b) {
		t.Fatal("the example inventory changed; plant the evidence references elsewhere")
	}
	if err := os.WriteFile(inv, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "logs", "agent-activity.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.WriteString(`{"time":"2026-11-03T07:00:00Z","agent":"ghp_abcdefghijklmnopqrstuvwxyz0123456789","action":"tool.call","tool":"sk-proj-abcdefghijklmnopqrstuvwxyz0123","operation":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk","resource":"postgres://app:Hunter22@db.internal/x","model":"xoxb-123456789012-1234567890123-abcdefghij","input":"Authorization: Basic dXNlcjpwYXNz","outcome":"success"}
{"time":"2026-11-03T07:01:00Z","agent":"slack-summarizer","action":"tool.call","tool":"slack","operation":"read","resource":"redis://:s3cr3tpw@cache:6379/0","outcome":"success"}
{"time":"2026-11-03T07:02:00Z","agent":"shadow-\u001b[2J\nagents/forged.yaml:1:1: OK","action":"tool.call","tool":"x","outcome":"success"}
`)
	if err != nil {
		t.Fatal(err)
	}
}

func assertClean(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range plantedSecrets {
		if strings.Contains(out, s) {
			t.Errorf("%s: holds the planted credential %q", what, s)
		}
	}
}

// TestNoCredentialInAnyOutput: credentials planted in log fields (identity,
// tool, operation, resource, model, input) and in evidence references reach
// no format of assess or logs analyze, no file of the pack, and no error
// message; the shadow identity's ESC and newline are shown escaped on the
// table (issue 16).
func TestNoCredentialInAnyOutput(t *testing.T) {
	cfg := example(t)
	plantSecrets(t, cfg)
	for _, fi := range report.FormatsFor(report.SubjectAssessment) {
		if fi.Name == report.FormatTemplate {
			continue
		}
		code, stdout, stderr := run(t, "assess", "--config", cfg, "--now", now, "--format", string(fi.Name))
		if code != 0 {
			t.Fatalf("assess --format %s: exit %d: %s", fi.Name, code, stderr)
		}
		assertClean(t, "assess --format "+string(fi.Name), stdout+stderr)
		if fi.Name == report.FormatTable {
			if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "\nagents/forged.yaml") {
				t.Error("assess table: the shadow identity's ESC or newline reached the screen")
			}
			if !strings.Contains(stdout, `shadow-\x1b[2J agents/forged.yaml`) {
				t.Error("assess table: the shadow identity is not shown escaped")
			}
		}
	}
	logs := filepath.Join(filepath.Dir(cfg), "logs")
	for _, fi := range report.FormatsFor(report.SubjectLogs) {
		if fi.Name == report.FormatTemplate {
			continue
		}
		code, stdout, stderr := run(t, "logs", "analyze", "--now", now, "--format", string(fi.Name), logs)
		if code != 0 {
			t.Fatalf("logs analyze --format %s: exit %d: %s", fi.Name, code, stderr)
		}
		assertClean(t, "logs analyze --format "+string(fi.Name), stdout+stderr)
	}
	out := filepath.Join(t.TempDir(), "evidence.zip")
	if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", out, "--include-evidence"); code != 0 {
		t.Fatalf("pack: exit %d: %s", code, stderr)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		assertClean(t, "pack "+f.Name, string(b))
	}
}

// TestNoCredentialInErrors: an error that quotes an input value (an enum,
// an unknown field name) prints the credential redacted, exit 2.
func TestNoCredentialInErrors(t *testing.T) {
	cfg := example(t)
	agent := filepath.Join(filepath.Dir(cfg), "agents", "ticket-router.yaml")
	b, err := os.ReadFile(agent)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "lifecycle: deployed", "lifecycle: sk-proj-abcdefghijklmnopqrstuvwxyz0123", 1)
	s = strings.Replace(s, "scope: organization", "ghp_abcdefghijklmnopqrstuvwxyz0123456789: 1", 1)
	if err := os.WriteFile(agent, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"assess"}, {"validate"}, {"pack", "--out", filepath.Join(t.TempDir(), "p.zip")}} {
		code, stdout, stderr := run(t, append(args, "--config", cfg, "--now", now)...)
		if code != cmdutil.ExitInput {
			t.Errorf("%v: exit %d, want %d", args, code, cmdutil.ExitInput)
		}
		if !strings.Contains(stderr, "ticket-router.yaml:") || !strings.Contains(stderr, "[REDACTED:") {
			t.Errorf("%v: the error does not name the file or the redaction: %s", args, stderr)
		}
		assertClean(t, strings.Join(args, " "), stdout+stderr)
	}
}
