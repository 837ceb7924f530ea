// Package pack builds the evidence pack of docs/contract.md §5 in memory, writes it as a
// directory or a deterministic zip, signs its SHA256SUMS with Ed25519 and
// verifies packs (directory or zip) without extracting anything to disk.
//
// The pack is made so that an auditor can check it with standard tools alone:
// `sha256sum -c SHA256SUMS` and `openssl pkeyutl -verify -rawin`.
package pack

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aims-cli/aims/pkg/actions"
	"github.com/aims-cli/aims/pkg/catalogue"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
	"github.com/aims-cli/aims/pkg/pack/soa"
	"github.com/aims-cli/aims/pkg/secrets"
)

// Names of the files every pack has.
const (
	FileReport    = "report.pdf"
	FileWorkbook  = "evidence.xlsx"
	FileResults   = "results.json"
	FileSoA       = "soa.csv"
	FileActions   = "actions.csv"
	FileSARIF     = "findings.sarif"
	FileOSCAL     = "oscal/assessment-results.json"
	FileLogs      = "logs/summary.json"
	FileManifest  = "manifest.json"
	FileSums      = "SHA256SUMS"
	FileSignature = "SHA256SUMS.sig"
	// DirInputs holds the inputs as assessed (credentials redacted) and the catalogues.
	DirInputs = "inputs/"
)

// ManifestSchemaVersion is the schemaVersion of manifest.json.
const ManifestSchemaVersion = "aims.manifest/v1"

// Entry is one file of the pack that a writer renders from the pack's
// view of the run. The command lists the entries (cmd/pack); Build checks
// that every file the contract promises has one.
type Entry struct {
	Path  string
	Write func(w io.Writer, v *View) error
}

// View is what the writers of the entries see: the redacted result and
// what the pack computed from it once.
type View struct {
	// Result is the assessment with every text redacted.
	Result *model.Result
	// InputsDigest is the digest of inputs/ (the PDF cover shows it).
	InputsDigest string
	// Actions is the corrective-action register.
	Actions []actions.Action
	// Evidence is the evidence index as the pack filled it in.
	Evidence []evindex.Row
	// SoA holds the Statement of Applicability's rows and document control.
	SoA     []soa.Row
	SoAMeta soa.Meta
	// CatalogueHref is the first catalogue copy, relative to oscal/.
	CatalogueHref string
	// SignerKey is the SHA-256 of the signing public key ("" unsigned).
	SignerKey string
	// Excerpts lists the files of logs/excerpts/ (the manifest's excerpts).
	Excerpts []Excerpt
}

// Written are the files that Entries must provide; Build fails without one.
var Written = []string{FileReport, FileWorkbook, FileSoA, FileActions, FileSARIF, FileOSCAL, FileLogs}

// File is one file of a pack: a slash-separated path inside the pack and its bytes.
type File struct {
	Path string
	Data []byte
}

// Pack is a complete evidence pack in memory, files sorted by path.
type Pack struct {
	Files []File
	// GeneratedAt is the assessment time; zip entries carry it as their time.
	GeneratedAt time.Time
	Manifest    Manifest
}

// File returns the file at p, or nil.
func (p *Pack) File(name string) *File {
	for i := range p.Files {
		if p.Files[i].Path == name {
			return &p.Files[i]
		}
	}
	return nil
}

// Options tune Build. The writers come from other packages as Entries, so
// that pack stays a small, testable assembly: inputs, evidence, excerpts,
// results.json, manifest, sums and signature.
type Options struct {
	// Catalogues are the catalogues as assessed; each is copied to
	// inputs/catalogues/<id>.json.
	Catalogues *catalogue.Set
	// SignKey, when set, signs SHA256SUMS into SHA256SUMS.sig.
	SignKey ed25519.PrivateKey
	// Redact scrubs credentials from every text that goes into the pack;
	// nil means secrets.RedactString.
	Redact func(string) string
	// Entries write the pack's other files (Written, at least).
	Entries []Entry
	// Root is the project root (the folder of aims.yaml): evidence files
	// and relative log paths are read from it. Empty: the project's.
	Root string
	// IncludeEvidence copies every in-root evidence file into evidence/.
	IncludeEvidence bool
	// Excerpts is how many cited log records per finding go to
	// logs/excerpts/: 0 means DefaultExcerpts, a negative number none.
	Excerpts int
}

// InputEntry is one input copied into the pack.
type InputEntry struct {
	Path   string `json:"path"`   // inside the pack (inputs/...)
	Source string `json:"source"` // relative to the project root ("" for catalogues)
	Kind   string `json:"kind"`   // config | inventory | agent | catalogue
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // of the copy in the pack (credentials redacted)
}

