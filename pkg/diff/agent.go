package diff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/risk"
)

// agentDelta collects the changes of one agent with their head positions.
type agentDelta struct {
	changes []Change
	head    *model.Agent
	hx      *sideIndex
}

func (d *agentDelta) add(field, effect, what, before, after, yamlPath string) {
	c := Change{Field: field, Effect: effect, What: what, Before: before, After: after}
	if d.head != nil && yamlPath != "" {
		c.Location = d.hx.pos(d.head.Pos.Lookup(yamlPath))
	}
	d.changes = append(d.changes, c)
}

// compareAgent returns the delta of one agent pair, or nil when nothing that
// matters changed.
func compareAgent(b, h *sideIndex, ba, ha *model.Agent) *AgentDiff {
	d := &AgentDiff{Changes: []Change{}}
	ad := &agentDelta{head: ha, hx: h}
	var pb, ph risk.Profile
	if ba != nil {
		pb = risk.Compute(ba, b.systems[ba.System], b.vendorMap())
		d.TierBefore, d.ScoreBefore, d.BaseFile = pb.Tier, pb.Score, b.rel(ba.File)
		d.ID, d.System = ba.ID, ba.System
	}
	if ha != nil {
		ph = risk.Compute(ha, h.systems[ha.System], h.vendorMap())
		d.TierAfter, d.ScoreAfter, d.HeadFile = ph.Tier, ph.Score, h.rel(ha.File)
		d.ID, d.System = ha.ID, ha.System
	}
	switch {
	case ba == nil && (ha.Lifecycle == model.LifecycleDesign || ha.Lifecycle == model.LifecycleRetired):
		// Nothing of an agent in design or retired runs: its grants are a plan
		// or history. The gate judges it when its lifecycle moves on (design ->
		// development widens), not the day its first sketch is committed.
		d.Status = StatusAdded
		ad.add("agent", Neutral, "agent added in "+ha.Lifecycle+": nothing runs until its lifecycle moves on", "", ha.ID, "id")
	case ba == nil:
		d.Status = StatusAdded
		what := "agent added"
		if w := risk.WriteOperations(ha); len(w) > 0 {
			what += " with write grants " + strings.Join(w, ", ")
		}
		ad.add("agent", Widen, what, "", ha.ID, "id")
	case ha == nil:
		d.Status = StatusRemoved
		ad.add("agent", Narrow, "agent removed", ba.ID, "", "")
	default:
		d.Status = StatusChanged
		if ba.ID != ha.ID {
			d.Status, d.PreviousID = StatusRenamed, ba.ID
			ad.add("id", Neutral, "id changed", ba.ID, ha.ID, "id")
		}
		if d.BaseFile != "" && b.key(ba.File) != h.key(ha.File) {
			d.Status = StatusRenamed
			ad.add("file", Neutral, "file renamed", d.BaseFile, d.HeadFile, "")
		}
		compareFields(ad, b, h, ba, ha)
	}
	d.Changes = ad.changes
	d.Factors = factorDeltas(pb, ph, ba != nil, ha != nil)
	if d.Status == StatusChanged && len(d.Changes) == 0 && d.TierBefore == d.TierAfter {
		return nil
	}
	if d.TierBefore != d.TierAfter && ba != nil && ha != nil {
		eff := Neutral
		if risk.Rank(d.TierAfter) > risk.Rank(d.TierBefore) {
			eff = Widen
		} else {
			eff = Narrow
		}
		d.Changes = append(d.Changes, Change{Field: "risk.computed", Effect: eff, What: "computed risk " + d.TierBefore + " -> " + d.TierAfter,
			Before: d.TierBefore, After: d.TierAfter})
	}
	d.Effect = overall(d.Changes)
	return d
}

// overall is widen when anything widens, narrow when something narrows and
// nothing widens, else neutral.
func overall(cs []Change) string {
	e := Neutral
	for _, c := range cs {
		switch c.Effect {
		case Widen:
			return Widen
		case Narrow:
			e = Narrow
		}
	}
	return e
}

