package engine

import (
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// A risk acceptance turns the declared-below-computed finding into an
// accepted risk until it expires; the agent result carries the one verdict.
func TestRiskAcceptance(t *testing.T) {
	acc := &model.RiskAcceptance{By: "Rob", On: model.MustDate("2026-06-01"), Rationale: "human review on every reply", Expires: model.MustDate("2027-06-01")}
	for _, tc := range []struct {
		name    string
		expires string
		onSys   bool
		finding string // "" = none
		state   string
	}{
		{"in effect", "2027-06-01", false, "", model.RiskAccepted},
		{"in effect, on the system", "2027-06-01", true, "", model.RiskAccepted},
		{"expired", "2026-11-01", false, "; the risk acceptance by Rob expired on 2026-11-01", model.RiskBelow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = builtinSet(t)
			in.Agents[0].Risk.Level = "low"
			a := *acc
			a.Expires = model.MustDate(tc.expires)
			if tc.onSys {
				in.Inventory.Systems[0].Risk.Accepted = &a
			} else {
				in.Agents[0].Risk.Accepted = &a
			}
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOf(res, "declared-risk-below-computed", "triage")
			switch {
			case tc.finding == "" && len(got) > 0:
				t.Errorf("accepted risk still a finding: %s", got[0].Message)
			case tc.finding != "" && (len(got) != 1 || !strings.HasSuffix(got[0].Message, tc.finding) || !strings.Contains(got[0].Message, "(indicative, score ")):
				t.Errorf("findings %v, want one ending %q", got, tc.finding)
			}
			v := res.Agents[0].Risk
			if v.State != tc.state || !v.Below || v.Declared != "low" || v.Computed != res.Agents[0].Computed.Tier || v.Accepted == nil || v.Accepted.By != "Rob" {
				t.Errorf("verdict %+v", v)
			}
		})
	}
}

// A control's status follows the severity of its findings and says what it
// rests on: which checks failed on how many subjects, which other findings,
// which attestation (issue 11 §2).
func TestStatusBasisNamesChecks(t *testing.T) {
	in := goodInput()
	in.Catalogues = builtinSet(t)
	in.Inventory.Vendors[1].DPA = model.DPAInPlace(false)
	in.Logs = &model.LogSummary{Agents: []model.AgentActivity{{Agent: "triage", Events: 10}},
		Findings: []model.Finding{{Control: "A.10.2", Check: "logs.unused-grant", Severity: model.SeverityLow, SubjectKind: model.SubjectAgent, Subject: "triage", Message: "m"}}}
	in.Inventory.Controls = []model.ControlAttestation{{ID: "A.10.2", Status: model.AttestImplemented, Owner: "Ann"}}
	res, err := Assess(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Controls {
		if c.ID != "A.10.2" {
			continue
		}
		want := "1 of 2 subjects passed the checks (failed: vendor-dpa 1 of 2); 1 finding(s) from logs, evidence or the inventory: logs.unused-grant (1); attested implemented by Ann; fails on a high finding"
		if c.Status != StatusFail || c.StatusBasis != want {
			t.Errorf("A.10.2 %s: %q\nwant fail: %q", c.Status, c.StatusBasis, want)
		}
		return
	}
	t.Fatal("no A.10.2")
}
