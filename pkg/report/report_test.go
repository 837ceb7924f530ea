package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	goldenfile "github.com/aims-cli/aims/pkg/golden"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

var goldenExt = map[string]string{
	"table": "txt", "json": "json", "markdown": "md", "sarif": "sarif", "junit": "xml", "csv": "csv",
}

func testOpts() Options { return Options{Root: testRoot, ToolVersion: "1.2.3"} }

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), got)
}

func render(t *testing.T, format string, res *model.Result, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteResult(&buf, format, res, opts); err != nil {
		t.Fatalf("WriteResult(%s): %v", format, err)
	}
	return buf.Bytes()
}

func renderLogs(t *testing.T, format string, s *model.LogSummary, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteLogs(&buf, format, s, opts); err != nil {
		t.Fatalf("WriteLogs(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for format, ext := range goldenExt {
		t.Run("result/"+format, func(t *testing.T) {
			golden(t, "result."+ext, render(t, format, fixtureResult(), testOpts()))
		})
		t.Run("logs/"+format, func(t *testing.T) {
			golden(t, "logs."+ext, renderLogs(t, format, fixtureLogs(), testOpts()))
		})
	}
	t.Run("result/table-color", func(t *testing.T) {
		opts := testOpts()
		opts.Color = true
		golden(t, "result.color.txt", render(t, "table", fixtureResult(), opts))
	})
	t.Run("findings", func(t *testing.T) {
		fs := fixtureResult().Findings
		var sarif, junit, csvb bytes.Buffer
		if err := WriteFindingsSARIF(&sarif, fs, testOpts()); err != nil {
			t.Fatal(err)
		}
		if err := WriteFindingsJUnit(&junit, "aims diff", fs, testOpts()); err != nil {
			t.Fatal(err)
		}
		if err := WriteFindingsCSV(&csvb, fs); err != nil {
			t.Fatal(err)
		}
		golden(t, "findings.sarif", sarif.Bytes())
		golden(t, "findings.xml", junit.Bytes())
		golden(t, "findings.csv", csvb.Bytes())
	})
}

// shuffled returns the fixture with every list the writers sort put out of order.
func shuffled(seed uint64) *model.Result {
	res := fixtureResult()
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(res.Findings), func(i, j int) { res.Findings[i], res.Findings[j] = res.Findings[j], res.Findings[i] })
	r.Shuffle(len(res.Controls), func(i, j int) { res.Controls[i], res.Controls[j] = res.Controls[j], res.Controls[i] })
	r.Shuffle(len(res.Agents), func(i, j int) { res.Agents[i], res.Agents[j] = res.Agents[j], res.Agents[i] })
	return res
}

func TestDeterministic(t *testing.T) {
	for format := range goldenExt {
		t.Run(format, func(t *testing.T) {
			a := render(t, format, fixtureResult(), testOpts())
			b := render(t, format, fixtureResult(), testOpts())
			if !bytes.Equal(a, b) {
				t.Fatal("two runs over the same result differ")
			}
			if format == "json" {
				return // json is the result as is, in the engine's order
			}
			for seed := uint64(1); seed <= 5; seed++ {
				if c := render(t, format, shuffled(seed), testOpts()); !bytes.Equal(a, c) {
					t.Fatalf("input order (seed %d) leaks into the output:\n%s", seed, cmp.Diff(string(a), string(c)))
				}
			}
		})
	}
}

