// Package pack implements `aims pack`.
package pack

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/framework"
	"github.com/aims-cli/aims/pkg/load"
	evpack "github.com/aims-cli/aims/pkg/pack"
	"github.com/aims-cli/aims/pkg/report"
	"github.com/aims-cli/aims/pkg/report/oscal"
	"github.com/aims-cli/aims/pkg/report/pdf"
	"github.com/aims-cli/aims/pkg/report/xlsx"
	"github.com/aims-cli/aims/pkg/safeopen"
)

// Options are the parsed flags of `aims pack` and what it depends on.
type Options struct {
	Factory *cmdutil.Factory
	Ctx     context.Context

	Out      string
	SignKey  string
	Force    bool
	NoLogs   bool
	LogPaths []string
	// IncludeEvidence copies the in-root evidence files into evidence/.
	IncludeEvidence bool
	// Excerpts is how many log records per finding go to logs/excerpts/;
	// ExcerptsSet says the flag (or AIMS_EXCERPTS) gave it, else aims.yaml's
	// pack.excerpts does when set.
	Excerpts    int
	ExcerptsSet bool

	// Run is the assessment pipeline; tests replace it.
	Run func(context.Context, assessment.Options) (*assessment.Output, error)
}

// DefaultOut is the pack name when --out is not given: a zip in the current
// directory named after the day of the run's clock.
func DefaultOut(f *cmdutil.Factory) string {
	return "aims-pack-" + f.Now().UTC().Format("2006-01-02") + ".zip"
}

// NewCmdPack returns `aims pack`.
func NewCmdPack(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f, Run: assessment.Run}
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Write the evidence pack for the auditor (directory or zip)",
		Long: `Assess everything aims.yaml names (with its audit logs, and with each agent's
change history from git) and write the evidence pack an auditor can check with
standard tools alone:

  report.pdf                      the assessment report
  evidence.xlsx                   registers with empty Conclusion/Comment columns for the auditor
  results.json                    the full result (schemaVersion aims.result/v1)
  soa.csv                         the Statement of Applicability (every Annex A and custom control)
  actions.csv                     the corrective-action register (ISO 42001 10.2), one row per finding
  findings.sarif                  SARIF 2.1.0
  oscal/assessment-results.json   NIST OSCAL 1.0.6 assessment results
  inputs/                         the inventory, agent configs and catalogues as assessed
  logs/summary.json               what the audit logs showed (or that none were analysed)
  logs/excerpts/<finding>.txt     the first --excerpts records behind each finding, as the
                                  original lines after their file:line (credentials redacted)
  evidence/                       with --include-evidence: every evidence file inside the
                                  project root, at its path from the root
  manifest.json                   versions, scope, period, every file's size and SHA-256,
                                  the inputs' digests (inputs_digest is on the PDF cover)
  SHA256SUMS                      for ` + "`sha256sum -c SHA256SUMS`" + `
  SHA256SUMS.sig                  with --sign-key: an Ed25519 signature of SHA256SUMS for
                                  ` + "`openssl pkeyutl -verify -pubin -inkey KEY.pub -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig`" + `

--out ending in .zip writes a zip, anything else a directory; the default is
aims-pack-<date of --now>.zip in the current directory. The pack is written
under a temporary name next to its target and renamed into place at the end,
so a failed run leaves nothing behind; an existing pack is replaced only with
--force (and a directory that is not a pack never is).

Credentials found in the inputs are replaced by [REDACTED:kind] in every file
of the pack and reported as findings. The same inputs and --now (or
SOURCE_DATE_EPOCH) give a byte-identical pack. Make a signing key with
` + "`aims keygen`" + `; check a pack with ` + "`aims verify`" + `.`,
		Example: `  aims pack
  aims pack --out evidence-2026.zip --sign-key aims.key
  aims pack --out pack/ --force --now 2026-11-20T00:00:00Z
  aims pack --include-evidence --excerpts 50 --sign-key aims.key
  aims verify evidence-2026.zip --pubkey aims.pub`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if opts.Out == "" {
				opts.Out = DefaultOut(f)
			}
			opts.ExcerptsSet = cmd.Flags().Changed("excerpts")
			if err := cmdutil.CheckLogFlags(opts.LogPaths, opts.NoLogs); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return packRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Out, "out", "o", "", "write the pack to DIR, or to FILE.zip (default aims-pack-<date>.zip)")
	fl.StringVar(&opts.SignKey, "sign-key", "", "sign SHA256SUMS with this Ed25519 private key (PEM, from aims keygen)")
	fl.BoolVar(&opts.Force, "force", false, "replace an existing pack at --out")
	fl.BoolVar(&opts.IncludeEvidence, "include-evidence", false, "copy every evidence file inside the project root into evidence/")
	fl.IntVar(&opts.Excerpts, "excerpts", evpack.DefaultExcerpts, "log records per finding written to logs/excerpts/, the first by file and line (0: none; aims.yaml pack.excerpts)")
	cmdutil.AddLogFlags(cmd, &opts.LogPaths, &opts.NoLogs)
	return cmd
}

