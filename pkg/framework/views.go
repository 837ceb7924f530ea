package framework

// The views: the assessment regrouped by another framework's items. This
// half judges nothing new; it rolls the controls' statuses up (Rollup) and
// reads only the result and the loaded framework titles (framework.go).

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// Refs returns the crosswalk refs a control result cites for a framework (nil
// for iso42001 and unknown names).
func Refs(cw model.Crosswalk, framework string) []string {
	switch framework {
	case EUAIAct:
		return cw.EUAIAct
	case NISTAIRMF:
		return cw.NISTAIRMF
	case ISO27001:
		return cw.ISO27001
	}
	return nil
}

// Views regroups res.Controls by the items of each named framework through
// their crosswalks. Each item lists its mapped controls (in control-ID order),
// their statuses, and the worst of them (see Rollup); items come in the
// framework's natural order (see CompareItems). iso42001 is the result itself
// and yields no view; no names means every other framework. An unknown name
// is an error that lists the valid ones. res is not modified.
func Views(res *model.Result, names ...string) ([]model.FrameworkView, error) {
	if res == nil {
		return nil, errors.New("framework views: no assessment result")
	}
	if len(names) == 0 {
		names = Names
	}
	for _, n := range names {
		if !Valid(n) {
			return nil, fmt.Errorf("unknown framework %q (valid: %s)", n, strings.Join(Names, ", "))
		}
	}
	fws, err := Load()
	if err != nil {
		return nil, err
	}
	out := []model.FrameworkView{}
	done := map[string]bool{}
	for _, n := range names {
		if n == ISO42001 || done[n] {
			continue
		}
		done[n] = true
		var fw *Framework
		for _, f := range fws {
			if f.ID == n {
				fw = f
			}
		}
		if fw == nil {
			// A listed name without its embedded file is a build defect, not bad input.
			return nil, fmt.Errorf("framework %s: no item titles embedded (controls/frameworks)", n)
		}
		out = append(out, view(res.Controls, fw))
	}
	return out, nil
}

type mapped struct {
	id, catalogue, status string
}

func view(controls []model.ControlResult, fw *Framework) model.FrameworkView {
	byItem := map[string][]mapped{}
	for _, c := range controls {
		seen := map[string]bool{}
		for _, ref := range Refs(c.Crosswalk, fw.ID) {
			ref = strings.TrimSpace(ref)
			if ref == "" || seen[ref] {
				continue
			}
			seen[ref] = true
			byItem[ref] = append(byItem[ref], mapped{c.ID, c.Catalogue, c.Status})
		}
	}
	ids := make([]string, 0, len(byItem))
	for id := range byItem {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return CompareItems(fw.ID, a, b) })

	items := make([]model.FrameworkItem, 0, len(ids))
	for _, id := range ids {
		ms := byItem[id]
		slices.SortFunc(ms, func(a, b mapped) int {
			if c := model.CompareControlIDs(a.id, b.id); c != 0 {
				return c
			}
			if c := strings.Compare(a.id, b.id); c != 0 {
				return c
			}
			// The same ID in two catalogues (builtin and a user's) stays in a stable order.
			if c := strings.Compare(a.catalogue, b.catalogue); c != 0 {
				return c
			}
			return strings.Compare(a.status, b.status)
		})
		it := model.FrameworkItem{
			ID:       id,
			Title:    fw.ItemTitle(id),
			Controls: make([]string, len(ms)),
			Statuses: make([]string, len(ms)),
		}
		for i, m := range ms {
			it.Controls[i] = m.id
			it.Statuses[i] = m.status
		}
		it.Status = Rollup(it.Statuses)
		items = append(items, it)
	}
	notice := noticePrefix + "."
	if n := strings.TrimSpace(fw.Notice); n != "" {
		notice = noticePrefix + ": " + n
	}
	return model.FrameworkView{
		Framework: fw.ID,
		Title:     fw.Title,
		Notice:    notice,
		Items:     items,
	}
}

// statusRank orders statuses from best to worst for the roll-up;
// not-applicable ranks lowest because it only counts when nothing else maps.
var statusRank = map[string]int{
	model.StatusNotApplicable: 0,
	model.StatusPass:          1,
	model.StatusManual:        2,
	model.StatusPartial:       3,
	model.StatusFail:          4,
}

// Rollup returns the worst of statuses: fail > partial > manual > pass.
// not-applicable is ignored unless every status is not-applicable (or there
// are none). An unrecognised status counts as manual, since nothing shows the
// control is met.
func Rollup(statuses []string) string {
	worst := model.StatusNotApplicable
	for _, s := range statuses {
		r, ok := statusRank[s]
		if !ok {
			s, r = model.StatusManual, statusRank[model.StatusManual]
		}
		if r > statusRank[worst] {
			worst = s
		}
	}
	return worst
}
