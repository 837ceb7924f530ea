// Package keygen implements `aims keygen`.
package keygen

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	evpack "github.com/aims-cli/aims/pkg/pack"
)

// Options are the parsed flags of `aims keygen`.
type Options struct {
	Factory *cmdutil.Factory
	Out     string
	Force   bool
	// Rand is the entropy source; tests replace it.
	Rand io.Reader
}

// NewCmdKeygen returns `aims keygen`.
func NewCmdKeygen(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f, Rand: rand.Reader}
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Write an Ed25519 key pair for signing packs",
		Long: `Write an Ed25519 key pair in PEM: PREFIX.key (PKCS#8, mode 0600: keep it
secret, use it with aims pack --sign-key) and PREFIX.pub (PKIX: give it to the
auditor, for aims verify --pubkey or openssl pkeyutl -verify). Existing files
are never replaced without --force.

The same keys can be made with openssl:
  openssl genpkey -algorithm ed25519 -out aims.key
  openssl pkey -in aims.key -pubout -out aims.pub`,
		Example: `  aims keygen
  aims keygen --out keys/acme-2026`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return cmdutil.InputErrorf("--out must not be empty")
			}
			if runF != nil {
				return runF(opts)
			}
			return keygenRun(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "aims", "write PREFIX.key and PREFIX.pub")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace existing key files")
	return cmd
}

func keygenRun(opts *Options) error {
	keyFile, pubFile := opts.Out+".key", opts.Out+".pub"
	if !opts.Force {
		for _, p := range []string{keyFile, pubFile} {
			if _, err := os.Lstat(p); err == nil {
				return cmdutil.InputErrorf("%s already exists (use --force to replace it)", p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return &cmdutil.InputError{Err: err}
			}
		}
	}
	priv, pub, err := evpack.GenerateKey(opts.Rand)
	if err != nil {
		return err
	}
	if err := cmdutil.WriteFileAtomic(keyFile, priv, 0o600); err != nil {
		return err
	}
	if err := cmdutil.WriteFileAtomic(pubFile, pub, 0o644); err != nil {
		return err
	}
	k, err := evpack.ParsePublicKey(pub)
	if err != nil {
		return err
	}
	fp, err := evpack.PublicKeyFingerprint(k)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Factory.IO.Out, "wrote %s (private: keep it secret) and %s (public, sha256:%s)\n", keyFile, pubFile, fp)
	return nil
}
