package engine

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// statusCatalogue has one control with one agent check (owner set), one
// control without checks, and one whose check applies to no agent.
const statusCatalogue = `apiVersion: aims/v1
kind: Catalogue
id: test
title: Test
version: "1"
groups:
  - id: T
    title: Test group
    controls:
      - id: T.1
        title: Agents have owners
        kind: custom
        applies_to: agent
        remediation: Name an owner.
        checks:
          - id: owner-set
            title: Agent has an owner
            severity: medium
            rule: 'agent.owner != ""'
            path: owner
      - id: T.2
        title: Manual control
        kind: custom
        applies_to: organization
      - id: T.3
        title: Retired agents only
        kind: custom
        applies_to: agent
        checks:
          - id: retired-only
            title: Retired agents have a retirement date
            severity: low
            when: 'agent.lifecycle == "retired"'
            rule: 'agent.retired_on != ""'
`

func statusSet(t *testing.T) *catalogue.Set {
	t.Helper()
	set, err := catalogue.LoadFS(fstest.MapFS{"test.yaml": {Data: []byte(statusCatalogue)}}, ".", "")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestControlStatus(t *testing.T) {
	ok, bad := "Ann", ""
	no := false
	tests := []struct {
		name    string
		owners  []string
		att     *model.ControlAttestation
		ev      []model.EvidenceRef
		extra   []model.Finding // log findings
		control string
		status  string
		basis   string
	}{
		{name: "all pass", owners: []string{ok, ok}, control: "T.1", status: StatusPass, basis: BasisAutomated},
		{name: "all fail", owners: []string{bad, bad}, control: "T.1", status: StatusFail, basis: BasisAutomated},
		{name: "mixed", owners: []string{ok, bad}, control: "T.1", status: StatusPartial, basis: BasisAutomated},
		{name: "no check, no attestation", control: "T.2", status: StatusManual, basis: BasisNone},
		{name: "no subject applied, no attestation", owners: []string{ok}, control: "T.3", status: StatusManual, basis: BasisNone},
		{name: "no subject applied, attested with evidence", owners: []string{ok}, control: "T.3",
			att:    &model.ControlAttestation{ID: "T.3", Status: "implemented", Evidence: []string{"docs/x.md"}},
			ev:     []model.EvidenceRef{{Ref: "docs/x.md", Owner: "control:T.3", State: "ok"}},
			status: StatusPass, basis: BasisAttestation},
		{name: "attested implemented with URL evidence", control: "T.2",
			att:    &model.ControlAttestation{ID: "T.2", Status: "implemented", Evidence: []string{"https://wiki/x"}},
			status: StatusPass, basis: BasisAttestation},
		{name: "attested implemented, evidence missing", control: "T.2",
			att:    &model.ControlAttestation{ID: "T.2", Status: "implemented", Evidence: []string{"docs/x.md"}},
			ev:     []model.EvidenceRef{{Ref: "docs/x.md", Owner: "control:T.2", State: "missing"}},
			status: StatusPartial, basis: BasisAttestation},
		{name: "attested implemented, no evidence", control: "T.2",
			att: &model.ControlAttestation{ID: "T.2", Status: "implemented"}, status: StatusPartial, basis: BasisAttestation},
		{name: "attested partial", control: "T.2",
			att: &model.ControlAttestation{ID: "T.2", Status: "partial"}, status: StatusPartial, basis: BasisAttestation},
		{name: "attested planned", control: "T.2",
			att: &model.ControlAttestation{ID: "T.2", Status: "planned"}, status: StatusFail, basis: BasisAttestation},
		{name: "attested without status", control: "T.2",
			att: &model.ControlAttestation{ID: "T.2", Owner: "Ann"}, status: StatusManual, basis: BasisNone},
		{name: "pass but planned", owners: []string{ok}, control: "T.1",
			att: &model.ControlAttestation{ID: "T.1", Status: "planned"}, status: StatusPartial, basis: BasisBoth},
		{name: "pass but not implemented", owners: []string{ok}, control: "T.1",
			att: &model.ControlAttestation{ID: "T.1", Status: "not-implemented"}, status: StatusFail, basis: BasisBoth},
		{name: "pass, implemented, its evidence missing", owners: []string{ok}, control: "T.1",
			att:    &model.ControlAttestation{ID: "T.1", Status: "implemented", Evidence: []string{"docs/x.md"}},
			ev:     []model.EvidenceRef{{Ref: "docs/x.md", Owner: "control:T.1", State: "missing"}},
			status: StatusPartial, basis: BasisBoth},
		{name: "fail stays fail when attested implemented", owners: []string{bad}, control: "T.1",
			att: &model.ControlAttestation{ID: "T.1", Status: "implemented"}, status: StatusFail, basis: BasisBoth},
		{name: "excluded", owners: []string{bad}, control: "T.1",
			att:    &model.ControlAttestation{ID: "T.1", Applicable: &no, Justification: "no agents"},
			status: StatusNotApplicable, basis: BasisAttestation},
		{name: "pass with a medium log finding", owners: []string{ok}, control: "T.1",
			extra:  []model.Finding{{Control: "T.1", Check: "x", Severity: "medium", Subject: "a0"}},
			status: StatusPartial, basis: BasisAutomated},
		// Issue 11 §2: a critical or high finding is a nonconformity, not a partial.
		{name: "pass with a high log finding fails", owners: []string{ok}, control: "T.1",
			extra:  []model.Finding{{Control: "T.1", Check: "out-of-scope-tool", Severity: "high", Subject: "a0"}},
			status: StatusFail, basis: BasisAutomated},
		{name: "pass with a critical log finding fails", owners: []string{ok}, control: "T.1",
			extra:  []model.Finding{{Control: "T.1", Check: "x", Severity: "critical", Subject: "a0"}},
			status: StatusFail, basis: BasisAutomated},
		{name: "log finding alone", control: "T.2",
			extra:  []model.Finding{{Control: "T.2", Check: "x", Severity: "low"}},
			status: StatusFail, basis: BasisAutomated},
	}
	set := statusSet(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Catalogues: set, Inventory: &model.Inventory{Organization: model.Organization{Name: "Acme"}}, Now: testNow, Evidence: tc.ev}
			for i, o := range tc.owners {
				in.Agents = append(in.Agents, &model.Agent{ID: "a" + string(rune('0'+i)), Owner: o, Lifecycle: "deployed"})
			}
			if tc.att != nil {
				in.Inventory.Controls = []model.ControlAttestation{*tc.att}
			}
			if tc.extra != nil {
				in.Logs = &model.LogSummary{Findings: tc.extra}
			}
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			var cr *ControlResult
			for i := range res.Controls {
				if res.Controls[i].ID == tc.control {
					cr = &res.Controls[i]
				}
			}
			if cr == nil {
				t.Fatalf("no result for %s", tc.control)
			}
			if cr.Status != tc.status || cr.Basis != tc.basis {
				t.Errorf("status %s (basis %s), want %s (%s)", cr.Status, cr.Basis, tc.status, tc.basis)
			}
			if tc.status == StatusNotApplicable {
				if cr.Applicable || cr.Justification != "no agents" {
					t.Errorf("excluded control: applicable %v, justification %q", cr.Applicable, cr.Justification)
				}
				if len(res.Findings) != 0 {
					t.Errorf("an excluded control's checks still ran: %v", res.Findings)
				}
			}
		})
	}
}

