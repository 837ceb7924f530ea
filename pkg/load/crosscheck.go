package load

import (
	"fmt"
	"sort"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/suggest"
)

// CrossCheck checks what no single file can: unique IDs and references that
// resolve (agent -> system, system -> vendors, agent model provider -> vendor
// register). Duplicates name both places; unresolved names suggest the nearest.
func CrossCheck(inv *model.Inventory, agents []*model.Agent) Problems {
	var ps Problems
	errAt := func(pos model.Pos, format string, args ...any) {
		ps = append(ps, Problem{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
	}
	type seen struct{ pos model.Pos }
	unique := func(kind string, ids []string, path string) map[string]bool {
		first := map[string]model.Pos{}
		set := map[string]bool{}
		for i, id := range ids {
			pos := inv.Pos.Lookup(fmt.Sprintf("%s[%d].id", path, i))
			if id == "" || IsTODO(id) {
				continue
			}
			if p, dup := first[id]; dup {
				errAt(pos, "duplicate %s id %q (first at %s)", kind, id, p)
				continue
			}
			first[id] = pos
			set[id] = true
		}
		return set
	}
	var ids []string
	for _, p := range inv.Policies {
		ids = append(ids, p.ID)
	}
	unique("policy", ids, "policies")
	ids = ids[:0]
	for _, s := range inv.Systems {
		ids = append(ids, s.ID)
	}
	systems := unique("system", ids, "systems")
	ids = ids[:0]
	for _, v := range inv.Vendors {
		ids = append(ids, v.ID)
	}
	vendors := unique("vendor", ids, "vendors")
	ids = ids[:0]
	for _, c := range inv.Controls {
		ids = append(ids, c.ID)
	}
	unique("control", ids, "controls")

	keys := func(m map[string]bool) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	hint := func(name string, m map[string]bool) string {
		if s := Suggest(name, keys(m)); s != "" {
			return fmt.Sprintf(" (did you mean %q?)", s)
		}
		if len(m) == 0 {
			return " (the register is empty)"
		}
		return ""
	}
	// A vendor is named by its ID; a name that is no ID is matched by
	// suggest.ClosestNamed, which also finds "bedrock" in a vendor's name.
	named := make([]suggest.Named, 0, len(inv.Vendors))
	for _, v := range inv.Vendors {
		named = append(named, suggest.Named{ID: v.ID, Name: v.Name})
	}
	vendorHint := func(name string) string {
		if s := suggest.ClosestNamed(name, named); s != "" {
			return fmt.Sprintf(" (did you mean %q?)", s)
		}
		return hint(name, vendors)
	}
	for i, s := range inv.Systems {
		for j, v := range s.Vendors {
			if v != "" && !IsTODO(v) && !vendors[v] {
				errAt(inv.Pos.Lookup(fmt.Sprintf("systems[%d].vendors[%d]", i, j)), "system %s names vendor %q, which is not in the vendor register%s", s.ID, v, vendorHint(v))
			}
		}
	}

	firstAgent := map[string]model.Pos{}
	for _, a := range agents {
		pos := a.Pos.Lookup("id")
		if a.ID != "" && !IsTODO(a.ID) {
			if p, dup := firstAgent[a.ID]; dup {
				errAt(pos, "duplicate agent id %q (first at %s)", a.ID, p)
			} else {
				firstAgent[a.ID] = pos
			}
		}
		if a.System != "" && !IsTODO(a.System) && !systems[a.System] {
			errAt(a.Pos.Lookup("system"), "agent %s names system %q, which is not in the inventory%s", a.ID, a.System, hint(a.System, systems))
		}
		if p := a.Model.Provider; p != "" && !IsTODO(p) && !vendors[p] {
			errAt(a.Pos.Lookup("model.provider"), "agent %s: model provider %q is not in the vendor register%s", a.ID, p, vendorHint(p))
		}
		if a.Lifecycle == model.LifecycleRetired && a.RetiredOn.IsZero() {
			ps = append(ps, Problem{Pos: a.Pos.Lookup("lifecycle"), Severity: Warning, Code: "retired-without-date",
				Msg: fmt.Sprintf("agent %s is retired but has no retired_on date", a.ID)})
		}
		if !a.RetiredOn.IsZero() && !a.Approval.ApprovedOn.IsZero() && a.RetiredOn.Before(a.Approval.ApprovedOn.Time) {
			errAt(a.Pos.Lookup("retired_on"), "agent %s: retired_on %s is before approval.approved_on %s", a.ID, a.RetiredOn, a.Approval.ApprovedOn)
		}
	}
	return ps
}
