package auditlog

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// ccDecision is one Claude Code tool_decision OTLP log record line, shaped as
// Claude Code 2.1 exports it (https://docs.claude.com/en/docs/claude-code/monitoring-usage:
// event name in the body "claude_code.tool_decision", attributes tool_name,
// tool_use_id, decision accept|reject, source config|user_*), as in
// ../shared/samples/real/otlp/claude-code-2.1.197-print-mode.logs.jsonl.
func ccDecision(tsNano, tool, callID, decision, source string) string {
	kv := []string{"tool_name", tool, "tool_use_id", callID, "decision", decision, "source", source}
	var a []string
	for i := 0; i+1 < len(kv); i += 2 {
		a = append(a, `{"key":"`+kv[i]+`","value":{"stringValue":"`+kv[i+1]+`"}}`)
	}
	return `{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"claude-code"}}]},"scopeLogs":[{"logRecords":[` +
		`{"timeUnixNano":"` + tsNano + `","body":{"stringValue":"claude_code.tool_decision"},"attributes":[` + strings.Join(a, ",") + `]}]}]}]}`
}

// TestReviewMatching: human decisions are matched to the call they decide by
// tool call ID first, then request ID, then agent + tool + nearest earlier
// time, across files and formats; a rejected call that ran is critical for
// every operation (crm:read needs no review here), one whose outcome cannot
// be told is its own finding, and a rejected call that did not run is none.
// Native events follow the native format (docs/contract.md §2).
func TestReviewMatching(t *testing.T) {
	agents := func() []*model.Agent {
		return []*model.Agent{{ID: "agt-9", Identities: []string{"claude-code"},
			Tools:     []model.Grant{{Name: "crm"}, {Name: "slack"}, {Name: "Bash"}},
			Oversight: model.Oversight{HumanReview: []string{"slack:post"}}}}
	}
	const t0, t1, t2 = "2026-04-03T10:00:00Z", "2026-04-03T10:01:00Z", "2026-04-03T10:02:00Z"
	noOutcome := func(ts, tool, op, rid string) string {
		return `{"time":"` + ts + `","agent":"agt-9","action":"tool.call","tool":"` + tool + `","operation":"` + op + `","request_id":"` + rid + `"}`
	}
	type row struct{ Check, Sev, Loc string }
	cases := []struct {
		name  string
		files map[string][]string
		want  []row
	}{
		{"rejection in one file, the call that ran in another, by request id",
			map[string][]string{
				"a-reviews.jsonl": {ev(t0, "agt-9", "human.review", "crm", "read", "denied", "q1")},
				"b-calls.jsonl":   {ev(t1, "agt-9", "tool.call", "crm", "read", "success", "q1")},
			},
			[]row{{CheckRejectedToolRan, "critical", "b-calls.jsonl:1"}}},
		{"the call's tool call id decides before its request id (approved by call id)",
			map[string][]string{"e.jsonl": {
				ev(t0, "agt-9", "human.review", "crm", "read", "denied", "q2"),
				ev(t0, "agt-9", "human.review", "crm", "read", "success", "", "tool_call_id", "c2"),
				ev(t1, "agt-9", "tool.call", "crm", "read", "success", "q2", "tool_call_id", "c2"),
			}},
			nil},
		{"the call's tool call id decides before its request id (rejected by call id)",
			map[string][]string{"e.jsonl": {
				ev(t0, "agt-9", "human.review", "crm", "read", "success", "q3"),
				ev(t0, "agt-9", "human.review", "crm", "read", "denied", "", "tool_call_id", "c3"),
				ev(t1, "agt-9", "tool.call", "crm", "read", "success", "q3", "tool_call_id", "c3"),
			}},
			[]row{{CheckRejectedToolRan, "critical", "e.jsonl:3"}}},
		{"a Claude Code user rejection (OTLP) decides a native call by tool call id",
			map[string][]string{
				"cc.jsonl":   {ccDecision("1775210400000000000", "Bash", "toolu_01", "reject", "user_reject")},
				"tool.jsonl": {ev(t1, "agt-9", "tool.call", "Bash", "", "success", "", "tool_call_id", "toolu_01")},
			},
			[]row{{CheckRejectedToolRan, "critical", "tool.jsonl:1"}}},
		{"a Claude Code user rejection decides a native call without IDs by agent, tool and time",
			map[string][]string{
				"cc.jsonl":   {ccDecision("1775210400000000000", "Bash", "toolu_02", "reject", "user_reject")},
				"tool.jsonl": {ev(t1, "agt-9", "tool.call", "Bash", "", "success", "")},
			},
			[]row{{CheckRejectedToolRan, "critical", "tool.jsonl:1"}}},
		{"a native rejection decides a CSV call by its tool_call_id column",
			map[string][]string{
				"calls.csv":     {"time,agent,action,tool,operation,outcome,request_id,tool_call_id", t1 + ",agt-9,tool.call,crm,read,success,q20,c20"},
				"reviews.jsonl": {ev(t0, "agt-9", "human.review", "crm", "read", "denied", "", "tool_call_id", "c20")},
			},
			[]row{{CheckRejectedToolRan, "critical", "calls.csv:2"}}},
		{"a decision taken by configuration is no human review",
			map[string][]string{
				"cc.jsonl":   {ccDecision("1775210400000000000", "Bash", "toolu_03", "accept", "config")},
				"tool.jsonl": {ev(t1, "agt-9", "tool.call", "Bash", "", "success", "", "tool_call_id", "toolu_03")},
			},
			nil},
		{"a review later than the call does not decide it by time",
			map[string][]string{"e.jsonl": {
				ev(t1, "agt-9", "tool.call", "crm", "read", "success", ""),
				ev(t2, "agt-9", "human.review", "crm", "read", "denied", ""),
			}},
			nil},
		{"different request ids name different calls: no match by time",
			map[string][]string{"e.jsonl": {
				ev(t0, "agt-9", "human.review", "slack", "post", "denied", "q8"),
				ev(t1, "agt-9", "tool.call", "slack", "post", "success", "q9"),
			}},
			[]row{{CheckReviewMissing, "high", "e.jsonl:2"}}},
		{"rejected and denied: the block held",
			map[string][]string{"e.jsonl": {
				ev(t0, "agt-9", "human.review", "slack", "post", "denied", "q4"),
				ev(t1, "agt-9", "tool.call", "slack", "post", "denied", "q4"),
			}},
			nil},
		{"rejected and never called: the block held",
			map[string][]string{"e.jsonl": {ev(t0, "agt-9", "human.review", "crm", "read", "denied", "q5")}},
			nil},
		{"rejected, and the call record has no outcome",
			map[string][]string{"e.jsonl": {
				ev(t0, "agt-9", "human.review", "crm", "read", "denied", "q6"),
				noOutcome(t1, "crm", "read", "q6"),
			}},
			[]row{{CheckRejectedUnknown, "high", "e.jsonl:2"}}},
		// A review tool may name the agent otherwise (a display name): the
		// tool call id still says which call it decides, and a name under
		// which only such reviews are logged is no shadow agent (a note
		// says so). Without an id it decides nothing by time, and the name
		// stays a shadow identity, as it does when its id decides no call.
		{"a decision naming the agent otherwise rejects its call by tool call id",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "denied", "", "tool_call_id", "c8")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "", "tool_call_id", "c8")},
			},
			[]row{{CheckRejectedToolRan, "critical", "s.jsonl:1"}}},
		{"a decision naming the agent otherwise approves its call by tool call id",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "success", "", "tool_call_id", "c9")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "", "tool_call_id", "c9")},
			},
			nil},
		{"a decision naming the agent otherwise approves its call by request id",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "success", "q10")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "q10")},
			},
			nil},
		{"a decision naming the agent otherwise whose id decides no call",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "success", "", "tool_call_id", "c11")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "", "tool_call_id", "c12")},
			},
			[]row{{CheckShadowAgent, "high", "r.jsonl:1"}, {CheckReviewMissing, "high", "s.jsonl:1"}}},
		{"a name that also acts is a shadow agent, whatever its reviews decide",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "success", "", "tool_call_id", "c13"),
					ev(t0, "Cluster Ops", "tool.call", "jira", "create", "success", "")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "", "tool_call_id", "c13")},
			},
			[]row{{CheckShadowAgent, "high", "r.jsonl:1"}}},
		{"a decision naming the agent otherwise, without ids, decides nothing by time",
			map[string][]string{
				"r.jsonl": {ev(t0, "Cluster Ops", "human.review", "slack", "post", "success", "")},
				"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "")},
			},
			[]row{{CheckShadowAgent, "high", "r.jsonl:1"}, {CheckReviewMissing, "high", "s.jsonl:1"}}},
		// A call the system refused (403, AccessDenied) never ran: nothing
		// for a person to review (siem-ocsf-mcp, fraud-screener :17).
		{"a refused call needs no review; the one that ran does",
			map[string][]string{"e.jsonl": {
				ev(t1, "agt-9", "tool.call", "slack", "post", "denied", ""),
				ev(t2, "agt-9", "tool.call", "slack", "post", "success", ""),
			}},
			[]row{{CheckReviewMissing, "high", "e.jsonl:2"}}},
		{"refused calls only: no finding",
			map[string][]string{"e.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "denied", "q8")}},
			nil},
		// "slack:post" also names the qualified call slack___post, whatever
		// verb the source logs beside it (OCSF: the activity, Update).
		{"a qualified call is reviewed by its SERVER:TOOL rule",
			map[string][]string{"e.jsonl": {ev(t1, "agt-9", "tool.call", "slack___post", "update", "success", "")}},
			[]row{{CheckReviewMissing, "high", "e.jsonl:1"}}},
		{"an approval anywhere approves the request, whatever the order",
			map[string][]string{"e.jsonl": {
				ev(t1, "agt-9", "tool.call", "slack", "post", "success", "q7"),
				ev(t2, "agt-9", "human.review", "slack", "post", "denied", "q7"),
				ev(t2, "agt-9", "human.review", "slack", "post", "success", "q7"),
			}},
			nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, names := writeFiles(t, c.files)
			for _, workers := range []int{1, 2, 8} {
				s := analyze(t, dir, agents(), Options{Workers: workers}, names...)
				var got []row
				for _, f := range s.Findings {
					if f.Check == CheckUnusedGrant {
						continue
					}
					got = append(got, row{f.Check, f.Severity, f.Location.String()})
				}
				if d := cmp.Diff(c.want, got); d != "" {
					t.Errorf("workers %d: findings (-want +got):\n%s", workers, d)
				}
			}
		})
	}
}

