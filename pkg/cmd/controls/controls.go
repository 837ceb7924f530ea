// Package controls groups the `aims controls` commands.
package controls

import (
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// NewCmdControls returns `aims controls` with its subcommands.
func NewCmdControls(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "controls <command>",
		Short: "List and show the controls of the loaded catalogue(s)",
	}
	return cmd
}
