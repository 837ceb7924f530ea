package pack

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/aims-cli/aims/pkg/report/textsafe"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrNotPack is returned by Verify for a path that holds no evidence pack.
var ErrNotPack = errors.New("not an evidence pack")

// Problem kinds of a VerifyReport.
const (
	ProblemMissing   = "missing"   // listed but not in the pack
	ProblemAdded     = "added"     // in the pack but listed nowhere
	ProblemChanged   = "changed"   // content differs from its listed digest
	ProblemSignature = "signature" // signature missing or bad
	ProblemUnsafe    = "unsafe"    // an entry that would escape the pack, a link, a duplicate
	ProblemMalformed = "malformed" // SHA256SUMS or manifest.json cannot be read
)

// Problem is one thing wrong with a pack, about one file.
type Problem struct {
	Kind   string `json:"kind"`
	Path   string `json:"path"`
	Detail string `json:"detail,omitempty"`
}

// String is "<kind>: <path>[: detail]".
func (p Problem) String() string {
	// The path is quoted and every value escaped: an entry name or a detail
	// holding a newline or an ESC sequence must not paint an "OK" line.
	s := p.Kind + ": " + textsafe.Quote(p.Path)
	if p.Detail != "" {
		s += ": " + textsafe.Line(p.Detail)
	}
	return s
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	// Files is how many files were checked against SHA256SUMS.
	Files int `json:"files"`
	// Signed is true when SHA256SUMS.sig is present.
	Signed bool `json:"signed"`
	// SignatureChecked is true when a key was given and the signature verified.
	SignatureChecked bool      `json:"signature_checked"`
	Problems         []Problem `json:"problems"`
	Notes            []string  `json:"notes,omitempty"`
}

// OK reports whether the pack verified with no problem.
func (r *VerifyReport) OK() bool { return len(r.Problems) == 0 }

func (r *VerifyReport) add(kind, p, detail string) {
	r.Problems = append(r.Problems, Problem{Kind: kind, Path: p, Detail: detail})
}

// entry is one file of a pack being verified.
type entry struct {
	size   int64
	sha256 string
	data   []byte // kept only for the small files verification parses
	unread bool   // listed nowhere: not inflated, so no digest
}

// keep are the files Verify needs the content of.
var keep = map[string]bool{FileSums: true, FileSignature: true, FileManifest: true}