func TestExclusionNeedsJustification(t *testing.T) {
	no := false
	in := Input{Catalogues: statusSet(t), Now: testNow, Inventory: &model.Inventory{
		Organization: model.Organization{Name: "Acme"},
		Controls:     []model.ControlAttestation{{ID: "T.2", Applicable: &no}},
		Pos:          model.Positions{"controls[0].applicable": {File: "inventory.yaml", Line: 40, Col: 17}},
		File:         "inventory.yaml",
	}}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].Check != CheckSoAJustification || res.Findings[0].Location.String() != "inventory.yaml:40:17" {
		t.Fatalf("findings: %+v", res.Findings)
	}
	if statusOf(res, "T.2") != StatusNotApplicable {
		t.Errorf("status %s", statusOf(res, "T.2"))
	}
	in.Inventory.Controls[0].Justification = "we have no such thing"
	res, _ = Assess(in)
	if len(res.Findings) != 0 {
		t.Errorf("justified exclusion still a finding: %+v", res.Findings)
	}
}

// No Annex A control may read pass without a passing automated check or an
// attestation backed by evidence that exists.
func TestNoAnnexAPassWithoutBasis(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Inventory.Controls = []model.ControlAttestation{
		{ID: "A.2.3", Status: "implemented"},                                      // no evidence
		{ID: "A.6.2.2", Status: "implemented", Evidence: []string{"docs/req.md"}}, // missing
	}
	in.Evidence = []model.EvidenceRef{{Ref: "docs/req.md", Owner: "control:A.6.2.2", State: "missing"}}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Controls {
		if c.Kind != catalogue.KindAnnexA || c.Status != StatusPass {
			continue
		}
		passed := 0
		for _, ck := range c.Checks {
			passed += ck.Passed
		}
		if passed == 0 && !(c.Basis == BasisAttestation && c.Attestation != nil && len(c.Attestation.Evidence) > 0) {
			t.Errorf("%s passes without a basis (%s)", c.ID, c.Basis)
		}
	}
	for _, id := range []string{"A.2.3", "A.6.2.2"} {
		if s := statusOf(res, id); s != StatusPartial {
			t.Errorf("%s: %s, want partial", id, s)
		}
	}
	if s := statusOf(res, "A.10.4"); s != StatusManual {
		t.Errorf("A.10.4 without checks or attestation: %s, want manual", s)
	}
}

