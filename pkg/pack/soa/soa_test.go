package soa

import (
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestDerivedJustification: a control without a declared justification
// says what its checks judged, kind by kind. A.4.5 applies to systems but
// its isolation check judges agents; the old text read "6 systems" for 6
// agents and 3 systems.
func TestDerivedJustification(t *testing.T) {
	ck := func(subject string, n int) model.CheckResult {
		return model.CheckResult{ID: "c", Subject: subject, Subjects: n}
	}
	tests := []struct {
		name string
		c    model.ControlResult
		want string
	}{
		{"two kinds", model.ControlResult{AppliesTo: "system", Applicable: true, Checks: []model.CheckResult{ck("agent", 6), ck("system", 3)}},
			"applies: 6 agents and 3 systems in scope of its checks"},
		{"one kind, widest check counts", model.ControlResult{AppliesTo: "agent", Applicable: true, Checks: []model.CheckResult{ck("agent", 6), ck("agent", 2)}},
			"applies: 6 agents in scope of its checks"},
		{"one subject", model.ControlResult{AppliesTo: "vendor", Applicable: true, Checks: []model.CheckResult{ck("vendor", 1)}},
			"applies: 1 vendor in scope of its checks"},
		{"subject from the control", model.ControlResult{AppliesTo: "system", Applicable: true, Checks: []model.CheckResult{ck("", 3)}},
			"applies: 3 systems in scope of its checks"},
		{"organisation", model.ControlResult{AppliesTo: "organization", Applicable: true, Checks: []model.CheckResult{ck("organization", 1)}},
			"applies: the organisation is in scope of its checks"},
		{"organisation and agents", model.ControlResult{AppliesTo: "organization", Applicable: true, Checks: []model.CheckResult{ck("organization", 1), ck("agent", 4)}},
			"applies: the organisation and 4 agents in scope of its checks"},
		{"three kinds", model.ControlResult{AppliesTo: "agent", Applicable: true, Checks: []model.CheckResult{ck("agent", 2), ck("system", 1), ck("vendor", 5)}},
			"applies: 2 agents, 1 system and 5 vendors in scope of its checks"},
		{"nothing in scope", model.ControlResult{AppliesTo: "agent", Applicable: true, Checks: []model.CheckResult{ck("agent", 0)}},
			"applies: in the catalogue and not excluded; no agent was in scope of its checks"},
		{"no checks", model.ControlResult{AppliesTo: "organization", Applicable: true},
			"applies: in the catalogue and not excluded by the organisation"},
		{"excluded", model.ControlResult{Applicable: false}, "excluded with no justification declared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := derived(tt.c); got != tt.want {
				t.Errorf("derived = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestChecksColumn: an excluded control's checks are not run, and the row
// says so instead of "0 of 0 subject checks passed" (A.7.2 in the example).
func TestChecksColumn(t *testing.T) {
	tests := []struct {
		name string
		c    model.ControlResult
		want string
	}{
		{"excluded", model.ControlResult{Applicable: false, Checks: []model.CheckResult{{ID: "a"}}}, "not run: excluded from the Statement of Applicability"},
		{"no check", model.ControlResult{Applicable: true}, "no automated check"},
		{"one check", model.ControlResult{Applicable: true, Checks: []model.CheckResult{{ID: "a", Subjects: 3, Passed: 2}}}, "2 of 3 subject checks passed (1 check)"},
		{"two checks", model.ControlResult{Applicable: true, Checks: []model.CheckResult{{ID: "a", Subjects: 3, Passed: 2}, {ID: "b", Subjects: 1, Passed: 1}}},
			"3 of 4 subject checks passed (2 checks)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checks(tt.c); got != tt.want {
				t.Errorf("checks = %q, want %q", got, tt.want)
			}
		})
	}
}
