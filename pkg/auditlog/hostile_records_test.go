package auditlog

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHostileRecordsSkipped: a record that could change the verdict if read
// one way or another (a repeated key, a time no log can hold) is a counted
// skip at file:line with its reason, in JSON Lines (fast path and fastjson
// path alike) and in CSV. Duplicate names: RFC 8259 §4
// (https://www.rfc-editor.org/rfc/rfc8259#section-4) leaves their meaning to
// the reader.
func TestHostileRecordsSkipped(t *testing.T) {
	manyKeys := func(dup string) string {
		var b strings.Builder
		b.WriteString(`{"time":"2026-04-14T09:00:00Z","agent":"agt-001"`)
		for i := 0; i < 40; i++ {
			fmt.Fprintf(&b, `,"k%d":1`, i)
		}
		b.WriteString(dup + "}")
		return b.String()
	}
	good := `{"time":"2026-04-14T09:00:00Z","agent":"agt-001","tool":"fetch_application"}`
	lines := []string{
		good,
		`{"time":"2026-04-14T09:00:00Z","agent":"agt-001","agent":"shadow-x","tool":"fetch_application"}`,
		`{"time":"2026-04-14T09:00:00Z","agent":"agt-001","\u0061gent":"shadow-y"}`,
		`{"time":"2026-04-14T09:00:00Z","time":"2020-01-01T00:00:00Z","agent":"agt-001"}`,
		`{"time":"2026-04-14T09:00:00Z","agent":"agt-001","x":1,"x":2}`,
		manyKeys(`,"k7":2`),
		manyKeys(""),
		`{"time":"0001-01-01T00:00:00Z","agent":"agt-001"}`,
		`{"time":"1969-12-31T23:59:59Z","agent":"agt-001"}`,
		`{"time":"9999-12-31T23:59:59-23:00","agent":"agt-001"}`,
		`{"time":1e300,"agent":"agt-001"}`,
		`{"time":-5,"agent":"agt-001"}`,
		`{"time":"soon","agent":"agt-001"}`,
		good,
	}
	dir := t.TempDir()
	write(t, dir, "h.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	write(t, dir, "h.csv", []byte("time,agent,tool\n"+
		"2026-04-14T09:00:00Z,agt-001,fetch_application\n"+
		"0000-01-01T00:00:00Z,agt-001,fetch_application\n"+
		"1960-06-01T00:00:00Z,agt-001,fetch_application\n"+
		"-1,agt-001,fetch_application\n"))
	for _, workers := range []int{1, 4} {
		s := analyze(t, dir, northwind(), Options{Workers: workers}, "h.jsonl", "h.csv")
		var got []string
		for _, f := range s.Files {
			got = append(got, fmt.Sprintf("%s: %d events, %d skipped", f.Path, f.Events, f.Skipped))
			for _, e := range f.Errors {
				got = append(got, e.Location.String()+" "+e.Reason)
			}
		}
		amb := ": the record is ambiguous (readers disagree on which value counts)"
		want := []string{
			"h.jsonl: 3 events, 11 skipped",
			`h.jsonl:2 duplicate key "agent"` + amb,
			`h.jsonl:3 duplicate key "agent"` + amb,
			`h.jsonl:4 duplicate key "time"` + amb,
			`h.jsonl:5 duplicate key "x"` + amb,
			`h.jsonl:6 duplicate key "k7"` + amb,
			`h.jsonl:8 time "0001-01-01T00:00:00Z" is outside 1970-9999`,
			`h.jsonl:9 time "1969-12-31T23:59:59Z" is outside 1970-9999`,
			`h.jsonl:10 time "9999-12-31T23:59:59-23:00" is outside 1970-9999`,
			`h.jsonl:11 unparseable time "1e300"`,
			`h.jsonl:12 unparseable time "-5"`,
			`h.jsonl:13 unparseable time "soon"`,
			"h.csv: 1 events, 3 skipped",
			`h.csv:3 time "0000-01-01T00:00:00Z" is outside 1970-9999`,
			`h.csv:4 time "1960-06-01T00:00:00Z" is outside 1970-9999`,
			`h.csv:5 unparseable time "-1"`,
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("workers=%d (-want +got):\n%s", workers, d)
		}
		for _, sh := range s.Shadow {
			if strings.HasPrefix(sh.Identity, "shadow-") {
				t.Errorf("a duplicate-key record made shadow identity %q", sh.Identity)
			}
		}
		if !s.Period.From.IsZero() && s.Period.From.Year() < 2026 {
			t.Errorf("period starts %v: an out-of-range time was read", s.Period.From)
		}
	}
}

