// Package engine evaluates the model and the derived facts against the
// catalogue(s) and returns a Result. It is pure: no I/O, no printing.
package engine

import "github.com/aims-cli/aims/pkg/model"

// The result types live in model, so that writers read them without
// importing the engine that judges; every caller outside this package names
// them model.X, and these short names serve the engine's own code.
type (
	Result        = model.Result
	Tool          = model.Tool
	CatalogueRef  = model.CatalogueRef
	Summary       = model.Summary
	GroupSummary  = model.GroupSummary
	ControlResult = model.ControlResult
	Crosswalk     = model.Crosswalk
	CheckResult   = model.CheckResult
	SystemResult  = model.SystemResult
	AgentResult   = model.AgentResult
	VendorResult  = model.VendorResult
	FrameworkView = model.FrameworkView
	FrameworkItem = model.FrameworkItem
)

// SchemaVersion of results.json and `assess --format json`.
const SchemaVersion = model.ResultSchemaVersion

// Control statuses (docs/contract.md §3).
const (
	StatusPass          = model.StatusPass
	StatusFail          = model.StatusFail
	StatusPartial       = model.StatusPartial
	StatusManual        = model.StatusManual
	StatusNotApplicable = model.StatusNotApplicable
)

// Statuses lists the control statuses in report order.
var Statuses = model.Statuses
