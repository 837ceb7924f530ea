package gitlog

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/gitlog/gittest"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

const agentV1 = `apiVersion: aims/v1
kind: Agent
id: triage-bot
system: support
scope: organization
audience: internal
isolation: container
model: {provider: openai, name: gpt-4.1}
tools:
  - name: jira
    operations: [search, get_issue]
    resources: ["SUP-*"]
data:
  - source: zendesk
    categories: [customer-pii]
    access: read
`

func parse(t *testing.T, file string) *model.Agent {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a, ps := load.ParseAgent(file, data)
	if a == nil || len(ps.Errors()) > 0 {
		t.Fatalf("parse %s: %v", file, ps)
	}
	return a
}

func TestAgentHistoryThreeCommits(t *testing.T) {
	r := gittest.New(t)
	r.Write("compliance/agents/triage.yaml", agentV1)
	r.CommitAs("2026-09-01T10:00:00Z", "Alice", "add triage bot")
	r.Write("compliance/agents/triage.yaml", strings.Replace(agentV1, "[search, get_issue]", "[search, get_issue, create_issue]", 1))
	r.CommitAs("2026-10-02T10:00:00Z", "Bob", "let triage create issues")
	r.Git("", "mv", "compliance/agents/triage.yaml", "compliance/agents/triage-bot.yaml")
	r.CommitAs("2026-11-03T10:00:00Z", "Carol", "rename triage config")

	a := parse(t, filepath.Join(r.Dir, "compliance/agents/triage-bot.yaml"))
	h := AgentHistory(context.Background(), filepath.Join(r.Dir, "compliance"), []*model.Agent{a}, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if h.Note != "" || h.Truncated != "" {
		t.Fatalf("note %q truncated %q", h.Note, h.Truncated)
	}
	type row struct{ Author, Email, Date, Subject, File, Before, After, Delta string }
	var got []row
	for _, c := range h.Changes {
		if c.Agent != "triage-bot" || len(c.Commit) != 40 {
			t.Errorf("change %+v", c)
		}
		got = append(got, row{c.Author, c.Email, c.Date.Format(time.RFC3339), c.Subject, c.File, c.TierBefore, c.TierAfter, strings.Join(c.Delta, "; ")})
	}
	want := []row{
		{"Alice", "alice@example.com", "2026-09-01T10:00:00Z", "add triage bot", "compliance/agents/triage.yaml", "", "medium", "widen: agent added"},
		{"Bob", "bob@example.com", "2026-10-02T10:00:00Z", "let triage create issues", "compliance/agents/triage.yaml", "medium", "high",
			"widen: grant added jira:create_issue"},
		{"Carol", "carol@example.com", "2026-11-03T10:00:00Z", "rename triage config", "compliance/agents/triage-bot.yaml", "high", "high",
			"neutral: file renamed from compliance/agents/triage.yaml"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("history (-want +got):\n%s", d)
	}

	// The clock bounds the history.
	h = AgentHistory(context.Background(), r.Dir, []*model.Agent{a}, time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC))
	if len(h.Changes) != 2 {
		t.Errorf("history as of 2026-10-15 has %d changes, want 2", len(h.Changes))
	}
}

// TestAgentHistoryPeriod: commits before the period's first day or after
// its last day (or the clock) are left out and counted, so an empty
// history says why; two agents changed in one commit count once.
func TestAgentHistoryPeriod(t *testing.T) {
	r := gittest.New(t)
	other := strings.Replace(agentV1, "triage-bot", "router-bot", 1)
	r.Write("agents/triage.yaml", agentV1)
	r.Write("agents/router.yaml", other)
	r.CommitAs("2026-09-01T10:00:00Z", "Alice", "add both")
	r.Write("agents/triage.yaml", strings.Replace(agentV1, "organization", "team", 1))
	r.CommitAs("2026-11-10T23:59:00Z", "Bob", "narrow triage, on the last day")
	r.Write("agents/triage.yaml", strings.Replace(agentV1, "organization", "private", 1))
	r.Write("agents/router.yaml", strings.Replace(other, "organization", "team", 1))
	r.CommitAs("2026-11-11T00:00:01Z", "Carol", "after the period")
	r.Write("agents/router.yaml", strings.Replace(other, "organization", "private", 1))
	r.CommitAs("2026-11-20T00:00:00Z", "Dan", "after the clock")
	agents := []*model.Agent{parse(t, filepath.Join(r.Dir, "agents/triage.yaml")), parse(t, filepath.Join(r.Dir, "agents/router.yaml"))}
	now := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	day := func(s string) model.Date {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return model.Date{Time: d}
	}

	tests := []struct {
		name          string
		period        model.Period
		subjects      []string
		before, after int
		empty         string
	}{
		{"the period", model.Period{From: day("2026-11-01"), To: day("2026-11-10")}, []string{"narrow triage, on the last day"}, 1, 2, ""},
		{"open period, the clock bounds", model.Period{}, []string{"add both", "after the period", "add both", "narrow triage, on the last day", "after the period"}, 0, 1, ""},
		{"nothing in the period", model.Period{From: day("2026-10-01"), To: day("2026-10-31")}, nil, 1, 3,
			"no commit changed an agent configuration in the period; 1 commit before the period and 3 commits after the period or the run's clock changed agent configurations and are left out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := AgentHistoryIn(context.Background(), r.Dir, agents, nil, tt.period, now)
			var got []string
			for _, c := range h.Changes {
				got = append(got, c.Subject)
			}
			if d := cmp.Diff(tt.subjects, got); d != "" {
				t.Errorf("changes (-want +got):\n%s", d)
			}
			if h.BeforePeriod != tt.before || h.AfterPeriod != tt.after {
				t.Errorf("left out before %d after %d, want %d and %d", h.BeforePeriod, h.AfterPeriod, tt.before, tt.after)
			}
			if got := h.Empty(); got != tt.empty {
				t.Errorf("Empty() = %q, want %q", got, tt.empty)
			}
		})
	}
}

