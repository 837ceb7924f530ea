package diff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

var (
	levelRank          = map[string]int{"low": 1, "medium": 2, "high": 3, "critical": 4}
	euRank             = map[string]int{"minimal": 1, "limited": 2, "high": 3, "prohibited": 4}
	vendorIsolationRnk = map[string]int{"container": 1, "process": 2, "shared-runtime": 3, "": 3}
)

// vendorChange is one worsened or improved vendor answer, located in the head inventory.
type vendorChange struct {
	field, effect, what, before, after, path string
}

func vendorChanges(b, h *model.Vendor, hIdx int) []vendorChange {
	var out []vendorChange
	p := fmt.Sprintf("vendors[%d].answers", hIdx)
	add := func(field, effect, what, before, after string) {
		out = append(out, vendorChange{field, effect, what, before, after, p + "." + field})
	}
	ab, ah := b.Answers, h.Answers
	if ab.Isolation != ah.Isolation {
		add("isolation", byRank(vendorIsolationRnk, ab.Isolation, ah.Isolation),
			"vendor "+h.ID+" isolation "+orNone(ab.Isolation)+" -> "+orNone(ah.Isolation), ab.Isolation, ah.Isolation)
	}
	if ab.InferencePath != ah.InferencePath {
		eff := Neutral
		switch {
		case ah.InferencePath == "through-vendor" || ab.InferencePath == "byok-direct":
			eff = Widen
		case ah.InferencePath == "byok-direct":
			eff = Narrow
		}
		add("inference_path", eff, "vendor "+h.ID+" inference path "+orNone(ab.InferencePath)+" -> "+orNone(ah.InferencePath),
			ab.InferencePath, ah.InferencePath)
	}
	tb, th := boolText(ab.TrainsOnCustomerData), boolText(ah.TrainsOnCustomerData)
	if tb != th {
		eff := Narrow
		if th == "true" || th == "(not answered)" {
			eff = Widen
		}
		add("trains_on_customer_data", eff, "vendor "+h.ID+" trains on customer data: "+tb+" -> "+th, tb, th)
	}
	pb, ph := boolText(ab.PerAgentToolPermissions), boolText(ah.PerAgentToolPermissions)
	if pb != ph {
		eff := Widen
		if ph == "true" {
			eff = Narrow
		}
		add("per_agent_tool_permissions", eff, "vendor "+h.ID+" per-agent tool permissions: "+pb+" -> "+ph, pb, ph)
	}
	var cb, ch []string
	var rb, rh int
	if ab.AuditLog != nil {
		cb, rb = ab.AuditLog.Captures, ab.AuditLog.RetentionDays
	}
	if ah.AuditLog != nil {
		ch, rh = ah.AuditLog.Captures, ah.AuditLog.RetentionDays
	}
	for _, c := range cb {
		if !slices.Contains(ch, c) {
			add("audit_log", Widen, "vendor "+h.ID+" audit log no longer captures "+c, c, "")
		}
	}
	for _, c := range ch {
		if !slices.Contains(cb, c) {
			add("audit_log", Narrow, "vendor "+h.ID+" audit log now captures "+c, "", c)
		}
	}
	if rb != rh {
		eff := Narrow
		if rh < rb {
			eff = Widen
		}
		add("audit_log", eff, fmt.Sprintf("vendor %s audit-log retention %d -> %d days", h.ID, rb, rh), strconv.Itoa(rb), strconv.Itoa(rh))
	}
	return out
}

func boolText(b *bool) string {
	if b == nil {
		return "(not answered)"
	}
	return strconv.FormatBool(*b)
}

// compareVendor adds the answer changes of the agent's model provider, since
// they change what happens to the agent's data without touching its file.
func compareVendor(d *agentDelta, b, h *sideIndex, ba, ha *model.Agent) {
	// Every vendor the agent uses on both sides (risk.VendorIndex: provider,
	// tool, data source) passes its worsened answers on to the agent. A new
	// provider is its own change; a vendor newly used arrives with the grant
	// or data source that the agent diff already names.
	before := map[string]bool{}
	for _, id := range b.vendorIndex().Used(ba) {
		before[id] = true
	}
	for _, id := range h.vendorIndex().Used(ha) {
		vb, vh := b.vendors[id], h.vendors[id]
		if !before[id] || vb == nil || vh == nil || id == ha.Model.Provider && ba.Model.Provider != ha.Model.Provider {
			continue
		}
		for _, c := range vendorChanges(vb, vh, h.vendIdx[vh.ID]) {
			d.changes = append(d.changes, Change{Field: "vendor." + c.field, Effect: c.effect, What: c.what, Before: c.before, After: c.after,
				Location: h.pos(h.Inventory.Pos.Lookup(c.path))})
		}
	}
}

