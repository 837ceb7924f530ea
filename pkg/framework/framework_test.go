package framework

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

const (
	pass    = model.StatusPass
	fail    = model.StatusFail
	partial = model.StatusPartial
	manual  = model.StatusManual
	na      = model.StatusNotApplicable
)

func ctl(id, status string, cw model.Crosswalk) model.ControlResult {
	return model.ControlResult{ID: id, Catalogue: "iso42001", Status: status, Crosswalk: cw}
}

func eu(refs ...string) model.Crosswalk   { return model.Crosswalk{EUAIAct: refs} }
func nist(refs ...string) model.Crosswalk { return model.Crosswalk{NISTAIRMF: refs} }
func iso(refs ...string) model.Crosswalk  { return model.Crosswalk{ISO27001: refs} }

// handResult is a small assessment shaped like the example's, in a deliberately
// unsorted control order.
func handResult() *model.Result {
	return &model.Result{Controls: []model.ControlResult{
		ctl("A.6.2.8", fail, model.Crosswalk{EUAIAct: []string{"Art. 12", "Art. 17"}, NISTAIRMF: []string{"MEASURE 2.8"}, ISO27001: []string{"A.8.15", "A.8.16"}}),
		ctl("A.10.2", pass, model.Crosswalk{EUAIAct: []string{"Art. 25"}, NISTAIRMF: []string{"GOVERN 6.1"}, ISO27001: []string{"A.5.19"}}),
		ctl("A.6.2.6", partial, model.Crosswalk{EUAIAct: []string{"Art. 12", "Art. 14", "Art. 72"}, NISTAIRMF: []string{"MEASURE 2.4", "MANAGE 4.1"}, ISO27001: nil}),
		ctl("A.9.2", manual, model.Crosswalk{EUAIAct: []string{"Art. 14", "Art. 26"}, NISTAIRMF: []string{"MAP 3.5"}}),
		ctl("9.1", pass, model.Crosswalk{EUAIAct: []string{"Art. 17", "Art. 72"}, NISTAIRMF: []string{"GOVERN 2.1", "MEASURE 1.1"}, ISO27001: []string{"9.1"}}),
		ctl("A.10.3", na, model.Crosswalk{EUAIAct: []string{"Art. 25"}, NISTAIRMF: []string{"GOVERN 6.1", "MANAGE 3.1"}, ISO27001: []string{"A.5.19"}}),
		ctl("A.2.2", pass, model.Crosswalk{NISTAIRMF: []string{"GOVERN 1.1", "GOVERN 1.2"}, ISO27001: []string{"A.5.1"}}),
		ctl("4.1", manual, model.Crosswalk{EUAIAct: []string{"Art. 17"}, NISTAIRMF: []string{"GOVERN 1.1"}, ISO27001: []string{"4.1"}}),
		ctl("A.8.2", na, model.Crosswalk{EUAIAct: []string{"Art. 13", "Art. 50"}}),
		ctl("A.4.6", pass, model.Crosswalk{EUAIAct: []string{"Art. 4"}}),
	}}
}

func item(id, title, status string, controlsAndStatuses ...string) model.FrameworkItem {
	it := model.FrameworkItem{ID: id, Title: title, Status: status, Controls: []string{}, Statuses: []string{}}
	for i := 0; i < len(controlsAndStatuses); i += 2 {
		it.Controls = append(it.Controls, controlsAndStatuses[i])
		it.Statuses = append(it.Statuses, controlsAndStatuses[i+1])
	}
	return it
}

