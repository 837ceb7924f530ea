// Package initcmd implements `aims init`.
package initcmd

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims init`.
type Options struct{}

// NewCmdInit returns `aims init`. STUB: replace.
func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Scaffold aims.yaml, inventory.yaml and agents/",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