func factorDeltas(b, h risk.Profile, hasB, hasH bool) []FactorDelta {
	type pair struct{ b, h *risk.Factor }
	m := map[string]*pair{}
	var ids []string
	get := func(id string) *pair {
		if p, ok := m[id]; ok {
			return p
		}
		p := &pair{}
		m[id] = p
		ids = append(ids, id)
		return p
	}
	for i := range b.Factors {
		get(b.Factors[i].ID).b = &b.Factors[i]
	}
	for i := range h.Factors {
		get(h.Factors[i].ID).h = &h.Factors[i]
	}
	var out []FactorDelta
	for _, id := range ids {
		p := m[id]
		var fd FactorDelta
		fd.ID = id
		if p.b != nil && hasB {
			fd.PointsBefore, fd.Before = p.b.Points, p.b.Detail
		}
		if p.h != nil && hasH {
			fd.PointsAfter, fd.After = p.h.Points, p.h.Detail
		}
		if fd.PointsBefore == fd.PointsAfter && fd.Before == fd.After {
			continue
		}
		out = append(out, fd)
	}
	slices.SortStableFunc(out, func(x, y FactorDelta) int { return strings.Compare(x.ID, y.ID) })
	return out
}

var (
	scopeRank     = map[string]int{"private": 1, "team": 2, "organization": 3, "": 3}
	audienceRank  = map[string]int{"internal": 1, "customer-facing": 2}
	isolationRank = map[string]int{"container": 1, "process": 2, "shared": 3, "": 3}
	lifecycleRank = map[string]int{"design": 1, "development": 2, "testing": 3, "deployed": 4, "retired": 0, "": 0}
)

func byRank(rank map[string]int, before, after string) string {
	switch rb, ra := rank[before], rank[after]; {
	case ra > rb:
		return Widen
	case ra < rb:
		return Narrow
	}
	return Neutral
}

func orNone(s string) string {
	if s == "" {
		return "(not set)"
	}
	return s
}

// compareFields compares two revisions of the same agent field by field.
func compareFields(d *agentDelta, b, h *sideIndex, ba, ha *model.Agent) {
	neutral := func(field, label, before, after string) {
		if before != after {
			d.add(field, Neutral, label+" changed", before, after, field)
		}
	}
	neutral("name", "name", ba.Name, ha.Name)
	neutral("owner", "owner", ba.Owner, ha.Owner)
	neutral("purpose", "purpose", ba.Purpose, ha.Purpose)
	neutral("version", "version", ba.Version, ha.Version)
	neutral("system", "system", ba.System, ha.System)

	if ba.Scope != ha.Scope {
		d.add("scope", byRank(scopeRank, ba.Scope, ha.Scope), "scope "+orNone(ba.Scope)+" -> "+orNone(ha.Scope), ba.Scope, ha.Scope, "scope")
	}
	if ab, ah := effectiveAudience(ba, b), effectiveAudience(ha, h); ab != ah || ba.Audience != ha.Audience {
		d.add("audience", byRank(audienceRank, ab, ah), "audience "+ab+" -> "+ah, ba.Audience, ha.Audience, "audience")
	}
	if ba.Lifecycle != ha.Lifecycle {
		d.add("lifecycle", byRank(lifecycleRank, ba.Lifecycle, ha.Lifecycle), "lifecycle "+orNone(ba.Lifecycle)+" -> "+orNone(ha.Lifecycle), ba.Lifecycle, ha.Lifecycle, "lifecycle")
	}
	if ba.Isolation != ha.Isolation {
		d.add("isolation", byRank(isolationRank, ba.Isolation, ha.Isolation), "isolation "+orNone(ba.Isolation)+" -> "+orNone(ha.Isolation), ba.Isolation, ha.Isolation, "isolation")
	}
	compareModel(d, ba, ha)
	compareGrants(d, ba, ha)
	compareData(d, ba, ha)
	compareLogging(d, ba.Logging, ha.Logging)
	compareOversight(d, ba, ha)
	compareList(d, "identities", "identity", ba.Identities, ha.Identities, Neutral, Neutral)
	if ba.TrainingOnCustomerData != ha.TrainingOnCustomerData {
		eff := Narrow
		if ha.TrainingOnCustomerData {
			eff = Widen
		}
		d.add("training_on_customer_data", eff, "training on customer data "+onOff(ha.TrainingOnCustomerData),
			strconv.FormatBool(ba.TrainingOnCustomerData), strconv.FormatBool(ha.TrainingOnCustomerData), "training_on_customer_data")
	}
	if ba.Disclosure != ha.Disclosure {
		eff := Narrow
		if !ha.Disclosure {
			eff = Widen
		}
		d.add("disclosure", eff, "AI disclosure "+onOff(ha.Disclosure), strconv.FormatBool(ba.Disclosure), strconv.FormatBool(ha.Disclosure), "disclosure")
	}
	if ba.Risk.Level != ha.Risk.Level {
		d.add("risk.level", byRank(map[string]int{"low": 4, "medium": 3, "high": 2, "critical": 1, "": 0}, ba.Risk.Level, ha.Risk.Level),
			"declared risk "+orNone(ba.Risk.Level)+" -> "+orNone(ha.Risk.Level), ba.Risk.Level, ha.Risk.Level, "risk.level")
	}
	neutral("risk.assessed_on", "risk assessment date", ba.Risk.AssessedOn.String(), ha.Risk.AssessedOn.String())
	neutral("approval.approved_on", "approval date", ba.Approval.ApprovedOn.String(), ha.Approval.ApprovedOn.String())
	neutral("testing.last_run", "last test run", ba.Testing.LastRun.String(), ha.Testing.LastRun.String())
	neutral("retired_on", "retirement date", ba.RetiredOn.String(), ha.RetiredOn.String())
	compareVendor(d, b, h, ba, ha)
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}

