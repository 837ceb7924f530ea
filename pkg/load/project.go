package load

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/safeopen"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/secrets"
)

// Project is aims.yaml and everything it names, loaded and cross-checked.
type Project struct {
	Config    *model.Config
	Inventory *model.Inventory
	// Agents are sorted by ID.
	Agents []*model.Agent
	// Warnings are problems that never fail validate but become findings in
	// assess: evidence paths missing or outside the root, credentials in
	// inputs, TODO markers left by import.
	Warnings Problems
	// Evidence is every evidence reference of the inputs with its state, sorted.
	Evidence []model.EvidenceRef
	// Secrets are the credentials found in the inputs (values never kept).
	Secrets []Secret
	// Sources are the input files as read, credentials redacted, sorted by path.
	Sources []Source
}

// Source is one input file.
type Source struct {
	Path     string `json:"path"`   // relative to the project root, slash-separated
	Kind     string `json:"kind"`   // config | inventory | agent
	SHA256   string `json:"sha256"` // of the original bytes
	Size     int64  `json:"size"`
	Redacted []byte `json:"-"` // the bytes with credentials replaced by [REDACTED:kind]
}

// Secret is a credential found in an input.
type Secret struct {
	Pos  model.Pos `json:"location"`
	Kind string    `json:"kind"`
}

// DefaultAgentsDir is where agent configs are looked for when aims.yaml does not say.
const DefaultAgentsDir = "agents"

func applyConfigDefaults(c *model.Config, path string) {
	c.File = path
	c.Dir = filepath.Dir(path)
	if c.Inventory == "" {
		c.Inventory = "inventory.yaml"
	}
	if c.Agents == "" {
		c.Agents = DefaultAgentsDir
	}
	if len(c.Catalogues) == 0 {
		c.Catalogues = []string{"builtin"}
	}
	c.Thresholds = c.Thresholds.WithDefaults()
}

// LoadProject reads aims.yaml at configPath and everything it names. Input
// errors come back as Problems (every problem, sorted); warnings are in
// Project.Warnings.
func LoadProject(configPath string) (*Project, error) {
	l := &loader{}
	p := l.project(configPath)
	if errs := l.problems.Errors(); len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	if l.fatal != nil {
		return nil, l.fatal
	}
	return p, nil
}

type loader struct {
	problems Problems
	fatal    error
	root     string // absolute, symlinks resolved
	sources  []Source
	secrets  []Secret
	// Resolved during evidence: directory -> its real path, and evidence
	// path -> what it is.
	dirs    map[string]string
	targets map[string]checked
	why     map[model.Pos]string
}

func (l *loader) add(ps Problems) { l.problems = append(l.problems, ps...) }

func (l *loader) errorAt(pos model.Pos, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) warnAt(pos model.Pos, code, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: pos, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// read reads an input file, scans it for credentials and keeps a redacted copy.
func (l *loader) read(path, kind string) ([]byte, error) {
	in, err := l.scan(path, kind)
	if err != nil {
		return nil, err
	}
	l.keep(in)
	return in.data, nil
}

// scanned is one input file read, scanned for credentials and hashed, not
// yet recorded: agent configs are scanned in parallel and recorded in order.
type scanned struct {
	data    []byte
	secrets []Secret
	source  Source
}

// scan does the work of read without touching l's lists, so that it can run
// on several files at once.
func (l *loader) scan(path, kind string) (scanned, error) {
	// A FIFO or device named as an input would hang the run or fill memory.
	data, err := safeopen.ReadFile(path, MaxFileBytes)
	if errors.Is(err, safeopen.ErrNotRegular) {
		return scanned{}, fmt.Errorf("%w, expected a YAML file", err)
	}
	if err != nil {
		return scanned{}, err
	}
	in := scanned{data: data}
	sc := secrets.ScanYAML(data)
	for _, m := range sc.Matches {
		in.secrets = append(in.secrets, Secret{Pos: model.Pos{File: path, Line: m.Line, Col: m.Col}, Kind: m.Kind})
	}
	sum := sha256.Sum256(data)
	in.source = Source{Path: l.rel(path), Kind: kind, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data)), Redacted: sc.Redacted}
	return in, nil
}

// keep records a scanned file: its credentials (each a warning) and its source.
func (l *loader) keep(in scanned) {
	for _, s := range in.secrets {
		l.secrets = append(l.secrets, s)
		l.warnAt(s.Pos, "credential", "credential (%s) found in an input; it is redacted in every output, but it must be removed from the file and rotated", s.Kind)
	}
	l.sources = append(l.sources, in.source)
}

// rel returns path relative to the project root, slash-separated.
func (l *loader) rel(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil || l.root == "" {
		return filepath.ToSlash(path)
	}
	if r, err := filepath.Rel(l.root, abs); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(path)
}

