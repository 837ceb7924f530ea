package risk

import (
	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
)

// VendorIndex answers "which registered vendors does this agent use", the
// one rule that assess (vendor checks, data-processing agreements, vendor
// pages) and diff (a worsened vendor needs its users re-assessed) share. An
// agent uses a vendor as its model provider, through a tool the vendor
// provides, or through a data source it hosts. A tool belongs to a vendor
// when its name, or the target of its qualified name (TARGET___TOOL,
// mcp__SERVER__TOOL), is the vendor ID or matches one of the vendor's tools;
// a data source when it is the vendor ID, starts with the ID and a separator
// (- : /), or matches one of the vendor's data_sources.
type VendorIndex struct {
	byID map[string]*model.Vendor
	// globbed are the vendors that list tools or data sources: matched by
	// glob, the others by ID through the map, so that a large fleet costs a
	// lookup a name.
	globbed []*model.Vendor
}

// NewVendorIndex indexes the register; byID holds the vendor each ID means
// (the first of duplicates), list the register in order.
func NewVendorIndex(byID map[string]*model.Vendor, list []model.Vendor) *VendorIndex {
	x := &VendorIndex{byID: byID}
	for i := range list {
		v := &list[i]
		if byID[v.ID] == v && (len(v.Tools) > 0 || len(v.DataSources) > 0) {
			x.globbed = append(x.globbed, v)
		}
	}
	return x
}

// Used returns the IDs of the registered vendors a uses, each once, in the
// order first met (provider, tools, data sources).
func (x *VendorIndex) Used(a *model.Agent) []string {
	var out []string
	seen := map[string]bool{}
	mark := func(id string) {
		if _, ok := x.byID[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	mark(a.Model.Provider)
	for _, g := range a.Tools {
		target, _ := grant.Split(g.Name)
		mark(g.Name)
		mark(target)
		for _, v := range x.globbed {
			if toolOf(v, g.Name, target) {
				mark(v.ID)
			}
		}
	}
	for _, d := range a.Data {
		for i := 0; i < len(d.Source); i++ {
			if c := d.Source[i]; c == '-' || c == ':' || c == '/' {
				mark(d.Source[:i])
			}
		}
		mark(d.Source)
		for _, v := range x.globbed {
			if len(v.DataSources) > 0 && grant.Allows(v.DataSources, d.Source) {
				mark(v.ID)
			}
		}
	}
	return out
}

func toolOf(v *model.Vendor, name, target string) bool {
	if len(v.Tools) == 0 {
		return false
	}
	return grant.Allows(v.Tools, name) || target != "" && grant.Allows(v.Tools, target)
}
