// Package validate implements `aims validate`.
package validate

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims validate`.
type Options struct{}

// NewCmdValidate returns `aims validate`. STUB: replace.
func NewCmdValidate(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check the config and everything it names",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
