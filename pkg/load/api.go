package load

import (
	"errors"

	"github.com/aims-cli/aims/pkg/model"
)

// ErrNotImplemented is temporary while the loader is written.
var ErrNotImplemented = errors.New("loader not implemented yet")

// ReadConfig reads aims.yaml strictly. A missing file returns (nil, fs.ErrNotExist-wrapped error).
func ReadConfig(path string) (*model.Config, error) { return nil, ErrNotImplemented }

// LoadProject reads aims.yaml at configPath and everything it names. Input
// errors come back as Problems (every problem, sorted); warnings are in
// Project.Warnings.
func LoadProject(configPath string) (*Project, error) { return nil, ErrNotImplemented }
