package layout

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/testenv"
)

const module = "github.com/aims-cli/aims/"

// TestImportRules: writers and the pack read results and never judge
// again, so no package under pkg/report or pkg/pack depends on the engine
// (directly or through another package); the engine judges values and reads
// no files, so it depends on no loader; pkg/diff is pure (values in, a
// result out). Asserted on `go list -deps`, as the acceptance says.
func TestImportRules(t *testing.T) {
	goTool := testenv.Tool(t, "go", "golang-go")
	root := testenv.RepoRoot(t)
	cmd := exec.Command(goTool, "list", "-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, "./...")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		deps[strings.TrimPrefix(f[0], module)] = f[1:]
	}
	rules := []struct {
		under     string // this package and those below it
		forbidden []string
	}{
		{"pkg/report", []string{"pkg/engine", "pkg/assessment", "pkg/cmdutil"}},
		{"pkg/pack", []string{"pkg/engine", "pkg/assessment", "pkg/cmdutil"}},
		{"pkg/engine", []string{"pkg/load", "pkg/auditlog", "pkg/report"}},
		{"pkg/diff", []string{"pkg/load", "pkg/gitlog", "pkg/report"}},
		{"pkg/model", []string{"pkg/"}},
	}
	checked := 0
	for pkg, ds := range deps {
		for _, r := range rules {
			if pkg != r.under && !strings.HasPrefix(pkg, r.under+"/") {
				continue
			}
			if r.under == "pkg/diff" && strings.HasPrefix(pkg, "pkg/diff/sides") {
				continue // the loader of the sides, kept out of pkg/diff for this rule
			}
			checked++
			for _, d := range ds {
				d = strings.TrimPrefix(d, module)
				for _, bad := range r.forbidden {
					if d == bad || strings.HasPrefix(d, strings.TrimSuffix(bad, "/")+"/") {
						t.Errorf("%s depends on %s (rule: nothing under %s depends on %s)", pkg, d, r.under, bad)
					}
				}
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d packages checked: did go list or the layout change?", checked)
	}
}
