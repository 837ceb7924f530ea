package cmdutil

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/report"
	"github.com/aims-cli/aims/pkg/schema"
)

// The output-format registry is the one list: for each subject --format's
// help, completion and check name exactly the formats that write it, and
// aims.yaml's format (the loader's check and `aims schema config`) takes
// every registered format and nothing else.
func TestReportFormatsAreTheRegistry(t *testing.T) {
	var all []string
	for _, fi := range report.Formats() {
		all = append(all, string(fi.Name))
	}
	for _, s := range []report.Subject{report.SubjectAssessment, report.SubjectLogs, report.SubjectDiff} {
		t.Run(string(s), func(t *testing.T) {
			cmd := &cobra.Command{Use: "x"}
			AddReportFlags(cmd, &ReportOptions{}, s)
			names := report.FormatNames(s)
			if usage, want := cmd.Flags().Lookup("format").Usage, "output format: "+strings.Join(names, ", ")+" (default table)"; usage != want {
				t.Errorf("--format help %q, want %q", usage, want)
			}
			complete, ok := cmd.GetFlagCompletionFunc("format")
			if !ok {
				t.Fatal("--format has no completion")
			}
			got, _ := complete(cmd, nil, "")
			var completed []string
			for _, c := range got {
				name, _, _ := strings.Cut(c, "\t")
				completed = append(completed, name)
			}
			if d := cmp.Diff(names, completed); d != "" {
				t.Errorf("--format completion (-registry +completion):\n%s", d)
			}
			var accepted []string
			for _, name := range append(all, "pdf") {
				o := ReportOptions{Format: name}
				if name == string(report.FormatTemplate) {
					o.Template = "t.tmpl"
				}
				if o.check(s, true) == nil {
					accepted = append(accepted, name)
				}
			}
			if d := cmp.Diff(names, accepted); d != "" {
				t.Errorf("--format check (-registry +accepted):\n%s", d)
			}
		})
	}

	for _, name := range append(all, "pdf") {
		_, _, probs := load.ParseConfig("aims.yaml", []byte("apiVersion: aims/v1\nkind: Config\nformat: "+name+"\n"))
		if name == "pdf" {
			if want := `"pdf" is not one of: ` + strings.Join(all, ", "); !strings.Contains(probs.Error(), want) {
				t.Errorf("aims.yaml format pdf: loader said %q, want %q", probs.Error(), want)
			}
		} else if len(probs) > 0 {
			t.Errorf("aims.yaml format %s: the loader refused a registered format: %v", name, probs)
		}
	}
	raw, err := schema.Generate("config")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties struct {
			Format struct {
				Enum []string `json:"enum"`
			} `json:"format"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(all, doc.Properties.Format.Enum); d != "" {
		t.Errorf("aims schema config: format enum (-registry +schema):\n%s", d)
	}
}
