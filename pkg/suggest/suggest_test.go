package suggest

import "testing"

func TestClosest(t *testing.T) {
	cands := []string{"openai", "anthropic", "azure-openai", "google"}
	for _, tc := range []struct{ name, want string }{
		{"opnai", "openai"},        // one letter dropped
		{"Anthropic", "anthropic"}, // case does not count
		{"googel", "google"},       // transposition costs two
		{"mistral", ""},            // nothing near: no guess
		{"", ""},                   // empty name: nothing within two of it here
		{"azure-opnai", "azure-openai"},
	} {
		if got := Closest(tc.name, cands); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
	if d := Distance("né", "ne"); d != 1 {
		t.Errorf("Distance counts runes, not bytes: got %d, want 1", d)
	}
}

// A model provider that does not resolve is matched to the vendor whose id or
// name contains it (issue 11 §3).
func TestClosestNamed(t *testing.T) {
	vendors := []Named{
		{"aws", "Amazon Web Services (Bedrock, AgentCore)"},
		{"anthropic", "Anthropic (Claude models via Bedrock)"},
		{"openai", "OpenAI (API platform)"},
		{"atlassian", "Atlassian (Jira, Confluence)"},
		{"routeapi", "RouteAPI GmbH"},
	}
	for _, tc := range []struct{ name, want string }{
		{"opnai", "openai"},        // a typo: edit distance
		{"bedrock", "anthropic"},   // in two names: the first by ID
		{"Bedrock", "anthropic"},   // case-insensitive
		{"agentcore", "aws"},       // a word of the name
		{"claude", "anthropic"},    // a word of the name
		{"openai-eu", "openai"},    // the ID inside the provider
		{"azure-openai", "openai"}, // the ID as a word of the provider
		{"jira", "atlassian"},      // a product of the vendor
		{"rock", ""},               // not a whole word
		{"route", "routeapi"},      // the start of an ID run together
		{"google", ""},             // nothing fits
		{"ml", ""},                 // too short to search names for
	} {
		if got := ClosestNamed(tc.name, vendors); got != tc.want {
			t.Errorf("ClosestNamed(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
