// Package keygen implements `aims keygen`.
package keygen

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims keygen`.
type Options struct{}

// NewCmdKeygen returns `aims keygen`. STUB: replace.
func NewCmdKeygen(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "keygen",
		Short: "Write an Ed25519 key pair for signing packs",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