func TestWriteResultDoesNotReorderInput(t *testing.T) {
	res := shuffled(3)
	before := append([]model.Finding(nil), res.Findings...)
	for format := range goldenExt {
		render(t, format, res, testOpts())
	}
	if d := cmp.Diff(before, res.Findings); d != "" {
		t.Fatalf("a writer reordered the caller's findings:\n%s", d)
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := WriteResult(&buf, "yaml", fixtureResult(), Options{})
	var ufe *UnknownFormatError
	if !errors.As(err, &ufe) || !strings.Contains(err.Error(), "table, json") {
		t.Fatalf("got %v, want an UnknownFormatError listing the formats", err)
	}
	if err := WriteLogs(&buf, "pdf", fixtureLogs(), Options{}); !errors.As(err, &ufe) {
		t.Fatalf("logs: got %v", err)
	}
	if buf.Len() != 0 {
		t.Fatal("an unknown format wrote output")
	}
}

func TestTableText(t *testing.T) {
	plain := string(render(t, "table", fixtureResult(), testOpts()))
	if strings.Contains(plain, "\x1b") {
		t.Error("colour codes in the table although Color is off")
	}
	if strings.Contains(plain, "\t") {
		t.Error("tabs in the table")
	}
	// Summary first, then controls, then findings.
	iS, iC, iF := strings.Index(plain, "SUMMARY"), strings.Index(plain, "CONTROLS"), strings.Index(plain, "\nFINDINGS")
	if iS < 0 || iC < iS || iF < iC {
		t.Errorf("sections out of order: summary %d, controls %d, findings %d", iS, iC, iF)
	}
	for _, want := range []string{"agents/triage.yaml:20:3", "fix: -Turn on input logging", "A.10.4", "excluded: We provide"} {
		if !strings.Contains(plain, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	for i, line := range strings.Split(plain, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("line %d ends in spaces: %q", i+1, line)
		}
	}
	opts := testOpts()
	opts.Color = true
	if col := string(render(t, "table", fixtureResult(), opts)); !strings.Contains(col, "\x1b[31m") {
		t.Error("no colour in the table although Color is on")
	}
}

func TestJSONIsResultAsIs(t *testing.T) {
	out := render(t, "json", fixtureResult(), testOpts())
	var back model.Result
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.SchemaVersion != model.ResultSchemaVersion || len(back.Findings) != 5 {
		t.Fatalf("round trip lost data: schemaVersion %q, %d findings", back.SchemaVersion, len(back.Findings))
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"schemaVersion\"")) {
		t.Errorf("want 2-space indent with schemaVersion first, got %.40q", out)
	}
	var logs map[string]any
	if err := json.Unmarshal(renderLogs(t, "json", fixtureLogs(), testOpts()), &logs); err != nil {
		t.Fatal(err)
	}
	if logs["schemaVersion"] != LogsSchemaVersion || logs["events"] != float64(1200) {
		t.Errorf("logs json: schemaVersion %v, events %v", logs["schemaVersion"], logs["events"])
	}
}

// sharedSchema finds ../shared/schemas/name from the repository root.
func sharedSchema(t *testing.T, name string) string {
	t.Helper()
	return testenv.Shared(t, "schemas", name)
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := sharedSchema(t, "sarif-schema-2.1.0.json")
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, out []byte) map[string]any {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema:\n%v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSARIFValidates(t *testing.T) {
	sch := compileSARIFSchema(t)
	var empty bytes.Buffer
	if err := WriteFindingsSARIF(&empty, nil, Options{}); err != nil {
		t.Fatal(err)
	}
	var findings bytes.Buffer
	if err := WriteFindingsSARIF(&findings, fixtureResult().Findings, testOpts()); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{
		"result":   render(t, "sarif", fixtureResult(), testOpts()),
		"logs":     renderLogs(t, "sarif", fixtureLogs(), testOpts()),
		"empty":    empty.Bytes(),
		"findings": findings.Bytes(),
	} {
		t.Run(name, func(t *testing.T) { validateSARIF(t, sch, out) })
	}

	// The schema must be able to fail: a result without a message is invalid.
	bad := bytes.Replace(render(t, "sarif", fixtureResult(), testOpts()), []byte(`"message"`), []byte(`"massage"`), 1)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err == nil {
		t.Fatal("a result without message validated: the schema test cannot fail")
	}
}

func TestSARIFLocationsAndRules(t *testing.T) {
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", fixtureResult(), testOpts()), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	ids := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		if _, dup := ids[r.ID]; dup {
			t.Errorf("rule %s twice", r.ID)
		}
		ids[r.ID] = i
	}
	for _, want := range []string{"A.6.2.8/log-retention", "A.6.2.8/logging-inputs-outputs", "5.2/policy-approved", "A.7.4/credential"} {
		if _, ok := ids[want]; !ok {
			t.Errorf("no rule %s", want)
		}
	}
	got := map[string]sarifResult{}
	for _, r := range run.Results {
		if ids[r.RuleID] != r.RuleIndex {
			t.Errorf("%s: ruleIndex %d, want %d", r.RuleID, r.RuleIndex, ids[r.RuleID])
		}
		got[r.RuleID] = r
	}
	in := got["A.6.2.8/logging-inputs-outputs"]
	if in.Level != "error" || len(in.Locations) != 1 {
		t.Fatalf("inputs result: %+v", in)
	}
	loc := in.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "agents/triage.yaml" || loc.Region == nil || loc.Region.StartLine != 20 || loc.Region.StartColumn != 3 {
		t.Errorf("location %+v region %+v, want agents/triage.yaml:20:3", loc.ArtifactLocation, loc.Region)
	}
	if u := got["A.6.2.6/tool-in-scope"].Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "file:///var/log/exports/audit.jsonl" {
		t.Errorf("file outside the root: uri %q", u)
	}
	if l := got["A.3.2/owner-assigned"]; l.Level != "note" || len(l.Locations) != 0 {
		t.Errorf("low finding without a file: %+v", l)
	}
	if got["A.6.2.8/log-retention"].Level != "warning" {
		t.Error("medium is not a warning")
	}
	// Fingerprints survive a line move but not a message change.
	f := fixtureResult().Findings[0]
	moved := f
	moved.Location.Line += 5
	changed := f
	changed.Message += "!"
	if fingerprint(f, testRoot) != fingerprint(moved, testRoot) || fingerprint(f, testRoot) == fingerprint(changed, testRoot) {
		t.Error("fingerprint depends on the line or ignores the message")
	}
	// ... and the same project checked out elsewhere gives the same fingerprint.
	elsewhere := f
	elsewhere.Location.File = "/home/ci/acme/agents/triage.yaml"
	if fingerprint(f, testRoot) != fingerprint(elsewhere, "/home/ci/acme") {
		t.Error("fingerprint depends on where the project is checked out")
	}
}

