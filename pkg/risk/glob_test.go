package risk

import (
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/grant"
	"github.com/aims-cli/aims/pkg/model"
)

// A human-review rule's glob means what a grant's glob means: the one table
// of pkg/grant, through Reviewed (as a tool rule and as a tool:operation rule).
func TestReviewGlobIsGrantGlob(t *testing.T) {
	for _, c := range grant.GlobCases {
		if strings.Contains(c.Pattern+c.S, ":") {
			continue // a colon separates tool from operation in a review rule
		}
		if got := Reviewed(model.Oversight{HumanReview: []string{c.Pattern + ":create"}}, c.S, "create"); got != c.Want {
			t.Errorf("rule %q:create, tool %q: got %v, want %v", c.Pattern, c.S, got, c.Want)
		}
	}
	if !Reviewed(model.Oversight{HumanReview: []string{"reports/*:put"}}, "reports/2026/q1", "put") {
		t.Error("a review rule's * must cross / as a grant's does")
	}
}