// TestRejectedRanCitesTheRejection: the critical finding of a call that ran
// although a human rejected it names the rejection record beside the call,
// whether the decision was matched by tool call id (in another file), by
// request id, or by agent + tool + time, with any worker count.
func TestRejectedRanCitesTheRejection(t *testing.T) {
	agents := []*model.Agent{{ID: "agt-9", Tools: []model.Grant{{Name: "slack"}}}}
	const t0, t1 = "2026-04-03T10:00:00Z", "2026-04-03T10:01:00Z"
	for _, c := range []struct {
		name  string
		files map[string][]string
		want  string
	}{
		{"by tool call id", map[string][]string{
			"r.jsonl": {ev(t0, "agt-9", "human.review", "slack", "post", "success", "", "tool_call_id", "c0"),
				ev(t0, "agt-9", "human.review", "slack", "post", "denied", "", "tool_call_id", "c1")},
			"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "", "tool_call_id", "c1")},
		}, ", as r.jsonl:2 records"},
		{"by request id", map[string][]string{
			"s.jsonl": {ev(t1, "agt-9", "tool.call", "slack", "post", "success", "q1"),
				ev(t0, "agt-9", "human.review", "slack", "post", "denied", "q1")},
		}, ", as s.jsonl:2 records"},
		{"by agent, tool and time", map[string][]string{
			"s.jsonl": {ev(t0, "agt-9", "human.review", "slack", "post", "denied", ""),
				ev(t1, "agt-9", "tool.call", "slack", "post", "success", "")},
		}, ", as s.jsonl:1 records"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, names := writeFiles(t, c.files)
			for _, workers := range []int{1, 2, 8} {
				s := analyze(t, dir, agents, Options{Workers: workers}, names...)
				n := 0
				for _, f := range s.Findings {
					if f.Check == CheckRejectedToolRan {
						n++
						if !strings.HasSuffix(f.Message, c.want) {
							t.Errorf("workers %d: %q does not end in %q", workers, f.Message, c.want)
						}
						at := strings.TrimSuffix(strings.TrimPrefix(c.want, ", as "), " records")
						if !slices.ContainsFunc(f.Samples, func(s model.Sample) bool { return s.Pos.String() == at }) {
							t.Errorf("workers %d: samples %v do not cite the rejection %s", workers, f.Samples, at)
						}
					}
				}
				if n != 1 {
					t.Errorf("workers %d: %d rejected-tool-ran findings, want 1", workers, n)
				}
			}
		})
	}
}

// writeFiles writes one log file per name (its lines joined) into a new
// directory and returns it with the names in order.
func writeFiles(t *testing.T, files map[string][]string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	var names []string
	for name, lines := range files {
		write(t, dir, name, []byte(strings.Join(lines, "\n")+"\n"))
		names = append(names, name)
	}
	slices.Sort(names)
	return dir, names
}