func TestRelPath(t *testing.T) {
	tests := []struct {
		file, root, want string
		inside           bool
	}{
		{"/srv/acme/agents/a.yaml", "/srv/acme", "agents/a.yaml", true},
		{"examples/agents/a.yaml", "examples", "agents/a.yaml", true},
		{"agents/a.yaml", ".", "agents/a.yaml", true},
		{"agents/a.yaml", "", "agents/a.yaml", true},
		{"/srv/other/a.yaml", "/srv/acme", "/srv/other/a.yaml", false},
		{"/srv/acme2/a.yaml", "/srv/acme", "/srv/acme2/a.yaml", false},
		{"../x.jsonl", "", "../x.jsonl", false},
		// log positions come root-relative from the analysis
		{"logs/a.jsonl", "../../examples", "logs/a.jsonl", true},
		{"logs/a.jsonl", "/srv/acme", "logs/a.jsonl", true},
		{"../logs/a.jsonl", "/srv/acme", "", false},
	}
	for _, tt := range tests {
		got, inside := relPath(tt.file, tt.root)
		if tt.want == "" {
			tt.want = got // outside: made absolute from the working directory
		}
		if got != tt.want || inside != tt.inside {
			t.Errorf("relPath(%q, %q) = %q, %v; want %q, %v", tt.file, tt.root, got, inside, tt.want, tt.inside)
		}
	}
}

