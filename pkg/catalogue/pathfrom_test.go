package catalogue

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// path_from: a check that judges several fields points its finding at the
// one that fails (the record an auditor samples), falling back to path; it
// is a string expression, and a Go check has none (its detector places it).
func TestPathFrom(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", `apiVersion: aims/v1
kind: Checks
catalogue: iso42001
checks:
  - control: A.10.3
    id: acme-vendor-named
    title: Vendors are named and reviewed
    severity: low
    subject: vendor
    rule: vendor.name != "" && vendor.reviewed
    path: answers
    path_from: 'vendor.name == "" ? "name" : (vendor.reviewed ? "" : "reviewed_on")'
`)
	set, err := LoadSet([]string{"builtin", "ok.yaml"}, dir)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := set.Program("acme-vendor-named")
	if !ok {
		t.Fatal("check not compiled")
	}
	for _, tc := range []struct {
		v    VendorFacts
		want string
	}{
		{VendorFacts{Name: ""}, "name"},
		{VendorFacts{Name: "Acme", Reviewed: false}, "reviewed_on"},
		{VendorFacts{Name: "Acme", Reviewed: true}, "answers"}, // "" falls back to path
	} {
		v := tc.v
		if got := p.Path(&Facts{Org: &OrgFacts{}, Thresholds: &ThresholdFacts{}, Vendor: &v}); got != tc.want {
			t.Errorf("Path(%+v) = %q, want %q", tc.v, got, tc.want)
		}
	}

	write("bad.yaml", `apiVersion: aims/v1
kind: Checks
catalogue: iso42001
checks:
  - control: A.10.3
    id: acme-bad-path
    title: Bad path_from
    severity: low
    subject: vendor
    rule: vendor.reviewed
    path_from: 'vendor.reviewed'
  - control: A.10.3
    id: acme-go
    kind: go
    detector: engine
    title: A Go check
    severity: low
    path_from: '"name"'
`)
	_, err = LoadSet([]string{"builtin", "bad.yaml"}, dir)
	if err == nil {
		t.Fatal("no error")
	}
	got := strings.Join(problemStrings(t, err), "\n")
	for _, want := range []string{
		"bad.yaml:11:17: check acme-bad-path: path_from: path_from must be a string expression, this one is bool",
		"bad.yaml:18:17: check acme-go: a go check has no path_from",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems:\n%s\nwant %s", got, want)
		}
	}
}
