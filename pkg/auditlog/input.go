package auditlog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/safeopen"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/valyala/fastjson"
)

// layouts of a JSON file.
const (
	layoutLines    = "lines"    // JSON Lines: one record a line
	layoutDocument = "document" // one JSON document (array, Records wrapper, single object)
)

// inputFile is one file to read, in the order findings refer to them.
type inputFile struct {
	path    string // as opened
	display string // as reported: relative to BaseDir when inside it, slash-separated
	format  string // declared format
	mapping map[string]string
	size    int64
	// problem is set when the source named nothing readable (missing path, empty glob).
	problem string
}

// expand turns the sources into a sorted, de-duplicated file list. Paths that
// name nothing become entries with a problem so that the summary reports them.
func expand(sources []Source, baseDir string) []*inputFile {
	var out []*inputFile
	seen := map[string]bool{}
	add := func(p string, src Source) {
		abs, err := filepath.Abs(p)
		if err == nil {
			if seen[abs] {
				return
			}
			seen[abs] = true
		}
		f := &inputFile{path: p, display: displayPath(p, baseDir), format: strings.ToLower(src.Format), mapping: src.Mapping}
		if f.format == "" {
			f.format = FormatAuto
		}
		out = append(out, f)
	}
	for _, src := range sources {
		p := src.Path
		if p == "" {
			continue
		}
		if !filepath.IsAbs(p) && baseDir != "" {
			p = filepath.Join(baseDir, p)
		}
		if strings.ContainsAny(src.Path, "*?[") {
			matches, err := filepath.Glob(p)
			if err != nil || len(matches) == 0 {
				reason := "no file matches the pattern"
				if err != nil {
					reason = "bad pattern: " + err.Error()
				}
				out = append(out, &inputFile{path: p, display: displayPath(p, baseDir), format: src.Format, problem: reason})
				continue
			}
			sort.Strings(matches)
			for _, m := range matches {
				if fi, err := os.Stat(m); err == nil && fi.IsDir() {
					for _, w := range walk(m) {
						add(w, src)
					}
					continue
				}
				add(m, src)
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			out = append(out, &inputFile{path: p, display: displayPath(p, baseDir), format: src.Format, problem: cleanErr(err)})
			continue
		}
		if fi.IsDir() {
			files := walk(p)
			if len(files) == 0 {
				out = append(out, &inputFile{path: p, display: displayPath(p, baseDir), format: src.Format, problem: "directory holds no files"})
			}
			for _, w := range files {
				add(w, src)
			}
			continue
		}
		add(p, src)
	}
	return out
}

// walk lists the regular files under dir, recursively, sorted; hidden files
// and folders (".git", editor droppings) are left out. Symbolic links are
// followed (a log folder is often a link to where the collector writes),
// each real folder once, so a link cycle ends.
func walk(dir string) []string {
	var files []string
	seen := map[string]bool{}
	var visit func(dir string)
	visit = func(dir string) {
		real, err := filepath.EvalSymlinks(dir)
		if err != nil || seen[real] {
			return
		}
		seen[real] = true
		entries, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, d := range entries {
			if strings.HasPrefix(d.Name(), ".") {
				continue
			}
			p := filepath.Join(dir, d.Name())
			mode := d.Type()
			if mode&fs.ModeSymlink != 0 {
				fi, err := os.Stat(p)
				if err != nil {
					continue // a dangling link
				}
				mode = fi.Mode().Type()
			}
			switch {
			case mode.IsDir():
				visit(p)
			case mode.IsRegular():
				files = append(files, p)
			}
		}
	}
	visit(dir)
	sort.Strings(files)
	return files
}

func displayPath(p, baseDir string) string {
	if baseDir != "" {
		if ab, err := filepath.Abs(baseDir); err == nil {
			if ap, err := filepath.Abs(p); err == nil {
				if rel, err := filepath.Rel(ab, ap); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
					return filepath.ToSlash(rel)
				}
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// countingReader counts and hashes the raw (possibly compressed) bytes read,
// which is what the progress bar and the file digest are about.
type countingReader struct {
	r io.Reader
	n int64
	h hash.Hash
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if n > 0 && c.h != nil {
		c.h.Write(p[:n])
	}
	return n, err
}

// opened is a file ready to be read: its decompressed stream and what it is.
type opened struct {
	f      *os.File
	raw    *countingReader
	r      *bufio.Reader
	gz     *gzip.Reader
	format string
	lf     *logFormat // the registry entry of format
	layout string
}

func (o *opened) close() {
	if o.gz != nil {
		o.gz.Close()
	}
	o.f.Close()
}

func (o *opened) digest() string {
	// Drain what the reader left (a truncated document) so the digest covers the file.
	_, _ = io.Copy(io.Discard, o.raw)
	return hex.EncodeToString(o.raw.h.Sum(nil))
}

const peekSize = 64 << 10

// open opens f, decompresses it when its first bytes are the gzip magic, and
// detects format and layout from content. The error is the per-file reason.
func open(f *inputFile) (*opened, error) {
	// A FIFO, device or socket would block or never end: refused, not read.
	fh, fi, err := safeopen.Open(f.path)
	if errors.Is(err, safeopen.ErrNotRegular) {
		if st, serr := os.Stat(f.path); serr == nil {
			if st.IsDir() {
				return nil, errors.New("is a directory")
			}
			return nil, errors.New("is " + safeopen.Kind(st.Mode()) + ", not a regular file; refused")
		}
		return nil, errors.New("is not a regular file; refused")
	}
	if err != nil {
		return nil, errors.New(cleanErr(err))
	}
	f.size = fi.Size()
	o := &opened{f: fh, raw: &countingReader{r: fh, h: sha256.New()}}
	br := bufio.NewReaderSize(o.raw, 256<<10)
	magic, _ := br.Peek(2)
	isGz := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	switch {
	case isGz:
		gz, err := gzip.NewReader(br)
		if err != nil {
			fh.Close()
			return nil, fmt.Errorf("corrupt gzip header: %v", err)
		}
		o.gz = gz
		o.r = bufio.NewReaderSize(gz, 256<<10)
	case strings.HasSuffix(strings.ToLower(f.path), ".gz"):
		fh.Close()
		return nil, errors.New("not gzip despite the .gz extension")
	default:
		o.r = br
	}
	head, err := o.r.Peek(peekSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		fh.Close()
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	format, layout, derr := detect(head, f.format, f.path)
	if derr != nil {
		o.close()
		return nil, derr
	}
	o.format, o.lf, o.layout = format, lookupFormat(format), layout
	return o, nil
}

// detect picks format and layout from the first bytes. A declared format is
// trusted for the format but the layout (lines or document) still comes from
// content; an undeclared one is the first in the registry that claims the file.
func detect(head []byte, declared, path string) (format, layout string, err error) {
	if declared == "" {
		declared = FormatAuto
	}
	var lf *logFormat
	if declared != FormatAuto {
		if lf = lookupFormat(declared); lf == nil {
			return "", "", fmt.Errorf("unknown format %q (want one of: %s)", declared, strings.Join(FormatNames(), ", "))
		}
	}
	trim := bytes.TrimLeft(head, " \t\r\n")
	if len(trim) == 0 {
		if lf == nil {
			return FormatJSONL, layoutLines, nil
		}
		return declared, layoutLines, nil
	}
	if lf != nil && lf.read != nil {
		return declared, layoutLines, nil
	}
	first := trim[0]
	if first != '{' && first != '[' {
		if lf != nil {
			return "", "", fmt.Errorf("not %s: the file does not start with JSON", declared)
		}
		line := trim
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		for _, t := range logFormats {
			if t.sniffText != nil && t.sniffText(line, path) {
				return t.name, layoutLines, nil
			}
		}
		return "", "", errors.New("unrecognised format: neither JSON nor CSV")
	}
	layout = layoutDocument
	var probe *fastjson.Value
	if first == '{' {
		line := trim
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		var p fastjson.Parser
		if v, err := p.ParseBytes(line); err == nil && v.Type() == fastjson.TypeObject {
			layout = layoutLines
			probe = v
		}
	}
	if lf != nil {
		return declared, layout, nil
	}
	if probe != nil {
		return classify(probe), layout, nil
	}
	// A pretty-printed or array document: classify by the keys in the first bytes.
	for _, t := range logFormats {
		if t.sniffDocument != nil && t.sniffDocument(trim) {
			return t.name, layout, nil
		}
	}
	return FormatJSONL, layout, nil
}

// classify names the format of one parsed record: the first in the registry
// that claims it, else native.
func classify(v *fastjson.Value) string {
	for _, lf := range logFormats {
		if lf.sniffRecord != nil && lf.sniffRecord(v) {
			return lf.name
		}
	}
	return FormatJSONL
}

var bufio_ErrBufferFull = bufio.ErrBufferFull

func statSize(p string) (int64, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}