func effectiveAudience(a *model.Agent, x *sideIndex) string {
	if a.Audience != "" {
		return a.Audience
	}
	if s := x.systems[a.System]; s != nil && s.CustomerFacing {
		return "customer-facing"
	}
	return "internal"
}

func byok(a *model.Agent, x *sideIndex) bool {
	if a.Model.BYOK != nil {
		return *a.Model.BYOK
	}
	v := x.vendors[a.Model.Provider]
	return v != nil && v.Answers.InferencePath == "byok-direct"
}

func compareModel(d *agentDelta, ba, ha *model.Agent) {
	if ba.Model.Provider != ha.Model.Provider {
		// A new provider is a new party receiving the agent's data (8.2, A.10).
		d.add("model.provider", Widen, "model provider "+orNone(ba.Model.Provider)+" -> "+orNone(ha.Model.Provider),
			ba.Model.Provider, ha.Model.Provider, "model.provider")
	}
	if ba.Model.Name != ha.Model.Name {
		d.add("model.name", Neutral, "model "+orNone(ba.Model.Name)+" -> "+orNone(ha.Model.Name), ba.Model.Name, ha.Model.Name, "model.name")
	}
	kb, kh := ba.Model.BYOK != nil && *ba.Model.BYOK, ha.Model.BYOK != nil && *ha.Model.BYOK
	if kb != kh {
		eff, what := Narrow, "BYOK on: inference with the organisation's own key"
		if kb {
			eff, what = Widen, "BYOK off: inference runs through the vendor"
		}
		d.add("model.byok", eff, what, strconv.FormatBool(kb), strconv.FormatBool(kh), "model.byok")
	}
	// An empty allow-list places no restriction on models.
	switch {
	case len(ba.Model.Allowed) > 0 && len(ha.Model.Allowed) == 0:
		d.add("model.allowed", Widen, "allowed models: restriction removed", strings.Join(ba.Model.Allowed, ", "), "any", "model")
	case len(ba.Model.Allowed) == 0 && len(ha.Model.Allowed) > 0:
		d.add("model.allowed", Narrow, "allowed models restricted to "+strings.Join(ha.Model.Allowed, ", "), "any", strings.Join(ha.Model.Allowed, ", "), "model.allowed")
	default:
		compareGlobs(d, "model.allowed", "allowed model", ba.Model.Allowed, ha.Model.Allowed, "model.allowed")
	}
}

// covers reports whether pattern a admits everything pattern b admits, by
// the one glob meaning of pkg/grant ('*' crosses '/').
func covers(a, b string) bool { return grant.Covers(a, b) }

func coveredBy(p string, set []string) bool {
	for _, q := range set {
		if covers(q, p) {
			return true
		}
	}
	return false
}

// compareGlobs reports patterns added (widen unless an old pattern already
// covers them) and removed (narrow unless a new pattern still covers them).
func compareGlobs(d *agentDelta, field, label string, before, after []string, yamlPath string) {
	for i, p := range after {
		if slices.Contains(before, p) {
			continue
		}
		eff := Widen
		if coveredBy(p, before) {
			eff = Neutral
		}
		d.add(field, eff, label+" added "+p, "", p, fmt.Sprintf("%s[%d]", yamlPath, i))
	}
	for _, p := range before {
		if slices.Contains(after, p) {
			continue
		}
		eff := Narrow
		if coveredBy(p, after) {
			eff = Neutral
		}
		d.add(field, eff, label+" removed "+p, p, "", yamlPath)
	}
}

