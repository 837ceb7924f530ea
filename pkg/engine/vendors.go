package engine

import (
	"slices"

	"github.com/aims-cli/aims/pkg/risk"
)

// vendorUse is how the agents and systems use one vendor: the one answer to
// "which vendors do the agents depend on", which the vendor checks, the
// data-processing-agreement rule and the vendor pages all read.
type vendorUse struct {
	agents     []string // sorted, unique
	systems    []string // sorted, unique
	categories []string // data handled through the vendor, sorted, unique
}

// vendorUsage finds, for every registered vendor, the agents that use it
// (risk.VendorIndex: as model provider, through a tool it provides, or a
// data source it hosts) and the systems that list it.
func vendorUsage(st *state) map[string]*vendorUse {
	use := make(map[string]*vendorUse, len(st.vendors))
	for id := range st.vendors {
		use[id] = &vendorUse{}
	}
	addCats := func(u *vendorUse, cats []string) {
		for _, c := range cats {
			if c != "" && !slices.Contains(u.categories, c) {
				u.categories = append(u.categories, c)
			}
		}
	}
	idx := risk.NewVendorIndex(st.vendors, st.inv.Vendors)
	for _, a := range st.agents {
		for _, id := range idx.Used(a) {
			u := use[id]
			u.agents = append(u.agents, a.ID) // st.agents is sorted: so is this
			for _, d := range a.Data {
				addCats(u, d.Categories)
			}
		}
	}
	for _, s := range st.inv.Systems {
		for _, id := range s.Vendors {
			if u := use[id]; u != nil && !slices.Contains(u.systems, s.ID) {
				u.systems = append(u.systems, s.ID)
				addCats(u, s.DataCategories)
			}
		}
	}
	for _, u := range use {
		slices.Sort(u.systems)
		slices.Sort(u.categories)
	}
	return use
}

// personal lists the categories that are about people.
func personal(cats []string) []string {
	out := []string{}
	for _, c := range cats {
		if risk.IsPersonal(c) {
			out = append(out, c)
		}
	}
	return out
}

// used: an agent or a system depends on the vendor.
func (u *vendorUse) used() bool { return u != nil && (len(u.agents) > 0 || len(u.systems) > 0) }
