package pack

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
	"github.com/aims-cli/aims/pkg/safeopen"
	"github.com/aims-cli/aims/pkg/secrets"
)

// DirEvidence holds the in-root evidence files (--include-evidence), at
// their path relative to the project root.
const DirEvidence = "evidence/"

// DirExcerpts holds the cited log records, one file per finding.
const DirExcerpts = "logs/excerpts/"

// DefaultExcerpts is how many cited records per finding go to logs/excerpts/.
const DefaultExcerpts = 20

// MaxEvidenceBytes bounds one evidence file copied into the pack (the pack
// is assembled in memory).
const MaxEvidenceBytes = 256 << 20

// maxExcerptLine bounds one excerpt line: a 10 MiB OTLP batch line proves
// nothing more for being printed whole.
const maxExcerptLine = 64 << 10

// includeEvidence copies every Referenced file row of rows from root into
// files under evidence/, marking it Included; a file that is no longer what
// was assessed, that a symbolic link takes out of the root, that is too
// large or that holds a credential becomes Rejected with its reason.
func includeEvidence(rows []evindex.Row, root string, add func(string, []byte) error) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("pack: project root %s: %w", root, err)
	}
	for i := range rows {
		r := &rows[i]
		if r.Kind != "file" || r.State != evindex.Referenced {
			continue
		}
		rel, err := cleanRel(r.Path)
		if err != nil {
			r.State, r.Reason = evindex.Rejected, "path "+err.Error()
			continue
		}
		data, why := readEvidence(realRoot, rel)
		switch {
		case why != "":
			r.State, r.Reason = evindex.Rejected, why
			continue
		case digest(data) != r.SHA256:
			r.State, r.Reason = evindex.Rejected, "changed since it was assessed (SHA-256 differs); not copied"
			continue
		}
		if ms := secrets.Find(data); len(ms) > 0 {
			r.State, r.Reason = evindex.Rejected, fmt.Sprintf("holds a credential (%s at line %d); not copied, remove and rotate it", ms[0].Kind, ms[0].Line)
			continue
		}
		if err := add(DirEvidence+rel, data); err != nil {
			return err
		}
		r.State, r.Reason, r.PackPath = evindex.Included, "", DirEvidence+rel
	}
	return nil
}

// readEvidence reads root/rel when it resolves, through any symbolic links,
// to a regular file inside root; else it says why not.
func readEvidence(root, rel string) ([]byte, string) {
	target := filepath.Join(root, filepath.FromSlash(rel))
	real, err := filepath.EvalSymlinks(target)
	if err != nil {
		return nil, "no longer exists"
	}
	if r, err := filepath.Rel(root, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
		return nil, "a symbolic link leads out of the project root; not read"
	}
	data, err := safeopen.ReadFile(real, MaxEvidenceBytes)
	switch {
	case errors.Is(err, safeopen.ErrTooLarge):
		return nil, fmt.Sprintf("larger than %d MiB; not copied", MaxEvidenceBytes>>20)
	case errors.Is(err, safeopen.ErrNotRegular):
		return nil, "not a regular file"
	case err != nil:
		return nil, "cannot be read: " + err.Error()
	}
	return data, ""
}

// Excerpt says which records of one finding are in logs/excerpts/.
type Excerpt struct {
	Finding string `json:"finding"`
	Path    string `json:"path"` // inside the pack
	// Records is how many log records are behind the finding (its event
	// count, and the rejection a rejected-tool-ran finding names).
	Records int `json:"records"`
	// Excerpted is how many of them the file holds: the first by file and
	// line, at most --excerpts.
	Excerpted int `json:"excerpted"`
}

