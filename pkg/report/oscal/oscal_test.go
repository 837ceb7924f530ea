package oscal

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/packtest"
	"github.com/aims-cli/aims/pkg/testenv"
)

// schemaPath finds ../shared/schemas/<name> from the repository root.
func schemaPath(t *testing.T, name string) string {
	t.Helper()
	return testenv.Shared(t, "schemas", name)
}

// compileOSCAL loads the OSCAL schema as ../shared/schemas/README.md says:
// objects with both $id and $ref become {"$id", "allOf": [{"$ref"}]}.
func compileOSCAL(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaPath(t, "oscal_assessment-results_schema-1.0.6.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	var fix func(v any) any
	fix = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				x[k] = fix(e)
			}
			id, hasID := x["$id"]
			ref, hasRef := x["$ref"]
			if hasID && hasRef {
				delete(x, "$ref")
				x["allOf"] = []any{map[string]any{"$ref": ref}}
				_ = id
			}
			return x
		case []any:
			for i, e := range x {
				x[i] = fix(e)
			}
		}
		return v
	}
	doc = fix(doc)
	id := doc.(map[string]any)["$id"].(string)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func render(t *testing.T, res *model.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, res, Options{CatalogueHref: "../inputs/catalogues/iso42001.json"}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestValidAgainstSchema(t *testing.T) {
	s := compileOSCAL(t)
	for _, o := range []packtest.Options{{Agents: 0}, {Agents: 3, Logs: true, EventsPerAgent: 10, Injection: true, Secret: true}} {
		res, _ := packtest.Result(o)
		data := render(t, res)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("agents=%d: %v", o.Agents, err)
		}
	}
	// The schema must be able to fail: a document without results does not pass.
	res, _ := packtest.Result(packtest.Options{Agents: 1})
	var doc map[string]map[string]any
	_ = json.Unmarshal(render(t, res), &doc)
	delete(doc["assessment-results"], "results")
	b, _ := json.Marshal(doc)
	v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err := s.Validate(v); err == nil {
		t.Error("a document without results validated")
	}
}

