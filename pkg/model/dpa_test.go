package model

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Issue 11 §3: dpa is true|false (in place or not, no document) or the
// agreement's path or URL. `true` is never a file named "true".
func TestParseDPAScalar(t *testing.T) {
	for _, tc := range []struct {
		tag, value string
		want       DPA
		err        bool
	}{
		{"!!bool", "true", DPA{Given: true, InPlace: true}, false},
		{"!!bool", "True", DPA{Given: true, InPlace: true}, false},
		{"!!bool", "false", DPA{Given: true}, false},
		{"!!str", "true", DPA{Given: true, InPlace: true}, false}, // quoted "true" means what the bare one does
		{"!!str", "no", DPA{Given: true}, false},
		{"!!str", "docs/vendors/dpa.pdf", DPA{Given: true, InPlace: true, Ref: "docs/vendors/dpa.pdf"}, false},
		{"!!str", "https://example.com/dpa", DPA{Given: true, InPlace: true, Ref: "https://example.com/dpa"}, false},
		{"!!str", "true.pdf", DPA{Given: true, InPlace: true, Ref: "true.pdf"}, false},
		{"!!str", "", DPA{}, false},
		{"!!int", "1", DPA{}, true},
		{"!!float", "1.5", DPA{}, true},
	} {
		got, err := ParseDPAScalar(tc.tag, tc.value)
		if (err != nil) != tc.err {
			t.Errorf("%s %q: err %v, want error %v", tc.tag, tc.value, err, tc.err)
		}
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("%s %q (-want +got):\n%s", tc.tag, tc.value, d)
		}
	}
}

func TestDPAJSONRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		dpa  DPA
		json string
		text string
	}{
		{DPAInPlace(true), `{"dpa":true}`, "in place (no document referenced)"},
		{DPAInPlace(false), `{"dpa":false}`, "none"},
		{DPARef("docs/dpa.pdf"), `{"dpa":"docs/dpa.pdf"}`, "docs/dpa.pdf"},
		{DPA{}, `{}`, ""},
	} {
		// The field as Vendor declares it: omitted when not given.
		type vendor struct {
			DPA DPA `json:"dpa,omitzero"`
		}
		b, err := json.Marshal(vendor{DPA: tc.dpa})
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tc.json {
			t.Errorf("%+v: json %s, want %s", tc.dpa, b, tc.json)
		}
		var back vendor
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if back.DPA != tc.dpa {
			t.Errorf("round trip %+v -> %+v", tc.dpa, back.DPA)
		}
		if tc.dpa.String() != tc.text {
			t.Errorf("%+v: String %q, want %q", tc.dpa, tc.dpa.String(), tc.text)
		}
	}
}