func TestResultIsComplete(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Agents[0].Logging.Export = ""
	in.Logs = &model.LogSummary{
		Period: model.Period{From: model.MustDate("2026-11-01"), To: model.MustDate("2026-11-19")},
		Agents: []model.AgentActivity{{Agent: "triage", Events: 4}},
		Findings: []model.Finding{{Control: "A.6.2.8", Check: "missing-outputs", Severity: "medium", SubjectKind: "agent", Subject: "triage",
			Location: model.Pos{File: "logs/a.jsonl", Line: 3}, Message: "output not logged", Count: 2}},
	}
	in.History = &model.History{Note: "not a repository"}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.SchemaVersion != SchemaVersion || res.Tool.Name != "aims" || res.Tool.Version == "" || !res.GeneratedAt.Equal(testNow) {
		t.Errorf("header: %+v %+v %v", res.SchemaVersion, res.Tool, res.GeneratedAt)
	}
	if res.Organization != "Acme" || res.Scope == "" || res.Period.From.String() != "2026-11-01" {
		t.Errorf("organisation/period: %q %q %+v", res.Organization, res.Scope, res.Period)
	}
	if len(res.Catalogues) != 1 || res.Catalogues[0].ID != "iso42001" || len(res.Catalogues[0].SHA256) != 64 {
		t.Errorf("catalogues: %+v", res.Catalogues)
	}
	total, annex, groups := 0, 0, 0
	for _, n := range res.Summary.Controls {
		total += n
	}
	for _, n := range res.Summary.AnnexA {
		annex += n
	}
	for _, g := range res.Summary.Groups {
		for _, n := range g.Status {
			groups += n
		}
	}
	if total != len(res.Controls) || groups != total || annex != 38 || len(res.Summary.Groups) != 16 {
		t.Errorf("summary counts: controls %d/%d, annex %d, groups %d (%d groups)", total, len(res.Controls), annex, groups, len(res.Summary.Groups))
	}
	if res.Summary.Findings["medium"] != 1 || res.Summary.Findings["low"] != 1 || res.Summary.MaxSeverity != "medium" {
		t.Errorf("finding summary: %v max %s", res.Summary.Findings, res.Summary.MaxSeverity)
	}
	if len(res.Agents) != 1 || res.Agents[0].Activity == nil || res.Agents[0].Findings != 2 || res.Agents[0].Computed.Tier == "" {
		t.Errorf("agent result: %+v", res.Agents)
	}
	if len(res.Systems) != 1 || res.Systems[0].Agents[0] != "triage" || len(res.Vendors) != 2 || res.Vendors[0].Vendor.ID != "agentcore" {
		t.Errorf("systems/vendors: %+v %+v", res.Systems, res.Vendors)
	}
	if res.Logs == nil || res.History == nil {
		t.Error("logs/history not carried")
	}
	if s := statusOf(res, "A.6.2.8"); s != StatusPartial {
		t.Errorf("A.6.2.8 with a log finding: %s", s)
	}
	for i := 1; i < len(res.Findings); i++ {
		if res.Findings[i].Less(res.Findings[i-1]) {
			t.Errorf("findings not sorted at %d", i)
		}
	}
	for i := 1; i < len(res.Controls); i++ {
		if model.CompareControlIDs(res.Controls[i-1].ID, res.Controls[i].ID) >= 0 {
			t.Errorf("controls not sorted at %s", res.Controls[i].ID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	set := builtinSet(t)
	run := func() []byte {
		in := goodInput()
		in.Catalogues = set
		// Several agents in shuffled order, with failures, give the sort work to do.
		for _, id := range []string{"zeta", "alpha", "mid"} {
			a := *in.Agents[0]
			a.ID, a.Owner, a.Isolation = id, "", "shared"
			in.Agents = append(in.Agents, &a)
		}
		res, err := Assess(in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := run(), run()
	if !bytes.Equal(a, b) {
		t.Errorf("two runs differ:\n%s", cmp.Diff(string(a), string(b)))
	}
}

func TestMonthsSince(t *testing.T) {
	tests := []struct {
		date string
		want int64
	}{
		{"2026-11-20", 0}, {"2026-11-19", 1}, {"2025-11-20", 12}, {"2025-11-19", 13}, {"2026-12-01", 0}, {"2024-02-29", 33},
	}
	for _, tc := range tests {
		if got := monthsSince(model.MustDate(tc.date), testNow); got != tc.want {
			t.Errorf("monthsSince(%s) = %d, want %d", tc.date, got, tc.want)
		}
	}
	if got := monthsSince(model.Date{}, testNow); got != -1 {
		t.Errorf("zero date: %d", got)
	}
}
