// Package diff implements `aims diff`.
package diff

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims diff`.
type Options struct{}

// NewCmdDiff returns `aims diff`. STUB: replace.
func NewCmdDiff(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "diff",
		Short: "Risk-profile delta of agent configs between two revisions",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