// TestOutOfRangeTimesSkippedInCloudTrailAndOCSF: the same rule as JSON Lines
// and CSV (one home: inRange in native.go) for CloudTrail eventTime (ISO 8601
// UTC, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html)
// and OCSF time (epoch milliseconds) / time_dt (OCSF 1.4 base event,
// https://schema.ocsf.io/1.4.0/classes/base_event): a counted skip at
// file:line with the reason, never an event at 1970 or year 0.
func TestOutOfRangeTimesSkippedInCloudTrailAndOCSF(t *testing.T) {
	rec := func(ts string) string {
		return `{"eventTime":` + ts + `,"eventName":"InvokeModel","eventSource":"bedrock.amazonaws.com",` +
			`"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/loan-intake-agent-role/s"},` +
			`"requestParameters":{"modelId":"anthropic.claude-3-5-sonnet"}}`
	}
	ocsf := func(field, ts string) string {
		return `{"class_uid":6003,"` + field + `":` + ts + `,"actor":{"user":{"name":"loan-intake-agent","type_id":3}},"api":{"operation":"x","service":{"name":"fetch_application"}}}`
	}
	dir := t.TempDir()
	write(t, dir, "ct.jsonl", []byte(strings.Join([]string{
		rec(`"2026-04-14T09:00:00Z"`), rec(`"0001-01-01T00:00:00Z"`), rec(`"1969-07-20T20:17:00Z"`), rec(`-1`), rec(`"2026-04-14T09:00:01Z"`),
	}, "\n")+"\n"))
	write(t, dir, "o.ocsf.jsonl", []byte(strings.Join([]string{
		ocsf("time", "1776157200000"), ocsf("time", "0"), ocsf("time_dt", `"0000-01-01T00:00:00Z"`), ocsf("time", "1e300"), ocsf("time_dt", `"1950-01-01T00:00:00Z"`),
	}, "\n")+"\n"))
	for _, workers := range []int{1, 4} {
		s, err := Analyze(context.Background(), []Source{{Path: "ct.jsonl", Format: FormatCloudTrail}, {Path: "o.ocsf.jsonl", Format: FormatOCSF}},
			northwind(), Options{Workers: workers, BaseDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range s.Files {
			got = append(got, fmt.Sprintf("%s: %d events, %d skipped", f.Path, f.Events, f.Skipped))
			for _, e := range f.Errors {
				got = append(got, e.Location.String()+" "+e.Reason)
			}
		}
		want := []string{
			"ct.jsonl: 2 events, 3 skipped",
			`ct.jsonl:2 time "0001-01-01T00:00:00Z" is outside 1970-9999`,
			`ct.jsonl:3 time "1969-07-20T20:17:00Z" is outside 1970-9999`,
			`ct.jsonl:4 unparseable time "-1"`,
			"o.ocsf.jsonl: 1 events, 4 skipped",
			`o.ocsf.jsonl:2 unparseable time "0"`,
			`o.ocsf.jsonl:3 time "0000-01-01T00:00:00Z" is outside 1970-9999`,
			`o.ocsf.jsonl:4 unparseable time "1e300"`,
			`o.ocsf.jsonl:5 time "1950-01-01T00:00:00Z" is outside 1970-9999`,
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("workers=%d (-want +got):\n%s", workers, d)
		}
	}
}
