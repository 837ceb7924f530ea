// Package shared holds what `aims controls list` and `show` both need: the
// catalogues of the project (aims.yaml `catalogues:`), else the builtin ones.
package shared

import (
	"errors"
	"io/fs"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/load"
)

// Catalogues returns a loader for the run's catalogue set: the catalogues
// aims.yaml names when there is one, else the builtin catalogue. A config
// named explicitly (--config) must exist.
func Catalogues(f *cmdutil.Factory) func() (*catalogue.Set, error) {
	return func() (*catalogue.Set, error) {
		path := "aims.yaml"
		if f.ConfigPath != nil {
			path = f.ConfigPath()
		}
		explicit := f.ConfigExplicit != nil && f.ConfigExplicit()
		cfg, err := load.ReadConfig(path)
		switch {
		case err == nil && cfg != nil:
		case (errors.Is(err, load.ErrNoConfig) || errors.Is(err, fs.ErrNotExist)) && !explicit:
			return catalogue.Builtin()
		case err == nil:
			return catalogue.Builtin()
		default:
			var ps load.Problems
			if errors.As(err, &ps) {
				return nil, &cmdutil.InputError{Msg: path + " does not load", Err: ps}
			}
			return nil, &cmdutil.InputError{Err: err}
		}
		set, err := catalogue.LoadSet(cfg.Catalogues, cfg.Dir)
		if err != nil {
			var ps load.Problems
			if errors.As(err, &ps) {
				return nil, &cmdutil.InputError{Msg: "the catalogues in " + path + " do not load", Err: ps}
			}
			return nil, err
		}
		return set, nil
	}
}
