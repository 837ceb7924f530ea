package load

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// dpa: true is an agreement in place with no document: it is never looked
// up as a file named "true" (issue 11 §3); a path is evidence as before.
func TestDPAValues(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"aims.yaml": cfgYAML,
		"inventory.yaml": `apiVersion: aims/v1
kind: Inventory
organization: {name: Acme}
vendors:
  - {id: a, role: platform, dpa: true}
  - {id: b, role: platform, dpa: false}
  - {id: c, role: platform, dpa: docs/dpa.pdf}
  - {id: d, role: platform, dpa: "true"}
  - {id: e, role: platform}
`,
		"true": "a file named true must not be taken for the agreement",
	})
	p, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.DPA{model.DPAInPlace(true), model.DPAInPlace(false), model.DPARef("docs/dpa.pdf"), model.DPAInPlace(true), {}}
	for i, v := range p.Inventory.Vendors {
		if v.DPA != want[i] {
			t.Errorf("vendor %s: dpa %+v, want %+v", v.ID, v.DPA, want[i])
		}
	}
	var refs []string
	for _, e := range p.Evidence {
		refs = append(refs, e.Ref+"="+e.State)
	}
	if got := strings.Join(refs, " "); got != "docs/dpa.pdf=missing" {
		t.Errorf("evidence %q, want only the path (missing)", got)
	}
}

func TestDPARejectsOtherKinds(t *testing.T) {
	for _, v := range []string{"1", "[a]", "{ref: x}"} {
		_, ps := ParseInventory("inventory.yaml", []byte("apiVersion: aims/v1\nkind: Inventory\norganization: {name: A}\nvendors:\n  - id: v\n    role: platform\n    dpa: "+v+"\n"))
		if len(ps) != 1 || !strings.Contains(ps[0].Msg, "vendors[0].dpa") || !strings.Contains(ps[0].Msg, "true, false or") || ps[0].Pos.Line != 7 {
			t.Errorf("dpa: %s: problems %v", v, ps)
		}
	}
}

// risk.accepted needs who, when, why and until when (issue 11 §5).
func TestRiskAcceptedFields(t *testing.T) {
	a, ps := ParseAgent("a.yaml", []byte(agentHead+"id: a\nsystem: s\nrisk:\n  level: low\n  accepted: {by: Rob, on: 2026-06-01, rationale: reviewed, expires: 2027-06-01}\n"))
	if len(ps) != 0 {
		t.Fatal(ps)
	}
	if acc := a.Risk.Accepted; acc == nil || acc.By != "Rob" || acc.Expires.String() != "2027-06-01" || acc.Rationale != "reviewed" {
		t.Errorf("accepted = %+v", a.Risk.Accepted)
	}
	_, ps = ParseAgent("a.yaml", []byte(agentHead+"id: a\nsystem: s\nrisk:\n  level: low\n  accepted: {by: Rob, on: 2026-06-01}\n"))
	var msgs []string
	for _, p := range ps {
		msgs = append(msgs, p.Msg)
	}
	if got := strings.Join(msgs, "; "); got != `missing required field "risk.accepted.rationale"; missing required field "risk.accepted.expires"` {
		t.Errorf("problems: %s", got)
	}
}

// A model provider that does not resolve names the vendor whose id or name
// contains it (issue 11 §3).
func TestProviderHintFindsVendorByName(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"aims.yaml": cfgYAML,
		"inventory.yaml": "apiVersion: aims/v1\nkind: Inventory\norganization: {name: Acme}\nsystems:\n  - id: s\n" +
			"vendors:\n  - {id: aws, name: \"Amazon Web Services (Bedrock, AgentCore)\", role: platform}\n",
		"agents/a.yaml": agentHead + "id: a\nsystem: s\nmodel: {provider: bedrock}\n",
	})
	_, err := LoadProject(filepath.Join(dir, "aims.yaml"))
	if err == nil || !strings.Contains(err.Error(), `model provider "bedrock" is not in the vendor register (did you mean "aws"?)`) {
		t.Errorf("err = %v", err)
	}
}

// Roles and policy kinds are keys (DESIGN.md: roles such as ai-owner,
// policy kinds such as ai-policy, incident-communication): an inventory
// that writes them as words or with underscores names the same key, and
// must not read as a missing role or policy.
func TestRoleAndPolicyKindKeys(t *testing.T) {
	inv, ps := ParseInventory("inventory.yaml", []byte(`apiVersion: aims/v1
kind: Inventory
organization:
  name: Acme
  roles:
    - {role: AI Owner, name: Ann}
    - {role: risk_owner, name: Rob}
    - {role: " DPO ", name: Dee}
policies:
  - {id: P1, title: AI policy, kind: AI Policy}
  - {id: P2, title: Incidents, kind: incident_communication}
  - {id: P3, title: Concerns, kind: concern--reporting}
`))
	if len(ps.Errors()) > 0 {
		t.Fatal(ps)
	}
	var roles, kinds []string
	for _, r := range inv.Organization.Roles {
		roles = append(roles, r.Role)
	}
	for _, p := range inv.Policies {
		kinds = append(kinds, p.Kind)
	}
	if d := cmp.Diff([]string{"ai-owner", "risk-owner", "dpo"}, roles); d != "" {
		t.Errorf("roles (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ai-policy", "incident-communication", "concern-reporting"}, kinds); d != "" {
		t.Errorf("policy kinds (-want +got):\n%s", d)
	}
}
