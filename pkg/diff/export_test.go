package diff

// The writer tests live in package diff_test (they import pkg/report, which
// imports this package) and build their inputs from the same fixtures.
var (
	FiveAgentsForTest = fiveAgents
	TriageForTest     = triage
	InventoryForTest  = inventory
	SideForTest       = side
	CompareForTest    = compare
)
