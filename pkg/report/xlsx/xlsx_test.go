package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/packtest"
	"github.com/aims-cli/aims/pkg/testenv"
)

func write(t testing.TB, o packtest.Options) []byte {
	t.Helper()
	res, _ := packtest.Result(o)
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestSheets(t *testing.T) {
	f := open(t, write(t, packtest.Options{Agents: 3, Logs: true, EventsPerAgent: 100, History: true}))
	want := []string{SheetSummary, SheetSoA, SheetClauses, SheetOrg, SheetFindings, SheetSystems, SheetAgents, SheetPermissions, SheetVendors,
		SheetLogs, SheetScope, SheetHistory, SheetEvidence, SheetEUAIAct}
	if d := cmp.Diff(want, f.GetSheetList()); d != "" {
		t.Fatalf("sheets (-want +got):\n%s", d)
	}
	rows, err := f.GetRows(SheetSoA)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 39 {
		t.Fatalf("SoA has %d rows, want header + 38", len(rows))
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	var want38 []string
	for _, a := range packtest.AnnexA {
		want38 = append(want38, a.ID)
	}
	if d := cmp.Diff(want38, ids); d != "" {
		t.Errorf("SoA IDs:\n%s", d)
	}
	hdr := rows[0]
	if hdr[len(hdr)-2] != "Conclusion" || hdr[len(hdr)-1] != "Comment" {
		t.Errorf("auditor columns missing: %v", hdr)
	}
	for _, r := range rows[1:] {
		if len(r) > len(hdr)-2 && strings.Join(r[len(hdr)-2:], "") != "" {
			t.Errorf("auditor columns not empty: %v", r)
		}
	}
	for _, sheet := range want {
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 1 {
			t.Errorf("%s: header row and ID column not frozen: %+v %v", sheet, panes, err)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 ||
			pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: not landscape, fitted to one page wide: %+v %v", sheet, pl, err)
		}
		props, err := f.GetSheetProps(sheet)
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page is off: %v", sheet, err)
		}
	}
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range want {
		if w := "'" + sheet + "'!$1:$1"; titles[sheet] != w {
			t.Errorf("%s: print titles %q, want the header row repeated (%s)", sheet, titles[sheet], w)
		}
	}
	dvs, err := f.GetDataValidations(SheetSoA)
	if err != nil || len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "major nonconformity") ||
		!strings.Contains(dvs[0].Formula1, "opportunity for improvement") || !strings.Contains(dvs[0].Formula1, "not tested") ||
		!strings.HasSuffix(dvs[0].Sqref, "1000") {
		t.Errorf("conclusion drop-down: %+v %v", dvs, err)
	}
	perm, _ := f.GetRows(SheetPermissions)
	// 3 agents: read+post, any, none, plus one ungranted tool each.
	if len(perm) != 1+3*5 {
		t.Errorf("permissions rows = %d: %v", len(perm), perm)
	}
	found := false
	for _, r := range perm {
		if len(r) > 5 && r[1] == "payments" && r[4] == "no" && r[5] != "" {
			found = true
		}
	}
	if !found {
		t.Error("an ungranted, used tool is not listed as such")
	}
	scope, _ := f.GetRows(SheetScope)
	if len(scope) != 4 {
		t.Errorf("scope violations: %v", scope)
	}
	vend, _ := f.GetRows(SheetVendors)
	if len(vend) != 3 || vend[2][7] != notAnswered {
		t.Errorf("vendors: %v", vend)
	}
}