// compareInventory lists system, vendor and Statement-of-Applicability changes.
func compareInventory(b, h *sideIndex) []InventoryChange {
	var out []InventoryChange
	hpos := func(path string) model.Pos {
		if h.Inventory == nil {
			return model.Pos{}
		}
		return h.pos(h.Inventory.Pos.Lookup(path))
	}
	add := func(kind, subject, field, effect, what, before, after, path string) {
		out = append(out, InventoryChange{SubjectKind: kind, Subject: subject,
			Change: Change{Field: field, Effect: effect, What: what, Before: before, After: after, Location: hpos(path)}})
	}
	if b.Inventory == nil || h.Inventory == nil {
		return []InventoryChange{}
	}
	for _, hs := range h.Inventory.Systems {
		i := h.sysIdx[hs.ID]
		p := fmt.Sprintf("systems[%d]", i)
		bs := b.systems[hs.ID]
		if bs == nil {
			add(model.SubjectSystem, hs.ID, "systems", Widen, "system added "+hs.ID, "", hs.ID, p)
			continue
		}
		if bs.Risk.Level != hs.Risk.Level {
			// A lowered level asks for fewer controls: it widens what is accepted.
			eff := byRank(levelRank, hs.Risk.Level, bs.Risk.Level)
			add(model.SubjectSystem, hs.ID, "risk.level", eff, "system "+hs.ID+" risk level "+orNone(bs.Risk.Level)+" -> "+orNone(hs.Risk.Level),
				bs.Risk.Level, hs.Risk.Level, p+".risk.level")
		}
		if bs.EUAIAct != hs.EUAIAct {
			eff := byRank(euRank, hs.EUAIAct, bs.EUAIAct)
			add(model.SubjectSystem, hs.ID, "eu_ai_act", eff, "system "+hs.ID+" EU AI Act class "+orNone(bs.EUAIAct)+" -> "+orNone(hs.EUAIAct),
				bs.EUAIAct, hs.EUAIAct, p+".eu_ai_act")
		}
		if bs.CustomerFacing != hs.CustomerFacing {
			eff := Narrow
			if hs.CustomerFacing {
				eff = Widen
			}
			add(model.SubjectSystem, hs.ID, "customer_facing", eff, "system "+hs.ID+" customer-facing "+strconv.FormatBool(hs.CustomerFacing),
				strconv.FormatBool(bs.CustomerFacing), strconv.FormatBool(hs.CustomerFacing), p+".customer_facing")
		}
		for j, c := range hs.DataCategories {
			if !slices.Contains(bs.DataCategories, c) {
				add(model.SubjectSystem, hs.ID, "data_categories", Widen, "system "+hs.ID+" data category added "+c, "", c, fmt.Sprintf("%s.data_categories[%d]", p, j))
			}
		}
		for _, c := range bs.DataCategories {
			if !slices.Contains(hs.DataCategories, c) {
				add(model.SubjectSystem, hs.ID, "data_categories", Narrow, "system "+hs.ID+" data category removed "+c, c, "", p+".data_categories")
			}
		}
		for j, v := range hs.Vendors {
			if !slices.Contains(bs.Vendors, v) {
				add(model.SubjectSystem, hs.ID, "vendors", Widen, "system "+hs.ID+" vendor added "+v, "", v, fmt.Sprintf("%s.vendors[%d]", p, j))
			}
		}
	}
	for _, bs := range b.Inventory.Systems {
		if h.systems[bs.ID] == nil {
			add(model.SubjectSystem, bs.ID, "systems", Narrow, "system removed "+bs.ID, bs.ID, "", "systems")
		}
	}
	for _, hv := range h.Inventory.Vendors {
		bv := b.vendors[hv.ID]
		if bv == nil {
			add(model.SubjectVendor, hv.ID, "vendors", Widen, "vendor added "+hv.ID, "", hv.ID, fmt.Sprintf("vendors[%d]", h.vendIdx[hv.ID]))
			continue
		}
		for _, c := range vendorChanges(bv, &hv, h.vendIdx[hv.ID]) {
			add(model.SubjectVendor, hv.ID, "answers."+c.field, c.effect, c.what, c.before, c.after, c.path)
		}
	}
	baseSoA := map[string]model.ControlAttestation{}
	for _, c := range b.Inventory.Controls {
		baseSoA[c.ID] = c
	}
	for i, c := range h.Inventory.Controls {
		old, had := baseSoA[c.ID]
		if !c.IsApplicable() && (!had || old.IsApplicable()) {
			add("control", c.ID, "applicable", Widen, "Statement of Applicability: control "+c.ID+" excluded", "true", "false", fmt.Sprintf("controls[%d].applicable", i))
		}
		if c.IsApplicable() && had && !old.IsApplicable() {
			add("control", c.ID, "applicable", Narrow, "Statement of Applicability: control "+c.ID+" included again", "false", "true", fmt.Sprintf("controls[%d].applicable", i))
		}
	}
	slices.SortStableFunc(out, func(x, y InventoryChange) int {
		if c := strings.Compare(x.SubjectKind, y.SubjectKind); c != 0 {
			return c
		}
		if c := strings.Compare(x.Subject, y.Subject); c != 0 {
			return c
		}
		return strings.Compare(x.What, y.What)
	})
	if out == nil {
		out = []InventoryChange{}
	}
	return out
}
