package report

import (
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// sortedFindings returns a sorted copy: writers never trust their input's
// order and never reorder the caller's slice.
func sortedFindings(fs []model.Finding) []model.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b model.Finding) int {
		switch {
		case a.Less(b):
			return -1
		case b.Less(a):
			return 1
		}
		return 0
	})
	return out
}

func sortRules(rules []rule) {
	slices.SortStableFunc(rules, func(a, b rule) int {
		if c := model.CompareControlIDs(a.control, b.control); c != 0 {
			return c
		}
		if a.control != b.control {
			return strings.Compare(a.control, b.control)
		}
		return strings.Compare(a.check, b.check)
	})
}
