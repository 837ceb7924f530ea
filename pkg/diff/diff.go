// Package diff computes the risk-profile delta between two loaded aims
// projects (two git revisions or two directories): per agent added, removed,
// renamed or changed, the grants, data, scope, model, isolation, logging,
// oversight and lifecycle changes with the computed risk tier before and
// after, and the inventory changes (system risk lowered, vendor answers
// worsened, Statement-of-Applicability exclusions). Changes that widen an
// agent's risk profile without a fresh risk assessment become findings (the
// CI gate of `aims diff`). The package is pure: values in, a Result out.
package diff

import (
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// SchemaVersion of `aims diff --format json`.
const SchemaVersion = "aims.diff/v1"

// Effects of a change on the risk profile.
const (
	Widen   = "widen"
	Narrow  = "narrow"
	Neutral = "neutral"
)

// Agent statuses.
const (
	StatusAdded   = "added"
	StatusRemoved = "removed"
	StatusRenamed = "renamed"
	StatusChanged = "changed"
)

// Checks and controls of the gate. A risk-widening change is a "significant
// change" in the sense of 8.2 (AI risk assessments are performed when
// significant changes are proposed or occur); a high or critical agent also
// needs its impact assessment redone (8.4); an exclusion added to the
// Statement of Applicability is a risk-treatment decision (6.1.3).
const (
	CheckReassessment = "diff.reassessment-required"
	CheckImpact       = "diff.impact-assessment-required"
	CheckExclusion    = "diff.soa-exclusion-unjustified"

	ControlReassessment = "8.2"
	ControlImpact       = "8.4"
	ControlExclusion    = "6.1.3"
)

// Checks lists every check ID the gate emits; each is declared in the
// catalogue (detector diff) and a test in pkg/engine holds the lists equal.
var Checks = []string{CheckReassessment, CheckImpact, CheckExclusion}

// Side is one revision of a project: what the loader read, and where.
type Side struct {
	// Label names the side in messages: "HEAD~1", "working tree", a directory.
	Label     string
	Inventory *model.Inventory
	Agents    []*model.Agent
	// Root is the directory the files were read under (a temporary extraction
	// for a git revision); file paths are made relative to it.
	Root string
	// Prefix is put before root-relative paths in every location, so that a
	// temporary extraction still reports "compliance/agents/x.yaml" as in
	// the repository ("" keeps paths relative to Root).
	Prefix string
	// Config is the side's aims.yaml (nil for a plain agents directory or a
	// revision without the project); the head's names the catalogues.
	Config *model.Config
}

// Options tune Compare.
type Options struct {
	// ChangeDate is when the head side changed: the head commit's date, or the
	// run's clock for the working tree. Re-assessments must be dated on or after it.
	ChangeDate time.Time
	// Renames maps a base file to its head file (root-relative, slash
	// separated), as `git diff --name-status -M` reports them.
	Renames map[string]string
	// Catalogue makes the gate's observations findings as it declares their
	// checks (severity, remediation, disabled), with the head's user
	// overrides; nil keeps what the gate said.
	Catalogue *catalogue.Set
}

// Change is one difference between two revisions of an agent or inventory entry.
type Change struct {
	// Field is the YAML field that changed: "tools", "tools.operations", "scope" ...
	Field string `json:"field"`
	// Effect is widen, narrow or neutral.
	Effect string `json:"effect"`
	// What says it in words: "grant added jira:create_issue".
	What   string `json:"what"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Location is where the change is in the head files (zero for a removal).
	Location model.Pos `json:"location,omitzero"`
}

// FactorDelta is one risk factor whose points or reason moved.
type FactorDelta struct {
	ID           string `json:"id"`
	PointsBefore int    `json:"points_before"`
	PointsAfter  int    `json:"points_after"`
	Before       string `json:"before,omitempty"`
	After        string `json:"after,omitempty"`
}

// AgentDiff is what changed for one agent.
type AgentDiff struct {
	ID string `json:"id"`
	// PreviousID is the base ID when a rename changed it.
	PreviousID string `json:"previous_id,omitempty"`
	Status     string `json:"status"`
	// Effect is the overall effect: widen when any change widens or the tier rises.
	Effect      string        `json:"effect"`
	System      string        `json:"system,omitempty"`
	BaseFile    string        `json:"base_file,omitempty"`
	HeadFile    string        `json:"head_file,omitempty"`
	TierBefore  string        `json:"tier_before,omitempty"`
	TierAfter   string        `json:"tier_after,omitempty"`
	ScoreBefore int           `json:"score_before"`
	ScoreAfter  int           `json:"score_after"`
	Changes     []Change      `json:"changes"`
	Factors     []FactorDelta `json:"factors,omitempty"`
	// Reassessed says whether the head has a risk assessment on or after the change date.
	Reassessed bool `json:"reassessed"`
}

// InventoryChange is a change of the inventory that is not an agent's own.
type InventoryChange struct {
	SubjectKind string `json:"subject_kind"` // system | vendor | control
	Subject     string `json:"subject"`
	Change
}

// Summary counts the changed agents by effect.
type Summary struct {
	Changed   int `json:"changed"`
	Widened   int `json:"widened"`
	Reduced   int `json:"reduced"`
	Neutral   int `json:"neutral"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Renamed   int `json:"renamed"`
	Inventory int `json:"inventory_changes"`
	// MaxTier is the highest head tier among widened agents ("" when none widened).
	MaxTier string `json:"max_tier,omitempty"`
	// Findings counts the gate findings.
	Findings int `json:"findings"`
}

// Result is the delta between base and head.
type Result struct {
	SchemaVersion string            `json:"schemaVersion"`
	Base          string            `json:"base"`
	Head          string            `json:"head"`
	ChangeDate    model.Date        `json:"change_date"`
	Summary       Summary           `json:"summary"`
	Agents        []AgentDiff       `json:"agents"`
	Inventory     []InventoryChange `json:"inventory"`
	// Findings are sorted by model.Finding.Less.
	Findings []model.Finding `json:"findings"`
}

// sideIndex is a Side with lookups.
type sideIndex struct {
	*Side
	systems map[string]*model.System
	sysIdx  map[string]int
	vendors map[string]*model.Vendor
	vendIdx map[string]int
	used    *risk.VendorIndex // built on first use
}

// vendorIndex says which vendors an agent of this side uses.
func (x *sideIndex) vendorIndex() *risk.VendorIndex {
	if x.used == nil {
		var list []model.Vendor
		if x.Inventory != nil {
			list = x.Inventory.Vendors
		}
		x.used = risk.NewVendorIndex(x.vendors, list)
	}
	return x.used
}

func index(s *Side) *sideIndex {
	if s == nil {
		s = &Side{}
	}
	x := &sideIndex{Side: s, systems: map[string]*model.System{}, sysIdx: map[string]int{},
		vendors: map[string]*model.Vendor{}, vendIdx: map[string]int{}}
	if s.Inventory != nil {
		for i := range s.Inventory.Systems {
			x.systems[s.Inventory.Systems[i].ID] = &s.Inventory.Systems[i]
			x.sysIdx[s.Inventory.Systems[i].ID] = i
		}
		for i := range s.Inventory.Vendors {
			x.vendors[s.Inventory.Vendors[i].ID] = &s.Inventory.Vendors[i]
			x.vendIdx[s.Inventory.Vendors[i].ID] = i
		}
	}
	return x
}

// vendorMap is nil without an inventory, so that risk.Compute knows.
func (x *sideIndex) vendorMap() map[string]*model.Vendor {
	if x.Inventory == nil {
		return nil
	}
	return x.vendors
}

// rel returns a file's path as reported: Prefix + root-relative, slash separated.
func (x *sideIndex) rel(file string) string {
	if file == "" {
		return ""
	}
	r := file
	if x.Root != "" {
		if p, err := filepath.Rel(x.Root, file); err == nil && !strings.HasPrefix(p, "..") {
			r = p
		}
	}
	r = filepath.ToSlash(r)
	if x.Prefix != "" {
		r = path.Join(x.Prefix, r)
	}
	return r
}

// pos makes a position reportable (its file as rel does).
func (x *sideIndex) pos(p model.Pos) model.Pos {
	p.File = x.rel(p.File)
	return p
}

// key is a file's path relative to Root, for matching across sides.
func (x *sideIndex) key(file string) string {
	if x.Root != "" {
		if p, err := filepath.Rel(x.Root, file); err == nil {
			return filepath.ToSlash(p)
		}
	}
	return filepath.ToSlash(file)
}

// Compare returns the risk-profile delta from base to head.
func Compare(base, head *Side, opts Options) *Result {
	b, h := index(base), index(head)
	res := &Result{SchemaVersion: SchemaVersion, Base: b.Label, Head: h.Label,
		Agents: []AgentDiff{}, Inventory: []InventoryChange{}, Findings: []model.Finding{}}
	if !opts.ChangeDate.IsZero() {
		y, m, d := opts.ChangeDate.UTC().Date()
		res.ChangeDate = model.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	}

	for _, p := range pairAgents(b, h, opts.Renames) {
		d := compareAgent(b, h, p.base, p.head)
		if d == nil {
			continue
		}
		gate(res, h, p.head, d)
		res.Agents = append(res.Agents, *d)
	}
	slices.SortFunc(res.Agents, func(x, y AgentDiff) int { return strings.Compare(x.ID, y.ID) })

	res.Inventory = compareInventory(b, h)
	gateInventory(res, b, h)
	if opts.Catalogue != nil {
		res.Findings = opts.Catalogue.ApplyAll(res.Findings)
	}

	slices.SortStableFunc(res.Findings, func(x, y model.Finding) int {
		switch {
		case x.Less(y):
			return -1
		case y.Less(x):
			return 1
		}
		return 0
	})
	res.Summary = summarize(res)
	return res
}

func summarize(r *Result) Summary {
	s := Summary{Changed: len(r.Agents), Inventory: len(r.Inventory), Findings: len(r.Findings)}
	for _, a := range r.Agents {
		switch a.Effect {
		case Widen:
			s.Widened++
			if risk.Rank(a.TierAfter) > risk.Rank(s.MaxTier) {
				s.MaxTier = a.TierAfter
			}
		case Narrow:
			s.Reduced++
		default:
			s.Neutral++
		}
		switch a.Status {
		case StatusAdded:
			s.Added++
		case StatusRemoved:
			s.Removed++
		case StatusRenamed:
			s.Renamed++
		}
	}
	return s
}

type agentPair struct{ base, head *model.Agent }

// pairAgents matches base and head agents: by ID first, then by file (same
// path, or a git rename), so that a moved file or a changed ID shows as a
// rename and not as a removal plus an addition.
func pairAgents(b, h *sideIndex, renames map[string]string) []agentPair {
	var pairs []agentPair
	headByID := map[string]*model.Agent{}
	for _, a := range h.Agents {
		headByID[a.ID] = a
	}
	usedHead := map[*model.Agent]bool{}
	var restBase []*model.Agent
	for _, a := range b.Agents {
		if m := headByID[a.ID]; m != nil && !usedHead[m] {
			usedHead[m] = true
			pairs = append(pairs, agentPair{a, m})
			continue
		}
		restBase = append(restBase, a)
	}
	headByFile := map[string]*model.Agent{}
	for _, a := range h.Agents {
		if !usedHead[a] {
			headByFile[h.key(a.File)] = a
		}
	}
	for _, a := range restBase {
		k := b.key(a.File)
		if to, ok := renames[k]; ok {
			k = to
		}
		if m := headByFile[k]; m != nil && !usedHead[m] {
			usedHead[m] = true
			pairs = append(pairs, agentPair{a, m})
			continue
		}
		pairs = append(pairs, agentPair{a, nil})
	}
	for _, a := range h.Agents {
		if !usedHead[a] {
			pairs = append(pairs, agentPair{nil, a})
		}
	}
	return pairs
}