func packRun(opts *Options) error {
	f := opts.Factory
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	n, err := excerptsOf(opts)
	if err != nil {
		return err
	}
	var signOpts evpack.Options
	if opts.SignKey != "" {
		data, err := safeopen.ReadFile(opts.SignKey, safeopen.MaxKey)
		if err != nil {
			return &cmdutil.InputError{Msg: "--sign-key", Err: err}
		}
		key, err := evpack.ParsePrivateKey(data)
		if err != nil {
			return cmdutil.InputErrorf("--sign-key %s: %v", opts.SignKey, err)
		}
		signOpts.SignKey = key
	}
	// The lock is taken before the assessment: a second run to the same
	// --out fails now, not after both have assessed and one has replaced
	// the other's pack.
	res, err := evpack.Reserve(opts.Out)
	if err != nil {
		if errors.Is(err, evpack.ErrBusy) {
			return &cmdutil.InputError{Err: err}
		}
		return err
	}
	defer res.Release()
	if _, err := os.Lstat(opts.Out); err == nil && !opts.Force {
		// Say so before the assessment runs, not after.
		return cmdutil.InputErrorf("%s already exists (use --force to replace it)", opts.Out)
	}
	out, err := opts.Run(ctx, assessment.Options{
		ConfigPath: f.ConfigPath(),
		Now:        f.Now(),
		LogPaths:   opts.LogPaths,
		NoLogs:     opts.NoLogs,
		Records:    n,
		History:    true,
		Frameworks: framework.Names[1:],
		Progress:   cmdutil.ProgressTo(f.IO, f.Quiet),
	})
	if err != nil {
		return err
	}
	p, err := BuildWith(out, signOpts.SignKey, opts.IncludeEvidence, n)
	if err != nil {
		return err
	}
	if err := res.Write(p, opts.Force); err != nil {
		if errors.Is(err, evpack.ErrExists) || errors.Is(err, evpack.ErrBusy) {
			return &cmdutil.InputError{Err: err}
		}
		return err
	}
	if !f.Quiet {
		signed := "not signed"
		if p.Manifest.Signature != nil {
			signed = "signed, key sha256:" + p.Manifest.Signature.PublicKeySHA256[:16] + "..."
		}
		fmt.Fprintf(f.IO.ErrOut, "aims: wrote %s (%d files, %d findings, %s; inputs digest %s)\n",
			opts.Out, len(p.Files), len(out.Result.Findings), signed, p.Manifest.InputsDigest)
	}
	return nil
}

// excerptsOf is how many records per finding the excerpts hold: the flag
// (or AIMS_EXCERPTS) when given, else aims.yaml's pack.excerpts, else the
// default. A config that does not load adds nothing here: the assessment
// reports its errors.
func excerptsOf(opts *Options) (int, error) {
	n := opts.Excerpts
	what := "--excerpts"
	if !opts.ExcerptsSet && opts.Factory != nil && opts.Factory.ConfigPath != nil {
		if cfg, err := load.ReadConfig(opts.Factory.ConfigPath()); err == nil && cfg != nil && cfg.Pack.Excerpts != nil {
			n, what = *cfg.Pack.Excerpts, "pack.excerpts in "+opts.Factory.ConfigPath()
		}
	}
	if n < 0 {
		return 0, cmdutil.InputErrorf("%s %d: give 0 or more records per finding", what, n)
	}
	return n, nil
}

// Build assembles the pack of one pipeline run with the real writers, the
// default excerpts and no evidence files.
func Build(out *assessment.Output, key ed25519.PrivateKey) (*evpack.Pack, error) {
	return BuildWith(out, key, false, evpack.DefaultExcerpts)
}

// BuildWith is Build with the evidence files (includeEvidence) and n cited
// log records per finding (0: none).
func BuildWith(out *assessment.Output, key ed25519.PrivateKey, includeEvidence bool, n int) (*evpack.Pack, error) {
	if n == 0 {
		n = -1 // evpack: negative is none, 0 its default
	}
	root := ""
	if out.Project != nil && out.Project.Config != nil {
		root = out.Project.Config.Dir
	}
	return evpack.Build(out.Result, out.Project, evpack.Options{
		Catalogues:      out.Catalogues,
		SignKey:         key,
		Root:            root,
		IncludeEvidence: includeEvidence,
		Excerpts:        n,
		Entries:         Entries(root),
	})
}

// Entries are the pack's written files and the writer of each: one line per
// file. root is the project root the SARIF URIs are relative to.
func Entries(root string) []evpack.Entry {
	ropts := report.Options{Root: root, ToolVersion: build.String()}
	return []evpack.Entry{
		{Path: evpack.FileReport, Write: func(w io.Writer, v *evpack.View) error {
			var ex []pdf.Excerpt
			for _, e := range v.Excerpts {
				ex = append(ex, pdf.Excerpt{Finding: e.Finding, Path: e.Path, Records: e.Records, Excerpted: e.Excerpted})
			}
			return pdf.Write(w, v.Result, pdf.Options{InputsDigest: v.InputsDigest, Actions: v.Actions, Pack: true, SignerKey: v.SignerKey, Evidence: v.Evidence, Excerpts: ex})
		}},
		{Path: evpack.FileWorkbook, Write: func(w io.Writer, v *evpack.View) error {
			return xlsx.Write(w, v.Result, xlsx.Options{Actions: v.Actions, Evidence: v.Evidence, SoA: v.SoAMeta})
		}},
		{Path: evpack.FileSoA, Write: func(w io.Writer, v *evpack.View) error { return report.WriteSoA(w, v.SoA) }},
		{Path: evpack.FileActions, Write: func(w io.Writer, v *evpack.View) error { return report.WriteActions(w, v.Actions) }},
		{Path: evpack.FileSARIF, Write: func(w io.Writer, v *evpack.View) error {
			return report.Write(w, string(report.FormatSARIF), report.SubjectAssessment, v.Result, ropts)
		}},
		{Path: evpack.FileOSCAL, Write: func(w io.Writer, v *evpack.View) error {
			return oscal.Write(w, v.Result, oscal.Options{CatalogueHref: v.CatalogueHref})
		}},
		{Path: evpack.FileLogs, Write: func(w io.Writer, v *evpack.View) error {
			return report.WriteLogsJSON(w, v.Result.Logs)
		}},
	}
}
