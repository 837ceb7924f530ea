package diff

import (
	"testing"

	"github.com/aims-cli/aims/pkg/grant"
)

// diff judges widening with the same glob meaning as log analysis: the one
// table in pkg/grant, read through covers.
func TestCoversUsesGrantGlobTable(t *testing.T) {
	for _, c := range grant.GlobCases {
		if grant.ContainsMeta(c.S) {
			continue
		}
		if got := covers(c.Pattern, c.S); got != c.Want {
			t.Errorf("covers(%q, %q) = %v, want %v", c.Pattern, c.S, got, c.Want)
		}
	}
}
