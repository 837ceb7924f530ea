package engine

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
)

// costCatalogue has one control per case; each test keeps only its own check
// applicable through the SoA. The runaway expression nests four
// comprehensions over an agent's identities: 200^4 steps, far past CEL's
// cost limit, on every agent.
const costCatalogue = `apiVersion: aims/v1
kind: Catalogue
id: cost
title: Cost
version: "1"
groups:
  - id: C
    title: Cost
    controls:
      - id: C.rule
        title: Runaway rule
        kind: custom
        applies_to: agent
        checks:
          - id: runaway-rule
            title: Runaway rule
            severity: low
            rule: 'agent.identities.all(a, agent.identities.all(b, agent.identities.all(c, agent.identities.all(d, a + b + c + d != ""))))'
      - id: C.when
        title: Runaway when
        kind: custom
        applies_to: agent
        checks:
          - id: runaway-when
            title: Runaway when
            severity: low
            when: 'agent.identities.all(a, agent.identities.all(b, agent.identities.all(c, agent.identities.all(d, a + b + c + d != ""))))'
            rule: 'agent.owner != ""'
      - id: C.index
        title: Index error
        kind: custom
        applies_to: agent
        checks:
          - id: index-error
            title: Index error
            severity: low
            rule: 'agent.identities[1000] != ""'
`

// A rule that hits the CEL cost limit is the catalogue's fault: the run
// fails once, at the expression's file:line:col, instead of spending the
// limit on every agent and reporting one finding each (issue 16). Other
// evaluation errors are about the subject's data and stay findings.
func TestCostLimitFailsOnce(t *testing.T) {
	set, err := catalogue.LoadFS(fstest.MapFS{"cost.yaml": {Data: []byte(costCatalogue)}}, ".", "")
	if err != nil {
		t.Fatal(err)
	}
	lineOf := func(prefix string) int {
		for i, l := range strings.Split(costCatalogue, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), prefix) {
				return i + 1
			}
		}
		t.Fatalf("no %q in the catalogue", prefix)
		return 0
	}
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = fmt.Sprint("id-", i)
	}
	tests := []struct {
		control, check string
		field          string // "" when the run succeeds
		line           int
		findings       int // of check, when the run succeeds
	}{
		{control: "C.rule", check: "runaway-rule", field: "rule", line: lineOf("rule: 'agent.identities.all")},
		{control: "C.when", check: "runaway-when", field: "when", line: lineOf("when: 'agent.identities.all")},
		{control: "C.index", check: "index-error", findings: 4},
	}
	for _, tc := range tests {
		t.Run(tc.check, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = set
			for _, c := range []string{"C.rule", "C.when", "C.index"} {
				if c != tc.control {
					in.Inventory.Controls = append(in.Inventory.Controls, model.ControlAttestation{ID: c, Applicable: new(bool), Justification: "not this case"})
				}
			}
			base := in.Agents[0]
			in.Agents = nil
			for i := range 4 {
				a := *base
				a.ID, a.File, a.Identities = fmt.Sprint("agent-", i), fmt.Sprintf("agents/a%d.yaml", i), ids
				in.Agents = append(in.Agents, &a)
			}
			res, err := Assess(in)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, f := range res.Findings {
					if f.Check == tc.check && strings.HasPrefix(f.Message, checkEvaluationErrorPrefix) {
						n++
					}
				}
				if n != tc.findings {
					t.Fatalf("%d %s evaluation-error findings, want %d (one per agent)", n, tc.check, tc.findings)
				}
				return
			}
			var ce *RuleCostError
			if !errors.As(err, &ce) {
				t.Fatalf("want a RuleCostError, got result %v, error %v", res != nil, err)
			}
			if res != nil {
				t.Error("a result came back with the error")
			}
			want := model.Pos{File: "cost.yaml", Line: tc.line}
			if ce.Check != tc.check || ce.Field != tc.field || ce.Pos.File != want.File || ce.Pos.Line != want.Line || ce.Pos.Col == 0 {
				t.Errorf("got check %s field %s at %s, want %s %s at %s:COL", ce.Check, ce.Field, ce.Pos, tc.check, tc.field, want)
			}
			if ce.Subject != "agent agent-0" {
				t.Errorf("first subject %q, want agent agent-0 (agents are judged in ID order)", ce.Subject)
			}
			lines := ce.ProblemLines()
			if len(lines) != 1 || !strings.HasPrefix(lines[0], ce.Pos.String()+": ") || !strings.Contains(lines[0], "cost limit") {
				t.Errorf("problem lines %q, want one at %s naming the cost limit", lines, ce.Pos)
			}
			if !ce.BadInput() {
				t.Error("a runaway catalogue rule is bad input (exit 2)")
			}
		})
	}
}
