// Package logs groups the `aims logs` commands.
package logs

import (
	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmd/logs/analyze"
	"github.com/aims-cli/aims/pkg/cmdutil"
)

// NewCmdLogs returns `aims logs` with its subcommands.
func NewCmdLogs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "logs <command>",
		Short: "Read audit-log exports",
		Long: `Reads audit-log exports (native JSON Lines, CSV, OpenTelemetry GenAI, CloudTrail,
OCSF) and derives what each agent really did.`,
		Example: `  aims logs analyze exports/*.jsonl.gz`,
	}
	cmd.AddCommand(analyze.NewCmdAnalyze(f, nil))
	return cmd
}
