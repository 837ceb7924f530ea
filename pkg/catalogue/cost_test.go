package catalogue

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/testenv"
)

// Rules that cannot exceed the cost limit run without runtime cost tracking;
// a runaway rule still stops at the limit with an error, not a hang.
func TestCostLimit(t *testing.T) {
	testenv.Slow(t)
	env, err := Env("organization")
	if err != nil {
		t.Fatal(err)
	}
	for rule, want := range map[string]bool{
		`org.scope.trim() != ""`:                               true,
		`"ai-owner" in org.roles`:                              true,
		`org.systems > 0 && org.name != ""`:                    true,
		`org.roles.all(a, org.roles.all(b, a != b || a == b))`: false,
	} {
		ast, iss := env.Compile(rule)
		if iss != nil && iss.Err() != nil {
			t.Fatal(iss.Err())
		}
		if got := staticallyBounded(env, ast); got != want {
			t.Errorf("%s: statically bounded %v, want %v", rule, got, want)
		}
	}

	ctl := &Control{ID: "X.1"}
	ck := &Check{ID: "runaway", Rule: `org.roles.all(a, org.roles.all(b, org.roles.all(c, a + b + c != "")))`}
	p, errs := compile(ctl, ck, "organization")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	roles := make([]string, 1000)
	for i := range roles {
		roles[i] = fmt.Sprint(i)
	}
	_, err = p.Passes(&Facts{Org: &OrgFacts{Roles: roles}, Thresholds: &ThresholdFacts{}})
	if err == nil || !strings.Contains(err.Error(), "cost") {
		t.Fatalf("a billion-step rule evaluated without hitting the cost limit: %v", err)
	}
}
