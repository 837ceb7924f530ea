package auditlog

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gz(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func analyze(t *testing.T, dir string, agents []*model.Agent, opts Options, paths ...string) *model.LogSummary {
	t.Helper()
	var src []Source
	for _, p := range paths {
		src = append(src, Source{Path: p})
	}
	opts.BaseDir = dir
	s, err := Analyze(context.Background(), src, agents, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ev(ts, agent, action, tool, op, outcome, rid string, extra ...string) string {
	m := map[string]any{"time": ts, "agent": agent, "action": action, "outcome": outcome}
	if tool != "" {
		m["tool"] = tool
	}
	if op != "" {
		m["operation"] = op
	}
	if rid != "" {
		m["request_id"] = rid
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestDeterministicAcrossWorkers: the JSON of the summary is byte-identical
// whatever the worker count, on every sample plus a multi-chunk file.
func TestDeterministicAcrossWorkers(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; b.Len() < 3*chunkSize; i++ {
		agent := []string{"agt-001", "agt-002", "agt-003", "ghost"}[i%4]
		tool := []string{"fetch_application", "create_ticket", "generate_report", "update_core_banking", "flag_for_review"}[i%5]
		ts := start.Add(time.Duration(i*37) * time.Second).Format(time.RFC3339)
		if i%7 == 0 {
			b.WriteString(ev(ts, agent, "human.review", tool, "update", []string{"success", "denied"}[i%2], "r"+string(rune('a'+i%26))))
		} else {
			b.WriteString(ev(ts, agent, "tool.call", tool, "update", []string{"success", "error", "denied"}[i%3], "r"+string(rune('a'+i%26)), "input", "x"))
		}
		b.WriteByte('\n')
		if i%5000 == 0 {
			b.WriteString("{truncated\n")
		}
	}
	write(t, dir, "big.jsonl", []byte(b.String()))
	for _, n := range []string{"otel-genai-otlp.json", "otel-genai-otlp.jsonl", "cloudtrail-bedrock.json", "ocsf-api-activity.jsonl", "claude-code-logs.jsonl", "native.csv"} {
		data, _ := os.ReadFile(filepath.Join("testdata", "samples", n))
		write(t, dir, n, data)
	}
	agents := benchAgents()
	agents[0].Oversight.HumanReview = []string{"update"}
	var want []byte
	for _, w := range []int{1, 2, 3, 8} {
		s := analyze(t, dir, agents, Options{Workers: w}, ".")
		got, _ := json.MarshalIndent(s, "", " ")
		if want == nil {
			want = got
			if s.Events < 10000 || s.Skipped == 0 {
				t.Fatalf("events %d skipped %d: the test file did not exercise the chunks", s.Events, s.Skipped)
			}
			continue
		}
		if d := cmp.Diff(string(want), string(got)); d != "" {
			t.Fatalf("workers=%d differs from workers=1:\n%s", w, d)
		}
	}
}

// TestBadRecords: every kind of bad record is counted and listed with its line; the run goes on.
func TestBadRecords(t *testing.T) {
	dir := t.TempDir()
	good := ev("2026-04-14T09:00:00Z", "agt-001", "tool.call", "fetch_application", "", "success", "")
	lines := []string{
		good,
		`{"time":"2026-04-14T09:00:01Z","agent":"agt-001","action":"tool.c`, // truncated
		"{\"time\":\"2026-04-14T09:00:02Z\",\"agent\":\"\xff\xfe\"}",        // invalid UTF-8
		`["not","an","object"]`, // wrong shape
		`{"time":"yesterday","agent":"agt-001","action":"tool.call"}`,                                                        // bad time
		`{"agent":"agt-001","action":"tool.call"}`,                                                                           // no time
		`{"time":"2026-04-14T09:00:03Z","agent":"agt-001","action":"tool.call","input":"` + strings.Repeat("x", 3000) + `"}`, // too long
		good,
	}
	write(t, dir, "bad.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	write(t, dir, "bad.csv", []byte("time,agent,tool\n2026-04-14T09:00:00Z,agt-001,fetch_application\n2026-04-14T09:00:00Z,agt-001\n"))
	write(t, dir, "fake.jsonl.gz", []byte(good+"\n"))
	write(t, dir, "real.log", gz(t, []byte(good+"\n"+good+"\n")))
	write(t, dir, "garbage.txt", []byte("\x00\x01\x02 binary"))
	s := analyze(t, dir, northwind(), Options{Thresholds: model.Thresholds{MaxRecordBytes: 2048}}, "bad.jsonl", "bad.csv", "fake.jsonl.gz", "real.log", "garbage.txt", "missing.jsonl")

	type fileRow struct {
		Path, Format, Unreadable string
		Events, Skipped          int64
		Errors                   []string
	}
	var got []fileRow
	for _, f := range s.Files {
		r := fileRow{Path: f.Path, Format: f.Format, Unreadable: f.Unreadable, Events: f.Events, Skipped: f.Skipped}
		for _, e := range f.Errors {
			r.Errors = append(r.Errors, e.Location.String()+" "+strings.SplitN(e.Reason, ":", 2)[0])
		}
		got = append(got, r)
	}
	want := []fileRow{
		{Path: "bad.jsonl", Format: "jsonl", Events: 2, Skipped: 6, Errors: []string{
			"bad.jsonl:2:65 invalid JSON", "bad.jsonl:3 invalid UTF-8", "bad.jsonl:4 record is not a JSON object",
			"bad.jsonl:5 unparseable time \"yesterday\"", "bad.jsonl:6 missing time", "bad.jsonl:7 line exceeds max_record_bytes (2048)"}},
		{Path: "bad.csv", Format: "csv", Events: 1, Skipped: 1, Errors: []string{"bad.csv:3 wrong number of columns"}},
		{Path: "fake.jsonl.gz", Format: "auto", Unreadable: "not gzip despite the .gz extension"},
		{Path: "real.log", Format: "jsonl", Events: 2},
		{Path: "garbage.txt", Format: "auto", Unreadable: "unrecognised format: neither JSON nor CSV"},
		{Path: "missing.jsonl", Unreadable: "no such file or directory"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
	if s.Events != 5 || s.Skipped != 7 {
		t.Errorf("summary events %d skipped %d, want 5 and 7", s.Events, s.Skipped)
	}
	var incomplete []string
	for _, f := range s.Findings {
		if f.Check == CheckCoverageIncomplete {
			incomplete = append(incomplete, f.Location.String())
		}
	}
	if d := cmp.Diff([]string{"bad.csv:3", "bad.jsonl:2:65", "fake.jsonl.gz", "garbage.txt", "missing.jsonl"}, incomplete); d != "" {
		t.Errorf("coverage-incomplete findings (-want +got):\n%s", d)
	}
}

// TestScopeChecks covers the per-event checks on native events.
func TestScopeChecks(t *testing.T) {
	dir := t.TempDir()
	a := &model.Agent{ID: "agt-9", Identities: []string{"bot-*"},
		Tools: []model.Grant{
			{Name: "crm", Operations: []string{"read"}, Resources: []string{"customers/*"}},
			{Name: "slack", Operations: []string{"post"}},
			{Name: "never"},
		},
		Model:     model.Model{Allowed: []string{"gpt-4o*"}},
		Data:      []model.DataAccess{{Source: "crm", Categories: []string{"customer-contact"}}},
		Logging:   model.Logging{Inputs: true, Outputs: true},
		Oversight: model.Oversight{HumanReview: []string{"slack:post"}},
		Approval:  model.Approval{ApprovedOn: model.MustDate("2026-04-02")},
		RetiredOn: model.MustDate("2026-04-20"),
	}
	lines := []string{
		ev("2026-04-01T10:00:00Z", "bot-1", "tool.call", "crm", "read", "success", "", "resource", "customers/1", "input", "i", "output", "o"),                       // 1 before approval
		ev("2026-04-03T10:00:00Z", "agt-9", "tool.call", "crm", "delete", "success", "", "input", "i", "output", "o"),                                                // 2 op out of scope
		ev("2026-04-03T11:00:00Z", "agt-9", "tool.call", "crm", "read", "success", "", "resource", "invoices/7", "input", "i", "output", "o"),                        // 3 resource
		ev("2026-04-03T12:00:00Z", "agt-9", "model.call", "", "", "denied", "", "model", "claude-3-opus"),                                                            // 4 model denied
		ev("2026-04-03T13:00:00Z", "agt-9", "human.review", "slack", "post", "denied", "q1", "actor", "rev@x"),                                                       // 5 reject
		ev("2026-04-03T13:01:00Z", "agt-9", "tool.call", "slack", "post", "success", "q1", "input", "i", "output", "o"),                                              // 6 ran anyway
		ev("2026-04-03T14:00:00Z", "agt-9", "tool.call", "slack", "post", "success", "q2", "input", "i", "output", "o"),                                              // 7 no review
		ev("2026-04-03T14:30:00Z", "agt-9", "human.review", "slack", "post", "success", "q3"),                                                                        // 8 approve
		ev("2026-04-03T14:31:00Z", "agt-9", "tool.call", "slack", "post", "success", "q3", "input", "i", "output", "o"),                                              // 9 fine
		ev("2026-04-03T15:00:00Z", "agt-9", "tool.call", "crm", "read", "success", ""),                                                                               // 10 missing io
		`{"time":"2026-04-03T16:00:00Z","agent":"agt-9","action":"tool.call","tool":"crm","operation":"read","data_categories":["health"],"input":"i","output":"o"}`, // 11 data
		ev("2026-04-10T16:00:00Z", "agt-9", "tool.call", "crm", "read", "success", "", "input", "i", "output", "o"),                                                  // 12 after a 6-day gap
		ev("2026-04-21T00:00:01Z", "agt-9", "tool.call", "crm", "read", "success", "", "input", "i", "output", "o"),                                                  // 13 after retirement
		ev("2026-04-03T10:00:00Z", "stranger", "tool.call", "x", "", "success", ""),                                                                                  // 14 shadow
	}
	write(t, dir, "e.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	s := analyze(t, dir, []*model.Agent{a}, Options{}, "e.jsonl")
	type row struct{ Check, Sev, Loc string }
	var got []row
	for _, f := range s.Findings {
		got = append(got, row{f.Check, f.Severity, f.Location.String()})
	}
	want := []row{
		{CheckRejectedToolRan, "critical", "e.jsonl:6"},
		{CheckShadowAgent, "high", "e.jsonl:14"},
		{CheckBeforeApproval, "high", "e.jsonl:1"},
		{CheckAfterRetirement, "high", "e.jsonl:13"},
		{CheckReviewMissing, "high", "e.jsonl:7"},
		{CheckOpOutOfScope, "high", "e.jsonl:2"},
		{CheckResourceOutScope, "high", "e.jsonl:3"},
		{CheckCoverageGap, "medium", ""},
		{CheckMissingInput, "medium", "e.jsonl:10"},
		{CheckMissingOutput, "medium", "e.jsonl:10"},
		{CheckUndeclaredData, "medium", "e.jsonl:11"},
		{CheckModelNotAllowed, "medium", "e.jsonl:4"},
		{CheckUnusedGrant, "low", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
	// One gap (04-03 to 04-10): the silences before approval and after
	// retirement are not gaps.
	act := s.Agents[0]
	if act.Events != 13 || act.HumanReviews != 2 || act.Rejections != 1 || act.Denials != 1 || act.Gaps != 1 {
		t.Errorf("activity = %+v", act)
	}
	// The period keeps only 2026-04-03.
	s = analyze(t, dir, []*model.Agent{a}, Options{Period: model.Period{From: model.MustDate("2026-04-03"), To: model.MustDate("2026-04-03")}}, "e.jsonl")
	if s.Agents[0].Events != 10 || s.OutsidePeriod != 3 {
		t.Errorf("period: events %d outside %d, want 10 and 3", s.Agents[0].Events, s.OutsidePeriod)
	}
}

// TestClaudeCodeDecisions: tool_decision log records become human reviews
// (user_* sources only), matched by tool_use_id or by agent, tool and time.
func TestClaudeCodeDecisions(t *testing.T) {
	agents := northwind()
	agents[1].Oversight.HumanReview = []string{"create_ticket", "export_customer_list"}
	s := analyze(t, ".", agents, Options{}, "testdata/samples/claude-code-logs.jsonl")
	if s.Files[0].Format != FormatOTLP || s.Files[0].Skipped != 0 {
		t.Fatalf("file = %+v", s.Files[0])
	}
	act := s.Agents[1]
	if act.HumanReviews != 2 || act.Rejections != 1 {
		t.Errorf("reviews %d rejections %d, want 2 and 1 (config decisions are not human)", act.HumanReviews, act.Rejections)
	}
	var got []string
	for _, f := range s.Findings {
		if f.Subject == "agt-002" && f.Check != CheckUnusedGrant {
			got = append(got, f.Check+" "+f.Location.String())
		}
	}
	want := []string{
		CheckRejectedToolRan + " testdata/samples/claude-code-logs.jsonl:2",
		CheckToolOutOfScope + " testdata/samples/claude-code-logs.jsonl:2",
		CheckModelNotAllowed + " testdata/samples/claude-code-logs.jsonl:2",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("findings (-want +got):\n%s", d)
	}
}

// TestIdentityResolution: exact identities win over globs, assumed-role
// sessions resolve to their role, unknown identities are shadows.
func TestIdentityResolution(t *testing.T) {
	an := newAnalysis([]*model.Agent{
		{ID: "a", Identities: []string{"arn:aws:iam::1:role/*"}},
		{ID: "b", Identities: []string{"arn:aws:iam::1:role/b-role", "svc-b"}},
	}, Options{}, model.DefaultThresholds())
	tests := map[string]int{
		"a":                                    0,
		"b":                                    1,
		"svc-b":                                1,
		"arn:aws:iam::1:role/b-role":           1,
		"arn:aws:iam::1:role/other":            0,
		"arn:aws:sts::1:assumed-role/b-role/s": 1,
		"arn:aws:sts::2:assumed-role/b-role/s": -1,
		"nobody":                               -1,
	}
	for id, want := range tests {
		if got := an.resolveOne(id); got != want {
			t.Errorf("resolve(%q) = %d, want %d", id, got, want)
		}
	}
}

// TestNoInventory: without agents every identity is listed, nothing judged.
func TestNoInventory(t *testing.T) {
	s := analyze(t, ".", nil, Options{}, "testdata/samples/ocsf-api-activity.jsonl")
	var ids []string
	for _, a := range s.Agents {
		ids = append(ids, a.Agent)
	}
	if d := cmp.Diff([]string{"agt-003", "loan-intake-agent", "support-triage-agent"}, ids); d != "" {
		t.Errorf("agents (-want +got):\n%s", d)
	}
	if len(s.Findings) != 0 || len(s.Notes) != 1 {
		t.Errorf("findings %v notes %v", s.Findings, s.Notes)
	}
	// No grant was looked at: no tool use may read granted (every one
	// did, and the table printed "yes" for each).
	n := 0
	for _, a := range s.Agents {
		for _, u := range a.Tools {
			n++
			if u.Granted || !u.NotJudged {
				t.Errorf("%s %s:%s: granted %v not judged %v, want not judged", a.Agent, u.Tool, u.Operation, u.Granted, u.NotJudged)
			}
		}
	}
	if n == 0 {
		t.Error("no tool use to check")
	}
}

// TestOTLPAcrossFiles: tool spans in one file attribute to the invoke_agent
// span in another, whatever the order.
func TestOTLPAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile(filepath.Join("testdata", "samples", "otel-genai-otlp.jsonl"))
	// Split the first batch: the tool spans go into a.jsonl, the invoke_agent span into b.jsonl.
	var doc map[string]any
	line := bytes.SplitN(data, []byte("\n"), 2)[0]
	if err := json.Unmarshal(line, &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc["resourceSpans"].([]any)[0].(map[string]any)
	ss := rs["scopeSpans"].([]any)[0].(map[string]any)
	spans := ss["spans"].([]any)
	ss["spans"] = spans[1:]
	a, _ := json.Marshal(map[string]any{"resourceSpans": []any{rs}})
	ss["spans"] = spans[:1]
	b, _ := json.Marshal(map[string]any{"resourceSpans": []any{rs}})
	write(t, dir, "a.jsonl", append(a, '\n'))
	write(t, dir, "b.jsonl", append(b, '\n'))
	agents := northwind()
	agents[0].Identities = []string{"agt-001"} // not the service name: only the parent span can tell
	s := analyze(t, dir, agents, Options{}, ".")
	if s.Agents[0].Events != 5 || len(s.Shadow) != 0 {
		t.Errorf("agt-001 events %d, shadows %+v; want 5 and none", s.Agents[0].Events, s.Shadow)
	}
	got := findingsOf(s, CheckToolOutOfScope)
	if d := cmp.Diff([]oracleFinding{{CheckToolOutOfScope, "agt-001", "a.jsonl:1"}}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestCSVFormats(t *testing.T) {
	s := analyze(t, ".", northwind(), Options{}, "testdata/samples/ocsf-flat.csv")
	got := findingsOf(s, CheckToolOutOfScope)
	if d := cmp.Diff([]oracleFinding{{CheckToolOutOfScope, "agt-001", "testdata/samples/ocsf-flat.csv:3"}}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if s.Agents[1].Errors != 1 {
		t.Errorf("agt-002 errors = %d, want 1 (status_id 2)", s.Agents[1].Errors)
	}
	dir := t.TempDir()
	write(t, dir, "m.csv", []byte("ts;x\n"[:0]))
	write(t, dir, "m.csv", []byte("ts,app,what\n2026-04-14T09:00:00Z,loan-intake-agent,update_core_banking\n"))
	s, err := Analyze(context.Background(), []Source{{Path: "m.csv", Format: "csv", Mapping: map[string]string{"time": "ts", "agent": "app", "tool": "what"}}}, northwind(), Options{BaseDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if got := findingsOf(s, CheckToolOutOfScope); len(got) != 1 || got[0].Location != "m.csv:2" {
		t.Errorf("mapped CSV findings = %v", got)
	}
}
