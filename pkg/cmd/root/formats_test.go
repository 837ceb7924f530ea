package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/report"
)

// Every command that writes a report accepts every format the registry
// says its subject has, and each one prints something. The commands are
// found by the annotation AddReportFlags leaves, so a new report command
// fails here until it is given inputs below.
func TestEveryCommandAcceptsItsRegisteredFormats(t *testing.T) {
	example := filepath.Join(repo, "examples/aims.yaml")
	tmp := t.TempDir()
	tmpl := filepath.Join(tmp, "t.tmpl")
	if err := os.WriteFile(tmpl, []byte("{{len .Findings}} findings\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Two plain agent directories: the second widens the first's grants.
	base, head := filepath.Join(tmp, "base"), filepath.Join(tmp, "head")
	agent := "apiVersion: aims/v1\nkind: Agent\nid: triage\nsystem: support\nowner: Ann\nlifecycle: deployed\ntools:\n  - name: zendesk\n    operations: [read%s]\n"
	for dir, ops := range map[string]string{base: "", head: ", delete"} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "triage.yaml"), []byte(strings.Replace(agent, "%s", ops, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs := map[string][]string{
		"aims assess":       {"assess", "--config", example},
		"aims logs analyze": {"logs", "analyze", "--config", example},
		"aims diff":         {"diff", base, head},
	}

	io, _, _, _ := iostreams.Test()
	var walk func(c *cobra.Command)
	found := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		subject, ok := c.Annotations[cmdutil.ReportSubjectAnnotation]
		if !ok {
			return
		}
		found++
		args, ok := inputs[c.CommandPath()]
		if !ok {
			t.Errorf("%s writes %s reports but this test has no inputs for it", c.CommandPath(), subject)
			return
		}
		for _, format := range report.FormatNames(report.Subject(subject)) {
			t.Run(c.CommandPath()+"/"+format, func(t *testing.T) {
				a := append(append([]string{}, args...), "--now", "2026-11-20T00:00:00Z", "--format", format)
				if format == string(report.FormatTemplate) {
					a = append(a, "--template", tmpl)
				}
				code, out, stderr := run(t, a...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if strings.TrimSpace(out) == "" {
					t.Error("empty output")
				}
			})
		}
	}
	walk(NewCmdRoot(NewFactory(io)))
	if found != len(inputs) {
		t.Errorf("%d report commands found, want %d", found, len(inputs))
	}
}