// Verify checks the pack at path (a directory or a .zip) against its
// SHA256SUMS and manifest.json, and its signature when pubKeyPEM is given.
// It lists every file added, missing or changed. Nothing is extracted: zip
// entries are hashed as they are read, and entries that would escape the pack
// (../, absolute paths, links, duplicates) are refused and reported.
func Verify(p string, pubKeyPEM []byte) (*VerifyReport, error) {
	var pub ed25519.PublicKey
	if pubKeyPEM != nil {
		k, err := ParsePublicKey(pubKeyPEM)
		if err != nil {
			return nil, err
		}
		pub = k
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", p, err)
	}
	rep := &VerifyReport{Problems: []Problem{}}
	var files map[string]*entry
	if fi.IsDir() {
		files, err = readDir(p, rep)
	} else {
		files, err = readZip(p, fi.Size(), rep)
	}
	if err != nil {
		return nil, err
	}
	if files[FileSums] == nil && files[FileManifest] == nil {
		return nil, fmt.Errorf("verify %s: %w (no %s, no %s)", p, ErrNotPack, FileSums, FileManifest)
	}
	check(files, pub, rep)
	sort.SliceStable(rep.Problems, func(i, j int) bool {
		a, b := rep.Problems[i], rep.Problems[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Kind < b.Kind
	})
	return rep, nil
}

func check(files map[string]*entry, pub ed25519.PublicKey, rep *VerifyReport) {
	sumsEntry := files[FileSums]
	listed := map[string]string{}
	if sumsEntry == nil {
		rep.add(ProblemMissing, FileSums, "")
	} else {
		listed = parseSums(sumsEntry.data, rep)
		// Anything beyond the listed digests (upper-case hex, binary-mode
		// markers, order, blank lines) is not as aims writes it: an edit.
		if canonical := canonicalSums(listed); !bytes.Equal(canonical, sumsEntry.data) && len(rep.Problems) == 0 {
			rep.add(ProblemChanged, FileSums, "not in the form aims writes (sorted \"<sha256>  <path>\" lines, lower-case hex)")
		}
	}

	// SHA256SUMS: every listed file present and unchanged.
	for _, name := range sortedNames(listed) {
		e := files[name]
		switch {
		case e == nil:
			rep.add(ProblemMissing, name, "listed in "+FileSums)
		case e.sha256 != listed[name]:
			rep.add(ProblemChanged, name, "SHA-256 is "+e.sha256+", "+FileSums+" says "+listed[name])
		default:
			rep.Files++
		}
	}
	for _, name := range sortedNames(files) {
		if name == FileSums || name == FileSignature {
			continue
		}
		if _, ok := listed[name]; !ok && sumsEntry != nil {
			detail := "not listed in " + FileSums
			if e := files[name]; e.unread {
				detail += fmt.Sprintf(" (%d bytes declared; not inflated)", e.size)
			}
			rep.add(ProblemAdded, name, detail)
		}
	}

	// manifest.json: a second, independent list (with sizes); a disagreement
	// between the two lists means one of them was edited.
	if me := files[FileManifest]; me != nil {
		var m Manifest
		if err := json.Unmarshal(me.data, &m); err != nil {
			rep.add(ProblemMalformed, FileManifest, err.Error())
		} else {
			checkManifest(&m, files, listed, sumsEntry != nil, rep)
		}
	} else if sumsEntry != nil {
		if _, ok := listed[FileManifest]; !ok {
			rep.add(ProblemMissing, FileManifest, "")
		}
	}

	// The signature.
	sig := files[FileSignature]
	rep.Signed = sig != nil
	switch {
	case pub == nil && sig != nil:
		rep.Notes = append(rep.Notes, FileSignature+" is present but not checked: give the signer's public key with --pubkey")
	case pub != nil && sig == nil:
		rep.add(ProblemSignature, FileSignature, "missing: the pack is not signed")
	case pub != nil && sumsEntry == nil:
		rep.add(ProblemSignature, FileSignature, "nothing to check it against ("+FileSums+" is missing)")
	case pub != nil:
		if len(sig.data) != ed25519.SignatureSize || !ed25519.Verify(pub, sumsEntry.data, sig.data) {
			rep.add(ProblemSignature, FileSignature, "bad signature: "+FileSums+" was not signed by this key, or it or the signature was changed")
		} else {
			rep.SignatureChecked = true
		}
	}
}

func checkManifest(m *Manifest, files map[string]*entry, listed map[string]string, haveSums bool, rep *VerifyReport) {
	inManifest := map[string]bool{}
	for _, f := range m.Files {
		inManifest[f.Path] = true
		e := files[f.Path]
		switch {
		case e == nil:
			if _, ok := listed[f.Path]; !ok || !haveSums {
				// Already reported through SHA256SUMS otherwise.
				rep.add(ProblemMissing, f.Path, "listed in "+FileManifest)
			}
		case e.sha256 != f.SHA256 || e.size != f.Size:
			if listed[f.Path] == e.sha256 {
				// The file matches SHA256SUMS but not the manifest: one of the lists was edited.
				rep.add(ProblemChanged, FileManifest, "its entry for "+f.Path+" does not match the file")
			} else if !haveSums {
				rep.add(ProblemChanged, f.Path, fmt.Sprintf("SHA-256 %s (%d bytes), %s says %s (%d bytes)", e.sha256, e.size, FileManifest, f.SHA256, f.Size))
			}
		}
		if haveSums {
			if d, ok := listed[f.Path]; ok && d != f.SHA256 && e != nil && e.sha256 == f.SHA256 {
				rep.add(ProblemChanged, FileSums, "its entry for "+f.Path+" does not match the file")
			}
		}
	}
	if haveSums {
		for name := range listed {
			if name != FileManifest && !inManifest[name] {
				rep.add(ProblemChanged, FileSums, "lists "+name+", which "+FileManifest+" does not")
			}
		}
	} else {
		for _, name := range sortedNames(files) {
			if name != FileManifest && name != FileSums && name != FileSignature && !inManifest[name] {
				rep.add(ProblemAdded, name, "not listed in "+FileManifest)
			}
		}
	}
	for _, in := range m.Inputs {
		if e := files[in.Path]; e != nil && !e.unread && (e.sha256 != in.SHA256 || e.size != in.Size) && listed[in.Path] == e.sha256 {
			rep.add(ProblemChanged, FileManifest, "its inputs entry for "+in.Path+" does not match the file")
		}
	}
	if m.InputsDigest != "" {
		var b bytes.Buffer
		for _, f := range m.Files {
			if strings.HasPrefix(f.Path, DirInputs) {
				fmt.Fprintf(&b, "%s  %s\n", f.SHA256, f.Path)
			}
		}
		if sum := sha256.Sum256(b.Bytes()); hex.EncodeToString(sum[:]) != m.InputsDigest {
			rep.add(ProblemChanged, FileManifest, "inputs_digest does not match its inputs")
		}
	}
}

func canonicalSums(listed map[string]string) []byte {
	var b bytes.Buffer
	for _, name := range sortedNames(listed) {
		b.WriteString(listed[name] + "  " + name + "\n")
	}
	return b.Bytes()
}

// parseSums reads GNU coreutils sums ("<hex>  <path>" or "<hex> *<path>").
func parseSums(data []byte, rep *VerifyReport) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if text == "" {
			continue
		}
		if len(text) < 67 || (text[64:66] != "  " && text[64:66] != " *") {
			rep.add(ProblemMalformed, FileSums, fmt.Sprintf("line %d is not \"<sha256>  <path>\"", line))
			continue
		}
		hexd, name := strings.ToLower(text[:64]), text[66:]
		if _, err := hex.DecodeString(hexd); err != nil {
			rep.add(ProblemMalformed, FileSums, fmt.Sprintf("line %d: %q is not a SHA-256 digest", line, text[:64]))
			continue
		}
		if c, err := cleanRel(name); err != nil || c != name {
			rep.add(ProblemUnsafe, FileSums, fmt.Sprintf("line %d names %q, outside the pack", line, name))
			continue
		}
		if _, dup := out[name]; dup {
			rep.add(ProblemMalformed, FileSums, fmt.Sprintf("line %d lists %s twice", line, name))
			continue
		}
		out[name] = hexd
	}
	if err := sc.Err(); err != nil {
		rep.add(ProblemMalformed, FileSums, err.Error())
	}
	return out
}

