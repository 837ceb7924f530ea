package grant

import (
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestResourceSetGlobCases: the prepared set means what Resource means on
// every row of the one glob table.
func TestResourceSetGlobCases(t *testing.T) {
	for _, c := range GlobCases {
		g := &model.Grant{Name: "t", Resources: []string{c.Pattern}}
		s := NewResourceSet(g)
		if got, want := s.Match(c.S), Resource(g, c.S); got != want {
			t.Errorf("Match(%q, %q) = %v, Resource says %v", c.Pattern, c.S, got, want)
		}
	}
}

// TestResourceSetExhaustive compares Match with Resource for every pattern
// and resource over a small alphabet holding each metacharacter, one and
// two grants at a time, and the nil (any) and empty (none) lists.
func TestResourceSetExhaustive(t *testing.T) {
	alpha := []string{"a", "b", "*", "?", "[", "]", `\`, "/"}
	var words []string
	words = append(words, "")
	for _, x := range alpha {
		words = append(words, x)
		for _, y := range alpha {
			words = append(words, x+y)
			for _, z := range alpha {
				words = append(words, x+y+z)
			}
		}
	}
	grants := []*model.Grant{{Name: "any"}, {Name: "none", Resources: []string{}}}
	for _, w := range words {
		grants = append(grants, &model.Grant{Name: "g", Resources: []string{w}})
	}
	grants = append(grants, &model.Grant{Name: "two", Resources: []string{"a*", "b?"}})
	n := 0
	for i, g := range grants {
		for _, h := range []*model.Grant{nil, grants[(i*7)%len(grants)]} {
			set := []*model.Grant{g}
			if h != nil {
				set = append(set, h)
			}
			s := NewResourceSet(set...)
			for _, res := range words {
				want := false
				for _, x := range set {
					want = want || Resource(x, res)
				}
				if got := s.Match(res); got != want {
					t.Fatalf("grants %v, resource %q: Match %v, Resource %v", set, res, got, want)
				}
				n++
			}
		}
	}
	if n < 100000 {
		t.Fatalf("only %d comparisons", n)
	}
}

// TestResourceSetSlow: only a pattern beyond a literal or a literal prefix
// and '*' needs Glob.
func TestResourceSetSlow(t *testing.T) {
	for _, c := range []struct {
		res  []string
		slow bool
	}{
		{nil, false},
		{[]string{"crm", "s3://reports/*", "x**"}, false},
		{[]string{"repo/*/issues"}, true},
		{[]string{`a\*`}, true},
		{[]string{"file?"}, true},
	} {
		s := NewResourceSet(&model.Grant{Name: "t", Resources: c.res})
		if s.Slow() != c.slow {
			t.Errorf("%q: Slow %v, want %v", c.res, s.Slow(), c.slow)
		}
	}
}
