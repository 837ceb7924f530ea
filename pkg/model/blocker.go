package model

// Blocker kinds: what stands between the organisation and certification
// (issue 13 §4). The engine decides them once; every writer prints them.
const (
	BlockerClauseFailed      = "clause-failed"
	BlockerControlNotInPlace = "control-not-in-place"
	BlockerCriticalFinding   = "critical-finding"
)

// Blocker is one reason the AIMS would not pass a certification audit as it
// stands: a mandatory clause that fails, an applicable control attested as
// planned or not implemented, or a critical finding.
type Blocker struct {
	Kind    string `json:"kind"`
	Control string `json:"control"`
	// Finding is the stable ID of the finding behind the blocker, when one is.
	Finding string `json:"finding,omitempty"`
	Reason  string `json:"reason"`
}
