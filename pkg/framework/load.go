// Package framework regroups assessment results by the items of other
// frameworks (EU AI Act articles, NIST AI RMF subcategories, ISO/IEC 27001
// clauses and controls) through the catalogue's crosswalk. Every view is an
// indicative mapping, never a statement of conformity with the other framework.
//
// Item titles come from the embedded controls/frameworks/*.yaml files; the
// mapping itself comes from each control's crosswalk in the catalogue, so a
// user catalogue with its own crosswalk refs shows up in the views too.
//
// Two halves, one file each: load.go reads the framework files (names,
// titles, items), views.go regroups a result by them (Views, Rollup).
package framework

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/controls"
)

// Framework names accepted by Views and `aims assess --framework`.
const (
	ISO42001  = "iso42001"
	EUAIAct   = "eu-ai-act"
	NISTAIRMF = "nist-ai-rmf"
	ISO27001  = "iso27001"
)

// Names lists the frameworks in display order. ISO42001 is the assessment
// itself; the others are crosswalk views of it.
var Names = []string{ISO42001, EUAIAct, NISTAIRMF, ISO27001}

// iso42001Title is fixed here rather than read from the catalogue, so that
// Title works without loading (and compiling) the catalogue.
const iso42001Title = "ISO/IEC 42001:2023 Artificial intelligence management system"

// noticePrefix starts every view's notice; outputs must never present a
// crosswalk as normative.
const noticePrefix = "Indicative mapping, not normative"

// Framework is one controls/frameworks/*.yaml file: the titles of the items a
// crosswalk may cite.
type Framework struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"` // Framework
	ID         string `yaml:"id"`
	Title      string `yaml:"title"`
	// Notice says why the mapping is indicative; the view's notice appends it to noticePrefix.
	Notice string `yaml:"notice"`
	Items  []Item `yaml:"items"`

	// File is the file the framework was read from.
	File string `yaml:"-"`
}

// Item is one article, subcategory, clause or control of a framework.
type Item struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
}

// ItemTitle returns the title of item id, or "" when the file does not list it.
func (f *Framework) ItemTitle(id string) string {
	for _, it := range f.Items {
		if it.ID == id {
			return it.Title
		}
	}
	return ""
}

var (
	loadOnce   sync.Once
	loaded     []*Framework
	errLoading error
)

// Load returns the embedded frameworks (eu-ai-act, nist-ai-rmf, iso27001) in
// the order of Names. The files are parsed once; callers get their own copies.
func Load() ([]*Framework, error) {
	loadOnce.Do(func() {
		loaded, errLoading = LoadFS(controls.FS, "frameworks")
	})
	if errLoading != nil {
		return nil, errLoading
	}
	out := make([]*Framework, len(loaded))
	for i, f := range loaded {
		c := *f
		c.Items = slices.Clone(f.Items)
		out[i] = &c
	}
	return out, nil
}

// LoadFS reads every *.yaml file in dir of fsys as a Framework and checks it:
// apiVersion aims/v1, kind Framework, an id among Names (other than
// iso42001) and not repeated, a title, and unique, titled items. The result
// is in the order of Names.
func LoadFS(fsys fs.FS, dir string) ([]*Framework, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("frameworks in %s: %w", dir, err)
	}
	slices.Sort(names)
	byID := map[string]*Framework{}
	var errs []error
	for _, name := range names {
		f, err := parse(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if prev, ok := byID[f.ID]; ok {
			errs = append(errs, fmt.Errorf("%s: framework %q is already defined in %s", name, f.ID, prev.File))
			continue
		}
		byID[f.ID] = f
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var out []*Framework
	for _, n := range Names {
		if f, ok := byID[n]; ok {
			out = append(out, f)
		}
	}
	return out, nil
}

func parse(fsys fs.FS, name string) (*Framework, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f Framework
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f.File = name
	switch {
	case f.APIVersion != "aims/v1":
		return nil, fmt.Errorf("%s: apiVersion is %q, want aims/v1", name, f.APIVersion)
	case f.Kind != "Framework":
		return nil, fmt.Errorf("%s: kind is %q, want Framework", name, f.Kind)
	case f.ID == ISO42001 || !slices.Contains(Names, f.ID):
		return nil, fmt.Errorf("%s: unknown framework id %q (want one of %s)", name, f.ID, strings.Join(Names[1:], ", "))
	case strings.TrimSpace(f.Title) == "":
		return nil, fmt.Errorf("%s: framework %s has no title", name, f.ID)
	}
	seen := map[string]bool{}
	for i, it := range f.Items {
		switch {
		case strings.TrimSpace(it.ID) == "":
			return nil, fmt.Errorf("%s: items[%d] has no id", name, i)
		case strings.TrimSpace(it.Title) == "":
			return nil, fmt.Errorf("%s: item %s has no title", name, it.ID)
		case seen[it.ID]:
			return nil, fmt.Errorf("%s: item %s is listed twice", name, it.ID)
		}
		seen[it.ID] = true
	}
	return &f, nil
}

// Title returns the display title of a framework ("EU AI Act (Regulation (EU)
// 2024/1689)"), or "" for an unknown name.
func Title(framework string) string {
	if framework == ISO42001 {
		return iso42001Title
	}
	fws, err := Load()
	if err != nil {
		return ""
	}
	for _, f := range fws {
		if f.ID == framework {
			return f.Title
		}
	}
	return ""
}

// ItemTitle returns the title of one item of a framework ("Record-keeping
// (automatic logs)" for eu-ai-act "Art. 12"), or "" when it is not known.
func ItemTitle(framework, item string) string {
	fws, err := Load()
	if err != nil {
		return ""
	}
	for _, f := range fws {
		if f.ID == framework {
			return f.ItemTitle(item)
		}
	}
	return ""
}

// Valid reports whether name is one of Names.
func Valid(name string) bool { return slices.Contains(Names, name) }
