// Package controls groups the `aims controls` commands.
package controls

import (
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmd/controls/list"
	"github.com/aims-cli/aims/pkg/cmd/controls/show"
	"github.com/aims-cli/aims/pkg/cmdutil"
)

// NewCmdControls returns `aims controls` with its subcommands.
func NewCmdControls(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "controls <command>",
		Short: "List and show the controls of the loaded catalogue(s)",
		Long: `List and show the clauses and controls of the catalogues in use (aims.yaml catalogues:,
else the builtin ISO/IEC 42001:2023 catalogue), with their automated checks.`,
		Example: `  aims controls list --group A.6
  aims controls show A.6.2.8`,
	}
	cmd.AddCommand(list.NewCmdList(f, nil), show.NewCmdShow(f, nil))
	return cmd
}
