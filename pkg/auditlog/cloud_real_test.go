package auditlog

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"
)

// TestRealCloudExports reads the real OCSF and CloudTrail files of
// ../shared/samples/real in place and checks the facts its README lists:
// OCSF examples from ocsf/examples commit 45c82e3 (schema 1.1.0 and 1.3.0),
// CloudTrail events from the AWS AgentCore Gateway and Bedrock user guides.
// Each identity the README names must attribute the event to the agent on
// its own.
func TestRealCloudExports(t *testing.T) {
	type want struct {
		time    string
		tools   []model.ToolUse
		models  []model.NameCount
		denials int64
	}
	tests := []struct {
		file string
		ids  []string // each alone identifies the agent
		want want
	}{
		{"ocsf/aws-cloudtrail-v1.1.0-generic_api_activity.ocsf",
			[]string{"arn:aws:iam::1111111111111:user/Level6", "Level6"},
			want{time: "2023-09-21T22:22:52Z", tools: []model.ToolUse{{Tool: "directconnect.amazonaws.com", Operation: "DescribeDirectConnectGateways", Count: 1, Granted: true}}}},
		{"ocsf/github-audit-v1.3.0-api_activity.ocsf",
			[]string{"test_user", "51111"},
			want{time: "2024-10-17T14:42:46.108Z", tools: []model.ToolUse{{Tool: "git.push", Operation: "git.push", Count: 1, Granted: true}}}},
		{"cloudtrail/agentcore-gateway-tools-call.json",
			[]string{"4ammgxxxxxxxxxxxm3b8c", "arn:aws:bedrock-agentcore:us-west-2:XXXXXXXXXX:gateway/test-gateway-65129e91-mtzoadyihf"},
			want{time: "2025-07-14T02:14:42Z", tools: []model.ToolUse{{Tool: "SmithyTarget___ListTables", Count: 1, Granted: true}}}},
		{"cloudtrail/bedrock-userguide-invokemodel.json",
			[]string{"arn:aws:iam::111122223333:user/userxyz"},
			want{time: "2023-10-11T21:58:59Z", models: []model.NameCount{{Name: "stability.stable-diffusion-xl-v0", Count: 1}}}},
	}
	for _, tc := range tests {
		path := testenv.Shared(t, "samples", "real", tc.file)
		for _, id := range tc.ids {
			t.Run(tc.file+"/"+id, func(t *testing.T) {
				a := &model.Agent{ID: "agent", Identities: []string{id}}
				for _, tu := range tc.want.tools {
					a.Tools = append(a.Tools, model.Grant{Name: tu.Tool})
				}
				for _, m := range tc.want.models {
					a.Model.Allowed = append(a.Model.Allowed, m.Name)
				}
				s := analyze(t, ".", []*model.Agent{a}, Options{}, path)
				if s.Events != 1 || s.Skipped != 0 || s.Ignored != 0 || len(s.Shadow) != 0 || len(s.Agents) != 1 {
					t.Fatalf("events %d skipped %d ignored %d shadow %v agents %d", s.Events, s.Skipped, s.Ignored, s.Shadow, len(s.Agents))
				}
				got := s.Agents[0]
				wt, _ := time.Parse(time.RFC3339Nano, tc.want.time)
				if !got.FirstSeen.Equal(wt) {
					t.Errorf("time %v, want %v", got.FirstSeen, wt)
				}
				if d := cmp.Diff(tc.want.tools, got.Tools, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("tools (-want +got):\n%s", d)
				}
				if len(tc.want.models) > 0 {
					if d := cmp.Diff(tc.want.models, got.Models); d != "" {
						t.Errorf("models (-want +got):\n%s", d)
					}
				}
				if got.Errors != 0 || got.Denials != tc.want.denials || got.OutOfScope != 0 {
					t.Errorf("errors %d denials %d out of scope %d", got.Errors, got.Denials, got.OutOfScope)
				}
				for _, f := range s.Findings {
					t.Errorf("unexpected finding %s: %s", f.Check, f.Message)
				}
			})
		}
	}
}