// TestClausesSheetAndRowHeights: the clause sheet lists every clause with
// the SoA's auditor columns, and a row whose wrapped cell holds several
// lines is tall enough to show them.
func TestClausesSheetAndRowHeights(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 1})
	var others []model.ControlResult
	for _, c := range res.Controls {
		if c.Kind != catalogue.KindClause {
			others = append(others, c)
		}
	}
	res.Controls = append([]model.ControlResult{
		{ID: "4.1", Title: "Understanding the organization", Kind: catalogue.KindClause, Catalogue: "iso42001", Group: "4", GroupTitle: "Context",
			Applicable: true, Status: model.StatusManual, Basis: "none", StatusBasis: "no check, finding or attestation"},
		{ID: "5.2", Title: "AI policy", Kind: catalogue.KindClause, Catalogue: "iso42001", Group: "5", GroupTitle: "Leadership",
			Applicable: true, Status: model.StatusPass, Basis: "automated", Evidence: []string{"a.md", "b.md", "c.md", "d.md"},
			Attestation: &model.ControlAttestation{ID: "5.2", Status: "implemented", Owner: "ciso", Reason: "risk", Risks: []string{"R-1", "R-2"}}},
	}, others...)
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	f := open(t, b.Bytes())
	rows, err := f.GetRows(SheetClauses)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][0] != "4.1" || rows[2][0] != "5.2" {
		t.Fatalf("clause sheet rows: %v", rows)
	}
	if d := cmp.Diff(append(append([]string{}, soaHeaders...), auditorHeaders...), rows[0]); d != "" {
		t.Errorf("clause sheet header (-want +got):\n%s", d)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		if i < len(rows[2]) {
			got[h] = rows[2][i]
		}
	}
	for k, want := range map[string]string{"Reason": "risk", "Risk IDs": "R-1\nR-2", "Implementation (attested)": "implemented",
		"Owner": "ciso", "Justification from": "mandatory clause", "Evidence (state)": "a.md\nb.md\nc.md\nd.md"} {
		if got[k] != want {
			t.Errorf("5.2 %s = %q, want %q", k, got[k], want)
		}
	}
	if h, err := f.GetRowHeight(SheetClauses, 3); err != nil || h < 4*lineHeight {
		t.Errorf("row of four evidence lines is %v points high, want at least %v (%v)", h, 4*lineHeight, err)
	}
	soaRows, _ := f.GetRows(SheetSoA)
	for _, r := range soaRows[1:] {
		if r[0] == "4.1" || r[0] == "5.2" {
			t.Errorf("clause %s in the SoA sheet", r[0])
		}
	}
}

func TestNoLogs(t *testing.T) {
	f := open(t, write(t, packtest.Options{Agents: 2}))
	rows, _ := f.GetRows(SheetLogs)
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], " "), "not analysed") {
		t.Errorf("log sheet without logs: %v", rows)
	}
	perm, _ := f.GetRows(SheetPermissions)
	if perm[1][5] != "not assessed" {
		t.Errorf("usage without logs: %v", perm[1])
	}
}

// TestFormulaInjection writes texts that a spreadsheet would run and reads
// them back as plain strings with no formula.
func TestFormulaInjection(t *testing.T) {
	f := open(t, write(t, packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 10, Injection: true}))
	checks := []struct{ sheet, want string }{
		{SheetAgents, packtest.Injection},
		{SheetAgents, "@owner"},
		{SheetPermissions, "@SUM(1+1)*cmd|' /C calc'!A0"},
		{SheetFindings, "resource =cmd|' /C calc'!A0 is outside the grants"},
		{SheetSoA, "-1+1 " + packtest.Injection},
	}
	for _, c := range checks {
		cellRef := find(t, f, c.sheet, c.want)
		if cellRef == "" {
			t.Errorf("%s: %q not found", c.sheet, c.want)
			continue
		}
		typ, err := f.GetCellType(c.sheet, cellRef)
		if err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s!%s: type %v %v", c.sheet, cellRef, typ, err)
		}
		if formula, _ := f.GetCellFormula(c.sheet, cellRef); formula != "" {
			t.Errorf("%s!%s has formula %q", c.sheet, cellRef, formula)
		}
	}
}

func find(t *testing.T, f *excelize.File, sheet, value string) string {
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == value {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				return ref
			}
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	o := packtest.Options{Agents: 20, Logs: true, EventsPerAgent: 100, History: true}
	a, b := write(t, o), write(t, o)
	if !bytes.Equal(a, b) {
		t.Fatal("two writes of the same result differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.ModifiedDate != 0x21 || f.ModifiedTime != 0 || len(f.Extra) != 0 {
			t.Errorf("%s: time %x %x extra %d", f.Name, f.ModifiedDate, f.ModifiedTime, len(f.Extra))
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries not sorted: %v", names)
	}
	core := open(t, a)
	props, err := core.GetDocProps()
	if err != nil || props.Created != "2026-11-20T09:30:00Z" || props.Modified != props.Created {
		t.Errorf("doc props: %+v %v", props, err)
	}
}

func TestControlCharacters(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 1})
	res.Agents[0].Agent.Purpose = "bell\x07 nul\x00 tab\t ok"
	res.Agents[0].Agent.Name = strings.Repeat("x", 40000)
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	f := open(t, b.Bytes())
	if find(t, f, SheetAgents, "bell\uFFFD nul\uFFFD tab\t ok") == "" {
		t.Error("control characters not replaced")
	}
}

