package load

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/safeopen"
	"io/fs"

	"github.com/aims-cli/aims/pkg/model"
)

// ErrNoConfig is returned (wrapped) when aims.yaml does not exist.
var ErrNoConfig = errors.New("config not found")

// ReadConfig reads aims.yaml strictly and fills defaults. A missing file
// returns an error wrapping ErrNoConfig.
func ReadConfig(path string) (*model.Config, error) {
	data, err := safeopen.ReadFile(path, safeopen.MaxConfig)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNoConfig)
		}
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	c, _, ps := ParseConfig(path, data)
	if errs := ps.Errors(); len(errs) > 0 {
		return nil, errs
	}
	applyConfigDefaults(c, path)
	return c, nil
}