func TestAgentHistoryShallowClone(t *testing.T) {
	r := gittest.New(t)
	r.Write("agents/triage.yaml", agentV1)
	r.CommitAs("2026-09-01T10:00:00Z", "Alice", "one")
	r.Write("agents/triage.yaml", strings.Replace(agentV1, "organization", "team", 1))
	r.CommitAs("2026-10-01T10:00:00Z", "Bob", "two")
	r.Write("agents/triage.yaml", strings.Replace(agentV1, "organization", "private", 1))
	r.CommitAs("2026-11-01T10:00:00Z", "Carol", "three")

	clone := filepath.Join(t.TempDir(), "clone")
	out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+r.Dir, clone).CombinedOutput()
	if err != nil {
		t.Fatalf("clone: %v\n%s", err, out)
	}
	a := parse(t, filepath.Join(clone, "agents/triage.yaml"))
	h := AgentHistory(context.Background(), clone, []*model.Agent{a}, time.Time{})
	if !strings.HasPrefix(h.Truncated, "history truncated at ") {
		t.Fatalf("truncated = %q, want a truncation note", h.Truncated)
	}
	if len(h.Changes) != 1 || h.Changes[0].TierBefore != "" || !strings.Contains(strings.Join(h.Changes[0].Delta, ";"), "history truncated at this commit") {
		t.Errorf("changes %+v", h.Changes)
	}
}

func TestAgentHistoryNotARepository(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(agentV1), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	a := parse(t, filepath.Join(dir, "a.yaml"))
	h := AgentHistory(context.Background(), dir, []*model.Agent{a}, time.Time{})
	if h.Note == "" || len(h.Changes) != 0 || strings.Contains(h.Note, "\n") {
		t.Fatalf("history %+v, want a one-line note and no changes", h)
	}
}

func TestAgentHistoryNoGit(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	h := AgentHistory(context.Background(), t.TempDir(), nil, time.Time{})
	if h.Note != "change history skipped: git is not installed" || !h.Skipped || h.Empty() != "" {
		t.Fatalf("note %q skipped %v empty %q", h.Note, h.Skipped, h.Empty())
	}
}

