package catalogue

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/aims-cli/aims/controls"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/suggest"
	"github.com/aims-cli/aims/pkg/yamlsafe"
)

// Document kinds of catalogue files.
const (
	KindCatalogueDoc = "Catalogue"
	KindChecksDoc    = "Checks"
)

// BuiltinSpec names the embedded catalogues in aims.yaml's `catalogues:`.
const BuiltinSpec = "builtin"

// ChecksFile is a file of kind Checks: automated checks attached to the
// controls of a catalogue by control ID.
type ChecksFile struct {
	APIVersion string  `yaml:"apiVersion"`
	Kind       string  `yaml:"kind"`
	Catalogue  string  `yaml:"catalogue"`
	Checks     []Check `yaml:"checks"`
	// Overrides change checks declared elsewhere (builtin or another file).
	Overrides []Override `yaml:"overrides"`
}

// header is the part every document shares.
type header struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
}

// sourceFile is one catalogue file as read.
type sourceFile struct {
	name    string // display path: "builtin:iso42001/a6.yaml" or relative to the base dir
	data    []byte
	builtin bool
}

// Builtin returns the embedded catalogues alone.
func Builtin() (*Set, error) { return LoadSet(nil, "") }

// LoadSet reads the catalogues named by specs (aims.yaml `catalogues:`):
// "builtin" is the embedded set, anything else a file or directory relative
// to baseDir that must stay inside it. No specs means builtin only. Every
// problem comes back as model.Problems, all of them, sorted.
func LoadSet(specs []string, baseDir string) (*Set, error) {
	if len(specs) == 0 {
		specs = []string{BuiltinSpec}
	}
	var files []sourceFile
	var probs model.Problems
	seen := map[string]bool{}
	for _, spec := range specs {
		if seen[spec] {
			continue
		}
		seen[spec] = true
		if spec == BuiltinSpec {
			fs, err := readFS(controls.FS, ".", "builtin:")
			if err != nil {
				return nil, fmt.Errorf("read builtin catalogues: %w", err)
			}
			for i := range fs {
				fs[i].builtin = true
			}
			files = append(files, fs...)
			continue
		}
		fs, err := readUserPath(spec, baseDir)
		if err != nil {
			probs = append(probs, model.Problem{Pos: model.Pos{File: spec}, Severity: model.ProblemError, Code: "catalogue", Msg: err.Error()})
			continue
		}
		files = append(files, fs...)
	}
	set, more := build(files)
	probs = append(probs, more...)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return set, nil
}

// LoadFS reads every catalogue file under root in fsys (for tests and tools);
// names are prefixed with prefix.
func LoadFS(fsys fs.FS, root, prefix string) (*Set, error) {
	files, err := readFS(fsys, root, prefix)
	if err != nil {
		return nil, err
	}
	set, probs := build(files)
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	return set, nil
}

func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

func readFS(fsys fs.FS, root, prefix string) ([]sourceFile, error) {
	var out []sourceFile
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isYAML(p) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out = append(out, sourceFile{name: prefix + p, data: data})
		return nil
	})
	return out, err
}

// readUserPath reads a user catalogue file or directory, refusing anything
// that leaves baseDir (by "..", an absolute path or a symbolic link).
func readUserPath(spec, baseDir string) ([]sourceFile, error) {
	target := spec
	if !filepath.IsAbs(target) {
		target = filepath.Join(baseDir, filepath.FromSlash(spec))
	}
	if baseDir != "" {
		root, err := filepath.Abs(baseDir)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", spec, err)
		}
		if r, err := filepath.EvalSymlinks(root); err == nil {
			root = r
		}
		abs, err := filepath.Abs(target)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", spec, err)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("catalogue %s does not exist", spec)
			}
			return nil, fmt.Errorf("catalogue %s: %w", spec, err)
		}
		if !within(root, real) {
			return nil, fmt.Errorf("catalogue %s leaves the project root; it was not read", spec)
		}
		target = real
	}
	fi, err := os.Stat(target)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("catalogue %s does not exist", spec)
		}
		return nil, fmt.Errorf("catalogue %s: %w", spec, err)
	}
	if !fi.IsDir() {
		data, err := os.ReadFile(target)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", spec, err)
		}
		return []sourceFile{{name: filepath.ToSlash(spec), data: data}}, nil
	}
	files, err := readFS(os.DirFS(target), ".", strings.TrimSuffix(filepath.ToSlash(spec), "/")+"/")
	if err != nil {
		return nil, fmt.Errorf("catalogue %s: %w", spec, err)
	}
	return files, nil
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// parsed is one document after strict decoding.
type parsed struct {
	file   sourceFile
	cat    *Catalogue
	checks *ChecksFile
}

