package pdf

import (
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// A listed evidence reference that was not found (or lies outside the root)
// says so in the SoA, so that an auditor does not take it for a filed document.
func TestEvidenceCellMarksMissingReferences(t *testing.T) {
	d := &doc{res: &model.Result{Evidence: []model.EvidenceRef{
		{Ref: "docs/ok.md", State: "ok"},
		{Ref: "docs/dpa.pdf", State: "missing"},
		{Ref: "../secret.md", State: "outside-root"},
		{Ref: "https://example.com/p", State: "url"},
	}}}
	got := d.evidenceCell([]string{"docs/ok.md", "docs/dpa.pdf", "../secret.md", "https://example.com/p"}).runs[0].text
	want := "docs/ok.md\ndocs/dpa.pdf (missing)\n../secret.md (outside the project, not read)\nhttps://example.com/p"
	if got != want {
		t.Errorf("cell %q, want %q", got, want)
	}
	if c := d.evidenceCell(nil); c.runs[0].text != "None referenced" {
		t.Errorf("empty: %q", c.runs[0].text)
	}
}
