// Package initcmd implements `aims init`.
package initcmd

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/schema"
)

//go:embed scaffold
var scaffold embed.FS

// Options are the parsed flags of `aims init`.
type Options struct {
	Factory *cmdutil.Factory
	Dir     string
	Force   bool
}

// NewCmdInit returns `aims init [DIR]`.
func NewCmdInit(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Factory: f}
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold aims.yaml, inventory.yaml and agents/ with commented examples",
		Long: `Scaffold a project in DIR (default: the current directory): aims.yaml,
inventory.yaml and agents/ with one commented example agent, plus the JSON Schemas
in .schema/ that the files' yaml-language-server comments point to, so editors
complete and check fields offline. Existing files are never overwritten unless --force.`,
		Example: `  aims init
  aims init compliance/aims && aims validate --config compliance/aims/aims.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = "."
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite existing files")
	return cmd
}

func initRun(opts *Options) error {
	files := map[string][]byte{}
	err := fs.WalkDir(scaffold, "scaffold", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := scaffold.ReadFile(p)
		files[p[len("scaffold/"):]] = b
		return err
	})
	if err != nil {
		return err
	}
	for _, name := range schema.Names {
		b, err := schema.Generate(name)
		if err != nil {
			return err
		}
		files[".schema/"+name+".json"] = b
	}
	if !opts.Force {
		for name := range files {
			if _, err := os.Stat(filepath.Join(opts.Dir, name)); err == nil {
				return cmdutil.InputErrorf("%s already exists; use --force to overwrite", filepath.Join(opts.Dir, name))
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(opts.Dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := cmdutil.WriteFileAtomic(p, files[name], 0o644); err != nil {
			return err
		}
		if !opts.Factory.Quiet {
			fmt.Fprintf(opts.Factory.IO.Out, "wrote %s\n", p)
		}
	}
	if !opts.Factory.Quiet {
		fmt.Fprintf(opts.Factory.IO.Out, "\nNext: edit the files, then run\n  aims validate --config %s\n  aims assess --config %s\n",
			filepath.Join(opts.Dir, "aims.yaml"), filepath.Join(opts.Dir, "aims.yaml"))
	}
	return nil
}
