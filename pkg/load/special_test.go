//go:build unix

package load

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 16: evidence that is a directory, a FIFO, a device or an empty file
// does not count, and the load never blocks on the FIFO; an agent file or a
// config that is a FIFO is an error, not a hang.
func TestSpecialFilesAreNotEvidence(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"aims.yaml": cfgYAML,
		"inventory.yaml": invYAML + `policies:
  - id: P1
    kind: ai-policy
    evidence: [docs/, docs/empty.md, docs/fifo, docs/s.sock, docs/ok.md, dev/null]
`,
		"docs/empty.md": "",
		"docs/ok.md":    "policy",
		"agents/a.yaml": agentHead + "id: a\nsystem: sys-a\n",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "docs/fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("unix", filepath.Join(dir, "docs/s.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := os.Mkdir(filepath.Join(dir, "dev"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/null", filepath.Join(dir, "dev/null")); err != nil {
		t.Fatal(err)
	}
	p := loadWithin(t, filepath.Join(dir, "aims.yaml"))
	state := map[string]string{}
	for _, e := range p.Evidence {
		state[e.Ref] = e.State
	}
	want := map[string]string{"docs/": "missing", "docs/empty.md": "missing", "docs/fifo": "missing", "docs/s.sock": "missing", "docs/ok.md": "ok"}
	for ref, st := range want {
		if state[ref] != st {
			t.Errorf("%s: state %q, want %q", ref, state[ref], st)
		}
	}
	if state["dev/null"] == "ok" {
		t.Error("a link to /dev/null counts as evidence")
	}
	var msgs []string
	for _, w := range p.Warnings {
		msgs = append(msgs, w.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"is a directory, not a file", "is an empty file", "is a named pipe (FIFO), not a file", "is a socket, not a file"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
}

func TestFIFOInputsAreRefused(t *testing.T) {
	dir := writeProject(t, map[string]string{"aims.yaml": cfgYAML, "inventory.yaml": invYAML, "agents/a.yaml": agentHead + "id: a\nsystem: sys-a\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "agents/b.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := loadErr(t, filepath.Join(dir, "aims.yaml"))
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("agent FIFO: %v, want a refusal naming the pipe", err)
	}
	cfg := filepath.Join(t.TempDir(), "aims.yaml")
	if err := syscall.Mkfifo(cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadErr(t, cfg); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("config FIFO: %v", err)
	}
}

func loadErr(t *testing.T, cfg string) (*Project, error) {
	t.Helper()
	type res struct {
		p   *Project
		err error
	}
	done := make(chan res, 1)
	go func() { p, err := LoadProject(cfg); done <- res{p, err} }()
	select {
	case r := <-done:
		return r.p, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("LoadProject hangs")
	}
	return nil, nil
}

func loadWithin(t *testing.T, cfg string) *Project {
	t.Helper()
	p, err := loadErr(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
