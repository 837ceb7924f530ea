package auditlog

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// Records in the shape of the Amazon Bedrock User Guide, "Monitor model
// invocation using CloudWatch Logs and Amazon S3" (schemaType
// ModelInvocationLog, schemaVersion 1.0): a Converse call with text data
// delivery on, an InvokeModel whose bodies went to S3 (large data
// delivery), a call with text delivery off, a denied call and a call of a
// model outside the allow-list. As CloudWatch Logs exports them (one JSON
// record a line) and as S3 delivers them (gzipped).
func TestBedrockInvocationLogs(t *testing.T) {
	const (
		role    = "arn:aws:iam::111122223333:role/loan-assistant"
		session = "arn:aws:sts::111122223333:assumed-role/loan-assistant/i-0abc"
		sonnet  = "anthropic.claude-3-5-sonnet-20240620-v1:0"
	)
	rec := func(ts, op, modelID, body, extra string) string {
		return `{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"` + ts + `","accountId":"111122223333",` +
			`"identity":{"arn":"` + session + `"},"region":"eu-west-1","requestId":"req-` + ts[11:13] + `","operation":"` + op + `",` +
			`"modelId":"` + modelID + `"` + body + extra + `}`
	}
	const (
		text = `,"input":{"inputContentType":"application/json","inputBodyJson":{"messages":[{"role":"user","content":[{"text":"summarise"}]}]},"inputTokenCount":12},` +
			`"output":{"outputContentType":"application/json","outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}},"outputTokenCount":3}`
		s3   = `,"input":{"inputContentType":"application/json","inputBodyS3Path":"s3://logs/AWSLogs/111122223333/BedrockModelInvocationLogs/in.json"},"output":{"outputContentType":"application/json","outputBodyS3Path":"s3://logs/out.json"}`
		none = `,"input":{"inputContentType":"application/json","inputTokenCount":12},"output":{"outputContentType":"application/json","outputTokenCount":3}`
	)
	lines := strings.Join([]string{
		rec("2026-11-10T09:00:00Z", "Converse", sonnet, text, ""),
		rec("2026-11-10T10:00:00Z", "InvokeModel", sonnet, s3, ""),
		rec("2026-11-10T11:00:00Z", "Converse", sonnet, none, ""),
		rec("2026-11-10T12:00:00Z", "Converse", sonnet, "", `,"errorCode":"AccessDeniedException"`),
		rec("2026-11-10T13:00:00Z", "ConverseStream", "meta.llama3-70b-instruct-v1:0", text, ""),
	}, "\n") + "\n"
	agents := []*model.Agent{{ID: "loan-assistant", Lifecycle: "deployed", Identities: []string{role},
		Logging: model.Logging{Inputs: true, Outputs: true}, Model: model.Model{Allowed: []string{"anthropic.claude-3-5-sonnet*"}}}}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"cloudwatch.jsonl", []byte(lines)},
		{"111122223333_BedrockModelInvocationLogs_eu-west-1.json.gz", gz(t, []byte(lines))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.name, tc.data)
			s := analyze(t, dir, agents, Options{}, tc.name)
			f := s.Files[0]
			if f.Format != FormatCloudTrail || f.Events != 5 || f.Skipped != 0 || f.Ignored != 0 || len(s.Shadow) != 0 {
				t.Fatalf("format %s events %d skipped %d ignored %d shadow %v", f.Format, f.Events, f.Skipped, f.Ignored, s.Shadow)
			}
			a := s.Agents[0]
			want := []model.NameCount{{Name: sonnet, Count: 4}, {Name: "meta.llama3-70b-instruct-v1:0", Count: 1}}
			if d := cmp.Diff(want, a.Models); d != "" {
				t.Errorf("models (-want +got):\n%s", d)
			}
			if a.Denials != 1 || a.MissingInputs != 1 || a.MissingOutputs != 1 {
				t.Errorf("denials %d, missing inputs %d outputs %d; want 1, 1, 1 (the call without text delivery)", a.Denials, a.MissingInputs, a.MissingOutputs)
			}
			var got []string
			for _, fi := range s.Findings {
				switch fi.Check {
				case CheckModelNotAllowed:
					got = append(got, fi.Check+" "+fi.Model)
				case CheckMissingInput:
					got = append(got, fi.Check+" "+fi.Location.String())
					if !strings.Contains(fi.Message, "inputBodyJson") {
						t.Errorf("missing-input names no Bedrock field: %s", fi.Message)
					}
				}
			}
			wantF := []string{CheckMissingInput + " " + tc.name + ":3", CheckModelNotAllowed + " meta.llama3-70b-instruct-v1:0"}
			if d := cmp.Diff(wantF, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

func TestRoleFromAssumed(t *testing.T) {
	for _, tc := range []struct{ arn, role, name string }{
		{"arn:aws:sts::111122223333:assumed-role/loan-assistant/i-0abc", "arn:aws:iam::111122223333:role/loan-assistant", "loan-assistant"},
		{"arn:aws-us-gov:sts::111122223333:assumed-role/r/s", "arn:aws-us-gov:iam::111122223333:role/r", "r"},
		{"arn:aws:iam::111122223333:user/alice", "", ""},
		{"arn:aws:sts::111122223333:assumed-role/noslash", "", ""},
		{"", "", ""},
	} {
		role, name := roleFromAssumed(tc.arn)
		if role != tc.role || name != tc.name {
			t.Errorf("roleFromAssumed(%q) = %q, %q; want %q, %q", tc.arn, role, name, tc.role, tc.name)
		}
	}
}
