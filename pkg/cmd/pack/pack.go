// Package pack implements `aims pack`.
package pack

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims pack`.
type Options struct{}

// NewCmdPack returns `aims pack`. STUB: replace.
func NewCmdPack(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	return &cobra.Command{
		Use:   "pack",
		Short: "Write the evidence pack",
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("not implemented yet")
		},
	}
}