// TestLibreOffice opens the workbook with LibreOffice, exporting every sheet to
// CSV: the SoA must have its 38 rows, and a planted formula must come out as the
// literal text (evaluated, it would read "click").
func TestLibreOffice(t *testing.T) {
	testenv.Slow(t)
	lo, err := exec.LookPath("libreoffice")
	if err != nil {
		lo = testenv.Tool(t, "soffice", "libreoffice-calc-nogui")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "evidence.xlsx")
	if err := os.WriteFile(in, write(t, packtest.Options{Agents: 2, Injection: true}), 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter token 12 = -1 exports every sheet as evidence-<sheet>.csv (LibreOffice 7.2+).
	cmd := exec.Command(lo, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	rows := func(sheet string) [][]string {
		b, err := os.ReadFile(filepath.Join(dir, "evidence-"+sheet+".csv"))
		if err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("sheet %s: %v", sheet, err)
		}
		return recs
	}
	if soa := rows(SheetSoA); len(soa) != 39 {
		t.Errorf("LibreOffice reads %d SoA rows, want a header and 38 controls", len(soa))
	}
	found := false
	for _, sheet := range []string{SheetAgents, SheetFindings, SheetLogs, SheetScope, SheetSoA} {
		for _, r := range rows(sheet) {
			for _, c := range r {
				if c == packtest.Injection {
					found = true
				}
				if c == "click" {
					t.Errorf("sheet %s: the planted formula was evaluated", sheet)
				}
			}
		}
	}
	if !found {
		t.Error("the planted formula text does not appear literally in any sheet")
	}
}

func FuzzWriteText(f *testing.F) {
	for _, s := range []string{packtest.Injection, "+1", "\x00", "\r\n=1", "<b>&amp;"} {
		f.Add(s)
	}
	res, _ := packtest.Result(packtest.Options{Agents: 1})
	f.Fuzz(func(t *testing.T, s string) {
		res.Agents[0].Agent.Purpose = s
		var b bytes.Buffer
		if err := Write(&b, res, Options{}); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if fm, _ := x.GetCellFormula(SheetAgents, "E2"); fm != "" {
			t.Errorf("formula %q from %q", fm, s)
		}
	})
}

// TestSheetXML checks what excelize cannot read back: autofilter, column
// order (Excel rejects unsorted <col> elements) and the drop-down range.
func TestSheetXML(t *testing.T) {
	data := write(t, packtest.Options{Agents: 2})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		var b bytes.Buffer
		_, _ = b.ReadFrom(rc)
		rc.Close()
		x := b.String()
		if !strings.Contains(x, "<autoFilter ref=") {
			t.Errorf("%s: no autofilter", zf.Name)
		}
		mins := regexpAll(`<col min="(\d+)"`, x)
		nums := make([]int, len(mins))
		for i, m := range mins {
			nums[i], _ = strconv.Atoi(m)
		}
		if !slices.IsSorted(nums) || len(nums) == 0 {
			t.Errorf("%s: columns out of order: %v", zf.Name, mins)
		}
	}
}