func TestJUnitParses(t *testing.T) {
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", fixtureResult(), testOpts()), &doc); err != nil {
		t.Fatalf("junit does not parse: %v", err)
	}
	byName := map[string]junitTestCase{}
	suites := []string{}
	for _, s := range doc.Suites {
		suites = append(suites, s.Name)
		n := 0
		for _, c := range s.Cases {
			byName[c.Name] = c
			n++
		}
		if n != s.Tests {
			t.Errorf("suite %s: tests=%d but %d cases", s.Name, s.Tests, n)
		}
	}
	wantSuites := []string{"5 Leadership", "A.2 Policies related to AI", "A.6 AI system life cycle", "A.8 Information for interested parties",
		"A.10 Third-party and customer relationships", "ORG Acme controls", "other findings"}
	if d := cmp.Diff(wantSuites, suites); d != "" {
		t.Errorf("suites (-want +got):\n%s", d)
	}
	if doc.Tests != 9 || doc.Failures != 4 || doc.Skipped != 3 {
		t.Errorf("totals tests=%d failures=%d skipped=%d, want 9, 4, 3", doc.Tests, doc.Failures, doc.Skipped)
	}
	fail := byName["A.6.2.8 AI system recording of event logs"]
	if fail.Failure == nil || fail.Failure.Type != "fail" || !strings.Contains(fail.Failure.Text, "agents/triage.yaml:20:3") {
		t.Errorf("failing control: %+v", fail.Failure)
	}
	if p := byName["A.6.2.6 AI system operation and monitoring"]; p.Failure == nil || p.Failure.Type != "partial" {
		t.Errorf("partial control is not a failure: %+v", p)
	}
	if m := byName["A.8.2 System documentation and information for users"]; m.Skipped == nil || m.Failure != nil {
		t.Errorf("manual control must be skipped, never passed: %+v", m)
	}
	if na := byName["A.10.4 Customers"]; na.Skipped == nil || !strings.Contains(na.Skipped.Message, "internal use only") {
		t.Errorf("not-applicable control: %+v", na)
	}
	if ok := byName["5.2 AI policy"]; ok.Failure != nil || ok.Skipped != nil {
		t.Errorf("passing control: %+v", ok)
	}

	var logs junitSuites
	if err := xml.Unmarshal(renderLogs(t, "junit", fixtureLogs(), testOpts()), &logs); err != nil {
		t.Fatalf("logs junit does not parse: %v", err)
	}
	if logs.Failures != 4 { // triage, the shadow agent, the unreadable file, the coverage finding
		t.Errorf("logs junit failures = %d, want 4", logs.Failures)
	}

	var empty bytes.Buffer
	if err := WriteFindingsJUnit(&empty, "diff", nil, Options{}); err != nil {
		t.Fatal(err)
	}
	var e junitSuites
	if err := xml.Unmarshal(empty.Bytes(), &e); err != nil || e.Tests != 0 || len(e.Suites) != 1 {
		t.Errorf("empty findings junit: %v %+v", err, e)
	}
}

