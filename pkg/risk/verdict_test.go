package risk

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// One verdict of declared against computed risk, with risk acceptance
// (issue 11 §5): accepted until it expires (relative to the assessment
// date), then the divergence is a finding again.
func TestJudge(t *testing.T) {
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	acc := func(on, expires string) *model.RiskAcceptance {
		a := &model.RiskAcceptance{By: "Risk Owner", Rationale: "compensating controls", On: model.MustDate(on)}
		if expires != "" {
			a.Expires = model.MustDate(expires)
		}
		return a
	}
	for _, tc := range []struct {
		name      string
		agent     model.Risk
		system    *model.Risk
		computed  string
		state     string
		expired   bool
		notYet    bool
		from      string
		wantWords string
	}{
		{"not declared", model.Risk{}, nil, "high", model.RiskNotDeclared, false, false, "", "no declared level"},
		{"covered", model.Risk{Level: "high"}, nil, "high", model.RiskCovered, false, false, "", "declared level covers the computed tier"},
		{"above", model.Risk{Level: "critical"}, nil, "medium", model.RiskCovered, false, false, "", "declared level covers the computed tier"},
		{"below", model.Risk{Level: "low"}, nil, "high", model.RiskBelow, false, false, "", "declared below computed"},
		{"below, inherited from system", model.Risk{}, &model.Risk{Level: "low"}, "medium", model.RiskBelow, false, false, "", "declared below computed"},
		{"accepted on the agent", model.Risk{Level: "low", Accepted: acc("2026-06-01", "2027-06-01")}, nil, "high",
			model.RiskAccepted, false, false, "agent", "declared below computed: risk accepted by Risk Owner on 2026-06-01 until 2027-06-01"},
		{"accepted on the system", model.Risk{}, &model.Risk{Level: "low", Accepted: acc("2026-06-01", "2027-06-01")}, "medium",
			model.RiskAccepted, false, false, "system", "declared below computed: risk accepted by Risk Owner on 2026-06-01 until 2027-06-01"},
		{"agent's acceptance before the system's", model.Risk{Accepted: acc("2026-06-01", "2026-10-01")}, &model.Risk{Level: "low", Accepted: acc("2026-06-01", "2027-06-01")}, "medium",
			model.RiskBelow, true, false, "agent", "declared below computed: the risk acceptance by Risk Owner expired on 2026-10-01"},
		{"expires today: still holds", model.Risk{Level: "low", Accepted: acc("2026-06-01", "2026-11-20")}, nil, "high", model.RiskAccepted, false, false, "agent",
			"declared below computed: risk accepted by Risk Owner on 2026-06-01 until 2026-11-20"},
		{"expired yesterday", model.Risk{Level: "low", Accepted: acc("2026-06-01", "2026-11-19")}, nil, "high", model.RiskBelow, true, false, "agent",
			"declared below computed: the risk acceptance by Risk Owner expired on 2026-11-19"},
		{"no expiry: does not hold", model.Risk{Level: "low", Accepted: acc("2026-06-01", "")}, nil, "high", model.RiskBelow, true, false, "agent",
			"declared below computed: the risk acceptance by Risk Owner has no expiry date, so it does not hold"},
		{"accepted after the assessment date", model.Risk{Level: "low", Accepted: acc("2026-12-01", "2027-06-01")}, nil, "high", model.RiskBelow, false, true, "agent",
			"declared below computed: the risk acceptance by Risk Owner starts on 2026-12-01"},
		{"acceptance, nothing below", model.Risk{Level: "high", Accepted: acc("2026-06-01", "2026-07-01")}, nil, "high", model.RiskCovered, false, false, "agent",
			"declared level covers the computed tier"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := &model.Agent{ID: "a", Risk: tc.agent}
			var sys *model.System
			if tc.system != nil {
				sys = &model.System{ID: "s", Risk: *tc.system}
			}
			v := Judge(a, sys, tc.computed, now)
			got := []any{v.State, v.Expired, v.NotYet, v.AcceptedFrom, v.Summary(), v.Below}
			want := []any{tc.state, tc.expired, tc.notYet, tc.from, tc.wantWords, tc.state == model.RiskBelow || tc.state == model.RiskAccepted}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// Personal data (GDPR Art. 4(1)) decides whether a vendor needs a
// data-processing agreement: sensitive categories and data about people,
// not public or internal data.
func TestIsPersonal(t *testing.T) {
	for c, want := range map[string]bool{
		"personal": true, "employee": true, "financial": true, "contact": true, "customer-email": true,
		"account": true, "pii:email": true, "public": false, "internal": false, "tickets": false, "product-name": false,
	} {
		if IsPersonal(c) != want {
			t.Errorf("IsPersonal(%q) = %v, want %v", c, !want, want)
		}
	}
}