// OriginalInput is the digest of an input file as it was on disk, before redaction.
// A file that held a credential has no digest here: an unkeyed SHA-256 of the
// original lets anyone who knows the rest of the file recover a short
// password by trying candidates, so only Redacted says it differs from its copy.
type OriginalInput struct {
	Path     string `json:"path"`
	Kind     string `json:"kind"`
	SHA256   string `json:"sha256,omitempty"`
	Redacted bool   `json:"redacted,omitempty"`
}

// LogInput is one audit-log file that was analysed (the file itself is not in
// the pack). Redacted: an excerpt of it lost a credential, so its digest is
// left out (see OriginalInput).
type LogInput struct {
	Path     string `json:"path"`
	Format   string `json:"format"`
	Bytes    int64  `json:"bytes"`
	SHA256   string `json:"sha256,omitempty"`
	Redacted bool   `json:"redacted,omitempty"`
	Events   int64  `json:"events"`
}

// SoAInfo is the document control of soa.csv and the SoA sheet.
type SoAInfo struct {
	File        string   `json:"file"`
	Version     string   `json:"version,omitempty"` // inventory soa.version
	GeneratedAt string   `json:"generated_at"`
	Catalogues  []string `json:"catalogues"` // "id version"
	ApprovedBy  string   `json:"approved_by,omitempty"`
	ApprovedOn  string   `json:"approved_on,omitempty"`
}

// FileEntry is one pack file with its size and digest.
type FileEntry struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// SignatureInfo says how SHA256SUMS is signed.
type SignatureInfo struct {
	Algorithm string `json:"algorithm"` // ed25519
	File      string `json:"file"`
	Signed    string `json:"signed"` // the file the signature covers
	// PublicKeySHA256 is the SHA-256 of the public key's PKIX DER bytes
	// (`openssl pkey -pubin -in KEY.pub -outform DER | sha256sum`).
	PublicKeySHA256 string `json:"public_key_sha256"`
}

// Manifest is manifest.json.
type Manifest struct {
	SchemaVersion string               `json:"schemaVersion"`
	Tool          model.Tool           `json:"tool"`
	Catalogues    []model.CatalogueRef `json:"catalogues"`
	Organization  string               `json:"organization"`
	Scope         string               `json:"aims_scope"`
	Period        model.Period         `json:"period"`
	GeneratedAt   time.Time            `json:"generated_at"`
	// Inputs are the copies under inputs/ with the digests of those copies.
	Inputs []InputEntry `json:"inputs"`
	// OriginalInputs are the digests of the files as read, before redaction.
	OriginalInputs []OriginalInput `json:"original_inputs"`
	// InputsDigest is the SHA-256 of the inputs/ lines of SHA256SUMS
	// (`grep '  inputs/' SHA256SUMS | sha256sum`); report.pdf shows it.
	InputsDigest       string `json:"inputs_digest"`
	InputsDigestMethod string `json:"inputs_digest_method"`
	// Logs lists the audit-log files analysed; null when logs were not analysed.
	Logs []LogInput `json:"logs"`
	// Redactions is how many credentials were found in the inputs and redacted.
	Redactions int            `json:"redactions"`
	Signature  *SignatureInfo `json:"signature,omitempty"`
	// Evidence is the evidence index: one row per file or URL referenced,
	// with what the pack holds of it (evidence/ with --include-evidence).
	Evidence []evindex.Row `json:"evidence"`
	// SoA is the Statement of Applicability's document control.
	SoA SoAInfo `json:"soa"`
	// Excerpts lists the files of logs/excerpts/, one per finding that cites log records.
	Excerpts []Excerpt `json:"excerpts"`
	// Files is every pack file except manifest.json, SHA256SUMS and SHA256SUMS.sig.
	Files []FileEntry `json:"files"`
}

const inputsDigestMethod = "sha256 of the lines of SHA256SUMS whose path starts with inputs/ (grep '  inputs/' SHA256SUMS | sha256sum)"