func TestCSV(t *testing.T) {
	out := render(t, "csv", fixtureResult(), testOpts())
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v", err)
	}
	if d := cmp.Diff(csvHeader, rows[0]); d != "" {
		t.Errorf("header:\n%s", d)
	}
	if len(rows) != 1+5 {
		t.Fatalf("%d rows, want header + 5", len(rows))
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q can run as a spreadsheet formula", cell)
			}
		}
	}
	first := rows[1] // the critical finding sorts first
	if first[3] != "critical" || first[6] != "1042" || !strings.HasPrefix(first[0], "F-") {
		t.Errorf("first row %v", first)
	}
	joined := string(out)
	for _, want := range []string{`"'=HYPERLINK(""http://evil"") inputs are not logged | *really*` + `\nsecond line"`, "'-Turn on", "'@Remove"} {
		if !strings.Contains(joined, want) {
			t.Errorf("csv lacks %q", want)
		}
	}
	logs, err := csv.NewReader(bytes.NewReader(renderLogs(t, "csv", fixtureLogs(), testOpts()))).ReadAll()
	if err != nil || logs[0][len(logs[0])-1] != "count" || logs[1][9] != "4" {
		t.Errorf("logs csv: %v %v", err, logs)
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": `\tx`, "\rx": `\rx`, "\x1b[32mPASS": `\x1b[32mPASS`,
		"": "", "ok": "ok", "1-2": "1-2", " =x": " =x",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzFindingsCSV(f *testing.F) {
	for _, fd := range fixtureResult().Findings {
		f.Add(fd.Message, fd.Remediation, fd.Subject)
	}
	f.Add("=cmd|' /C calc'!A0", "\r\n-", "@x")
	f.Fuzz(func(t *testing.T, msg, fix, subject string) {
		in := []model.Finding{{Control: "A.1", Check: "c", Severity: "high", Subject: subject, Message: msg, Remediation: fix,
			Location: model.Pos{File: subject, Line: 3}}}
		var buf bytes.Buffer
		if err := WriteFindingsCSV(&buf, in); err != nil {
			return // encoding/csv refuses nothing we write, but never panic
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("our own csv does not parse: %v", err)
		}
		if len(rows) != 2 {
			t.Fatalf("%d rows", len(rows))
		}
		for _, cell := range rows[1] {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Fatalf("formula cell %q", cell)
			}
		}
	})
}

func TestMarkdown(t *testing.T) {
	md := string(render(t, "markdown", fixtureResult(), testOpts()))
	for _, want := range []string{
		"## Statement of Applicability (Annex A)",
		"| A.10.4 | Customers | no | We provide no AI system to customers \\| internal use only | not-applicable | attestation |  | 0 |",
		// A control without a declared justification shows soa.csv's derived default, labelled.
		"| A.6.2.8 | AI system recording of event logs | yes | derived default: applies: 2 agents in scope of its checks |",
		"| ORG-1 | Red-team every release | derived default: applies: in the catalogue and not excluded by the organisation |",
		"### Critical (1)", "<details><summary>Low (1)</summary>",
		"**(declared below computed)**",
		"## EU AI Act view (indicative mapping)",
		"| Art. 12 | Record-keeping | fail | A.6.2.6 (partial), A.6.2.8 (fail) |",
		"`agents/triage.yaml:20:3`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// The compliance officer's order (issue 13): blockers, then findings, before the SoA tables.
	last := -1
	for _, h := range []string{"## Certification blockers", "## Summary", "## Findings", "### Critical", "## Statement of Applicability"} {
		i := strings.Index(md, h)
		if i <= last {
			t.Errorf("markdown: %q at %d, want after %d", h, i, last)
		}
		last = i
	}
	// Input text never breaks a table row: every table line has the same cell count as its header.
	checkMarkdownTables(t, md)
	checkMarkdownTables(t, string(renderLogs(t, "markdown", fixtureLogs(), testOpts())))
}

// checkMarkdownTables fails when a table row has a different number of
// unescaped pipes than the header row above it.
func checkMarkdownTables(t *testing.T, md string) {
	t.Helper()
	pipes := func(line string) int { return strings.Count(line, "|") - strings.Count(line, `\|`) }
	want := -1
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = pipes(line)
			continue
		}
		if got := pipes(line); got != want {
			t.Errorf("markdown line %d has %d cells, its table %d: %s", i+1, got-1, want-1, line)
		}
	}
}

func TestUserTemplate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "mine.tmpl")
	src := `{{ .Organization | upper }}: {{ len .Findings }} findings
{{ range findingGroups .Findings }}{{ .Severity }}={{ len .Findings }} {{ end }}
{{ range annexA .Controls }}{{ .ID }}:{{ .Status }} {{ end }}
{{ csv (index .Findings 0).Remediation }} {{ md "a|b" }} {{ framework }}
`
	if err := os.WriteFile(good, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := testOpts()
	opts.Template = good
	opts.Framework = "eu-ai-act"
	got := string(render(t, "template", fixtureResult(), opts))
	want := `ACME ROBOTICS | EU: 5 findings
critical=1 high=2 medium=1 low=1 
A.2.2:pass A.6.2.6:partial A.6.2.8:fail A.8.2:manual A.10.4:not-applicable 
Keep the agent's logs for at least 180 days. a\|b eu-ai-act
`
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("user template (-want +got):\n%s", d)
	}

	bad := filepath.Join(dir, "bad.tmpl")
	if err := os.WriteFile(bad, []byte("{{ .Organization "), 0o644); err != nil {
		t.Fatal(err)
	}
	fails := filepath.Join(dir, "fails.tmpl")
	if err := os.WriteFile(fails, []byte("before {{ .NoSuchField }}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"parse": bad, "exec": fails, "missing": filepath.Join(dir, "nope.tmpl"), "none": ""} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			o := testOpts()
			o.Template = path
			err := WriteResult(&buf, "template", fixtureResult(), o)
			var te *TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("got %v, want a TemplateError", err)
			}
			if buf.Len() != 0 {
				t.Errorf("a failing template wrote %q", buf.String())
			}
		})
	}
}