func regexpAll(re, s string) []string {
	var out []string
	for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestWrappedLines(t *testing.T) {
	for _, tc := range []struct {
		s     string
		width float64
		want  int
	}{
		{"", 10, 1},
		{"SHORT", 10, 1},
		{"TWO WORDS", 5, 2},
		{"AAAA BBBB CCCC", 9.5, 2},
		{"a\nb\nc", 10, 3},
		{strings.Repeat("F", 25), 10, 3}, // a digest breaks mid-word
		{"SHA256 " + strings.Repeat("F", 20), 10, 3},
		// Lower-case text is narrower than the digits a width unit measures.
		{"applies: 3 systems in scope", 30, 1},
	} {
		if got := wrappedLines(tc.s, tc.width); got != tc.want {
			t.Errorf("wrappedLines(%q, %v) = %d, want %d", tc.s, tc.width, got, tc.want)
		}
	}
}

// TestOrgSheet: roles and the policy register reach the Organisation sheet
// with the engine's review date and state (issue 13 §5).
func TestOrgSheet(t *testing.T) {
	res := &model.Result{Organization: "Acme",
		Roles: []model.Role{{Role: "ai-owner", Name: "Ada", Email: "ada@acme.example"}},
		Policies: []model.PolicyRecord{
			{Policy: model.Policy{ID: "POL-1", Title: "AI policy", Kind: "ai-policy", ApprovedBy: "Board", ApprovedOn: model.MustDate("2025-01-10")}, ReviewDue: model.MustDate("2026-01-10"), Overdue: true},
			{Policy: model.Policy{ID: "POL-2", Title: "Risk", Kind: "risk-assessment-procedure"}, Overdue: true},
		}}
	s := orgSheet(res)
	var got [][]string
	for _, r := range s.rows {
		var row []string
		for _, c := range r {
			row = append(row, fmt.Sprint(c))
		}
		got = append(got, row[:9])
	}
	want := [][]string{
		{"role", "ai-owner", "Ada", "", "ada@acme.example", "", "", "", ""},
		{"policy", "POL-1", "AI policy", "ai-policy", "", "Board", "2025-01-10", "2026-01-10", "review overdue"},
		{"policy", "POL-2", "Risk", "risk-assessment-procedure", "", "", "", "", "not approved"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Organisation rows (-want +got):\n%s", d)
	}
}

// TestFindingIDColumns: the Findings and Scope Violations sheets open with
// each finding's stable ID, the column the sheet freezes, so a row ties to
// actions.csv, SARIF and the PDF; the log summary's own copies carry no ID,
// so the scope sheet must take it from the assessment's findings.
func TestFindingIDColumns(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 3, Logs: true, EventsPerAgent: 100})
	model.AssignFindingIDs(res.Findings, "")
	ids := map[string]bool{}
	var want []string
	for _, f := range res.Findings {
		if f.ID == "" {
			t.Fatalf("fixture finding without ID: %+v", f)
		}
		ids[f.ID] = true
		want = append(want, f.ID)
	}
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	f := open(t, b.Bytes())
	rows, err := f.GetRows(SheetFindings)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Finding ID" {
		t.Fatalf("Findings header starts %q, want Finding ID", rows[0][0])
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[0])
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Findings sheet IDs (-want +got):\n%s", d)
	}
	scope, err := f.GetRows(SheetScope)
	if err != nil {
		t.Fatal(err)
	}
	if scope[0][0] != "Finding ID" {
		t.Fatalf("Scope Violations header starts %q, want Finding ID", scope[0][0])
	}
	if len(scope) < 2 {
		t.Fatal("fixture has no scope violation")
	}
	for _, r := range scope[1:] {
		if !ids[r[0]] {
			t.Errorf("scope violation row without a finding ID of the assessment: %q", r)
		}
	}
}

// An MCP call whose server the logs do not name (Claude Code mcp_tool) is
// neither granted nor out of scope: the Permissions sheet says "unknown",
// not FALSE, while a tool no grant covers still reads FALSE.
func TestPermissionsUnjudgedMCPCall(t *testing.T) {
	res := &model.Result{Logs: &model.LogSummary{}, Agents: []model.AgentResult{{Agent: &model.Agent{ID: "claude-code"},
		Activity: &model.AgentActivity{Agent: "claude-code", Tools: []model.ToolUse{{Tool: "mcp_tool", Count: 3, NotJudged: true}, {Tool: "curl", Count: 1}}}}}}
	got := map[string]any{}
	for _, row := range permissionsSheet(res).rows {
		got[fmt.Sprint(row[1])] = row[4]
	}
	if d := cmp.Diff(map[string]any{"mcp_tool": "unknown", "curl": false}, got); d != "" {
		t.Errorf("granted column (-want +got):\n%s", d)
	}
}