// maxKeep bounds the files Verify holds in memory (SHA256SUMS, manifest, signature).
const maxKeep = 64 << 20

func hashReader(r io.Reader, name string) (*entry, error) {
	h := sha256.New()
	var buf *bytes.Buffer
	w := io.Writer(h)
	if keep[name] {
		buf = &bytes.Buffer{}
		w = io.MultiWriter(h, &limitedBuffer{buf: buf, max: maxKeep})
	}
	n, err := io.Copy(w, r)
	if err != nil {
		return nil, err
	}
	e := &entry{size: n, sha256: hex.EncodeToString(h.Sum(nil))}
	if buf != nil {
		e.data = buf.Bytes()
	}
	return e, nil
}

type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.buf.Len()+len(p) > l.max {
		return 0, fmt.Errorf("larger than %d bytes", l.max)
	}
	return l.buf.Write(p)
}

func readZip(p string, size int64, rep *VerifyReport) (map[string]*entry, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", p, err)
	}
	defer f.Close()
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w (%v)", p, ErrNotPack, err)
	}
	files := map[string]*entry{}
	seen := map[string]bool{}
	if len(zr.File) > maxZipEntries {
		return nil, fmt.Errorf("verify %s: %d zip entries, more than any pack holds (%d); not read", p, len(zr.File), maxZipEntries)
	}
	overlapping := overlaps(zr.File)
	listed := listedNames(zr.File)
	for _, zf := range zr.File {
		name := zf.Name
		if strings.HasSuffix(name, "/") && zf.Mode().IsDir() {
			if _, err := cleanRel(strings.TrimSuffix(name, "/")); err != nil {
				rep.add(ProblemUnsafe, name, "directory entry "+err.Error())
			}
			continue
		}
		c, err := cleanRel(name)
		switch {
		case err != nil:
			rep.add(ProblemUnsafe, name, "entry refused: "+err.Error())
			continue
		case c != name:
			rep.add(ProblemUnsafe, name, "entry refused: not a clean path (would be "+c+")")
			continue
		case zf.Mode()&fs.ModeSymlink != 0:
			rep.add(ProblemUnsafe, name, "entry refused: a symbolic link")
			continue
		case !zf.Mode().IsRegular():
			rep.add(ProblemUnsafe, name, "entry refused: not a regular file ("+zf.Mode().String()+")")
			continue
		case seen[strings.ToLower(name)]:
			rep.add(ProblemUnsafe, name, "entry refused: the name occurs twice")
			delete(files, name)
			continue
		}
		seen[strings.ToLower(name)] = true
		if other, ok := overlapping[zf]; ok {
			// unzip refuses these too: one compressed stream named twice is
			// how a small zip inflates without bound.
			rep.add(ProblemUnsafe, name, "entry refused: its data overlaps the entry "+textsafe.Quote(other))
			continue
		}
		if !listed[name] && !keep[name] {
			// Reported as added by its name and declared size, never
			// inflated: an unlisted entry cannot make verify slow.
			files[name] = &entry{size: int64(zf.UncompressedSize64), unread: true}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			rep.add(ProblemChanged, name, "cannot be read: "+err.Error())
			continue
		}
		e, err := hashReader(rc, name)
		rc.Close()
		if err != nil {
			// A flipped byte in compressed data fails the CRC or the inflater.
			rep.add(ProblemChanged, name, "cannot be read: "+err.Error())
			continue
		}
		files[name] = e
	}
	return files, nil
}