func parseFile(f sourceFile) (*parsed, model.Problems) {
	s := &strict{file: f.name}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(f.data))
	if err := dec.Decode(&root); err != nil {
		line := 0
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line)
		}
		return nil, model.Problems{{Pos: model.Pos{File: f.name, Line: line}, Severity: model.ProblemError, Code: "catalogue",
			Msg: "not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		s.errorf(&extra, "one document per file, found another")
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	// A catalogue is YAML an organisation writes, as its configs are: tags,
	// %TAG and alias bombs are refused by the same rule (issue 16).
	if ps := yamlsafe.Check(f.name, f.data, doc); len(ps) > 0 {
		for i := range ps {
			ps[i].Code = "catalogue"
		}
		return nil, ps
	}
	var h header
	if doc.Kind != yaml.MappingNode {
		s.errorf(doc, "expected a mapping with apiVersion and kind, found %s", kindOf(doc))
		return nil, s.probs
	}
	if v := mapValue(doc, "apiVersion"); v == nil {
		s.errorf(doc, "apiVersion is required (%s)", model.APIVersion)
	} else if h.APIVersion = v.Value; h.APIVersion != model.APIVersion {
		s.errorf(v, "apiVersion %q is not supported (want %s)", v.Value, model.APIVersion)
	}
	kindNode := mapValue(doc, "kind")
	if kindNode == nil {
		s.errorf(doc, "kind is required (%s or %s)", KindCatalogueDoc, KindChecksDoc)
		return nil, s.probs
	}
	h.Kind = kindNode.Value
	p := &parsed{file: f}
	switch h.Kind {
	case KindCatalogueDoc:
		// Unknown keys are reported but do not stop the rest of the checks:
		// the decoder ignores them, so every problem comes out in one run.
		s.check(doc, reflect.TypeFor[Catalogue]())
		var c Catalogue
		if err := doc.Decode(&c); err != nil {
			s.errorf(doc, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
			return nil, s.probs
		}
		// Record positions, walking the node tree beside the decoded value.
		groups := mapValue(doc, "groups")
		for gi := range c.Groups {
			gn := seqItem(groups, gi)
			ctls := mapValue(gn, "controls")
			for ci := range c.Groups[gi].Controls {
				ctl := &c.Groups[gi].Controls[ci]
				cn := seqItem(ctls, ci)
				ctl.Pos = s.pos(cn)
				if idn := mapValue(cn, "id"); idn != nil {
					ctl.Pos = s.pos(idn)
				}
				cks := mapValue(cn, "checks")
				for ki := range ctl.Checks {
					s.checkPositions(seqItem(cks, ki), &ctl.Checks[ki])
				}
			}
		}
		p.cat = &c
	case KindChecksDoc:
		// Unknown keys are reported but do not stop the rest of the checks:
		// the decoder ignores them, so every problem comes out in one run.
		s.check(doc, reflect.TypeFor[ChecksFile]())
		var c ChecksFile
		if err := doc.Decode(&c); err != nil {
			s.errorf(doc, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
			return nil, s.probs
		}
		cks := mapValue(doc, "checks")
		for ki := range c.Checks {
			s.checkPositions(seqItem(cks, ki), &c.Checks[ki])
		}
		ovs := mapValue(doc, "overrides")
		for oi := range c.Overrides {
			s.overridePositions(seqItem(ovs, oi), &c.Overrides[oi])
		}
		if c.Catalogue == "" {
			s.errorf(doc, "catalogue is required: the id of the catalogue whose controls these checks judge")
		}
		p.checks = &c
	default:
		if f.builtin {
			// The builtin tree also holds other data (framework titles).
			return nil, nil
		}
		s.errorf(kindNode, "kind %q is not a catalogue file (want %s or %s)", h.Kind, KindCatalogueDoc, KindChecksDoc)
	}
	return p, s.probs
}

var (
	appliesTo = Subjects
	kinds     = []string{KindClause, KindAnnexA, KindCustom}
)

func problem(pos model.Pos, format string, args ...any) model.Problem {
	return model.Problem{Pos: pos, Severity: model.ProblemError, Code: "catalogue", Msg: fmt.Sprintf(format, args...)}
}

// build parses, merges, validates and compiles the files into a Set.
func build(files []sourceFile) (*Set, model.Problems) {
	sort.SliceStable(files, func(i, j int) bool { return files[i].name < files[j].name })
	var probs model.Problems
	var docs []*parsed
	for _, f := range files {
		p, ps := parseFile(f)
		probs = append(probs, ps...)
		if p != nil {
			docs = append(docs, p)
		}
	}

	// Merge Catalogue documents by ID, groups by ID.
	byCat := map[string]*Catalogue{}
	var order []string
	sources := map[string][]sourceFile{}
	for _, d := range docs {
		if d.cat == nil {
			continue
		}
		c := d.cat
		if c.ID == "" {
			probs = append(probs, problem(model.Pos{File: d.file.name, Line: 1}, "catalogue id is required"))
			continue
		}
		sources[c.ID] = append(sources[c.ID], d.file)
		m, ok := byCat[c.ID]
		if !ok {
			m = &Catalogue{APIVersion: c.APIVersion, Kind: c.Kind, ID: c.ID}
			byCat[c.ID] = m
			order = append(order, c.ID)
		}
		for _, f := range []struct {
			dst *string
			v   string
			key string
		}{{&m.Title, c.Title, "title"}, {&m.Version, c.Version, "version"}, {&m.Notice, c.Notice, "notice"}} {
			switch {
			case f.v == "":
			case *f.dst == "":
				*f.dst = f.v
			case *f.dst != f.v:
				probs = append(probs, problem(model.Pos{File: d.file.name, Line: 1}, "catalogue %s: %s %q differs from %q given in another file", c.ID, f.key, f.v, *f.dst))
			}
		}
		for _, g := range c.Groups {
			gi := slices.IndexFunc(m.Groups, func(x Group) bool { return x.ID == g.ID })
			if gi < 0 {
				m.Groups = append(m.Groups, Group{ID: g.ID, Title: g.Title})
				gi = len(m.Groups) - 1
			} else if g.Title != "" && m.Groups[gi].Title == "" {
				m.Groups[gi].Title = g.Title
			}
			m.Groups[gi].Controls = append(m.Groups[gi].Controls, g.Controls...)
		}
	}

	set := &Set{byID: map[string]*Control{}, programs: map[string]*Program{}, checks: map[string]*Check{}, also: map[string][]*Check{}}
	// Checks documents also feed the catalogue digest.
	for _, d := range docs {
		if d.checks != nil && byCat[d.checks.Catalogue] != nil {
			sources[d.checks.Catalogue] = append(sources[d.checks.Catalogue], d.file)
		}
	}
	sort.Strings(order)
	for _, id := range order {
		c := byCat[id]
		sort.SliceStable(c.Groups, func(i, j int) bool { return model.CompareControlIDs(c.Groups[i].ID, c.Groups[j].ID) < 0 })
		for gi := range c.Groups {
			g := &c.Groups[gi]
			if g.ID == "" {
				probs = append(probs, problem(model.Pos{}, "catalogue %s: a group has no id", id))
			}
			sort.SliceStable(g.Controls, func(i, j int) bool { return model.CompareControlIDs(g.Controls[i].ID, g.Controls[j].ID) < 0 })
		}
		src := sources[id]
		sort.SliceStable(src, func(i, j int) bool { return src[i].name < src[j].name })
		h := sha256.New()
		for _, f := range src {
			sum := sha256.Sum256(f.data)
			fmt.Fprintf(h, "%s  %s\n", hex.EncodeToString(sum[:]), strings.TrimPrefix(f.name, "builtin:"))
			c.Files = append(c.Files, f.name)
		}
		c.SHA256 = hex.EncodeToString(h.Sum(nil))
		set.Catalogues = append(set.Catalogues, c)
	}

	// Index controls and validate them.
	for _, c := range set.Catalogues {
		for gi := range c.Groups {
			g := &c.Groups[gi]
			for ci := range g.Controls {
				ctl := &g.Controls[ci]
				ctl.Group, ctl.GroupTitle, ctl.Catalogue = g.ID, g.Title, c.ID
				probs = append(probs, validateControl(ctl)...)
				if ctl.ID == "" {
					continue
				}
				if prev, dup := set.byID[ctl.ID]; dup {
					probs = append(probs, problem(ctl.Pos, "duplicate control id %s (first defined at %s)", ctl.ID, prev.Pos))
					continue
				}
				set.byID[ctl.ID] = ctl
				set.controls = append(set.controls, ctl)
			}
		}
	}

	// Attach the checks of Checks documents to their controls.
	for _, d := range docs {
		if d.checks == nil {
			continue
		}
		if byCat[d.checks.Catalogue] == nil {
			probs = append(probs, problem(model.Pos{File: d.file.name, Line: 1}, "catalogue %q is not loaded (known: %s)", d.checks.Catalogue, strings.Join(order, ", ")))
			continue
		}
		for _, ck := range d.checks.Checks {
			ctl, ok := set.byID[ck.Control]
			switch {
			case ck.Control == "":
				probs = append(probs, problem(ck.Pos, "check %s: control is required", ck.ID))
				continue
			case !ok || ctl.Catalogue != d.checks.Catalogue:
				hint := ""
				if near := suggest.Closest(ck.Control, controlIDs(set.controls)); near != "" {
					hint = fmt.Sprintf(" (did you mean %s?)", near)
				}
				probs = append(probs, problem(ck.FieldPos.Lookup("control"), "check %s names unknown control %s of catalogue %s%s", ck.ID, ck.Control, d.checks.Catalogue, hint))
				continue
			}
			ctl.Checks = append(ctl.Checks, ck)
		}
	}

	// Validate and index every check, apply the overrides, then compile the CEL ones.
	sort.SliceStable(set.controls, func(i, j int) bool { return model.CompareControlIDs(set.controls[i].ID, set.controls[j].ID) < 0 })
	type pending struct {
		ctl     *Control
		ck      *Check
		subject string
	}
	var valid []pending
	for _, ctl := range set.controls {
		for ki := range ctl.Checks {
			ck := &ctl.Checks[ki]
			ck.Control = ctl.ID
			if ck.Pos.File == "" {
				ck.Pos = ctl.Pos
			}
			if ck.ID == "" {
				probs = append(probs, problem(ck.Pos, "a check of control %s has no id", ctl.ID))
				continue
			}
			if prev, dup := set.checks[ck.ID]; dup {
				probs = append(probs, problem(ck.FieldPos.Lookup("id"), "duplicate check id %s (first defined at %s)", ck.ID, prev.Pos))
				continue
			}
			set.checks[ck.ID] = ck
			subject, ps := validateCheck(set, ctl, ck)
			probs = append(probs, ps...)
			if subject != "" || ck.IsGo() {
				valid = append(valid, pending{ctl, ck, subject})
			}
		}
	}
	probs = append(probs, applyOverrides(set, docs)...)
	for _, v := range valid {
		if v.ck.IsGo() {
			continue
		}
		prg, errs := compile(v.ctl, v.ck, v.subject)
		for _, e := range errs {
			probs = append(probs, celProblem(v.ck, e))
		}
		if prg != nil {
			set.programs[v.ck.ID] = prg
		}
	}
	return set, probs
}

func posOr(ps model.Positions, key string, def model.Pos) model.Pos {
	if p, ok := ps[key]; ok {
		return p
	}
	return def
}

// celProblem places a CEL error inside the YAML: the expression's position
// plus the error's offset within it.
func celProblem(ck *Check, e compileError) model.Problem {
	p, ok := ck.FieldPos[e.field]
	if !ok {
		p = ck.Pos
	}
	switch {
	case e.line <= 0:
	case e.line == 1 && p.Col > 0:
		p.Col += e.col - 1
	default:
		p.Line += e.line - 1
		if p.Col > 0 || e.line > 1 {
			p.Col = e.col
		}
	}
	msg := e.msg
	return problem(p, "check %s: %s: %s", ck.ID, e.field, msg)
}

func validateControl(c *Control) model.Problems {
	var out model.Problems
	if c.ID == "" {
		out = append(out, problem(c.Pos, "a control of group %s has no id", c.Group))
		return out
	}
	if c.Title == "" {
		out = append(out, problem(c.Pos, "control %s: title is required", c.ID))
	}
	if !slices.Contains(kinds, c.Kind) {
		out = append(out, problem(c.Pos, "control %s: kind %q must be one of %s", c.ID, c.Kind, strings.Join(kinds, ", ")))
	}
	if c.AppliesTo != "" && !slices.Contains(appliesTo, c.AppliesTo) {
		out = append(out, problem(c.Pos, "control %s: applies_to %q must be one of %s", c.ID, c.AppliesTo, strings.Join(appliesTo, ", ")))
	}
	return out
}

func controlIDs(cs []*Control) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

// Controls returns every control of every catalogue, sorted with model.CompareControlIDs.
func (s *Set) Controls() []*Control { return s.controls }

// Lookup finds a control by ID.
func (s *Set) Lookup(id string) (*Control, bool) {
	c, ok := s.byID[id]
	return c, ok
}

// Program returns the compiled check with this ID.
func (s *Set) Program(checkID string) (*Program, bool) {
	p, ok := s.programs[checkID]
	return p, ok
}

// Programs returns every compiled check in control order, then check order.
func (s *Set) Programs() []*Program {
	var out []*Program
	for _, c := range s.controls {
		for _, ck := range c.Checks {
			if p, ok := s.programs[ck.ID]; ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// Catalogue returns the catalogue with this ID.
func (s *Set) Catalogue(id string) (*Catalogue, bool) {
	for _, c := range s.Catalogues {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// Digest returns the SHA-256 of the catalogue's files ("" for an unknown ID).
func (s *Set) Digest(id string) string {
	if c, ok := s.Catalogue(id); ok {
		return c.SHA256
	}
	return ""
}

// Suggest returns the control ID nearest to id ("" when none is close):
// a case or "A." prefix slip first, then the fewest edits, ties broken by
// the longest shared prefix and then the nearest last number (A.6.2.9 ->
// A.6.2.8, not A.6.2.2).
func (s *Set) Suggest(id string) string {
	for _, c := range s.controls {
		if strings.EqualFold(c.ID, id) || strings.EqualFold(c.ID, "A."+id) {
			return c.ID
		}
	}
	near := suggest.Closest(id, controlIDs(s.controls))
	if near == "" {
		return ""
	}
	best, bestD := near, suggest.Distance(strings.ToLower(id), strings.ToLower(near))
	for _, c := range s.controls {
		if d := suggest.Distance(strings.ToLower(id), strings.ToLower(c.ID)); d == bestD && closer(id, c.ID, best) {
			best = c.ID
		}
	}
	return best
}

// closer reports whether a is a better suggestion for id than b.
func closer(id, a, b string) bool {
	pa, pb := commonPrefix(id, a), commonPrefix(id, b)
	if pa != pb {
		return pa > pb
	}
	da, db := lastNumberGap(id, a), lastNumberGap(id, b)
	if da != db {
		return da < db
	}
	return model.CompareControlIDs(a, b) < 0
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func lastNumberGap(a, b string) int {
	num := func(s string) int {
		n := 0
		fmt.Sscanf(s[strings.LastIndex(s, ".")+1:], "%d", &n)
		return n
	}
	d := num(a) - num(b)
	if d < 0 {
		d = -d
	}
	return d
}
