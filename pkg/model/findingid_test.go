package model_test

import (
	"regexp"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestFindingIDs: an ID depends on the check, the subject and the
// structured fields only, so that adding an unrelated finding, moving a key
// down a line, a new message or the project checked out in another folder
// leave every other ID as it was; equal keys get ordered suffixes.
func TestFindingIDs(t *testing.T) {
	base := []model.Finding{
		{Check: "log-retention", SubjectKind: "agent", Subject: "triage", Location: model.Pos{File: "/p/agents/triage.yaml", Line: 20}, Message: "30 days"},
		{Check: "logs.unused-grant", SubjectKind: "agent", Subject: "triage", Tool: "zendesk", Operation: "read"},
		{Check: "logs.unused-grant", SubjectKind: "agent", Subject: "triage", Tool: "zendesk", Operation: "update"},
	}
	ids := func(root string, fs []model.Finding) map[string]string {
		model.AssignFindingIDs(fs, root)
		out := map[string]string{}
		for _, f := range fs {
			out[f.Check+"/"+f.Subject+"/"+f.Operation] = f.ID
		}
		return out
	}
	want := ids("/p", append([]model.Finding(nil), base...))
	shape := regexp.MustCompile(`^F-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for k, id := range want {
		if !shape.MatchString(id) || seen[id] {
			t.Errorf("%s: id %q malformed or repeated", k, id)
		}
		seen[id] = true
	}

	moved := append([]model.Finding(nil), base...)
	moved[0].Location = model.Pos{File: "/elsewhere/agents/triage.yaml", Line: 25}
	moved[0].Message = "31 days"
	withOther := append([]model.Finding{{Check: "log-retention", SubjectKind: "agent", Subject: "billing", Location: model.Pos{File: "/elsewhere/agents/billing.yaml", Line: 3}}}, moved...)
	got := ids("/elsewhere", withOther)
	for k, id := range want {
		if got[k] != id {
			t.Errorf("%s: id %s became %s after an unrelated change", k, id, got[k])
		}
	}

	dup := []model.Finding{{Check: "c", Subject: "s"}, {Check: "c", Subject: "s"}, {Check: "c", Subject: "s"}}
	model.AssignFindingIDs(dup, "")
	if dup[1].ID != dup[0].ID+"-2" || dup[2].ID != dup[0].ID+"-3" {
		t.Errorf("collisions: %s %s %s", dup[0].ID, dup[1].ID, dup[2].ID)
	}
}
