package cmdutil

import (
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/aims-cli/aims/pkg/iostreams"
	"github.com/aims-cli/aims/pkg/load"
)

// Factory is what every command gets: the streams, the clock, the settings
// (flag > AIMS_* env > aims.yaml > default, one viper instance per run) and
// the lazily loaded project. Tests replace any field.
type Factory struct {
	IO *iostreams.IOStreams
	// Now is the run's clock: --now, else SOURCE_DATE_EPOCH, else the wall clock (UTC).
	Now func() time.Time
	// ConfigPath is the aims.yaml in use (--config, AIMS_CONFIG, ./aims.yaml).
	ConfigPath func() string
	// ConfigExplicit reports whether the user named a config (a missing one is then an error).
	ConfigExplicit func() bool
	// Project loads aims.yaml and everything it names, once per run.
	Project func() (*load.Project, error)

	Viper   *viper.Viper
	Verbose bool
	Quiet   bool

	once     sync.Once
	settings map[string]any
}

// Bind makes the flag one source of the setting key (AIMS_<KEY> and the key in aims.yaml are the others).
func (f *Factory) Bind(flag *pflag.Flag, key string) {
	if flag != nil {
		_ = f.Viper.BindPFlag(key, flag)
	}
}

// String returns a setting after flag > env > aims.yaml > default.
func (f *Factory) String(key string) string {
	f.fileLayer()
	return f.Viper.GetString(key)
}

// Int returns an integer setting.
func (f *Factory) Int(key string) int {
	f.fileLayer()
	return f.Viper.GetInt(key)
}

// Bool returns a boolean setting.
func (f *Factory) Bool(key string) bool {
	f.fileLayer()
	return f.Viper.GetBool(key)
}

// fileLayer merges aims.yaml's top-level settings into viper below flags and env.
// A config that fails to load adds nothing here; Project reports its errors.
func (f *Factory) fileLayer() {
	f.once.Do(func() {
		if f.ConfigPath == nil {
			return
		}
		cfg, err := load.ReadConfig(f.ConfigPath())
		if err != nil || cfg == nil {
			return
		}
		m := map[string]any{}
		if cfg.FailOn != "" {
			m["fail_on"] = cfg.FailOn
		}
		if cfg.Output != "" {
			m["output"] = cfg.Output
		}
		if cfg.Format != "" {
			m["format"] = cfg.Format
		}
		_ = f.Viper.MergeConfigMap(m)
	})
}

// NewViper returns the run's viper with AIMS_* environment variables bound.
func NewViper() *viper.Viper {
	v := viper.New()
	v.SetEnvPrefix("AIMS")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	return v
}

// ProgressTo is where progress goes: stderr when it is a terminal and the
// run is not quiet, else nowhere (nil).
func ProgressTo(ios *iostreams.IOStreams, quiet bool) io.Writer {
	if ios.ProgressEnabled() && !quiet {
		return ios.ErrOut
	}
	return nil
}
