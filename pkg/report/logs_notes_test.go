package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// Events outside the period and the analysis's notes are said, so that "6
// events read" with no activity does not look like a silent drop.
func TestLogsSayWhatWasNotAnalysed(t *testing.T) {
	s := &model.LogSummary{Events: 6, OutsidePeriod: 6, Notes: []string{"no inventory was loaded"}}
	for format, want := range map[string][]string{
		"table":    {"6 events outside the period, not analysed", "note: no inventory was loaded"},
		"markdown": {"6 event(s) fell outside the period", "> Note: no inventory was loaded"},
	} {
		var b bytes.Buffer
		if err := WriteLogs(&b, format, s, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s output lacks %q:\n%s", format, w, b.String())
			}
		}
	}
}

// A file whose records were all read without an event (a non-GenAI span,
// opentelemetry-proto examples/trace.json) says so in the table, with the
// reason and its count, instead of reading as "0 events, 0 skipped".
func TestLogsTableSaysWhatWasIgnored(t *testing.T) {
	s := &model.LogSummary{Files: []model.LogFile{{Path: "trace.json", Format: "otlp", Records: 1, Ignored: 1,
		IgnoredReasons: []model.NameCount{{Name: "span without a GenAI operation: I'm a server span", Count: 1}}}}}
	var b bytes.Buffer
	if err := WriteLogs(&b, "table", s, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"IGNORED RECORDS (READ, NO EVENT)", "span without a GenAI operation: I'm a server span"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, b.String())
		}
	}
}

// Configuration changes are listed in the table: when, agent, actor, what.
func TestLogsTableListsConfigChanges(t *testing.T) {
	s := &model.LogSummary{ConfigChanges: []model.ConfigChange{{Agent: "ops", Actor: "alice", Operation: "UpdateAgent",
		Resource: "arn:aws:bedrock:us-east-1:1:agent/AG1", Outcome: "success", Source: model.Pos{File: "trail.json", Line: 1}}}, MoreConfigChanges: 3}
	var b bytes.Buffer
	if err := WriteLogs(&b, "table", s, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"CONFIGURATION CHANGES", "alice", "UpdateAgent arn:aws:bedrock:us-east-1:1:agent/AG1", "trail.json:1", "and 3 changes more, not listed"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("table lacks %q:\n%s", w, b.String())
		}
	}
}

// Per-file counts that are not events nor skips are said on screen: a
// file's automatic approvals and its MCP calls whose server is not logged
// (Claude Code mcp_tool), and a tool whose grant cannot be judged reads "?",
// not "NO".
func TestLogsTableSaysFileCountsAndUnjudgedTools(t *testing.T) {
	s := &model.LogSummary{Files: []model.LogFile{{Path: "claude.logs.jsonl", Format: "otlp", Records: 5, Events: 5, AutoApprovals: 2, UnnamedMCPCalls: 3}},
		Agents: []model.AgentActivity{{Agent: "claude-code", Events: 5, Tools: []model.ToolUse{{Tool: "mcp_tool", Count: 3, NotJudged: true}}}}}
	var b bytes.Buffer
	if err := WriteLogs(&b, "table", s, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	words := strings.Join(strings.Fields(out), " ") // the state column wraps
	for _, w := range []string{"automatic approvals: 2", "MCP calls without server/tool name: 3"} {
		if !strings.Contains(words, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "mcp_tool") && strings.Contains(line, "NO") {
			t.Errorf("an unjudged MCP call reads as not granted: %q", line)
		}
	}
}
