// Package assess implements `aims assess`.
package assess

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims assess`.
type Options struct{}

// NewCmdAssess returns `aims assess`. STUB: replace.
func NewCmdAssess(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "assess",
		Short: "Evaluate the inventory, agents and logs against the catalogue(s)",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
