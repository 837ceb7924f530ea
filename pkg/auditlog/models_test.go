package auditlog

import "testing"

// TestModelMatch: model IDs as Amazon Bedrock logs them (CloudTrail
// requestParameters.modelId, OTel gen_ai.request.model), from
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
// and .../inference-profiles-create.html (application inference profiles), as
// of 2025-10.
func TestModelMatch(t *testing.T) {
	const (
		base   = "anthropic.claude-3-5-sonnet-20240620-v1:0"
		fmARN  = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0"
		usProf = "us.anthropic.claude-3-5-sonnet-20240620-v1:0"
		euARN  = "arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0"
		appARN = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/abcd1234efgh"
	)
	tests := []struct {
		pattern, model string
		want           bool
	}{
		{base, base, true},
		{base, fmARN, true},
		{base, usProf, true},
		{base, euARN, true},
		{"anthropic.claude-3-5-sonnet*", "apac.anthropic.claude-3-5-sonnet-20240620-v1:0", true},
		{"anthropic.claude-3-5-sonnet*", "au.anthropic.claude-3-5-sonnet-20240620-v1:0", true},
		{"anthropic.claude-sonnet-4*", "global.anthropic.claude-sonnet-4-20250514-v1:0", true},
		{"anthropic.claude-3-haiku*", usProf, false},
		// A profile entry allows that geography only.
		{"eu.anthropic.claude-3-5-sonnet*", euARN, true},
		{"eu.anthropic.claude-3-5-sonnet*", usProf, false},
		{"eu.anthropic.claude-3-5-sonnet*", base, false},
		{"arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.*", euARN, true},
		// An application profile's ID says nothing of its model.
		{base, appARN, false},
		{appARN, appARN, true},
		{"application-inference-profile/abcd1234efgh", appARN, true},
		{"abcd1234efgh", appARN, true},
		// Not Bedrock.
		{"gpt-4o*", "openai/gpt-4o-mini", true},
		{"claude-sonnet-4-5", "claude-sonnet-4-5", true},
		{"claude-sonnet-4-5", "claude-opus-4", false},
		{"*", appARN, true},
		{"[", "[", true},
		{"[", "x", false},
	}
	for _, tc := range tests {
		if got := modelMatch(tc.pattern, tc.model); got != tc.want {
			t.Errorf("modelMatch(%q, %q) = %v, want %v", tc.pattern, tc.model, got, tc.want)
		}
	}
}