func (l *loader) project(configPath string) *Project {
	cfgData, err := safeopen.ReadFile(configPath, safeopen.MaxConfig)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.fatal = fmt.Errorf("%s: %w: run `aims init` to create one, or pass --config FILE", configPath, ErrNoConfig)
		} else {
			l.fatal = fmt.Errorf("read %s: %w", configPath, err)
		}
		return nil
	}
	l.root = absRoot(filepath.Dir(configPath))
	cfg, cpos, ps := ParseConfig(configPath, cfgData)
	l.add(ps)
	if cfg == nil {
		return nil
	}
	// Re-read through l.read so the config is scanned and kept like every input.
	if _, err := l.read(configPath, "config"); err != nil {
		l.errorAt(model.Pos{File: configPath}, "%v", err)
	}
	applyConfigDefaults(cfg, configPath)
	l.checkConfig(cfg, cpos)

	p := &Project{Config: cfg}
	invPath := projectPath(cfg.Dir, cfg.Inventory)
	if data, err := l.read(invPath, "inventory"); err != nil {
		l.errorAt(cpos.Lookup("inventory"), "inventory: %v", cleanErr(err))
	} else {
		inv, ps := ParseInventory(invPath, data)
		l.add(ps)
		p.Inventory = inv
	}
	p.Agents = l.agents(cfg, cpos)
	if p.Inventory == nil {
		p.Inventory = &model.Inventory{File: invPath, Pos: model.Positions{}}
	}
	l.add(CrossCheck(p.Inventory, p.Agents))
	p.Evidence = l.evidence(p)
	redactModel(p, l.secrets)
	for _, w := range l.problems {
		if w.Severity == Warning {
			p.Warnings = append(p.Warnings, w)
		}
	}
	p.Warnings.Sort()
	// Warnings quote input values (an evidence path, a URL) on every screen.
	redactValue(reflect.ValueOf(p.Warnings))
	p.Secrets = l.secrets
	sort.Slice(l.sources, func(i, j int) bool { return l.sources[i].Path < l.sources[j].Path })
	p.Sources = l.sources
	return p
}

// projectPath resolves a path written in aims.yaml: relative to the
// project folder, or as it is when absolute (filepath.Join would make
// "/srv/logs" a subfolder of the project).
func projectPath(dir, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func absRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return pe.Path + ": no such file"
		}
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

func (l *loader) checkConfig(c *model.Config, pos model.Positions) {
	if !c.Period.From.IsZero() && !c.Period.To.IsZero() && c.Period.To.Before(c.Period.From.Time) {
		l.errorAt(pos.Lookup("period.to"), "period is reversed: to (%s) is before from (%s)", c.Period.To, c.Period.From)
	}
	for i, s := range c.Logs {
		key := fmt.Sprintf("logs[%d].path", i)
		if s.Path == "" {
			continue // the required-field check reported it
		}
		full := projectPath(c.Dir, s.Path)
		if _, err := os.Stat(full); err == nil {
			continue
		}
		if m, _ := filepath.Glob(full); len(m) == 0 {
			l.errorAt(pos.Lookup(key), "logs: %s matches no file", s.Path)
		}
	}
	for i, c2 := range c.Catalogues {
		if c2 == "builtin" {
			continue
		}
		if _, err := os.Stat(projectPath(c.Dir, c2)); err != nil {
			l.errorAt(pos.Lookup(fmt.Sprintf("catalogues[%d]", i)), "catalogue %s: no such file or directory", c2)
		}
	}
}

// agents reads every agent config named by cfg.Agents (a directory or a glob).
func (l *loader) agents(cfg *model.Config, cpos model.Positions) []*model.Agent {
	pattern := projectPath(cfg.Dir, cfg.Agents)
	var files []string
	if fi, err := os.Stat(pattern); err == nil && fi.IsDir() {
		_ = filepath.WalkDir(pattern, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
				files = append(files, p)
			}
			return nil
		})
	} else {
		m, err := filepath.Glob(pattern)
		if err != nil {
			l.errorAt(cpos.Lookup("agents"), "agents: bad glob %q: %v", cfg.Agents, err)
		}
		files = m
		// The default folder may be absent (no agents yet); a folder the user named may not.
		_, named := cpos["agents"]
		if len(m) == 0 && !hasMeta(cfg.Agents) && named {
			l.errorAt(cpos.Lookup("agents"), "agents: %s: no such directory", cfg.Agents)
		}
	}
	sort.Strings(files)
	// Reading, scanning and parsing a file depends on nothing else, so the
	// files are shared out among the CPUs; what they yield is recorded in
	// file order, as a sequential pass would, so that problems and sources
	// come out the same on any machine.
	type parsed struct {
		in  scanned
		err error
		a   *model.Agent
		ps  Problems
	}
	results := make([]parsed, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(files); i = int(next.Add(1) - 1) {
				r := &results[i]
				if r.in, r.err = l.scan(files[i], "agent"); r.err == nil {
					r.a, r.ps = ParseAgent(files[i], r.in.data)
					r.in.data = nil
				}
			}
		}()
	}
	wg.Wait()
	var out []*model.Agent
	for i, r := range results {
		if r.err != nil {
			l.errorAt(model.Pos{File: files[i]}, "%s", cleanErr(r.err))
			continue
		}
		l.keep(r.in)
		l.add(r.ps)
		if r.a != nil {
			out = append(out, r.a)
		}
	}
	if len(files) == 0 {
		l.warnAt(cpos.Lookup("agents"), "no-agents", "no agent configs found in %s", cfg.Agents)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// sha256Reader hashes a file without holding it in memory.
func sha256Reader(f io.Reader) (string, int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
