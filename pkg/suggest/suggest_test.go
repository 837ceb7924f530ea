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