// excerpts writes logs/excerpts/<finding ID>.txt for every finding that
// cites log records: its first n cited records as the original lines, each
// after its source file:line, credentials redacted. A line that cannot be
// read again says why instead. redacted holds the log files of which an
// excerpt lost a credential to redact.
func excerpts(r *model.Result, root string, n int, redact func(string) string, add func(string, []byte) error) (_ []Excerpt, redacted map[string]bool, _ error) {
	redacted = map[string]bool{}
	if r.Logs == nil || n <= 0 {
		return nil, redacted, nil
	}
	logFiles := map[string]bool{}
	for _, lf := range r.Logs.Files {
		logFiles[lf.Path] = true
	}
	type cite struct {
		pos model.Pos
		ref string
	}
	type plan struct {
		f     model.Finding
		cites []cite
		total int
	}
	var plans []plan
	want := map[string]map[int]bool{}
	for _, f := range r.Findings {
		var cs []cite
		seen := map[string]bool{}
		push := func(p model.Pos, ref string) {
			k := p.String() + "#" + ref
			if p.Line <= 0 || !logFiles[p.File] || seen[k] {
				return
			}
			seen[k] = true
			cs = append(cs, cite{p, ref})
		}
		push(f.Location, "")
		// Records are the first records the analysis kept behind the
		// finding (the samples are the first of them); a finding made
		// elsewhere has only its samples.
		recs := f.Records
		if len(recs) == 0 {
			recs = f.Samples
		}
		for _, s := range recs {
			push(s.Pos, s.Ref)
		}
		if len(cs) == 0 {
			continue
		}
		total := max(f.Count, len(cs))
		if len(cs) > n {
			cs = cs[:n]
		}
		for _, c := range cs {
			if want[c.pos.File] == nil {
				want[c.pos.File] = map[int]bool{}
			}
			want[c.pos.File][c.pos.Line] = true
		}
		plans = append(plans, plan{f: f, cites: cs, total: total})
	}
	lines := map[string]map[int]string{}
	fail := map[string]string{}
	for _, file := range sortedSet(want) {
		got, err := readLines(logPath(root, file), want[file])
		if err != nil {
			fail[file] = err.Error()
		}
		lines[file] = got
	}
	var out []Excerpt
	for _, p := range plans {
		id := p.f.ID
		if id == "" || strings.ContainsAny(id, `/\`) {
			continue
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "# finding %s  control %s  check %s  severity %s\n", id, p.f.Control, p.f.Check, p.f.Severity)
		fmt.Fprintf(&b, "# %s\n", oneLine(redact(p.f.Message)))
		fmt.Fprintf(&b, "# %s, each as <file>:<line>[ <record>]: <the line as in the file>\n", excerptedOf(len(p.cites), p.total))
		for _, c := range p.cites {
			b.WriteString(c.pos.File + ":" + strconv.Itoa(c.pos.Line))
			if c.ref != "" {
				b.WriteString(" " + oneLine(c.ref))
			}
			b.WriteString(": ")
			line, ok := lines[c.pos.File][c.pos.Line]
			switch {
			case ok:
				red := redact(line)
				if red != line {
					redacted[c.pos.File] = true
				}
				b.WriteString(red)
			case fail[c.pos.File] != "":
				b.WriteString("(not read again: " + oneLine(fail[c.pos.File]) + ")")
			default:
				b.WriteString("(not read again: the file has no such line now)")
			}
			b.WriteByte('\n')
		}
		name := DirExcerpts + id + ".txt"
		if err := add(name, b.Bytes()); err != nil {
			return nil, nil, err
		}
		out = append(out, Excerpt{Finding: id, Path: name, Records: p.total, Excerpted: len(p.cites)})
	}
	return out, redacted, nil
}

// excerptedOf says how many of the finding's records the excerpt holds.
func excerptedOf(n, total int) string {
	switch {
	case n >= total && total == 1:
		return "its one record"
	case n >= total:
		return fmt.Sprintf("all %d records behind the finding", total)
	case n == 1:
		return fmt.Sprintf("the first of the %d records behind the finding, by file and line", total)
	}
	return fmt.Sprintf("the first %d of the %d records behind the finding, by file and line", n, total)
}

func logPath(root, file string) string {
	p := filepath.FromSlash(file)
	if filepath.IsAbs(p) || root == "" {
		return p
	}
	return filepath.Join(root, p)
}

// readLines returns the wanted lines of a plain or gzip file (gzip told by
// its magic bytes, as the log reader does), each cut at maxExcerptLine.
func readLines(name string, want map[int]bool) (map[int]string, error) {
	got := map[int]string{}
	f, _, err := safeopen.Open(name)
	if err != nil {
		return got, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var rd io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return got, err
		}
		defer zr.Close()
		rd = zr
	}
	last := 0
	for l := range want {
		last = max(last, l)
	}
	lr := bufio.NewReaderSize(rd, 64<<10)
	var cur []byte
	for line := 1; line <= last; line++ {
		cur = cur[:0]
		cut := false
		for {
			chunk, err := lr.ReadSlice('\n')
			if want[line] && !cut {
				if len(cur)+len(chunk) > maxExcerptLine {
					cur = append(cur, chunk[:maxExcerptLine-len(cur)]...)
					cut = true
				} else {
					cur = append(cur, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil && err != io.EOF {
				return got, err
			}
			if want[line] && (len(chunk) > 0 || len(cur) > 0) {
				s := strings.TrimRight(string(cur), "\r\n")
				if cut {
					s += fmt.Sprintf(" [cut at %d KiB]", maxExcerptLine>>10)
				}
				got[line] = s
			}
			if err == io.EOF {
				return got, nil
			}
			break
		}
	}
	return got, nil
}

func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

func sortedSet[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
