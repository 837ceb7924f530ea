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