// Build assembles the pack of docs/contract.md §5 from an assessment result and the
// project it came from. Every text of the result is passed through the
// redactor before any writer sees it, so a credential that slipped into a
// parsed value cannot reach a pack file.
func Build(res *model.Result, proj *load.Project, opts Options) (*Pack, error) {
	if res == nil {
		return nil, errors.New("pack: no assessment result")
	}
	for _, name := range Written {
		if !slices.ContainsFunc(opts.Entries, func(e Entry) bool { return e.Path == name && e.Write != nil }) {
			return nil, fmt.Errorf("pack: no writer for %s", name)
		}
	}
	redact := opts.Redact
	if redact == nil {
		redact = secrets.RedactString
	}
	r := RedactResult(res, redact)

	files := map[string][]byte{}
	add := func(name string, data []byte) error {
		if _, dup := files[name]; dup {
			return fmt.Errorf("pack: two files named %s", name)
		}
		files[name] = data
		return nil
	}

	// Inputs first: their digest goes on the PDF cover.
	var inputs []InputEntry
	var originals []OriginalInput
	if proj != nil {
		for _, src := range proj.Sources {
			rel, err := cleanRel(src.Path)
			if err != nil {
				return nil, fmt.Errorf("pack: input %s: %w", src.Path, err)
			}
			data := []byte(redact(string(src.Redacted)))
			name := DirInputs + rel
			if err := add(name, data); err != nil {
				return nil, err
			}
			inputs = append(inputs, InputEntry{Path: name, Source: rel, Kind: src.Kind, Size: int64(len(data)), SHA256: digest(data)})
			orig := OriginalInput{Path: rel, Kind: src.Kind, SHA256: src.SHA256}
			if d := digest(data); d != src.SHA256 {
				orig.SHA256, orig.Redacted = "", true
			}
			originals = append(originals, orig)
		}
	}
	if opts.Catalogues != nil {
		for _, c := range opts.Catalogues.Catalogues {
			if c == nil {
				continue
			}
			data, err := marshal(c)
			if err != nil {
				return nil, fmt.Errorf("pack: catalogue %s: %w", c.ID, err)
			}
			id, err := cleanRel(c.ID + ".json")
			if err != nil || strings.Contains(id, "/") {
				return nil, fmt.Errorf("pack: catalogue id %q cannot name a file", c.ID)
			}
			name := DirInputs + "catalogues/" + id
			if err := add(name, data); err != nil {
				return nil, err
			}
			inputs = append(inputs, InputEntry{Path: name, Kind: "catalogue", Size: int64(len(data)), SHA256: digest(data)})
		}
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Path < inputs[j].Path })
	sort.Slice(originals, func(i, j int) bool { return originals[i].Path < originals[j].Path })
	inputsDigest := InputsDigest(files)

	root := opts.Root
	if root == "" && proj != nil && proj.Config != nil {
		root = proj.Config.Dir
	}
	index := evindex.Build(r)
	if opts.IncludeEvidence {
		if root == "" {
			return nil, errors.New("pack: --include-evidence needs the project root")
		}
		if err := includeEvidence(index, root, add); err != nil {
			return nil, err
		}
	}
	n := opts.Excerpts
	if n == 0 {
		n = DefaultExcerpts
	}
	cited, redactedLogs, err := excerpts(r, root, n, redact, add)
	if err != nil {
		return nil, err
	}
	// A log whose published lines lost a credential keeps no digest in the
	// pack: with the lines in the excerpts, its size and an unkeyed SHA-256,
	// a short password is found by trying candidates, as for the inputs.
	if r.Logs != nil {
		for i := range r.Logs.Files {
			if redactedLogs[r.Logs.Files[i].Path] {
				r.Logs.Files[i].SHA256 = ""
			}
		}
	}

	var inv *model.Inventory
	if proj != nil {
		inv = proj.Inventory
	}
	soaMeta := soa.MetaOf(r, inv)
	results, err := marshal(r)
	if err != nil {
		return nil, fmt.Errorf("pack: results.json: %w", err)
	}
	if err := add(FileResults, results); err != nil {
		return nil, err
	}
	var dueDays map[string]int
	if proj != nil && proj.Config != nil {
		dueDays = proj.Config.CorrectiveActions.DueDays
	}
	view := &View{Result: r, InputsDigest: inputsDigest, Actions: actions.Register(r, inv, dueDays), Evidence: index,
		SoA: soa.Controls(r, index), SoAMeta: soaMeta, Excerpts: cited}
	if len(opts.SignKey) == ed25519.PrivateKeySize {
		// The PDF cover says whether and with which key the pack is signed.
		if fp, err := PublicKeyFingerprint(opts.SignKey.Public().(ed25519.PublicKey)); err == nil {
			view.SignerKey = fp
		}
	}
	for _, in := range inputs {
		if in.Kind == "catalogue" {
			// oscal/ is one level down from the pack root.
			view.CatalogueHref = "../" + in.Path
			break
		}
	}
	for _, e := range opts.Entries {
		var b bytes.Buffer
		if err := e.Write(&b, view); err != nil {
			return nil, fmt.Errorf("pack: %s: %w", e.Path, err)
		}
		if err := add(e.Path, b.Bytes()); err != nil {
			return nil, err
		}
	}

	m := Manifest{
		SchemaVersion:      ManifestSchemaVersion,
		Tool:               r.Tool,
		Catalogues:         r.Catalogues,
		Organization:       r.Organization,
		Scope:              r.Scope,
		GeneratedAt:        r.GeneratedAt,
		Inputs:             nonNil(inputs),
		OriginalInputs:     nonNil(originals),
		InputsDigest:       inputsDigest,
		InputsDigestMethod: inputsDigestMethod,
		Evidence:           index,
		SoA: SoAInfo{File: FileSoA, Version: soaMeta.Version, GeneratedAt: soaMeta.GeneratedAt, Catalogues: nonNil(soaMeta.Catalogues),
			ApprovedBy: soaMeta.ApprovedBy, ApprovedOn: soaMeta.ApprovedOn},
		Excerpts: nonNil(cited),
	}
	if m.Catalogues == nil {
		m.Catalogues = []model.CatalogueRef{}
	}
	m.Period = r.Period
	if r.Logs != nil {
		m.Logs = []LogInput{}
		for _, lf := range r.Logs.Files {
			m.Logs = append(m.Logs, LogInput{Path: lf.Path, Format: lf.Format, Bytes: lf.Bytes, SHA256: lf.SHA256, Redacted: redactedLogs[lf.Path], Events: lf.Events})
		}
	}
	if proj != nil {
		m.Redactions = len(proj.Secrets)
	}
	if opts.SignKey != nil {
		fp, err := PublicKeyFingerprint(opts.SignKey.Public().(ed25519.PublicKey))
		if err != nil {
			return nil, err
		}
		m.Signature = &SignatureInfo{Algorithm: "ed25519", File: FileSignature, Signed: FileSums, PublicKeySHA256: fp}
	}
	for _, name := range sortedKeys(files) {
		m.Files = append(m.Files, FileEntry{Path: name, Size: int64(len(files[name])), SHA256: digest(files[name])})
	}
	manifest, err := marshal(m)
	if err != nil {
		return nil, fmt.Errorf("pack: manifest.json: %w", err)
	}
	if err := add(FileManifest, manifest); err != nil {
		return nil, err
	}

	sums := Sums(files)
	if err := add(FileSums, sums); err != nil {
		return nil, err
	}
	if opts.SignKey != nil {
		if len(opts.SignKey) != ed25519.PrivateKeySize {
			return nil, errors.New("pack: the signing key is not an Ed25519 private key")
		}
		if err := add(FileSignature, ed25519.Sign(opts.SignKey, sums)); err != nil {
			return nil, err
		}
	}

	p := &Pack{GeneratedAt: r.GeneratedAt, Manifest: m}
	for _, name := range sortedKeys(files) {
		p.Files = append(p.Files, File{Path: name, Data: files[name]})
	}
	return p, nil
}

