package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

func TestGrade(t *testing.T) {
	f := func(check, subject, file string, line int, msg string) model.Finding {
		return model.Finding{Check: check, Subject: subject, Severity: "high", Location: model.Pos{File: file, Line: line}, Message: msg}
	}
	o := &Oracle{
		Findings: []Expect{
			{Check: "logs.tool-out-of-scope", Subject: "a", Tool: "email", At: "l.jsonl:3"},
			{Check: "logs.rejected-tool-ran", Subject: "a", Severity: "critical", At: "l.jsonl:4"},
			{Check: "agent-owner", Subject: "b", KnownGap: "not judged yet"},
		},
		MustNot: []Expect{
			{Check: "logs.human-review-missing", Subject: "a", At: "l.jsonl:9"},
			{Check: "logs.coverage-gap", Subject: "a", KnownGap: "cadence not assumed yet"},
		},
	}
	got := []model.Finding{
		f("logs.tool-out-of-scope", "a", "l.jsonl", 3, "agent a used tool email"),
		f("logs.human-review-missing", "a", "l.jsonl", 9, "no review"),
		f("logs.coverage-gap", "a", "l.jsonl", 1, "gap"),
		f("logs.shadow-agent", "x", "l.jsonl", 5, "shadow"),
	}
	s := Grade(o, "logs", got)
	// agent-owner is not a log check: assess only, so logs does not expect it.
	if s.Matched != 1 || s.Expected != 2 || s.Reported != 3 {
		t.Errorf("matched %d, expected %d, reported %d; want 1, 2, 3", s.Matched, s.Expected, s.Reported)
	}
	if d := cmp.Diff([]Expect{o.Findings[1]}, s.Missed); d != "" {
		t.Errorf("missed (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]Expect{o.MustNot[0]}, s.Trapped); d != "" {
		t.Errorf("trapped (-want +got):\n%s", d)
	}
	if len(s.False) != 2 || len(s.Gaps) != 1 || len(s.Fixed) != 0 {
		t.Errorf("false %v, gaps %v, fixed %v", s.False, s.Gaps, s.Fixed)
	}
	a := Grade(o, "assess", nil)
	if len(a.Gaps) != 1 || a.Expected != 2 || len(a.Fixed) != 1 {
		t.Errorf("assess with nothing reported: gaps %v, expected %d, fixed %v", a.Gaps, a.Expected, a.Fixed)
	}
}

func TestMatchesToolInMessageOrField(t *testing.T) {
	e := Expect{Check: "c", Subject: "a", Tool: "notes", Operation: "create"}
	for _, tt := range []struct {
		f    model.Finding
		want bool
	}{
		{model.Finding{Check: "c", Subject: "a", Message: "ran notes:create"}, true},
		{model.Finding{Check: "c", Subject: "a", Tool: "notes", Operation: "create", Message: "x"}, true},
		{model.Finding{Check: "c", Subject: "a", Tool: "notes", Operation: "read", Message: "create"}, false},
		{model.Finding{Check: "c", Subject: "b", Message: "ran notes:create"}, false},
	} {
		if got := e.Matches(tt.f); got != tt.want {
			t.Errorf("%+v: %v, want %v", tt.f, got, tt.want)
		}
	}
}

// TestGradeBlockersKnownGap: a known-gap blocker is tolerated while it is
// reported and reported fixed once it is gone; any other blocker is missing
// or unexpected as before.
func TestGradeBlockersKnownGap(t *testing.T) {
	o := &Oracle{Blockers: []BlockerExpect{
		{Kind: "control-not-in-place", Control: "9.2"},
		{Kind: "clause-failed", Control: "6.1.2", KnownGap: "false declared-risk-below-computed"},
	}}
	for _, tt := range []struct {
		name                        string
		got                         []model.Blocker
		missing, extra, gaps, fixed []string
	}{
		{"gap still reported", []model.Blocker{{Kind: "control-not-in-place", Control: "9.2"}, {Kind: "clause-failed", Control: "6.1.2"}},
			nil, nil, []string{"clause-failed 6.1.2"}, nil},
		{"gap gone", []model.Blocker{{Kind: "control-not-in-place", Control: "9.2"}},
			nil, nil, nil, []string{"clause-failed 6.1.2"}},
		{"expected missing, other extra", []model.Blocker{{Kind: "critical-finding", Control: "A.9.2"}, {Kind: "clause-failed", Control: "6.1.2"}},
			[]string{"control-not-in-place 9.2"}, []string{"critical-finding A.9.2"}, []string{"clause-failed 6.1.2"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			missing, extra, gaps, fixed := GradeBlockers(o, tt.got)
			if d := cmp.Diff([][]string{tt.missing, tt.extra, tt.gaps, tt.fixed}, [][]string{missing, extra, gaps, fixed}); d != "" {
				t.Errorf("missing, extra, gaps, fixed (-want +got):\n%s", d)
			}
		})
	}
}

// TestGradeSampledTrap: an expected finding that also cites a trap's record
// among its samples (a rejected call that ran at :10, and one that held at
// :14 counted with it) is caught, though its location is right.
func TestGradeSampledTrap(t *testing.T) {
	o := &Oracle{
		Findings: []Expect{{Check: "logs.rejected-tool-ran", Subject: "a", At: "l.jsonl:10"}},
		MustNot: []Expect{
			{Check: "logs.rejected-tool-ran", Subject: "a", At: "l.jsonl:14"},
			{Check: "logs.rejected-tool-ran", Subject: "a", At: "l.jsonl:6"},
		},
	}
	f := model.Finding{Check: "logs.rejected-tool-ran", Subject: "a", Location: model.Pos{File: "l.jsonl", Line: 10},
		Samples: []model.Sample{{Pos: model.Pos{File: "l.jsonl", Line: 10}}, {Pos: model.Pos{File: "l.jsonl", Line: 14}}}}
	s := Grade(o, "logs", []model.Finding{f})
	if s.Precision() != 1 || s.Recall() != 1 {
		t.Errorf("precision %v recall %v, want 1 1", s.Precision(), s.Recall())
	}
	if d := cmp.Diff([]Expect{o.MustNot[0]}, s.Sampled); d != "" {
		t.Errorf("sampled (-want +got):\n%s", d)
	}
	f.Samples = f.Samples[:1]
	if s := Grade(o, "logs", []model.Finding{f}); len(s.Sampled) != 0 {
		t.Errorf("sampled %v, want none", s.Sampled)
	}
}
