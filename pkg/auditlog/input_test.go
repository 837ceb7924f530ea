package auditlog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSymlinkedLogFolder: a log folder that is a symbolic link (to where a
// collector writes), links to files inside it and a link cycle are all
// read, each file once (issue 12).
func TestSymlinkedLogFolder(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "collector")
	line := ev("2026-11-02T10:00:00Z", "a", "tool.call", "t", "read", "success", "") + "\n"
	write(t, real, "a.jsonl", []byte(line))
	write(t, real, "sub/b.jsonl", []byte(line))
	write(t, dir, "elsewhere/c.jsonl", []byte(line))
	for _, l := range [][2]string{
		{real, filepath.Join(dir, "logs")},
		{filepath.Join(dir, "elsewhere", "c.jsonl"), filepath.Join(real, "c.jsonl")},
		{real, filepath.Join(real, "sub", "loop")},
		{filepath.Join(dir, "missing"), filepath.Join(real, "dangling.jsonl")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	s := analyze(t, dir, nil, Options{}, "logs")
	var got []string
	for _, f := range s.Files {
		got = append(got, f.Path)
	}
	want := []string{"logs/a.jsonl", "logs/c.jsonl", "logs/sub/b.jsonl"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if s.Events != 3 {
		t.Errorf("events %d, want 3", s.Events)
	}
}
