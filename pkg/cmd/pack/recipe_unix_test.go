//go:build unix

package pack_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmeRecipe returns the checks of the README's "standard tools alone"
// block: the sha256sum and diff lines, without the unzip (the test packs a
// directory) and the openssl line (the pack is not signed).
func readmeRecipe(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range strings.Split(string(data), "```sh\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		if !strings.Contains(block, "sha256sum -c --strict SHA256SUMS") {
			continue
		}
		var keep []string
		for _, l := range strings.Split(block, "\n") {
			if !strings.HasPrefix(l, "unzip ") && !strings.HasPrefix(l, "openssl ") {
				keep = append(keep, l)
			}
		}
		return "set -e\n" + strings.Join(keep, "\n")
	}
	t.Fatal("README.md has no sh block with the sha256sum recipe")
	return ""
}

// Issue 16: the README's recipe with standard tools catches an added file,
// as the README says, including a dotfile and a symbolic link (which
// `find -type f` did not list).
func TestReadmeRecipeCatchesAddedFiles(t *testing.T) {
	for _, tool := range []string{"bash", "sha256sum", "diff", "find"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	recipe := readmeRecipe(t)
	cfg := example(t)
	base := filepath.Join(t.TempDir(), "pack")
	if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", base); code != 0 {
		t.Fatalf("pack: exit %d %s", code, stderr)
	}
	check := func(dir string) error {
		cmd := exec.Command("bash", "-c", recipe)
		cmd.Dir = dir
		return cmd.Run()
	}
	if err := check(base); err != nil {
		t.Fatalf("the recipe fails on an untouched pack: %v\n%s", err, recipe)
	}
	adds := map[string]func(dir string) error{
		"file":     func(d string) error { return os.WriteFile(filepath.Join(d, "extra.txt"), []byte("x"), 0o644) },
		"dotfile":  func(d string) error { return os.WriteFile(filepath.Join(d, ".hidden"), []byte("x"), 0o644) },
		"nested":   func(d string) error { return os.WriteFile(filepath.Join(d, "inputs", "evil.yaml"), []byte("x"), 0o644) },
		"symlink":  func(d string) error { return os.Symlink("report.pdf", filepath.Join(d, "report-final.pdf")) },
		"dangling": func(d string) error { return os.Symlink("nowhere", filepath.Join(d, "note.txt")) },
	}
	for name, add := range adds {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "pack")
			if err := os.CopyFS(dir, os.DirFS(base)); err != nil {
				t.Fatal(err)
			}
			if err := add(dir); err != nil {
				t.Fatal(err)
			}
			if check(dir) == nil {
				t.Errorf("the README recipe passes a pack with an added %s", name)
			}
		})
	}
}