func TestContent(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 2})
	data := render(t, res)
	var doc struct {
		AR struct {
			UUID     string `json:"uuid"`
			Metadata struct {
				LastModified string `json:"last-modified"`
				OSCALVersion string `json:"oscal-version"`
			} `json:"metadata"`
			ImportAP struct{ Href string } `json:"import-ap"`
			Results  []struct {
				Reviewed struct {
					Selections []struct {
						Include []struct {
							ControlID string `json:"control-id"`
						} `json:"include-controls"`
						Exclude []struct {
							ControlID string `json:"control-id"`
						} `json:"exclude-controls"`
						Remarks string `json:"remarks"`
					} `json:"control-selections"`
				} `json:"reviewed-controls"`
				Observations []struct {
					UUID     string `json:"uuid"`
					Evidence []struct {
						Href  string
						Props []struct{ Name, Value string }
					} `json:"relevant-evidence"`
				} `json:"observations"`
				Findings []struct {
					UUID   string `json:"uuid"`
					Target struct {
						Type     string `json:"type"`
						TargetID string `json:"target-id"`
						Status   struct{ State string }
					} `json:"target"`
					Props []struct{ Name, Value string }
				} `json:"findings"`
			} `json:"results"`
		} `json:"assessment-results"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ar := doc.AR
	if ar.Metadata.OSCALVersion != "1.0.6" || ar.Metadata.LastModified != "2026-11-20T09:30:00Z" || ar.ImportAP.Href != "../inputs/catalogues/iso42001.json" {
		t.Errorf("header: %+v %+v", ar.Metadata, ar.ImportAP)
	}
	r := ar.Results[0]
	// A not-applicable control is excluded from the reviewed controls and
	// has no finding: OSCAL has no "not applicable" state, and "satisfied"
	// would claim it was met (issue 13 §9).
	var applicable []model.ControlResult
	var excluded []string
	for _, c := range res.Controls {
		if c.Status == model.StatusNotApplicable {
			excluded = append(excluded, Token(c))
			continue
		}
		applicable = append(applicable, c)
	}
	if len(excluded) == 0 {
		t.Fatal("fixture has no not-applicable control")
	}
	sel := r.Reviewed.Selections[0]
	if n := len(sel.Include); n != len(applicable) {
		t.Errorf("%d controls selected, want %d", n, len(applicable))
	}
	var gotExcluded []string
	for _, e := range sel.Exclude {
		gotExcluded = append(gotExcluded, e.ControlID)
	}
	if diff := cmp.Diff(excluded, gotExcluded); diff != "" {
		t.Errorf("excluded controls (-want +got):\n%s", diff)
	}
	if !strings.Contains(sel.Remarks, "Excluded from the Statement of Applicability") {
		t.Errorf("selection remarks %q do not say why controls are excluded", sel.Remarks)
	}
	// One observation per evidence reference and one per aims finding.
	if len(r.Findings) != len(applicable) || len(r.Observations) != len(res.Evidence)+len(res.Findings) {
		t.Errorf("%d findings, %d observations, want %d and %d", len(r.Findings), len(r.Observations), len(applicable), len(res.Evidence)+len(res.Findings))
	}
	uuids := map[string]bool{ar.UUID: true}
	uuidRe := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, f := range r.Findings {
		uuids[f.UUID] = true
		if !uuidRe.MatchString(f.UUID) || f.Target.Type != "objective-id" {
			t.Errorf("finding %+v", f)
		}
	}
	for _, o := range r.Observations {
		uuids[o.UUID] = true
	}
	if len(uuids) != 1+len(r.Findings)+len(r.Observations) {
		t.Error("UUIDs are not unique")
	}
	states := map[string]string{}
	for i, f := range r.Findings {
		states[applicable[i].Status] = f.Target.Status.State
		if !strings.Contains(f.Target.TargetID, applicable[i].ID) {
			t.Errorf("target %s for %s", f.Target.TargetID, applicable[i].ID)
		}
	}
	want := map[string]string{"pass": "satisfied", "fail": "not-satisfied", "partial": "not-satisfied", "manual": "not-satisfied"}
	for k, v := range want {
		if states[k] != v {
			t.Errorf("status %s -> %s, want %s", k, states[k], v)
		}
	}
	var sha bool
	for _, o := range r.Observations {
		for _, e := range o.Evidence {
			for _, p := range e.Props {
				sha = sha || (p.Name == "sha256" && len(p.Value) == 64)
			}
			if strings.Contains(e.Href, " ") {
				t.Errorf("href with a space: %q", e.Href)
			}
		}
	}
	if !sha {
		t.Error("no sha256 prop on evidence")
	}
	if !bytes.Equal(data, render(t, res)) {
		t.Error("not deterministic")
	}
}

// TestFindingObservationsAndRisks: every aims finding is an observation that
// its control's finding links, and every high or critical one an open risk.
func TestFindingObservationsAndRisks(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 10})
	for i := range res.Findings {
		if res.Findings[i].ID == "" {
			res.Findings[i].ID = fmt.Sprintf("F-%012d", i)
		}
	}
	var doc struct {
		AR struct {
			Results []struct {
				Observations []struct {
					UUID  string `json:"uuid"`
					Props []struct{ Name, Value string }
				} `json:"observations"`
				Risks []struct {
					UUID   string `json:"uuid"`
					Status string `json:"status"`
					Props  []struct{ Name, Value string }
				} `json:"risks"`
				Findings []struct {
					Props   []struct{ Name, Value string }
					Related []struct {
						UUID string `json:"observation-uuid"`
					} `json:"related-observations"`
					Risks []struct {
						UUID string `json:"risk-uuid"`
					} `json:"related-risks"`
				} `json:"findings"`
			} `json:"results"`
		} `json:"assessment-results"`
	}
	if err := json.Unmarshal(render(t, res), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.AR.Results[0]
	obsByFinding := map[string]string{}
	for _, o := range r.Observations {
		for _, p := range o.Props {
			if p.Name == "aims-finding-id" {
				obsByFinding[p.Value] = o.UUID
			}
		}
	}
	linked, risked := map[string]bool{}, map[string]bool{}
	for _, f := range r.Findings {
		for _, o := range f.Related {
			linked[o.UUID] = true
		}
		for _, k := range f.Risks {
			risked[k.UUID] = true
		}
	}
	excluded := map[string]bool{}
	for _, c := range res.Controls {
		excluded[c.ID] = c.Status == model.StatusNotApplicable
	}
	high := 0
	for _, f := range res.Findings {
		id, ok := obsByFinding[f.ID]
		// An excluded control has no OSCAL finding to link from; its
		// findings are still observations (and risks).
		if !ok || !linked[id] && !excluded[f.Control] {
			t.Errorf("finding %s: observation %q not linked from its control (%v)", f.ID, id, ok)
		}
		if model.SeverityRank(f.Severity) >= model.SeverityRank(model.SeverityHigh) {
			high++
		}
	}
	if high == 0 || len(r.Risks) != high {
		t.Errorf("%d risks, want one per high or critical finding (%d)", len(r.Risks), high)
	}
	for _, k := range r.Risks {
		if k.Status != "open" || !risked[k.UUID] && !excluded[controlOfRisk(k.Props, res.Findings)] {
			t.Errorf("risk %s: status %q, linked %v", k.UUID, k.Status, risked[k.UUID])
		}
	}
}

func TestToken(t *testing.T) {
	for _, c := range []struct{ id, kind, want string }{
		{"A.6.2.8", "annex-a-control", "A.6.2.8"},
		{"4.1", "clause", "clause-4.1"},
		{"7 x", "custom", "control-7_x"},
		{"", "custom", "control-unnamed"},
	} {
		if got := Token(model.ControlResult{ID: c.id, Kind: c.kind}); got != c.want {
			t.Errorf("Token(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}

// TestFindingIDs: each control's OSCAL finding names the aims findings
// behind it by the IDs the other outputs print.
func TestFindingIDs(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 10, Secret: true})
	if len(res.Findings) == 0 {
		t.Fatal("fixture has no findings")
	}
	model.AssignFindingIDs(res.Findings, "")
	data := render(t, res)
	for _, f := range res.Findings {
		want := `"name": "aims-finding-id",`
		if !bytes.Contains(data, []byte(want)) || !bytes.Contains(data, []byte(`"value": "`+f.ID+`"`)) {
			t.Errorf("finding %s (%s/%s) not in the OSCAL output", f.ID, f.Control, f.Check)
		}
	}
}

// controlOfRisk is the control of the aims finding a risk names.
func controlOfRisk(props []struct{ Name, Value string }, findings []model.Finding) string {
	for _, p := range props {
		if p.Name != "aims-finding-id" {
			continue
		}
		for _, f := range findings {
			if f.ID == p.Value {
				return f.Control
			}
		}
	}
	return ""
}
