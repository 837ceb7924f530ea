package auditlog

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestConfigChangesListed: configuration changes are listed in the summary
// with who, what and when (issue 12, ISO/IEC 42001 change evidence): a
// CloudTrail UpdateAgent by an IAM role (Bedrock Agents control-plane event,
// AWS "Log Amazon Bedrock API calls using CloudTrail"), a native
// config.change; the earliest 100 are kept whatever the worker count.
func TestConfigChangesListed(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "trail.json", []byte(`{"Records":[{"eventTime":"2026-04-14T10:00:00Z","eventSource":"bedrock.amazonaws.com","eventName":"UpdateAgent",`+
		`"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/ops/alice","sessionContext":{"sessionIssuer":{"arn":"arn:aws:iam::1:role/ops"}},"onBehalfOf":{"userId":"alice"}},`+
		`"readOnly":false,"requestParameters":{"agentId":"AG1"},"resources":[{"ARN":"arn:aws:bedrock:us-east-1:1:agent/AG1"}]}]}`+"\n"))
	var lines []string
	lines = append(lines, ev("2026-04-14T09:00:00Z", "agt", "config.change", "agent-config", "update", "success", "", "actor", "bob", "resource", "agents/agt.yaml"))
	for i := 0; i < 120; i++ {
		lines = append(lines, ev(fmt.Sprintf("2026-04-15T09:%02d:%02dZ", i/60, i%60), "agt", "config.change", "t", "", "success", ""))
	}
	lines = append(lines, ev("2026-04-14T09:30:00Z", "agt", "tool.call", "t", "", "success", ""))
	write(t, dir, "native.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	agents := []*model.Agent{{ID: "agt", Identities: []string{"agt"}}, {ID: "ops", Identities: []string{"arn:aws:iam::1:role/ops"}}}
	var first []model.ConfigChange
	for _, workers := range []int{1, 4} {
		s := analyze(t, dir, agents, Options{Workers: workers}, "trail.json", "native.jsonl")
		if len(s.ConfigChanges) != maxChanges || s.MoreConfigChanges != 22 {
			t.Fatalf("workers %d: %d changes listed, %d more", workers, len(s.ConfigChanges), s.MoreConfigChanges)
		}
		want := []model.ConfigChange{
			{Time: time.Date(2026, 4, 14, 9, 0, 0, 0, time.UTC), Agent: "agt", Actor: "bob", Tool: "agent-config", Operation: "update",
				Resource: "agents/agt.yaml", Outcome: "success", Source: model.Pos{File: "native.jsonl", Line: 1}},
			{Time: time.Date(2026, 4, 14, 10, 0, 0, 0, time.UTC), Agent: "ops", Actor: "alice", ActorKind: "AssumedRole", Operation: "UpdateAgent",
				Resource: "arn:aws:bedrock:us-east-1:1:agent/AG1", Outcome: "success", Source: model.Pos{File: "trail.json", Line: 1}},
		}
		if d := cmp.Diff(want, s.ConfigChanges[:2]); d != "" {
			t.Errorf("workers %d (-want +got):\n%s", workers, d)
		}
		if first == nil {
			first = s.ConfigChanges
		} else if d := cmp.Diff(first, s.ConfigChanges); d != "" {
			t.Errorf("1 vs 4 workers differ:\n%s", d)
		}
	}
}
