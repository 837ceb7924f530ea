// Package list implements `aims controls list`.
package list

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmd/controls/shared"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/report"
)

// SchemaVersion of `aims controls list --format json`.
const SchemaVersion = "aims.controls/v1"

// Formats of `aims controls list`.
var Formats = []string{string(report.FormatTable), string(report.FormatJSON)}

// Options are the parsed flags and dependencies of `aims controls list`.
type Options struct {
	IO         *iostreams.IOStreams
	Catalogues func() (*catalogue.Set, error)
	Group      string
	Format     string
}

// NewCmdList returns `aims controls list`.
func NewCmdList(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Catalogues: shared.Catalogues(f)}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the controls of the loaded catalogue(s)",
		Long: `List every clause and control of the catalogues in use: those aims.yaml names under
catalogues:, else the builtin ISO/IEC 42001:2023 catalogue (clauses 4-10 and the 38
Annex A controls). Control wording is indicative, written in our own words.`,
		Example: `  aims controls list
  aims controls list --group A.6
  aims controls list --format json | jq '.controls[].id'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckFormat(opts.Format, Formats); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Group, "group", "", "only this group (\"A.6\", \"8\")")
	cmd.Flags().StringVar(&opts.Format, "format", string(report.FormatTable), "output format: table or json")
	return cmd
}

// Output is the JSON document of `aims controls list --format json`.
type Output struct {
	SchemaVersion string               `json:"schemaVersion"`
	Catalogues    []Catalogue          `json:"catalogues"`
	Controls      []*catalogue.Control `json:"controls"`
}

// Catalogue identifies one loaded catalogue.
type Catalogue struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	Notice  string `json:"notice,omitempty"`
	SHA256  string `json:"sha256"`
}

func listRun(opts *Options) error {
	set, err := opts.Catalogues()
	if err != nil {
		return err
	}
	controls := set.Controls()
	if opts.Group != "" {
		var groups []string
		var kept []*catalogue.Control
		for _, c := range controls {
			if !slices.Contains(groups, c.Group) {
				groups = append(groups, c.Group)
			}
			if strings.EqualFold(c.Group, opts.Group) {
				kept = append(kept, c)
			}
		}
		if len(kept) == 0 {
			return cmdutil.InputErrorf("no group %q (groups: %s)", opts.Group, strings.Join(groups, ", "))
		}
		controls = kept
	}
	if opts.Format == string(report.FormatJSON) {
		out := Output{SchemaVersion: SchemaVersion, Catalogues: []Catalogue{}, Controls: controls}
		for _, c := range set.Catalogues {
			out.Catalogues = append(out.Catalogues, Catalogue{ID: c.ID, Title: c.Title, Version: c.Version, Notice: c.Notice, SHA256: c.SHA256})
		}
		if out.Controls == nil {
			out.Controls = []*catalogue.Control{}
		}
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return writeTable(opts.IO.Out, set, controls, opts.IO.TerminalWidth())
}

// writeTable counts, per control, every check that reports against it (CEL
// rules and Go checks), as `aims controls show` lists them. In a terminal
// narrower than the columns (width > 0) each control is a record: ID and
// title, then kind, applies to and checks; piped (width 0) the columns stay.
func writeTable(w io.Writer, set *catalogue.Set, controls []*catalogue.Control, width int) error {
	header := []string{"ID", "TITLE", "KIND", "APPLIES TO", "CHECKS"}
	var rows [][]string
	for _, c := range controls {
		kind := c.Kind
		if kind == catalogue.KindAnnexA {
			kind = "annex-a"
		}
		rows = append(rows, []string{c.ID, c.Title, kind, c.AppliesTo, strconv.Itoa(len(set.ChecksFor(c.ID)))})
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	out := b.String()
	if width > 0 && report.Widest(out) > width {
		// The heading is "ID  title", so the title is no piece of its own.
		stacked := make([][]string, len(rows))
		for i, r := range rows {
			stacked[i] = []string{r[0] + "  " + r[1], r[2], r[3], r[4]}
		}
		out = report.Stacked(width, []string{"control", "kind", "applies to", "checks"}, stacked)
	}
	_, err := io.WriteString(w, out)
	return err
}
