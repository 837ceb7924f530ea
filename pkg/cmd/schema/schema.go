// Package schema implements `aims schema`.
package schema

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	gen "github.com/aims-cli/aims/pkg/schema"
)

// Options are the parsed flags of `aims schema`.
type Options struct {
	Factory *cmdutil.Factory
	Name    string
}

// NewCmdSchema returns `aims schema inventory|agent|config|event`.
func NewCmdSchema(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	return &cobra.Command{
		Use:   "schema " + strings.Join(gen.Names, "|"),
		Short: "Print the JSON Schema of an input format",
		Long: `Print the JSON Schema of an input format, generated from the same Go types the
loader reads, for editors (yaml-language-server) and other tools.`,
		Example: `  aims schema agent > .schema/agent.json
  aims schema event | jq .properties`,
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		ValidArgs: gen.Names,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return schemaRun(opts)
		},
	}
}

func schemaRun(opts *Options) error {
	b, err := gen.Generate(opts.Name)
	if err != nil {
		return &cmdutil.InputError{Err: err}
	}
	_, err = opts.Factory.IO.Out.Write(b)
	return err
}
