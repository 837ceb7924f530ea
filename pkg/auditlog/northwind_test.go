package auditlog

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// northwind builds the three agents the samples README's oracle table assumes.
func northwind() []*model.Agent {
	return []*model.Agent{
		{ID: "agt-001", Name: "loan-intake-agent", System: "sys-lending", Lifecycle: "deployed",
			Identities: []string{"loan-intake-agent", "loan_intake_agent", "arn:aws:iam::*:role/loan-intake-agent-role", "LOANAGT001", "loan-origination-svc"},
			Tools:      []model.Grant{{Name: "fetch_application"}, {Name: "credit_bureau_lookup"}, {Name: "flag_for_review"}},
			Model:      model.Model{Allowed: []string{"*claude-3-5-sonnet*"}}},
		{ID: "agt-002", Name: "support-triage-agent", System: "sys-support", Lifecycle: "deployed",
			Identities: []string{"support-triage-agent", "support_triage_agent", "arn:aws:iam::111122223333:role/support-triage-agent-role"},
			Tools:      []model.Grant{{Name: "search_kb"}, {Name: "create_ticket"}},
			Model:      model.Model{Allowed: []string{"*claude-3-haiku*", "gpt-4o-mini*"}}},
		{ID: "agt-003", Name: "report-writer-agent", System: "sys-lending", Lifecycle: "retired", RetiredOn: model.MustDate("2026-03-31"),
			Identities: []string{"report-writer-agent", "report_writer_agent", "arn:aws:bedrock-agentcore:*:*:runtime/report_writer_agent-*"},
			Tools:      []model.Grant{{Name: "generate_report"}}},
	}
}

type oracleFinding struct {
	Check, Subject, Location string
}

func findingsOf(s *model.LogSummary, checks ...string) []oracleFinding {
	var out []oracleFinding
	for _, f := range s.Findings {
		for _, c := range checks {
			if f.Check == c {
				out = append(out, oracleFinding{f.Check, f.Subject, f.Location.String()})
			}
		}
	}
	return out
}

func analyzeSample(t *testing.T, name string, workers int) *model.LogSummary {
	t.Helper()
	s, err := Analyze(context.Background(), []Source{{Path: filepath.Join("testdata", "samples", name)}}, northwind(), Options{BaseDir: ".", Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range s.Files {
		if f.Unreadable != "" || f.Skipped > 0 {
			t.Fatalf("%s: unreadable %q, skipped %d: %v", f.Path, f.Unreadable, f.Skipped, f.Errors)
		}
	}
	return s
}

// TestSampleOracles reproduces the samples README oracle table with format auto.
func TestSampleOracles(t *testing.T) {
	checks := []string{CheckToolOutOfScope, CheckModelNotAllowed, CheckAfterRetirement, CheckShadowAgent}
	tests := []struct {
		sample string
		format string
		events int64
		want   []oracleFinding
	}{
		{"otel-genai-otlp.json", FormatOTLP, 11, []oracleFinding{
			{CheckAfterRetirement, "agt-003", "testdata/samples/otel-genai-otlp.json:580"},
			{CheckToolOutOfScope, "agt-001", "testdata/samples/otel-genai-otlp.json:274"},
		}},
		{"otel-genai-otlp.jsonl", FormatOTLP, 11, []oracleFinding{
			{CheckAfterRetirement, "agt-003", "testdata/samples/otel-genai-otlp.jsonl:2"},
			{CheckToolOutOfScope, "agt-001", "testdata/samples/otel-genai-otlp.jsonl:1"},
		}},
		{"cloudtrail-bedrock.json", FormatCloudTrail, 6, []oracleFinding{
			{CheckAfterRetirement, "agt-003", "testdata/samples/cloudtrail-bedrock.json:180"},
			{CheckToolOutOfScope, "agt-002", "testdata/samples/cloudtrail-bedrock.json:228"},
			{CheckModelNotAllowed, "agt-002", "testdata/samples/cloudtrail-bedrock.json:88"},
		}},
		{"ocsf-api-activity.jsonl", FormatOCSF, 6, []oracleFinding{
			{CheckAfterRetirement, "agt-003", "testdata/samples/ocsf-api-activity.jsonl:6"},
			{CheckToolOutOfScope, "agt-001", "testdata/samples/ocsf-api-activity.jsonl:3"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.sample, func(t *testing.T) {
			s := analyzeSample(t, tt.sample, 2)
			if s.Files[0].Format != tt.format {
				t.Errorf("detected format %q, want %q", s.Files[0].Format, tt.format)
			}
			if s.Events != tt.events {
				t.Errorf("events = %d, want %d", s.Events, tt.events)
			}
			if d := cmp.Diff(tt.want, findingsOf(s, checks...)); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}
