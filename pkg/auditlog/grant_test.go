package auditlog

import (
	"testing"

	"github.com/aims-cli/aims/pkg/grant"
)

// Identity, resource and model globs in log analysis mean what pkg/grant's
// one table says ('*' crosses '/').
func TestGlobUsesGrantTable(t *testing.T) {
	for _, c := range grant.GlobCases {
		if got := globMatch(c.Pattern, c.S); got != c.Want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", c.Pattern, c.S, got, c.Want)
		}
	}
}