// maxZipEntries is far above any pack (one file per input, finding excerpt
// and evidence file) and keeps a central directory of millions of entries
// from costing verify its memory.
const maxZipEntries = 1_000_000

// overlaps maps every regular-file entry whose compressed data shares bytes
// with another's to that other's name. Entries are sorted by data offset, so
// the check is one pass.
func overlaps(fs []*zip.File) map[*zip.File]string {
	type span struct {
		f          *zip.File
		start, end int64
	}
	var spans []span
	for _, f := range fs {
		if !f.Mode().IsRegular() {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			continue // Open fails on it and reports it
		}
		spans = append(spans, span{f, off, off + int64(f.CompressedSize64)})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	out := map[*zip.File]string{}
	for i := 1; i < len(spans); i++ {
		prev := spans[i-1]
		if spans[i].start < prev.end || (spans[i].start == prev.start && prev.end > prev.start) {
			out[spans[i].f] = prev.f.Name
			out[prev.f] = spans[i].f.Name
			if spans[i].end < prev.end {
				spans[i] = prev // keep the farthest end for the next comparison
			}
		}
	}
	return out
}

// listedNames reads the two lists of the pack (SHA256SUMS, manifest.json)
// first, so that only the entries they name are inflated and hashed.
func listedNames(fs []*zip.File) map[string]bool {
	out := map[string]bool{}
	for _, f := range fs {
		if !keep[f.Name] || f.Name == FileSignature || !f.Mode().IsRegular() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxKeep))
		rc.Close()
		if err != nil {
			continue
		}
		if f.Name == FileSums {
			for name := range parseSums(data, &VerifyReport{}) {
				out[name] = true
			}
			continue
		}
		var m struct {
			Files []struct {
				Path string `json:"path"`
			} `json:"files"`
		}
		if json.Unmarshal(data, &m) == nil {
			for _, mf := range m.Files {
				out[mf.Path] = true
			}
		}
	}
	return out
}

func readDir(root string, rep *VerifyReport) (map[string]*entry, error) {
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", root, err)
	}
	rootReal, err := filepath.EvalSymlinks(rootAbs)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", root, err)
	}
	files := map[string]*entry{}
	err = filepath.WalkDir(rootReal, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == rootReal {
			return nil
		}
		rel, err := filepath.Rel(rootReal, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil || !within(rootReal, target) {
				rep.add(ProblemUnsafe, name, "a symbolic link that points outside the pack; refused")
				return nil
			}
			st, err := os.Stat(target)
			if err != nil || !st.Mode().IsRegular() {
				rep.add(ProblemUnsafe, name, "a symbolic link to something other than a file; refused")
				return nil
			}
			p = target
		} else if d.IsDir() {
			return nil
		} else if !d.Type().IsRegular() {
			rep.add(ProblemUnsafe, name, "not a regular file; refused")
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		e, err := hashReader(f, name)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", root, err)
	}
	return files, nil
}

func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
