package report_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/packtest"
	"github.com/aims-cli/aims/pkg/pack/soa"
	"github.com/aims-cli/aims/pkg/report"
)

func TestSoA(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 1, Injection: true})
	// A custom catalogue's control is in the SoA too, after Annex A.
	res.Controls = append(res.Controls, model.ControlResult{ID: "NW.1", Title: "Customer-facing agents run isolated", Kind: "custom",
		Catalogue: "northwind", Applicable: true, Status: model.StatusFail, AppliesTo: "agent",
		Checks: []model.CheckResult{{ID: "container", Subjects: 2, Passed: 0, Failed: 2}}})
	res.Findings = append(res.Findings, model.Finding{ID: "F-000000000001", Control: "NW.1", Severity: "high"}, model.Finding{ID: "F-000000000002", Control: "NW.1", Severity: "critical"})
	var b bytes.Buffer
	if err := report.WriteSoA(&b, soa.Controls(res, nil)); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 40 {
		t.Fatalf("soa.csv has %d rows, want header + 38 Annex A + 1 custom", len(rows))
	}
	if d := cmp.Diff(report.SoAHeader, rows[0]); d != "" {
		t.Error(d)
	}
	for _, r := range rows[1:] {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would be a formula", c)
			}
		}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if rows[1][col["id"]] != "A.2.2" || rows[38][col["id"]] != "A.10.4" || rows[1][col["implementation_owner"]] != "ciso@example.com" {
		t.Errorf("rows: %v ... %v", rows[1], rows[38])
	}
	custom := map[string]string{}
	for h, i := range col {
		custom[h] = rows[39][i]
	}
	for k, want := range map[string]string{
		"catalogue": "northwind", "id": "NW.1", "applicable": "true", "result": "fail",
		"justification":        "applies: 2 agents in scope of its checks",
		"justification_source": "derived default",
		"checks":               "0 of 2 subject checks passed (1 check)",
		"worst_severity":       "critical", "finding_ids": "F-000000000001; F-000000000002",
	} {
		if custom[k] != want {
			t.Errorf("custom control %s = %q, want %q", k, custom[k], want)
		}
	}

	// Evidence that was not found is marked as such, not listed as if filed.
	for i := range res.Controls {
		if res.Controls[i].ID == "A.2.2" {
			res.Controls[i].Evidence = []string{"docs/policy.md", "docs/gone.pdf"}
		}
	}
	res.Evidence = append(res.Evidence, model.EvidenceRef{Ref: "docs/gone.pdf", State: "missing"})
	b.Reset()
	if err := report.WriteSoA(&b, soa.Controls(res, nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "docs/policy.md; docs/gone.pdf (missing)") {
		t.Errorf("soa.csv does not mark the missing evidence:\n%s", b.String())
	}
}

func TestFormulaSafe(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "ok": "ok", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b",
	} {
		if got := report.FormulaSafe(in); got != want {
			t.Errorf("FormulaSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