func listText(l []string) string {
	switch {
	case l == nil:
		return "any"
	case len(l) == 0:
		return "none"
	}
	return strings.Join(l, ", ")
}

func compareGrants(d *agentDelta, ba, ha *model.Agent) {
	baseBy := map[string]model.Grant{}
	for _, g := range ba.Tools {
		baseBy[g.Name] = g
	}
	seen := map[string]bool{}
	for i, g := range ha.Tools {
		seen[g.Name] = true
		p := fmt.Sprintf("tools[%d]", i)
		old, ok := baseBy[g.Name]
		if !ok {
			what := "grant added " + g.Name
			switch {
			case g.Operations == nil:
				what += " (any operation)"
			case len(g.Operations) > 0:
				parts := make([]string, len(g.Operations))
				for j, op := range g.Operations {
					parts[j] = g.Name + ":" + op
				}
				what = "grant added " + strings.Join(parts, ", ")
			}
			d.add("tools", Widen, what, "", grantText(g), p)
			continue
		}
		compareSet(d, "tools.operations", g.Name, "operation", old.Operations, g.Operations, p+".operations", true)
		compareSet(d, "tools.resources", g.Name, "resource", old.Resources, g.Resources, p+".resources", false)
	}
	for _, g := range ba.Tools {
		if !seen[g.Name] {
			d.add("tools", Narrow, "grant removed "+g.Name, grantText(g), "", "tools")
		}
	}
}

func grantText(g model.Grant) string {
	return g.Name + " operations: " + listText(g.Operations) + "; resources: " + listText(g.Resources)
}

// compareSet compares an operations or resources list with the nil = any,
// empty = none semantics of grants.
func compareSet(d *agentDelta, field, tool, label string, before, after []string, yamlPath string, ops bool) {
	anyB := before == nil || slices.Contains(before, "*")
	anyA := after == nil || slices.Contains(after, "*")
	name := func(x string) string {
		if ops {
			return "grant added " + tool + ":" + x
		}
		return "resource added " + tool + " " + x
	}
	switch {
	case anyB && anyA:
		if !slices.Equal(before, after) {
			d.add(field, Neutral, tool+" "+label+"s "+listText(before)+" -> "+listText(after), listText(before), listText(after), yamlPath)
		}
		return
	case !anyB && anyA:
		d.add(field, Widen, tool+" "+label+"s widened to any", listText(before), listText(after), yamlPath)
		return
	case anyB && !anyA:
		d.add(field, Narrow, tool+" "+label+"s narrowed to "+listText(after), listText(before), listText(after), yamlPath)
		return
	}
	for i, x := range after {
		if slices.Contains(before, x) {
			continue
		}
		eff := Widen
		if !ops && coveredBy(x, before) {
			eff = Neutral
		}
		d.add(field, eff, name(x), "", x, fmt.Sprintf("%s[%d]", yamlPath, i))
	}
	for _, x := range before {
		if slices.Contains(after, x) {
			continue
		}
		eff := Narrow
		if !ops && coveredBy(x, after) {
			eff = Neutral
		}
		what := "grant removed " + tool + ":" + x
		if !ops {
			what = "resource removed " + tool + " " + x
		}
		d.add(field, eff, what, x, "", yamlPath)
	}
}

func compareData(d *agentDelta, ba, ha *model.Agent) {
	baseBy := map[string]model.DataAccess{}
	for _, x := range ba.Data {
		baseBy[x.Source] = x
	}
	seen := map[string]bool{}
	for i, x := range ha.Data {
		seen[x.Source] = true
		p := fmt.Sprintf("data[%d]", i)
		old, ok := baseBy[x.Source]
		if !ok {
			d.add("data", Widen, "data source added "+x.Source+" ("+orNone(x.Access)+": "+strings.Join(x.Categories, ", ")+")", "", x.Source, p)
			continue
		}
		// Only data about people moves the risk (risk.IsPersonal, as for
		// undeclared categories in the logs): labelling part of a source
		// public or internal changes what is recorded, not what is exposed.
		catEffect := func(c, eff string) string {
			if risk.IsPersonal(c) {
				return eff
			}
			return Neutral
		}
		for j, c := range x.Categories {
			if !slices.Contains(old.Categories, c) {
				d.add("data.categories", catEffect(c, Widen), "data category added "+x.Source+" "+c, "", c, fmt.Sprintf("%s.categories[%d]", p, j))
			}
		}
		for _, c := range old.Categories {
			if !slices.Contains(x.Categories, c) {
				d.add("data.categories", catEffect(c, Narrow), "data category removed "+x.Source+" "+c, c, "", p+".categories")
			}
		}
		if old.Access != x.Access {
			eff := Narrow
			if x.Access == "write" {
				eff = Widen
			}
			d.add("data.access", eff, "data access "+x.Source+" "+orNone(old.Access)+" -> "+orNone(x.Access), old.Access, x.Access, p+".access")
		}
	}
	for _, x := range ba.Data {
		if !seen[x.Source] {
			d.add("data", Narrow, "data source removed "+x.Source, x.Source, "", "data")
		}
	}
}

