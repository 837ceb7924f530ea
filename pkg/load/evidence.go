package load

import (
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/safeopen"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/secrets"
)

// evidence resolves every evidence reference of the inputs. A path is
// relative to the file that names it and must stay inside the project root:
// one that leaves it (.., absolute, or through a symbolic link) is never read.
func (l *loader) evidence(p *Project) []model.EvidenceRef {
	var out []model.EvidenceRef
	l.dirs, l.targets, l.why = map[string]string{}, map[string]checked{}, map[model.Pos]string{}
	inv := p.Inventory
	add := func(file string, pos model.Positions, path, owner, ref string) {
		if ref == "" || IsTODO(ref) {
			return
		}
		out = append(out, l.resolve(file, pos.Lookup(path), owner, ref))
	}
	for i, x := range inv.Policies {
		for j, e := range x.Evidence {
			add(inv.File, inv.Pos, fmt.Sprintf("policies[%d].evidence[%d]", i, j), "policy:"+x.ID, e)
		}
	}
	for i, s := range inv.Systems {
		for j, e := range s.Documentation {
			add(inv.File, inv.Pos, fmt.Sprintf("systems[%d].documentation[%d]", i, j), "system:"+s.ID, e)
		}
		add(inv.File, inv.Pos, fmt.Sprintf("systems[%d].risk.ref", i), "system:"+s.ID+":risk", s.Risk.Ref)
		add(inv.File, inv.Pos, fmt.Sprintf("systems[%d].impact_assessment.ref", i), "system:"+s.ID+":impact_assessment", s.ImpactAssessment.Ref)
	}
	for i, v := range inv.Vendors {
		for j, e := range v.Evidence {
			add(inv.File, inv.Pos, fmt.Sprintf("vendors[%d].evidence[%d]", i, j), "vendor:"+v.ID, e)
		}
		add(inv.File, inv.Pos, fmt.Sprintf("vendors[%d].dpa", i), "vendor:"+v.ID+":dpa", v.DPA.Ref)
	}
	for i, c := range inv.Controls {
		for j, e := range c.Evidence {
			add(inv.File, inv.Pos, fmt.Sprintf("controls[%d].evidence[%d]", i, j), "control:"+c.ID, e)
		}
	}
	for _, a := range p.Agents {
		add(a.File, a.Pos, "risk.ref", "agent:"+a.ID+":risk", a.Risk.Ref)
		add(a.File, a.Pos, "testing.ref", "agent:"+a.ID+":testing", a.Testing.Ref)
	}
	for _, e := range out {
		switch e.State {
		case "missing":
			why := "does not exist"
			if w := l.why[e.Source]; w != "" {
				why = w + "; it does not count as evidence"
			}
			l.warnAt(e.Source, "evidence-missing", "evidence %s (%s) %s", e.Ref, e.Owner, why)
		case "outside-root":
			l.warnAt(e.Source, "evidence-outside-root", "evidence %s (%s) leaves the project root; it was not read", e.Ref, e.Owner)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Owner != out[j].Owner {
			return out[i].Owner < out[j].Owner
		}
		return out[i].Ref < out[j].Ref
	})
	return out
}

// IsURL reports whether an evidence reference is a URL rather than a path.
func IsURL(ref string) bool { return model.IsURL(ref) }

func (l *loader) resolve(file string, pos model.Pos, owner, ref string) model.EvidenceRef {
	e := model.EvidenceRef{Ref: ref, Owner: owner, Source: pos}
	if IsURL(ref) {
		e.Kind, e.State = "url", "url"
		return e
	}
	e.Kind = "file"
	if filepath.IsAbs(ref) || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, `\`) || filepath.VolumeName(ref) != "" {
		e.State = "outside-root"
		return e
	}
	dir := filepath.Dir(file)
	base, ok := l.dirs[dir]
	if !ok {
		abs, err := filepath.Abs(dir)
		if err != nil {
			e.State = "missing"
			return e
		}
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			abs = r
		}
		base = abs
		l.dirs[dir] = base
	}
	target := filepath.Join(base, filepath.FromSlash(ref))
	if !within(l.root, target) {
		e.State = "outside-root"
		return e
	}
	r, ok := l.targets[target]
	if !ok {
		r = l.check(target)
		l.targets[target] = r
	}
	e.State, e.SHA256, e.Size = r.State, r.SHA256, r.Size
	if r.Why != "" {
		l.why[pos] = r.Why
	}
	return e
}

// checked is what resolving one evidence path found. A fleet's configs name
// the same documents again and again (a shared test plan, the folder of
// the agents), so each path is resolved, and each file hashed, once a load.
type checked struct {
	State  string
	SHA256 string
	Size   int64
	// Why says why a path that exists is still "missing": a directory, a
	// device or FIFO (never read: it could hang the run) or an empty file
	// proves nothing an auditor can inspect.
	Why string
}

// check resolves target (inside the root) through its symbolic links, and
// hashes the file it names.
func (l *loader) check(target string) checked {
	real, err := filepath.EvalSymlinks(target)
	if err != nil {
		return checked{State: "missing"}
	}
	if !within(l.root, real) {
		return checked{State: "outside-root"}
	}
	f, fi, err := safeopen.Open(real)
	if errors.Is(err, safeopen.ErrNotRegular) {
		if fi, serr := os.Stat(real); serr == nil {
			return checked{State: "missing", Why: "is " + safeopen.Kind(fi.Mode()) + ", not a file"}
		}
		return checked{State: "missing", Why: "is not a regular file"}
	}
	if err != nil {
		return checked{State: "missing"}
	}
	defer f.Close()
	if fi.Size() == 0 {
		return checked{State: "missing", Why: "is an empty file"}
	}
	sum, n, err := sha256Reader(f)
	if err != nil {
		return checked{State: "missing", Why: "cannot be read: " + err.Error()}
	}
	return checked{State: "ok", SHA256: sum, Size: n}
}

func within(root, path string) bool {
	r, err := filepath.Rel(root, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) && !filepath.IsAbs(r)
}

// redactModel replaces credentials inside every string of the loaded model,
// so that no output built from the model (JSON, PDF, XLSX) carries one.
// It runs whatever the scans found: a value can decode to a credential that
// no byte scan sees.
func redactModel(p *Project, _ []Secret) {
	redactValue(reflect.ValueOf(p.Inventory))
	for _, a := range p.Agents {
		redactValue(reflect.ValueOf(a))
	}
	redactValue(reflect.ValueOf(p.Config))
	// Evidence references print in every format (assess --format json and
	// markdown list them), so a URL password in one must go too.
	redactValue(reflect.ValueOf(p.Evidence))
}

func redactValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			redactValue(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				redactValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			redactValue(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if e.Kind() == reflect.String {
				v.SetMapIndex(k, reflect.ValueOf(secrets.RedactString(e.String())).Convert(e.Type()))
			}
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(secrets.RedactString(v.String()))
		}
	}
}

// ScanCredentials reports credentials in one file as warnings (validate FILE...).
func ScanCredentials(file string, data []byte) Problems {
	var ps Problems
	for _, m := range secrets.Find(data) {
		ps = append(ps, Problem{Pos: model.Pos{File: file, Line: m.Line, Col: m.Col}, Severity: Warning, Code: "credential",
			Msg: fmt.Sprintf("credential (%s) found in an input; it is redacted in every output, but it must be removed from the file and rotated", m.Kind)})
	}
	return ps
}
