// Package build carries the version stamped at link time.
package build

import "runtime/debug"

// Version is set with -ldflags "-X github.com/aims-cli/aims/pkg/build.Version=v1.2.3".
var Version = ""

// String returns the version: the stamped one, else the module version, else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.1.0-dev"
}
