// Package version implements `aims version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/build"
	"github.com/aims-cli/aims/pkg/cmdutil"
)

// Options are the parsed flags of `aims version`.
type Options struct {
	Factory *cmdutil.Factory
}

// NewCmdVersion returns `aims version`.
func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version of aims",
		Example: "  aims version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *Options) error {
	_, err := fmt.Fprintf(opts.Factory.IO.Out, "aims %s (%s, %s/%s)\n", build.String(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