// Sums renders SHA256SUMS (GNU coreutils text mode, "<hex>  <path>\n",
// sorted by path) over files, leaving out SHA256SUMS and its signature.
func Sums(files map[string][]byte) []byte {
	var b bytes.Buffer
	for _, name := range sortedKeys(files) {
		if name == FileSums || name == FileSignature {
			continue
		}
		b.WriteString(digest(files[name]))
		b.WriteString("  ")
		b.WriteString(name)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// InputsDigest is the SHA-256 of the inputs/ lines of the SHA256SUMS that
// files would have: one digest for "the inputs as assessed", checkable with
// `grep '  inputs/' SHA256SUMS | sha256sum`.
func InputsDigest(files map[string][]byte) string {
	in := map[string][]byte{}
	for name, data := range files {
		if strings.HasPrefix(name, DirInputs) {
			in[name] = data
		}
	}
	return digest(Sums(in))
}

// marshal is indented, stable JSON with a final newline and no HTML escaping
// (so that "<" in a control title stays readable).
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// cleanRel checks that p is a relative, slash-separated path that stays
// inside its root, and returns it cleaned.
func cleanRel(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty path")
	}
	if strings.ContainsRune(p, '\\') || strings.ContainsRune(p, 0) {
		return "", errors.New("path contains a backslash or NUL")
	}
	if path.IsAbs(p) || (len(p) > 1 && p[1] == ':') {
		return "", errors.New("path is absolute")
	}
	c := path.Clean(p)
	if c == "." || c == ".." || strings.HasPrefix(c, "../") {
		return "", errors.New("path leaves the root")
	}
	return c, nil
}
