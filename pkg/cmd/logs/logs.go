// Package logs groups the `aims logs` commands.
package logs

import (
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// NewCmdLogs returns `aims logs` with its subcommands.
func NewCmdLogs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "logs <command>",
		Short: "Read audit-log exports",
	}
	return cmd
}
