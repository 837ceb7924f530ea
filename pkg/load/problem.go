// Package load reads aims YAML (config, inventory, agents) strictly: unknown
// fields, wrong types, impossible dates, bad enum values, duplicate keys and
// IDs, and unresolved references are all reported with file:line:col, all of
// them, never just the first. It walks yaml.Node trees itself because
// KnownFields gives no column and decoding from a node ignores it.
package load

import "github.com/aims-cli/aims/pkg/model"

// Severity of a problem.
const (
	Error   = model.ProblemError
	Warning = model.ProblemWarning
)

// Problem and Problems live in model so that the engine and the writers can
// carry loader warnings without importing the loader.
type (
	Problem  = model.Problem
	Problems = model.Problems
)
