// Package verify implements `aims verify`.
package verify

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims verify`.
type Options struct{}

// NewCmdVerify returns `aims verify`. STUB: replace.
func NewCmdVerify(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Verify an evidence pack",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