func TestExtractAndRenames(t *testing.T) {
	testenv.Slow(t)
	r := gittest.New(t)
	r.Write("proj/agents/a.yaml", agentV1)
	r.Write("proj/aims.yaml", "x: 1\n")
	r.Write("other/secret.txt", "no\n")
	r.CommitAs("2026-09-01T10:00:00Z", "Alice", "one")
	if err := os.Symlink("/etc/passwd", filepath.Join(r.Dir, "proj/link")); err != nil {
		t.Fatal(err)
	}
	r.Git("", "mv", "proj/agents/a.yaml", "proj/agents/b.yaml")
	r.CommitAs("2026-09-02T10:00:00Z", "Alice", "two")

	repo, err := Open(context.Background(), filepath.Join(r.Dir, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	if err := repo.Extract(context.Background(), "HEAD~1", "proj", dest); err != nil {
		t.Fatal(err)
	}
	var files []string
	_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dest, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if d := cmp.Diff([]string{"agents/a.yaml", "aims.yaml"}, files); d != "" {
		t.Errorf("extracted (-want +got):\n%s", d)
	}
	// The symlink of HEAD is not written.
	dest2 := t.TempDir()
	if err := repo.Extract(context.Background(), "HEAD", "proj", dest2); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(filepath.Join(dest2, "link")); err == nil {
		t.Error("a symbolic link was extracted")
	}
	m, err := repo.Renames(context.Background(), "HEAD~1", "HEAD", "proj")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[string]string{"agents/a.yaml": "agents/b.yaml"}, m); d != "" {
		t.Errorf("renames (-want +got):\n%s", d)
	}
	if _, err := repo.Resolve(context.Background(), "--output=/tmp/x"); err == nil {
		t.Error("an option was accepted as a revision")
	}
	ct, err := repo.CommitTime(context.Background(), "HEAD")
	if err != nil || !ct.Equal(time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("commit time %v %v", ct, err)
	}
}

func FuzzParseLog(f *testing.F) {
	f.Add([]byte("\x1eabc\x1fdef\x1fA\x1fa@x\x1f2026-11-25T21:16:02+00:00\x1fthree\x00\nR100\x00agents/x.yaml\x00agents/y.yaml\x00"))
	f.Add([]byte("\x1eabc\x1f\x1fA\x1fa@x\x1fbad\x1fone\x00\nA\x00agents/x.yaml\x00"))
	f.Add([]byte("\x1e\x1f\x1f\x1f\x1f\x1f\x00R"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = parseLog(data)
	})
}

func FuzzParseRenames(f *testing.F) {
	f.Add([]byte("R100\x00proj/agents/a.yaml\x00proj/agents/b.yaml\x00M\x00proj/aims.yaml\x00"), "proj")
	f.Add([]byte("R\x00"), "")
	f.Fuzz(func(t *testing.T, data []byte, dir string) {
		_ = parseRenames(data, dir)
	})
}

// FuzzUntar feeds archives a hostile revision could produce: nothing may be
// written outside the destination and nothing may panic.
func FuzzUntar(f *testing.F) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range []string{"agents/a.yaml", "../escape.yaml", "/abs.yaml"} {
		_ = tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: 3, Typeflag: tar.TypeReg})
		_, _ = tw.Write([]byte("a: 1"[:3]))
	}
	_ = tw.WriteHeader(&tar.Header{Name: "link", Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink})
	_ = tw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("not a tar"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dest := filepath.Join(parent, "dest")
		if err := os.Mkdir(dest, 0o755); err != nil {
			t.Fatal(err)
		}
		_ = untar(bytes.NewReader(data), dest)
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 {
			t.Fatalf("untar wrote outside its destination: %v", entries)
		}
		_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type()&os.ModeSymlink != 0 {
				t.Fatalf("untar wrote a symbolic link %s", p)
			}
			return nil
		})
	})
}
