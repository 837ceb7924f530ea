package load

import (
	"github.com/aims-cli/aims/pkg/model"
)

// Project is aims.yaml and everything it names, loaded and cross-checked.
type Project struct {
	Config    *model.Config
	Inventory *model.Inventory
	// Agents are sorted by ID.
	Agents []*model.Agent
	// Warnings are problems that never fail validate but become findings in
	// assess: evidence paths missing or outside the root, credentials in inputs.
	Warnings Problems
	// Evidence is every evidence reference of the inputs with its state.
	Evidence []model.EvidenceRef
	// Secrets are the credentials found in the inputs (values redacted).
	Secrets []Secret
	// Sources are the input files as read, credentials redacted, by path
	// relative to the project root (for the pack's inputs/ and its digests).
	Sources []Source
}

// Source is one input file.
type Source struct {
	Path     string `json:"path"`   // relative to the project root, slash-separated
	Kind     string `json:"kind"`   // config | inventory | agent
	SHA256   string `json:"sha256"` // of the original bytes
	Redacted []byte `json:"-"`      // the bytes with credentials replaced by [REDACTED:kind]
}

// Secret is a credential found in an input.
type Secret struct {
	Pos  model.Pos `json:"location"`
	Kind string    `json:"kind"`
}
