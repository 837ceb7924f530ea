// Package verify implements `aims verify`.
package verify

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"github.com/aims-cli/aims/pkg/safeopen"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	evpack "github.com/aims-cli/aims/pkg/pack"
)

// Options are the parsed flags of `aims verify`.
type Options struct {
	Factory *cmdutil.Factory
	Pack    string
	PubKey  string
}

// NewCmdVerify returns `aims verify`.
func NewCmdVerify(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "verify PACK",
		Short: "Check an evidence pack's digests and signature",
		Long: `Recompute the SHA-256 of every file of an evidence pack (a directory or a zip)
and compare it with SHA256SUMS and manifest.json; with --pubkey, check the
Ed25519 signature SHA256SUMS.sig too. Every file added, missing or changed is
listed by name. Zip entries that would escape the pack (../, absolute paths,
links, duplicate names) are refused; nothing is extracted to disk.

Without aims, the same checks are:
  sha256sum -c SHA256SUMS
  openssl pkeyutl -verify -pubin -inkey KEY.pub -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig

Exit status 1 means the pack does not verify; 2 that PACK does not exist or is
not an evidence pack, or that the key cannot be read.`,
		Example: `  aims verify aims-pack-2026-11-20.zip
  aims verify pack/ --pubkey aims.pub`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Pack = args[0]
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.PubKey, "pubkey", "", "check SHA256SUMS.sig with this Ed25519 public key (PEM)")
	return cmd
}

func verifyRun(opts *Options) error {
	io := opts.Factory.IO
	var pub []byte
	if opts.PubKey != "" {
		data, err := safeopen.ReadFile(opts.PubKey, safeopen.MaxKey)
		if err != nil {
			return &cmdutil.InputError{Msg: "--pubkey", Err: err}
		}
		if _, err := evpack.ParsePublicKey(data); err != nil {
			return cmdutil.InputErrorf("--pubkey %s: %v", opts.PubKey, err)
		}
		pub = data
	}
	rep, err := evpack.Verify(opts.Pack, pub)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return cmdutil.InputErrorf("%s does not exist", opts.Pack)
	case errors.Is(err, evpack.ErrNotPack):
		return &cmdutil.InputError{Err: err}
	case err != nil:
		return err
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(io.ErrOut, "note: "+textsafe.Message(n))
	}
	if rep.OK() {
		sig := ""
		if rep.SignatureChecked {
			sig = ", signature good"
		}
		fmt.Fprintf(io.Out, "OK: %d files verified%s\n", rep.Files, sig)
		return nil
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(io.Out, p.String())
	}
	n := len(rep.Problems)
	plural := "s"
	if n == 1 {
		plural = ""
	}
	return &cmdutil.FailError{Msg: fmt.Sprintf("%s does not verify: %d problem%s", textsafe.Quote(opts.Pack), n, plural)}
}