func compareLogging(d *agentDelta, b, h model.Logging) {
	flag := func(field, label string, vb, vh bool) {
		switch {
		case vb && !vh:
			d.add("logging."+field, Widen, "logging reduced: "+label+" off", "on", "off", "logging."+field)
		case !vb && vh:
			d.add("logging."+field, Narrow, "logging extended: "+label+" on", "off", "on", "logging."+field)
		}
	}
	flag("actions", "actions", b.Actions, h.Actions)
	flag("inputs", "inputs", b.Inputs, h.Inputs)
	flag("outputs", "outputs", b.Outputs, h.Outputs)
	if b.RetentionDays != h.RetentionDays {
		eff, what := Narrow, "log retention longer"
		if h.RetentionDays < b.RetentionDays {
			eff, what = Widen, "logging reduced: retention shorter"
		}
		d.add("logging.retention_days", eff, fmt.Sprintf("%s (%d -> %d days)", what, b.RetentionDays, h.RetentionDays),
			strconv.Itoa(b.RetentionDays), strconv.Itoa(h.RetentionDays), "logging.retention_days")
	}
	switch {
	case b.Export != "" && h.Export == "":
		d.add("logging.export", Widen, "logging reduced: export removed", b.Export, "", "logging")
	case b.Export != h.Export:
		d.add("logging.export", Neutral, "log export "+orNone(b.Export)+" -> "+orNone(h.Export), b.Export, h.Export, "logging.export")
	}
}

// compareOversight judges human-review rules by what they cover: for every
// write operation the head grants, did it need review before and does it now.
func compareOversight(d *agentDelta, ba, ha *model.Agent) {
	ops := risk.WriteOperations(ha)
	for _, w := range risk.WriteOperations(ba) {
		if !slices.Contains(ops, w) {
			ops = append(ops, w)
		}
	}
	slices.Sort(ops)
	covered := false
	for _, w := range ops {
		tool, op, _ := strings.Cut(w, ":")
		rb, rh := risk.Reviewed(ba.Oversight, tool, op), risk.Reviewed(ha.Oversight, tool, op)
		granted := slices.Contains(risk.WriteOperations(ha), w)
		switch {
		case rb && !rh && granted:
			d.add("oversight.human_review", Widen, "oversight reduced: "+w+" no longer needs review", "review", "none", "oversight.human_review")
			covered = true
		case !rb && rh:
			d.add("oversight.human_review", Narrow, "oversight added: "+w+" now needs review", "none", "review", "oversight.human_review")
			covered = true
		}
	}
	if !covered && !slices.Equal(ba.Oversight.HumanReview, ha.Oversight.HumanReview) {
		d.add("oversight.human_review", Neutral, "human-review rules changed", strings.Join(ba.Oversight.HumanReview, ", "),
			strings.Join(ha.Oversight.HumanReview, ", "), "oversight.human_review")
	}
	compareList(d, "oversight.reviewers", "reviewer", ba.Oversight.Reviewers, ha.Oversight.Reviewers, Neutral, Neutral)
}

func compareList(d *agentDelta, field, label string, before, after []string, addEff, delEff string) {
	for i, x := range after {
		if !slices.Contains(before, x) {
			d.add(field, addEff, label+" added "+x, "", x, fmt.Sprintf("%s[%d]", field, i))
		}
	}
	for _, x := range before {
		if !slices.Contains(after, x) {
			d.add(field, delEff, label+" removed "+x, x, "", field)
		}
	}
}
