package framework

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/testenv"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/controls"
	"github.com/aims-cli/aims/pkg/catalogue"
)

// These tests hold the descriptive catalogue data (controls/iso42001/*.yaml)
// to the facts in ../shared/iso42001 and to the framework files. The full lint
// of catalogue files, checks included, lives in pkg/catalogue.

type tsvRow struct{ id, title, group, groupTitle, kind string }

// builtinControls decodes the top-level catalogue files (not checks/) strictly.
func builtinControls(t *testing.T) []catalogue.Control {
	t.Helper()
	names, err := fs.Glob(controls.FS, "iso42001/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no catalogue files in controls/iso42001: %v", err)
	}
	var out []catalogue.Control
	for _, name := range names {
		data, err := fs.ReadFile(controls.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		var c catalogue.Catalogue
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if c.APIVersion != "aims/v1" || c.Kind != "Catalogue" || c.ID != "iso42001" || c.Version != "2023" {
			t.Errorf("%s: header %q %q %q %q, want aims/v1 Catalogue iso42001 2023", name, c.APIVersion, c.Kind, c.ID, c.Version)
		}
		if !strings.Contains(c.Notice, "indicative") || !strings.Contains(c.Notice, "not a copy") {
			t.Errorf("%s: notice %q must say the wording is indicative and not a copy", name, c.Notice)
		}
		for _, g := range c.Groups {
			for _, ctl := range g.Controls {
				ctl.Group, ctl.GroupTitle, ctl.Catalogue = g.ID, g.Title, c.ID
				out = append(out, ctl)
			}
		}
	}
	return out
}

