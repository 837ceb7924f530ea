package shared

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

const custom = `apiVersion: aims/v1
kind: Catalogue
id: acme
title: Acme
groups:
  - id: ACME
    title: Acme
    controls:
      - id: ACME-1
        title: Custom
        kind: custom
        applies_to: organization
`

func factory(path string, explicit bool) *cmdutil.Factory {
	ios, _, _, _ := iostreams.Test()
	return &cmdutil.Factory{IO: ios, ConfigPath: func() string { return path }, ConfigExplicit: func() bool { return explicit }}
}

func TestCatalogues(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "aims.yaml")
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("acme.yaml", custom)
	write("aims.yaml", "apiVersion: aims/v1\nkind: Config\ncatalogues: [builtin, acme.yaml]\n")

	set, err := Catalogues(factory(cfg, true))()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := set.Lookup("ACME-1"); !ok {
		t.Error("custom catalogue of aims.yaml not loaded")
	}
	if _, ok := set.Lookup("A.6.2.8"); !ok {
		t.Error("builtin not loaded")
	}

	// No aims.yaml: builtin, unless the config was named explicitly.
	missing := filepath.Join(dir, "none", "aims.yaml")
	if set, err := Catalogues(factory(missing, false))(); err != nil || len(set.Catalogues) != 1 {
		t.Errorf("implicit missing config: %v", err)
	}
	if _, err := Catalogues(factory(missing, true))(); cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("explicit missing config: %v", err)
	}

	// A broken user catalogue is an input error naming the file and line.
	write("acme.yaml", strings.Replace(custom, "kind: custom", "kind: custom\n        colour: red", 1))
	_, err = Catalogues(factory(cfg, true))()
	if cmdutil.ExitCode(err) != cmdutil.ExitInput || !strings.Contains(err.Error(), "acme.yaml:12:9") {
		t.Errorf("broken catalogue: %v", err)
	}
}