func TestViewsEUAIAct(t *testing.T) {
	got, err := Views(handResult(), EUAIAct)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.FrameworkView{{
		Framework: EUAIAct,
		Title:     "EU AI Act (Regulation (EU) 2024/1689)",
		Notice:    "Indicative mapping, not normative: ISO/IEC 42001 is not a harmonised standard under the EU AI Act; a control that passes here does not show conformity with the article it maps to, and the obligations depend on the system's role and risk class.",
		Items: []model.FrameworkItem{
			item("Art. 4", "AI literacy", pass, "A.4.6", pass),
			item("Art. 12", "Record-keeping (automatic logs)", fail, "A.6.2.6", partial, "A.6.2.8", fail),
			item("Art. 13", "Transparency and information to deployers", na, "A.8.2", na),
			item("Art. 14", "Human oversight", partial, "A.6.2.6", partial, "A.9.2", manual),
			item("Art. 17", "Quality management system", fail, "4.1", manual, "9.1", pass, "A.6.2.8", fail),
			item("Art. 25", "Responsibilities along the AI value chain", pass, "A.10.2", pass, "A.10.3", na),
			item("Art. 26", "Obligations of deployers", manual, "A.9.2", manual),
			item("Art. 50", "Transparency to people interacting with AI", na, "A.8.2", na),
			item("Art. 72", "Post-market monitoring", partial, "9.1", pass, "A.6.2.6", partial),
		},
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("EU AI Act view (-want +got):\n%s", d)
	}
}

func TestViewsNISTAndISO27001(t *testing.T) {
	got, err := Views(handResult(), NISTAIRMF, ISO27001)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(v model.FrameworkView) []string {
		var out []string
		for _, it := range v.Items {
			out = append(out, it.ID)
		}
		return out
	}
	if len(got) != 2 || got[0].Framework != NISTAIRMF || got[1].Framework != ISO27001 {
		t.Fatalf("views %+v, want nist-ai-rmf then iso27001", got)
	}
	wantNIST := []string{"GOVERN 1.1", "GOVERN 1.2", "GOVERN 2.1", "GOVERN 6.1", "MAP 3.5", "MEASURE 1.1", "MEASURE 2.4", "MEASURE 2.8", "MANAGE 3.1", "MANAGE 4.1"}
	if d := cmp.Diff(wantNIST, ids(got[0])); d != "" {
		t.Errorf("NIST item order (-want +got):\n%s", d)
	}
	wantISO := []string{"4.1", "9.1", "A.5.1", "A.5.19", "A.8.15", "A.8.16"}
	if d := cmp.Diff(wantISO, ids(got[1])); d != "" {
		t.Errorf("ISO 27001 item order (-want +got):\n%s", d)
	}
	if d := cmp.Diff(item("GOVERN 1.1", "Legal and regulatory requirements on AI are understood and documented", manual, "4.1", manual, "A.2.2", pass), got[0].Items[0]); d != "" {
		t.Errorf("GOVERN 1.1 (-want +got):\n%s", d)
	}
	if d := cmp.Diff(item("A.5.19", "Information security in supplier relationships", pass, "A.10.2", pass, "A.10.3", na), got[1].Items[3]); d != "" {
		t.Errorf("A.5.19 (-want +got):\n%s", d)
	}
	for _, v := range got {
		if !strings.HasPrefix(v.Notice, "Indicative mapping, not normative: ") || v.Title == "" {
			t.Errorf("%s: title %q notice %q", v.Framework, v.Title, v.Notice)
		}
	}
}

func TestViewsNames(t *testing.T) {
	tests := []struct {
		name    string
		names   []string
		want    []string // frameworks of the views
		wantErr string
	}{
		{"all by default", nil, []string{EUAIAct, NISTAIRMF, ISO27001}, ""},
		{"iso42001 is the result itself", []string{ISO42001}, []string{}, ""},
		{"given order, repeats once", []string{ISO27001, ISO42001, EUAIAct, ISO27001}, []string{ISO27001, EUAIAct}, ""},
		{"unknown", []string{EUAIAct, "gdpr"}, nil, `unknown framework "gdpr" (valid: iso42001, eu-ai-act, nist-ai-rmf, iso27001)`},
		{"case matters", []string{"EU-AI-ACT"}, nil, `unknown framework "EU-AI-ACT"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			views, err := Views(handResult(), tc.names...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, v := range views {
				got = append(got, v.Framework)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("views (-want +got):\n%s", d)
			}
		})
	}
	if _, err := Views(nil); err == nil {
		t.Error("Views(nil) gave no error")
	}
}

func TestViewsEdgeCases(t *testing.T) {
	res := &model.Result{Controls: []model.ControlResult{
		// Repeated and padded refs count once; empty refs are ignored.
		ctl("A.6.2.8", fail, eu("Art. 12", " Art. 12 ", "", "Art. 12")),
		// A user catalogue may reuse an ID and cite items the framework files do not title.
		{ID: "A.6.2.8", Catalogue: "acme", Status: pass, Crosswalk: eu("Art. 12")},
		ctl("ACME-1", pass, eu("Art. 99")),
		// Controls without crosswalk are simply absent.
		ctl("A.6.1.2", fail, model.Crosswalk{}),
	}}
	got, err := Views(res, EUAIAct)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.FrameworkItem{
		item("Art. 12", "Record-keeping (automatic logs)", fail, "A.6.2.8", pass, "A.6.2.8", fail), // acme before iso42001
		item("Art. 99", "", pass, "ACME-1", pass),
	}
	if d := cmp.Diff(want, got[0].Items); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}

	// An empty result still gives a view with a notice and an empty, non-nil item list.
	empty, err := Views(&model.Result{}, NISTAIRMF)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(empty[0])
	if !strings.Contains(string(b), `"items":[]`) || empty[0].Notice == "" {
		t.Errorf("empty view %s", b)
	}
}

func TestViewsDeterministic(t *testing.T) {
	want, err := Views(handResult())
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, _ := json.Marshal(want)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		res := handResult()
		r.Shuffle(len(res.Controls), func(a, b int) { res.Controls[a], res.Controls[b] = res.Controls[b], res.Controls[a] })
		for j := range res.Controls {
			cw := &res.Controls[j].Crosswalk
			for _, refs := range [][]string{cw.EUAIAct, cw.NISTAIRMF, cw.ISO27001} {
				r.Shuffle(len(refs), func(a, b int) { refs[a], refs[b] = refs[b], refs[a] })
			}
		}
		before, _ := json.Marshal(res)
		got, err := Views(res)
		if err != nil {
			t.Fatal(err)
		}
		if gotJSON, _ := json.Marshal(got); string(gotJSON) != string(wantJSON) {
			t.Fatalf("run %d: views depend on input order:\n%s", i, cmp.Diff(want, got))
		}
		if after, _ := json.Marshal(res); string(after) != string(before) {
			t.Fatalf("run %d: Views modified the result", i)
		}
	}
}

func TestRollup(t *testing.T) {
	tests := []struct {
		statuses []string
		want     string
	}{
		{[]string{pass}, pass},
		{[]string{pass, fail}, fail},
		{[]string{fail, partial, manual, pass}, fail},
		{[]string{pass, partial, manual}, partial},
		{[]string{manual, pass}, manual},
		{[]string{pass, pass}, pass},
		{[]string{na, pass}, pass},
		{[]string{na, manual, na}, manual},
		{[]string{na, fail}, fail},
		{[]string{na, na}, na},
		{nil, na},
		{[]string{pass, "bogus"}, manual},
		{[]string{"bogus", partial}, partial},
		{[]string{na, ""}, manual},
	}
	for _, tc := range tests {
		if got := Rollup(tc.statuses); got != tc.want {
			t.Errorf("Rollup(%q) = %q, want %q", tc.statuses, got, tc.want)
		}
	}
}

func TestCompareItems(t *testing.T) {
	tests := []struct {
		fw   string
		want []string
	}{
		{EUAIAct, []string{"Art. 4", "Art. 9", "Art. 10", "Art. 12", "Art. 50", "Art. 113"}},
		{NISTAIRMF, []string{"GOVERN 1.1", "GOVERN 1.10", "GOVERN 2.1", "MAP 1.5", "MAP 5.1", "MEASURE 2.8", "MEASURE 2.13", "MANAGE 1.1", "MANAGE 4.3", "OTHER 1.1"}},
		{ISO27001, []string{"4.1", "6.1", "6.1.1", "6.1.3", "9.3.3", "10.1", "10.2", "A.5.1", "A.5.9", "A.5.19", "A.8.2", "A.8.15", "A.8.30"}},
	}
	for _, tc := range tests {
		for i := range 10 {
			got := slices.Clone(tc.want)
			r := rand.New(rand.NewPCG(uint64(i), 7))
			r.Shuffle(len(got), func(a, b int) { got[a], got[b] = got[b], got[a] })
			slices.SortFunc(got, func(a, b string) int { return CompareItems(tc.fw, a, b) })
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Fatalf("%s order (-want +got):\n%s", tc.fw, d)
			}
		}
	}
}

func FuzzCompareItems(f *testing.F) {
	for _, s := range [][2]string{{"Art. 4", "Art. 12"}, {"GOVERN 1.1", "MAP 1.5"}, {"4.1", "A.5.1"}, {"007", "7"}, {"", "x"}, {"govern 1.1", "GOVERN 1.1"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, fw := range Names {
			ab, ba := CompareItems(fw, a, b), CompareItems(fw, b, a)
			if (ab < 0) != (ba > 0) || (ab == 0) != (a == b) {
				t.Fatalf("%s: compare(%q, %q) = %d, reverse %d", fw, a, b, ab, ba)
			}
		}
	})
}

func TestLoadFS(t *testing.T) {
	good := "apiVersion: aims/v1\nkind: Framework\nid: eu-ai-act\ntitle: T\nnotice: n\nitems:\n  - {id: \"Art. 4\", title: \"AI literacy\"}\n"
	tests := []struct {
		name, data, wantErr string
	}{
		{"good", good, ""},
		{"unknown field", good + "extra: 1\n", "field extra not found"},
		{"unquoted comma", "apiVersion: aims/v1\nkind: Framework\nid: eu-ai-act\ntitle: T\nitems:\n  - {id: a, title: b, c}\n", "f/x.yaml"},
		{"kind", strings.Replace(good, "kind: Framework", "kind: Catalogue", 1), `kind is "Catalogue"`},
		{"apiVersion", strings.Replace(good, "aims/v1", "aims/v2", 1), `apiVersion is "aims/v2"`},
		{"id", strings.Replace(good, "id: eu-ai-act", "id: iso42001", 1), `unknown framework id "iso42001"`},
		{"no title", strings.Replace(good, "title: T\n", "", 1), "has no title"},
		{"item without title", strings.Replace(good, `title: "AI literacy"`, `title: ""`, 1), "item Art. 4 has no title"},
		{"repeated item", good + "  - {id: \"Art. 4\", title: \"again\"}\n", "item Art. 4 is listed twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fws, err := LoadFS(fstest.MapFS{"f/x.yaml": {Data: []byte(tc.data)}}, "f")
			if tc.wantErr == "" {
				if err != nil || len(fws) != 1 || fws[0].ItemTitle("Art. 4") != "AI literacy" {
					t.Fatalf("LoadFS = %v, %v", fws, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "f/x.yaml") {
				t.Fatalf("err %v, want %q naming f/x.yaml", err, tc.wantErr)
			}
		})
	}
	_, err := LoadFS(fstest.MapFS{"f/a.yaml": {Data: []byte(good)}, "f/b.yaml": {Data: []byte(good)}}, "f")
	if err == nil || !strings.Contains(err.Error(), "f/b.yaml: framework \"eu-ai-act\" is already defined in f/a.yaml") {
		t.Errorf("duplicate framework: %v", err)
	}
}

func TestTitles(t *testing.T) {
	tests := []struct{ got, want string }{
		{Title(ISO42001), "ISO/IEC 42001:2023 Artificial intelligence management system"},
		{Title(EUAIAct), "EU AI Act (Regulation (EU) 2024/1689)"},
		{Title(NISTAIRMF), "NIST AI Risk Management Framework 1.0"},
		{Title(ISO27001), "ISO/IEC 27001:2022 Information security management systems"},
		{Title("gdpr"), ""},
		{ItemTitle(EUAIAct, "Art. 12"), "Record-keeping (automatic logs)"},
		{ItemTitle(NISTAIRMF, "MEASURE 2.8"), "Transparency and accountability risks are examined"},
		{ItemTitle(ISO27001, "A.8.15"), "Logging"},
		{ItemTitle(EUAIAct, "Art. 999"), ""},
		{ItemTitle(ISO42001, "A.6.2.8"), ""},
	}
	for i, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%d: got %q, want %q", i, tc.got, tc.want)
		}
	}
	// Load hands out copies: a caller's edits do not leak into later views.
	fws, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	fws[0].Items[0].Title = "changed"
	if ItemTitle(fws[0].ID, fws[0].Items[0].ID) == "changed" {
		t.Error("Load returned shared state")
	}
}
