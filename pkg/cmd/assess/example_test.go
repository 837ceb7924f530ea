package assess

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/golden"
)

// TestExampleReport keeps the example project's report: a change to the
// catalogue, the engine, the writers or the example shows up here as a diff
// to review (UPDATE_GOLDEN=1 go test ./pkg/cmd/assess refreshes it).
func TestExampleReport(t *testing.T) {
	config := filepath.Join("..", "..", "..", "examples", "aims.yaml")
	if _, err := os.Stat(config); err != nil {
		t.Fatalf("no example project at %s", config)
	}
	for format, file := range map[string]string{"markdown": "example.md", "json": "example.json"} {
		t.Run(format, func(t *testing.T) {
			out, _, err := run(t, config, "--format", format, "--fail-on", "high")
			skipIfEngineStub(t, err)
			if cmdutil.ExitCode(err) != cmdutil.ExitFindings {
				t.Errorf("--fail-on high on the example: exit %d (%v), want 1", cmdutil.ExitCode(err), err)
			}
			golden.Assert(t, filepath.Join("testdata", file), []byte(out))
		})
	}
}

// TestExampleSARIF: every result of the example, config and log findings
// alike, validates against SARIF 2.1.0 and points at a file inside the project.
func TestExampleSARIF(t *testing.T) {
	config := filepath.Join("..", "..", "..", "examples", "aims.yaml")
	if _, err := os.Stat(config); err != nil {
		t.Fatalf("no example project at %s", config)
	}
	out, _, err := run(t, config, "--format", "sarif")
	skipIfEngineStub(t, err)
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, []byte(out))
	if strings.Contains(out, "file://") || strings.Contains(out, "../") {
		t.Error("a SARIF location leaves the project root")
	}
}
