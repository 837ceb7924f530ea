// Package show implements `aims controls show`.
package show

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmd/controls/shared"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/report"
)

// SchemaVersion of `aims controls show --format json`.
const SchemaVersion = "aims.control/v1"

// Options are the parsed flags and dependencies of `aims controls show`.
type Options struct {
	IO         *iostreams.IOStreams
	Catalogues func() (*catalogue.Set, error)
	ID         string
	Format     string
}

// NewCmdShow returns `aims controls show ID`.
func NewCmdShow(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Catalogues: shared.Catalogues(f)}
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one control: summary, automated checks, evidence expected, crosswalk",
		Long: `Show one clause or control of the loaded catalogue(s): what it asks (in our own,
indicative words), every check that tests it (the CEL rules over the inventory and
agent configs, and the checks written in Go over the logs, the evidence and the
inputs, each with its severity and any override from a user catalogue), the evidence
an auditor expects, the crosswalk to the EU AI Act, NIST AI RMF and ISO/IEC 27001
(indicative), and how to remediate a gap.`,
		Example: `  aims controls show A.6.2.8
  aims controls show 6.1.4 --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.CheckFormat(opts.Format, []string{string(report.FormatTable), string(report.FormatJSON)}); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", string(report.FormatTable), "output format: table (text) or json")
	return cmd
}

func showRun(opts *Options) error {
	set, err := opts.Catalogues()
	if err != nil {
		return err
	}
	c, ok := set.Lookup(opts.ID)
	if !ok {
		if near := set.Suggest(opts.ID); near != "" {
			return cmdutil.InputErrorf("unknown control %q; did you mean %s? (aims controls list shows them all)", opts.ID, near)
		}
		return cmdutil.InputErrorf("unknown control %q (aims controls list shows them all)", opts.ID)
	}
	if opts.Format == string(report.FormatJSON) {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		testedBy := set.ChecksFor(c.ID)
		if testedBy == nil {
			testedBy = []*catalogue.Check{}
		}
		return enc.Encode(struct {
			SchemaVersion string `json:"schemaVersion"`
			*catalogue.Control
			// TestedBy is every check that reports against the control,
			// CEL and Go, with overrides applied.
			TestedBy []*catalogue.Check `json:"tested_by"`
		}{SchemaVersion, c, testedBy})
	}
	notice := ""
	if cat, ok := set.Catalogue(c.Catalogue); ok {
		notice = cat.Notice
	}
	return writeText(opts.IO.Out, c, set, notice)
}

const width = 96

// wrap word-wraps text to width with indent before every line.
func wrap(w io.Writer, text, indent string) {
	for _, para := range strings.Split(strings.TrimSpace(text), "\n") {
		line := indent
		for _, word := range strings.Fields(para) {
			if len(line) > len(indent) && len(line)+1+len(word) > width {
				fmt.Fprintln(w, line)
				line = indent
			}
			if len(line) > len(indent) {
				line += " "
			}
			line += word
		}
		fmt.Fprintln(w, line)
	}
}

// detectorNames say in words where a Go check runs.
var detectorNames = map[string]string{
	catalogue.DetectorLogs:   "log analysis",
	catalogue.DetectorEngine: "inventory and evidence",
	catalogue.DetectorDiff:   "aims diff",
}

// override says what a user catalogue changed in the check.
func override(w io.Writer, ck *catalogue.Check) {
	o := ck.Override
	if o == nil {
		return
	}
	var what []string
	if o.Disable {
		what = append(what, "disabled ("+o.Reason+")")
	}
	if o.Severity != "" {
		what = append(what, "severity "+o.Severity)
	}
	if o.Remediation != "" {
		what = append(what, "remediation")
	}
	wrap(w, "overridden at "+o.Pos.String()+": "+strings.Join(what, ", "), "    ")
}

func writeText(w io.Writer, c *catalogue.Control, set *catalogue.Set, notice string) error {
	fmt.Fprintf(w, "%s  %s\n", c.ID, c.Title)
	fmt.Fprintf(w, "%s, group %s (%s), applies to %s, catalogue %s\n", c.Kind, c.Group, c.GroupTitle, orDash(c.AppliesTo), c.Catalogue)
	if c.Summary != "" {
		fmt.Fprintln(w, "\nSUMMARY")
		wrap(w, c.Summary, "  ")
	}
	var rules, detectors []*catalogue.Check
	for _, ck := range set.ChecksFor(c.ID) {
		if ck.IsGo() {
			detectors = append(detectors, ck)
		} else {
			rules = append(rules, ck)
		}
	}
	fmt.Fprintln(w, "\nAUTOMATED CHECKS")
	if len(rules)+len(detectors) == 0 {
		fmt.Fprintln(w, "  none: the status comes from the attestation in inventory.yaml (controls:), else it is manual")
	}
	for _, ck := range rules {
		subject := ck.Subject
		if subject == "" {
			subject = c.AppliesTo
		}
		fmt.Fprintf(w, "  %s  [%s, per %s]\n", ck.ID, ck.Severity, orDash(subject))
		wrap(w, ck.Title, "    ")
		override(w, ck)
		if ck.When != "" {
			fmt.Fprintln(w, "    when:")
			expr(w, ck.When)
		}
		fmt.Fprintln(w, "    rule:")
		expr(w, ck.Rule)
		if ck.SeverityFrom != "" {
			fmt.Fprintln(w, "    severity from:")
			expr(w, ck.SeverityFrom)
		}
		if ck.PathFrom != "" {
			fmt.Fprintln(w, "    points at:")
			expr(w, ck.PathFrom)
		}
	}
	if len(detectors) > 0 {
		fmt.Fprintln(w, "\nCHECKS WRITTEN IN GO (logs, evidence, inputs)")
	}
	for _, ck := range detectors {
		tags := []string{ck.Severity}
		if ck.SeverityFrom == catalogue.SeverityFromDetector {
			tags[0] = "up to " + ck.Severity
		}
		if ck.Subject != "" {
			tags = append(tags, "per "+ck.Subject)
		}
		tags = append(tags, detectorNames[ck.Detector])
		fmt.Fprintf(w, "  %s  [%s]\n", ck.ID, strings.Join(tags, ", "))
		wrap(w, ck.Title, "    ")
		if ck.Control != c.ID {
			fmt.Fprintf(w, "    reports to %s by default\n", ck.Control)
		}
		override(w, ck)
	}
	if per := set.PerControlChecks(); len(per) > 0 {
		ids := make([]string, len(per))
		for i, ck := range per {
			ids[i] = ck.ID
		}
		fmt.Fprintln(w)
		wrap(w, "For every control, its attestation and evidence are also judged by "+strings.Join(ids, ", ")+".", "  ")
	}
	if len(c.Evidence) > 0 {
		fmt.Fprintln(w, "\nEVIDENCE EXPECTED")
		for _, e := range c.Evidence {
			wrap(w, "- "+e, "  ")
		}
	}
	cw := c.Crosswalk
	if len(cw.EUAIAct)+len(cw.NISTAIRMF)+len(cw.ISO27001) > 0 {
		fmt.Fprintln(w, "\nCROSSWALK (indicative, not normative)")
		for _, row := range []struct {
			name string
			refs []string
		}{{"EU AI Act", cw.EUAIAct}, {"NIST AI RMF", cw.NISTAIRMF}, {"ISO/IEC 27001", cw.ISO27001}} {
			if len(row.refs) > 0 {
				fmt.Fprintf(w, "  %-14s %s\n", row.name+":", strings.Join(row.refs, ", "))
			}
		}
	}
	if c.Remediation != "" {
		fmt.Fprintln(w, "\nREMEDIATION")
		wrap(w, c.Remediation, "  ")
	}
	if notice != "" {
		fmt.Fprintln(w)
		wrap(w, notice, "")
	}
	return nil
}

// expr prints a CEL expression as written, indented.
func expr(w io.Writer, src string) {
	for _, l := range strings.Split(strings.TrimRight(src, "\n"), "\n") {
		fmt.Fprintln(w, "      "+l)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
