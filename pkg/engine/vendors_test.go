package engine

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// The data-processing agreement (issue 11 §3): dpa is true, false or a
// reference; only a vendor that handles personal data needs one.
func TestVendorDPA(t *testing.T) {
	for _, tc := range []struct {
		name     string
		dpa      model.DPA
		personal bool   // the vendor's agent handles personal data
		want     string // "" = no finding, else a part of the message
	}{
		{"true, personal", model.DPAInPlace(true), true, ""},
		{"reference, personal", model.DPARef("docs/dpa.pdf"), true, ""},
		{"false, personal", model.DPAInPlace(false), true, "handles personal data (personal) and has no data-processing agreement (the register says none is in place)"},
		{"absent, personal", model.DPA{}, true, "no data-processing agreement on record"},
		{"false, public data only", model.DPAInPlace(false), false, ""},
		{"absent, public data only", model.DPA{}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = builtinSet(t)
			in.Inventory.Vendors[1].DPA = tc.dpa
			if !tc.personal {
				in.Inventory.Systems[0].DataCategories = []string{"public"}
				in.Agents[0].Data[0].Categories = []string{"public"}
			}
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			got := findingsOf(res, "vendor-dpa", "openai")
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("unexpected finding: %s", got[0].Message)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, tc.want)):
				t.Errorf("findings %v, want one saying %q", got, tc.want)
			}
		})
	}
}

// vendorUsage is the one answer to which agents and systems use a vendor.
func TestVendorUsage(t *testing.T) {
	in := goodInput()
	inv := in.Inventory
	inv.Vendors = append(inv.Vendors,
		model.Vendor{ID: "zendesk", Role: model.VendorIntegration},
		model.Vendor{ID: "atlassian", Role: model.VendorIntegration, Tools: []string{"jira", "confluence*"}, DataSources: []string{"jira-*"}},
		model.Vendor{ID: "slack", Role: model.VendorIntegration},
		model.Vendor{ID: "github", Role: model.VendorIntegration},
		model.Vendor{ID: "unused", Role: model.VendorData},
	)
	second := *in.Agents[0]
	second.ID, second.Model.Provider = "writer", ""
	second.Tools = []model.Grant{{Name: "confluence-cloud"}, {Name: "mcp__github__create_issue"}}
	second.Data = []model.DataAccess{{Source: "jira-sup", Categories: []string{"internal"}}, {Source: "slack:general", Categories: []string{"employee"}}}
	in.Agents = append(in.Agents, &second)
	st := newState(in, builtinSet(t))
	type use struct{ Agents, Systems, Categories []string }
	got := map[string]use{}
	for id, u := range st.vendorUse {
		got[id] = use{u.agents, u.systems, u.categories}
	}
	want := map[string]use{
		"openai":    {[]string{"triage"}, []string{"sys-support"}, []string{"personal", "tickets"}},
		"agentcore": {nil, []string{"sys-support"}, []string{"personal", "tickets"}},
		"zendesk":   {[]string{"triage"}, nil, []string{"personal"}},             // tool named like the vendor
		"atlassian": {[]string{"writer"}, nil, []string{"employee", "internal"}}, // listed tool glob and data source
		"slack":     {[]string{"writer"}, nil, []string{"employee", "internal"}}, // source slack:general
		"github":    {[]string{"writer"}, nil, []string{"employee", "internal"}}, // MCP server of a qualified tool
		"unused":    {},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("vendor use (-want +got):\n%s", d)
	}
}

// The six questions are judged for every vendor the agents use, integrations
// included, with one baseline; given answers are judged even when others are
// missing (issue 11 §2).
func TestVendorQuestionsForUsedVendors(t *testing.T) {
	bad := model.VendorAnswers{Isolation: "shared-runtime", PerAgentToolPermissions: ptr(false), TrainsOnCustomerData: ptr(false)}
	for _, tc := range []struct {
		name    string
		vendor  model.Vendor
		want    map[string]string // check -> message part
		subject string
	}{
		{"integration used through its tool", model.Vendor{ID: "zendesk", Role: model.VendorIntegration, DPA: model.DPAInPlace(true), Answers: bad},
			map[string]string{
				"vendor-answers-complete":   "has not answered: inference_path, audit_log, lifecycle",
				"vendor-answers-acceptable": "vendor zendesk: agents share a runtime; no per-agent tool permissions",
			}, "zendesk"},
		{"integration used through its data source", model.Vendor{ID: "hubspot", Role: model.VendorIntegration, DPA: model.DPAInPlace(true), DataSources: []string{"crm"}},
			map[string]string{
				"vendor-answers-complete": "has not answered: isolation, inference_path, per_agent_tool_permissions, audit_log, trains_on_customer_data, lifecycle",
				"vendor-no-training":      "has not said whether it trains on customer data",
			}, "hubspot"},
		{"integration nobody uses", model.Vendor{ID: "github", Role: model.VendorIntegration, Answers: bad}, map[string]string{}, "github"},
		{"integration that meets the baseline", model.Vendor{ID: "zendesk", Role: model.VendorIntegration, DPA: model.DPAInPlace(true), Answers: goodAnswers()}, map[string]string{}, "zendesk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := goodInput()
			in.Catalogues = builtinSet(t)
			v := tc.vendor
			v.ReviewedOn = model.MustDate("2026-06-01")
			in.Inventory.Vendors = append(in.Inventory.Vendors, v)
			res, err := Assess(in)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			var ids []string
			for _, f := range res.Findings {
				if f.SubjectKind == model.SubjectVendor && f.Subject == tc.subject {
					got[f.Check] = f.Message
					ids = append(ids, f.ID)
				}
			}
			for check, part := range tc.want {
				if !strings.Contains(got[check], part) {
					t.Errorf("%s: %q, want it to say %q", check, got[check], part)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("findings %v, want only %v", got, tc.want)
			}
			for _, vr := range res.Vendors {
				if vr.Vendor.ID == tc.subject && !cmp.Equal(vr.FindingIDs, append([]string{}, ids...)) {
					t.Errorf("vendor result lists %v, want %v", vr.FindingIDs, ids)
				}
			}
		})
	}
}