func TestFrameworkSelection(t *testing.T) {
	views := []model.FrameworkView{{Framework: "eu-ai-act"}, {Framework: "nist-ai-rmf"}}
	if got := SelectViews(views, ""); len(got) != 2 {
		t.Errorf("no framework: %d views", len(got))
	}
	if got := SelectViews(views, "nist-ai-rmf"); len(got) != 1 || got[0].Framework != "nist-ai-rmf" {
		t.Errorf("nist: %+v", got)
	}
	opts := testOpts()
	opts.Framework = "nist-ai-rmf"
	if out := string(render(t, "table", fixtureResult(), opts)); strings.Contains(out, "EU AI ACT VIEW") {
		t.Error("table shows the EU AI Act view although nist-ai-rmf was asked for")
	}
	if out := string(render(t, "table", fixtureResult(), testOpts())); !strings.Contains(out, "EU AI ACT VIEW (INDICATIVE)") {
		t.Error("table lacks the EU AI Act view")
	}
}

func TestRiskBelow(t *testing.T) {
	for _, tt := range []struct {
		declared, computed string
		want               bool
	}{{"low", "high", true}, {"high", "high", false}, {"critical", "medium", false}, {"", "low", true}, {"high", "", false}} {
		if got := RiskBelow(tt.declared, tt.computed); got != tt.want {
			t.Errorf("RiskBelow(%q, %q) = %v", tt.declared, tt.computed, got)
		}
	}
}

// TestHistorySaysWhy: an empty change history says why (no commit in the
// period, with the commits left out before and after it) in the table and
// markdown, a short one names what it left out, and a shallow clone's note
// prints once (it read "history truncated at history truncated at").
func TestHistorySaysWhy(t *testing.T) {
	const trunc = "history truncated at 1a2b3c4d5e6f (shallow clone; fetch the full history with `git fetch --unshallow`)"
	tests := []struct {
		name   string
		h      *model.History
		want   []string
		avoid  []string
		format []string
	}{
		{"empty", &model.History{Changes: []model.AgentChange{}, BeforePeriod: 1, AfterPeriod: 2},
			[]string{"no commit changed an agent configuration in the period; 1 commit before the period and 2 commits after the period or the run's clock"},
			[]string{"up to the report date"}, []string{"table", "markdown"}},
		{"some left out", &model.History{Changes: fixtureResult().History.Changes, AfterPeriod: 3},
			[]string{"3 commits after the period or the run's clock changed agent configurations and are left out"},
			[]string{"no commit changed"}, []string{"table", "markdown"}},
		{"skipped", &model.History{Changes: []model.AgentChange{}, Note: "change history skipped: git is not installed", Skipped: true},
			[]string{"change history skipped: git is not installed"}, []string{"no commit changed"}, []string{"table", "markdown"}},
		{"shallow", &model.History{Changes: []model.AgentChange{}, Truncated: trunc},
			[]string{"1a2b3c4d5e6f"}, []string{"truncated at history truncated", "History truncated at `history"}, []string{"table", "markdown"}},
	}
	for _, tt := range tests {
		for _, format := range tt.format {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				res := fixtureResult()
				res.History = tt.h
				got := strings.Join(strings.Fields(string(render(t, format, res, testOpts()))), " ")
				for _, w := range tt.want {
					if !strings.Contains(got, strings.Join(strings.Fields(w), " ")) {
						t.Errorf("%s lacks %q", format, w)
					}
				}
				for _, a := range tt.avoid {
					if strings.Contains(got, a) {
						t.Errorf("%s has %q", format, a)
					}
				}
			})
		}
	}
}
