// Package importcmd implements `aims import`.
package importcmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims import`.
type Options struct{}

// NewCmdImport returns `aims import`. STUB: replace.
func NewCmdImport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "import",
		Short: "Convert agent definitions of other formats into aims agent configs",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
