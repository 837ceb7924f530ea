package auditlog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// A bucket synced with log file integrity validation on holds digest files
// beside the log files (CloudTrail-Digest/...json.gz). The digest below has
// the fields of the AWS CloudTrail User Guide, "CloudTrail digest file
// structure": it names log files and their hashes, it holds no event. It is
// a counted ignore in every shape (one line, pretty-printed, gzipped), never
// a bad record that would read as lost coverage.
func TestCloudTrailDigestIsIgnored(t *testing.T) {
	const digest = `{"awsAccountId":"111122223333","digestStartTime":"2026-11-10T09:00:00Z","digestEndTime":"2026-11-10T10:00:00Z",` +
		`"digestS3Bucket":"trail-bucket","digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/10/x.json.gz",` +
		`"digestPublicKeyFingerprint":"0123456789abcdef","digestSignatureAlgorithm":"SHA256withRSA",` +
		`"newestEventTime":"2026-11-10T09:59:00Z","oldestEventTime":"2026-11-10T09:00:10Z",` +
		`"previousDigestS3Bucket":"trail-bucket","previousDigestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/10/w.json.gz",` +
		`"previousDigestHashValue":"aa","previousDigestHashAlgorithm":"SHA-256","previousDigestSignature":"bb",` +
		`"logFiles":[{"s3Bucket":"trail-bucket","s3Object":"AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/10/y.json.gz",` +
		`"hashValue":"cc","hashAlgorithm":"SHA-256","newestEventTime":"2026-11-10T09:59:00Z","oldestEventTime":"2026-11-10T09:00:10Z"}]}`
	const record = `{"Records":[{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/support-agent/s",` +
		`"sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/support-agent"}}},` +
		`"eventTime":"2026-11-10T09:30:00Z","eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel",` +
		`"requestParameters":{"modelId":"anthropic.claude-3-5-sonnet-20240620-v1:0"},"requestID":"r1","eventID":"e1"}]}`
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"CloudTrail-Digest/a_CloudTrail-Digest_us-east-1_20261110T100000Z.json.gz": gz(t, []byte(digest)),
		"CloudTrail-Digest/b_CloudTrail-Digest_us-east-1_20261110T110000Z.json":    []byte("{\n  \"awsAccountId\": \"111122223333\",\n  \"digestStartTime\": \"2026-11-10T10:00:00Z\",\n  \"logFiles\": []\n}\n"),
		"CloudTrail/c_CloudTrail_us-east-1_20261110T0930Z.json.gz":                 gz(t, []byte(record)),
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := analyze(t, dir, nil, Options{}, ".")
	type row struct {
		Format                   string
		Events, Skipped, Ignored int64
		Reasons                  []model.NameCount
	}
	var got []row
	for _, f := range s.Files {
		got = append(got, row{f.Format, f.Events, f.Skipped, f.Ignored, f.IgnoredReasons})
	}
	reason := []model.NameCount{{Name: string(errCloudTrailDigest), Count: 1}}
	want := []row{
		{FormatCloudTrail, 0, 0, 1, reason}, // CloudTrail-Digest/ sorts before CloudTrail/
		{FormatCloudTrail, 0, 0, 1, reason},
		{FormatCloudTrail, 1, 0, 0, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for _, f := range s.Findings {
		if f.Check == CheckCoverageIncomplete {
			t.Errorf("a digest file reads as lost coverage: %s", f.Message)
		}
	}
}

// CloudTrail delivered to CloudWatch Logs reaches a SIEM bucket through a
// subscription (CloudWatch Logs User Guide, "Subscription filters":
// {"messageType":"DATA_MESSAGE","logEvents":[{"id","timestamp","message"}]},
// gzipped) or is exported with `aws logs filter-log-events` (AWS CLI
// reference: {"events":[{"logStreamName","timestamp","message",...}]}). The
// messages are the records as JSON strings; a control message has none.
func TestCloudWatchLogsEnvelopes(t *testing.T) {
	ct := `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/support-agent/s",` +
		`"sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/support-agent"}}},` +
		`"eventTime":"2026-11-10T09:30:00Z","eventSource":"bedrock.amazonaws.com","eventName":"Converse",` +
		`"requestParameters":{"modelId":"anthropic.claude-3-5-sonnet-20240620-v1:0"},"requestID":"r1","eventID":"e1"}`
	inv := `{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2026-11-10T09:31:00Z","identity":{"arn":"arn:aws:sts::111122223333:assumed-role/support-agent/s"},` +
		`"requestId":"r2","operation":"Converse","modelId":"anthropic.claude-3-5-sonnet-20240620-v1:0","input":{"inputBodyJson":{}},"output":{"outputBodyJson":{}}}`
	msg := func(s string) string { return jsonQuote(s) }
	sub := `{"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"aws-cloudtrail-logs","logStream":"111122223333_CloudTrail_us-east-1",` +
		`"subscriptionFilters":["to-siem"],"logEvents":[{"id":"1","timestamp":1762767000000,"message":` + msg(ct) + `},` +
		`{"id":"2","timestamp":1762767060000,"message":` + msg(inv) + `},{"id":"3","timestamp":1762767060000,"message":"not json"}]}`
	control := `{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],` +
		`"logEvents":[{"id":"","timestamp":1762767000000,"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}`
	cli := "{\n  \"events\": [\n    {\"logStreamName\": \"s\", \"timestamp\": 1762767000000, \"message\": " + msg(ct) + ", \"ingestionTime\": 1762767001000, \"eventId\": \"1\"}\n  ],\n  \"searchedLogStreams\": []\n}\n"
	agents := []*model.Agent{{ID: "support", Lifecycle: "deployed", Identities: []string{"arn:aws:iam::111122223333:role/support-agent"}}}
	for _, tc := range []struct {
		name                     string
		data                     []byte
		events, skipped, ignored int64
	}{
		{"firehose.json.gz", gz(t, []byte(control+"\n"+sub+"\n")), 2, 1, 1},
		{"filter-log-events.json", []byte(cli), 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.name, tc.data)
			s := analyze(t, dir, agents, Options{}, tc.name)
			f := s.Files[0]
			if f.Format != FormatCloudTrail || f.Events != tc.events || f.Skipped != tc.skipped || f.Ignored != tc.ignored || len(s.Shadow) != 0 {
				t.Fatalf("format %s events %d skipped %d ignored %d (%v) errors %v shadow %v; want cloudtrail %d %d %d",
					f.Format, f.Events, f.Skipped, f.Ignored, f.IgnoredReasons, f.Errors, s.Shadow, tc.events, tc.skipped, tc.ignored)
			}
			if tc.ignored > 0 && f.IgnoredReasons[0].Name != string(errCloudWatchControl) {
				t.Errorf("ignored %v", f.IgnoredReasons)
			}
		})
	}
}
