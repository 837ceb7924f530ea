package engine

import (
	"errors"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

// Input is everything one assessment judges.
type Input struct {
	Config    *model.Config
	Inventory *model.Inventory
	Agents    []*model.Agent
	// Warnings from the loader (evidence missing or outside the root,
	// credentials in inputs) become findings.
	Warnings   load.Problems
	Evidence   []model.EvidenceRef
	Catalogues *catalogue.Set
	// Logs is nil when no logs were analysed.
	Logs    *model.LogSummary
	History *model.History
	Now     time.Time
}

// Assess evaluates in against its catalogues. STUB: the engine replaces this.
func Assess(in Input) (*Result, error) { return nil, errors.New("engine not implemented yet") }