// repoRoot walks up from the test's directory to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func readTSV(t *testing.T) []tsvRow {
	t.Helper()
	p := testenv.Shared(t, "iso42001", "catalogue.tsv")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		if first || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 5 {
			t.Fatalf("%s: malformed row %q", p, sc.Text())
		}
		rows = append(rows, tsvRow{c[0], c[1], c[2], c[3], c[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestCatalogueMatchesTSV(t *testing.T) {
	got := []tsvRow{}
	for _, c := range builtinControls(t) {
		got = append(got, tsvRow{c.ID, c.Title, c.Group, c.GroupTitle, c.Kind})
	}
	want := readTSV(t)
	// File order is not meaningful; compare in TSV (control ID) order.
	order := map[string]int{}
	for i, r := range want {
		order[r.id] = i
	}
	slices.SortStableFunc(got, func(a, b tsvRow) int {
		ia, oka := order[a.id]
		ib, okb := order[b.id]
		if !oka || !okb {
			return strings.Compare(a.id, b.id)
		}
		return ia - ib
	})
	if d := cmp.Diff(want, got, cmp.AllowUnexported(tsvRow{})); d != "" {
		t.Errorf("catalogue differs from catalogue.tsv (-tsv +yaml):\n%s", d)
	}
}

func TestCatalogueCounts(t *testing.T) {
	counts := map[string]int{}
	groups := map[string]int{}
	seen := map[string]bool{}
	for _, c := range builtinControls(t) {
		if seen[c.ID] {
			t.Errorf("%s defined twice", c.ID)
		}
		seen[c.ID] = true
		counts[c.Kind]++
		if c.Kind == catalogue.KindAnnexA {
			groups[c.Group]++
		}
	}
	if d := cmp.Diff(map[string]int{catalogue.KindClause: 36, catalogue.KindAnnexA: 38}, counts); d != "" {
		t.Errorf("controls per kind (-want +got):\n%s", d)
	}
	wantGroups := map[string]int{"A.2": 3, "A.3": 2, "A.4": 5, "A.5": 4, "A.6": 9, "A.7": 5, "A.8": 4, "A.9": 3, "A.10": 3}
	if d := cmp.Diff(wantGroups, groups); d != "" {
		t.Errorf("Annex A controls per group (-want +got):\n%s", d)
	}
}

func TestCatalogueDescriptions(t *testing.T) {
	appliesTo := map[string]bool{"organization": true, "system": true, "agent": true, "vendor": true}
	for _, c := range builtinControls(t) {
		if !appliesTo[c.AppliesTo] {
			t.Errorf("%s: applies_to %q", c.ID, c.AppliesTo)
		}
		if n := strings.Count(c.Summary, ". ") + 1; len(c.Summary) < 80 || n > 5 {
			t.Errorf("%s: summary of %d chars, ~%d sentences; want 2-4 useful sentences", c.ID, len(c.Summary), n)
		}
		if n := len(c.Evidence); n < 3 || n > 6 {
			t.Errorf("%s: %d evidence items, want 3-6", c.ID, n)
		}
		for _, e := range c.Evidence {
			if strings.TrimSpace(e) == "" {
				t.Errorf("%s: empty evidence item", c.ID)
			}
		}
		if len(c.Remediation) < 40 {
			t.Errorf("%s: remediation %q is too thin", c.ID, c.Remediation)
		}
		if len(c.Checks) > 0 {
			t.Errorf("%s: checks belong in controls/iso42001/checks/, not in the descriptive files", c.ID)
		}
	}
}

var refPatterns = map[string]*regexp.Regexp{
	EUAIAct:   regexp.MustCompile(`^Art\. ([1-9][0-9]*)$`),
	NISTAIRMF: regexp.MustCompile(`^(GOVERN|MAP|MEASURE|MANAGE) [1-9][0-9]*\.[1-9][0-9]*$`),
	ISO27001:  regexp.MustCompile(`^((?:[4-9]|10)(?:\.[1-9][0-9]*){1,2}|A\.([5-8])\.([1-9][0-9]*))$`),
}

// iso27001AnnexA is how many controls each ISO/IEC 27001:2022 Annex A theme has.
var iso27001AnnexA = map[string]int{"5": 37, "6": 8, "7": 14, "8": 34}

func TestCrosswalkRefs(t *testing.T) {
	fws, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	titled := map[string]map[string]bool{}
	for _, f := range fws {
		titled[f.ID] = map[string]bool{}
		for _, it := range f.Items {
			titled[f.ID][it.ID] = true
		}
	}
	used := map[string]map[string]bool{EUAIAct: {}, NISTAIRMF: {}, ISO27001: {}}
	for _, c := range builtinControls(t) {
		cw := model.Crosswalk(c.Crosswalk)
		for _, fw := range Names[1:] {
			refs := Refs(cw, fw)
			if !slices.IsSortedFunc(refs, func(a, b string) int { return CompareItems(fw, a, b) }) || len(slices.Compact(slices.Clone(refs))) != len(refs) {
				t.Errorf("%s: %s refs %q are not sorted and unique", c.ID, fw, refs)
			}
			for _, ref := range refs {
				m := refPatterns[fw].FindStringSubmatch(ref)
				switch {
				case m == nil:
					t.Errorf("%s: malformed %s ref %q", c.ID, fw, ref)
					continue
				case fw == EUAIAct:
					if n, _ := strconv.Atoi(m[1]); n > 113 {
						t.Errorf("%s: %q: the AI Act has 113 articles", c.ID, ref)
					}
				case fw == ISO27001 && m[2] != "":
					if n, _ := strconv.Atoi(m[3]); n > iso27001AnnexA[m[2]] {
						t.Errorf("%s: %q: ISO/IEC 27001 A.%s has %d controls", c.ID, ref, m[2], iso27001AnnexA[m[2]])
					}
				}
				if !titled[fw][ref] {
					t.Errorf("%s: %s ref %q has no title in controls/frameworks", c.ID, fw, ref)
				}
				used[fw][ref] = true
			}
		}
	}
	// Every listed item is cited, so the framework files do not drift from the catalogue.
	for _, f := range fws {
		for _, it := range f.Items {
			if !used[f.ID][it.ID] {
				t.Errorf("%s: item %q is listed but no control maps to it", f.File, it.ID)
			}
		}
	}
}

// fullView runs a view over the whole builtin catalogue, every control manual.
func fullView(t *testing.T, fw string) map[string][]string {
	t.Helper()
	res := &model.Result{}
	for _, c := range builtinControls(t) {
		res.Controls = append(res.Controls, model.ControlResult{
			ID: c.ID, Catalogue: c.Catalogue, Status: model.StatusManual, Crosswalk: model.Crosswalk(c.Crosswalk),
		})
	}
	views, err := Views(res, fw)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, it := range views[0].Items {
		out[it.ID] = it.Controls
	}
	return out
}

func span(prefix string, from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

func join(parts ...[]string) []string { return slices.Concat(parts...) }

// clauseIDs lists every clause of the builtin catalogue in control-ID order.
func clauseIDs(t *testing.T) []string {
	var ids []string
	for _, c := range builtinControls(t) {
		if c.Kind == catalogue.KindClause {
			ids = append(ids, c.ID)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return CompareItems(ISO27001, a, b) })
	return ids
}

// TestEUAIActCrosswalkFacts holds the EU view to the README's article table
// (7.5 includes its sub-clauses; "4-10" is every clause).
func TestEUAIActCrosswalkFacts(t *testing.T) {
	annexA62 := span("A.6.2.", 2, 8)
	want := map[string][]string{
		"Art. 4":  {"7.2", "7.3", "A.4.6"},
		"Art. 9":  join([]string{"6.1.2", "6.1.3", "8.2", "8.3"}, span("A.5.", 2, 5)),
		"Art. 10": join([]string{"A.4.3"}, span("A.7.", 2, 6)),
		"Art. 11": {"7.5", "7.5.1", "7.5.2", "7.5.3", "A.4.2", "A.6.2.3", "A.6.2.7"},
		"Art. 12": {"A.6.2.6", "A.6.2.8"},
		"Art. 13": {"A.8.2", "A.8.5", "A.9.4"},
		"Art. 14": {"A.6.2.6", "A.9.2", "A.9.3"},
		"Art. 15": {"A.6.2.4", "A.6.2.6"},
		"Art. 17": join(clauseIDs(t), []string{"A.6.1.3"}, annexA62),
		"Art. 25": {"A.10.2", "A.10.3"},
		"Art. 26": {"8.1", "A.9.2", "A.9.3", "A.9.4", "A.10.4"},
		"Art. 27": join([]string{"6.1.4", "8.4"}, span("A.5.", 2, 5)),
		"Art. 50": {"A.8.2", "A.8.5"},
		"Art. 72": {"9.1", "A.6.2.6"},
		"Art. 73": {"10.2", "A.8.3", "A.8.4"},
	}
	if d := cmp.Diff(want, fullView(t, EUAIAct)); d != "" {
		t.Errorf("EU AI Act view of the catalogue (-README +catalogue):\n%s", d)
	}
}

// TestNISTAndISO27001CrosswalkFacts checks that every pair the README states is
// present; the catalogue may add confident subcategory mappings beyond them.
func TestNISTAndISO27001CrosswalkFacts(t *testing.T) {
	cases := []struct {
		fw    string
		facts map[string][]string
	}{
		{NISTAIRMF, map[string][]string{
			"GOVERN 1.1": {"4.1", "6.2", "A.2.2", "A.2.4"},
			"GOVERN 2.1": {"5.3", "7.1", "7.2", "7.3", "7.4", "9.1", "A.3.2"},
			"GOVERN 2.2": {"7.2"},
			"MAP 1.5":    {"6.1.1"},
			"MAP 1.6":    {"A.6.2.2"},
			"MAP 2.1":    join([]string{"A.6.2.3"}, span("A.4.", 2, 6)),
			"MAP 2.2":    {"A.6.2.7"},
		}},
		{ISO27001, map[string][]string{
			"A.5.1":  {"A.2.2"},
			"A.5.2":  {"A.3.2"},
			"A.8.25": {"A.6.1.3", "A.6.2.3"}, "A.8.26": {"A.6.1.3", "A.6.2.3"}, "A.8.27": {"A.6.1.3", "A.6.2.3"},
			"A.8.28": {"A.6.1.3", "A.6.2.3"}, "A.8.29": {"A.6.1.3", "A.6.2.3"},
			"A.8.30": {"A.6.1.3", "A.6.2.3", "A.10.2", "A.10.3"},
			"A.8.15": {"A.6.2.8"}, "A.8.16": {"A.6.2.8"},
			"A.5.24": {"A.8.4"}, "A.5.25": {"A.8.4"}, "A.5.26": {"A.8.4"}, "A.5.27": {"A.8.4"}, "A.5.28": {"A.8.4"},
			"A.5.12": span("A.7.", 2, 6), "A.5.33": span("A.7.", 2, 6), "A.5.34": span("A.7.", 2, 6),
			"A.8.10": span("A.7.", 2, 6), "A.8.11": span("A.7.", 2, 6), "A.8.12": span("A.7.", 2, 6),
			"A.5.19": {"A.10.2", "A.10.3"}, "A.5.20": {"A.10.2", "A.10.3"}, "A.5.21": {"A.10.2", "A.10.3"},
		}},
	}
	for _, tc := range cases {
		got := fullView(t, tc.fw)
		for item, ctls := range tc.facts {
			for _, c := range ctls {
				if !slices.Contains(got[item], c) {
					t.Errorf("%s %s: missing %s (has %q)", tc.fw, item, c, got[item])
				}
			}
		}
	}
	// Harmonised structure: each clause maps to the same-numbered ISO/IEC 27001
	// clause, except the impact assessment clauses 42001 adds.
	got := fullView(t, ISO27001)
	for _, id := range clauseIDs(t) {
		has := slices.Equal(got[id], []string{id})
		if want := id != "6.1.4" && id != "8.4"; has != want {
			t.Errorf("ISO/IEC 27001 clause %s maps %q; want only the same-numbered 42001 clause: %v", id, got[id], want)
		}
	}
}
