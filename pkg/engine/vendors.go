package engine

import (
	"slices"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
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

// vendorUsage finds, for every registered vendor, the agents that use it (as
// model provider, through a tool it provides, or a data source it hosts) and
// the systems that list it. A tool belongs to a vendor when its name, or the
// target of its qualified name (TARGET___TOOL, mcp__SERVER__TOOL), is the
// vendor ID or matches one of the vendor's tools; a data source when it is
// the vendor ID, starts with the ID and a separator (- : /), or matches one
// of the vendor's data_sources.
func vendorUsage(st *state) map[string]*vendorUse {
	use := make(map[string]*vendorUse, len(st.vendors))
	for id := range st.vendors {
		use[id] = &vendorUse{}
	}
	// Vendors that list tools or data sources are matched by glob; the
	// others by ID, through the map, so a large fleet costs a lookup a name.
	var globbed []*model.Vendor
	for i := range st.inv.Vendors {
		v := &st.inv.Vendors[i]
		if st.vendors[v.ID] == v && (len(v.Tools) > 0 || len(v.DataSources) > 0) {
			globbed = append(globbed, v)
		}
	}
	addCats := func(u *vendorUse, cats []string) {
		for _, c := range cats {
			if c != "" && !slices.Contains(u.categories, c) {
				u.categories = append(u.categories, c)
			}
		}
	}
	for _, a := range st.agents {
		var hit []*vendorUse
		mark := func(id string) {
			if u := use[id]; u != nil && !slices.Contains(hit, u) {
				hit = append(hit, u)
			}
		}
		mark(a.Model.Provider)
		for _, g := range a.Tools {
			target, _ := grant.Split(g.Name)
			mark(g.Name)
			mark(target)
			for _, v := range globbed {
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
			for _, v := range globbed {
				if grant.Allows(nonEmpty(v.DataSources), d.Source) {
					mark(v.ID)
				}
			}
		}
		for _, u := range hit {
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

func toolOf(v *model.Vendor, name, target string) bool {
	if len(v.Tools) == 0 {
		return false
	}
	return grant.Allows(v.Tools, name) || target != "" && grant.Allows(v.Tools, target)
}

// nonEmpty keeps grant.Allows from reading a list that was not given as
// "any": a vendor that lists only tools hosts no data source by glob.
func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return []string{}
	}
	return s
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
