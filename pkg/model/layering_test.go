package model_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/testenv"
)

const module = "github.com/aims-cli/aims/"

// The layering the Development section of the README draws: writers and the
// pack read results (pkg/model) and never import the engine that judges, and
// the engine judges a model without knowing how it was loaded. Checked on
// the transitive non-test imports, so a detour through a helper package
// counts too.
func TestLayering(t *testing.T) {
	root := testenv.RepoRoot(t)
	deps := map[string][]string{}
	var imports func(pkg string) []string
	imports = func(pkg string) []string {
		if d, ok := deps[pkg]; ok {
			return d
		}
		deps[pkg] = nil
		p, err := build.ImportDir(filepath.Join(root, strings.TrimPrefix(pkg, module)), 0)
		if err != nil {
			t.Fatalf("%s: %v", pkg, err)
		}
		var all []string
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			all = append(all, imp)
			all = append(all, imports(imp)...)
		}
		slices.Sort(all)
		deps[pkg] = slices.Compact(all)
		return deps[pkg]
	}
	// under names a package and those below it; with only, the package alone
	// (pkg/diff is pure, its loader pkg/diff/sides is not).
	forbid := []struct {
		under, dep string
		only       bool
	}{
		{"pkg/report", "pkg/engine", false},
		{"pkg/report", "pkg/assessment", false},
		{"pkg/report", "pkg/cmdutil", false},
		{"pkg/pack", "pkg/engine", false},
		{"pkg/pack", "pkg/assessment", false},
		{"pkg/pack", "pkg/cmdutil", false},
		{"pkg/engine", "pkg/load", false},
		{"pkg/engine", "pkg/auditlog", false},
		{"pkg/engine", "pkg/report", false},
		{"pkg/diff", "pkg/load", true},
		{"pkg/diff", "pkg/gitlog", true},
		{"pkg/diff", "pkg/report", true},
	}
	for _, f := range forbid {
		var checked int
		err := filepath.WalkDir(filepath.Join(root, f.under), func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() || d.Name() == "testdata" {
				if d != nil && d.Name() == "testdata" {
					return filepath.SkipDir
				}
				return err
			}
			if _, err := build.ImportDir(path, 0); err != nil {
				return nil // no Go files here
			}
			rel, _ := filepath.Rel(root, path)
			if f.only && filepath.ToSlash(rel) != f.under {
				return nil
			}
			pkg := module + filepath.ToSlash(rel)
			checked++
			if slices.Contains(imports(pkg), module+f.dep) {
				t.Errorf("%s imports %s (directly or through another package)", rel, f.dep)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if checked == 0 {
			t.Fatalf("no package found under %s", f.under)
		}
	}
}
