package pack

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/pack/packtest"
)

// Issue 16: manifest.json must not publish an unkeyed digest of an original
// that held a credential (a 4-character URL password falls to a search of
// the digest in seconds). A file the pack holds unchanged keeps its digest.
func TestOriginalDigestOnlyOfUnredactedInputs(t *testing.T) {
	res, proj := packtest.Result(packtest.Options{Agents: 1})
	clean := []byte("apiVersion: aims/v1\nkind: Config\n")
	orig := []byte("db: postgres://app:abcd@db/x\n")
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	proj.Sources = []load.Source{
		{Path: "aims.yaml", Kind: "config", SHA256: sum(clean), Redacted: clean},
		{Path: "inventory.yaml", Kind: "inventory", SHA256: sum(orig), Redacted: []byte("db: postgres://app:[REDACTED:url-password]@db/x\n")},
	}
	p, err := Build(res, proj, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	data := p.File(FileManifest).Data
	if strings.Contains(string(data), sum(orig)) {
		t.Error("manifest.json publishes the digest of the unredacted inventory")
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]OriginalInput{}
	for _, o := range m.OriginalInputs {
		got[o.Path] = o
	}
	if o := got["aims.yaml"]; o.SHA256 != sum(clean) || o.Redacted {
		t.Errorf("unchanged input: %+v, want its digest", o)
	}
	if o := got["inventory.yaml"]; o.SHA256 != "" || !o.Redacted {
		t.Errorf("redacted input: %+v, want no digest and redacted", o)
	}
}

// Issue 16: an entry name or detail cannot make verify display a pass.
func TestProblemStringCannotSpoof(t *testing.T) {
	p := Problem{Kind: ProblemAdded, Path: "x\nOK: 12 files verified, signature good\x1b[2K", Detail: "not listed\r\x1b[32mOK"}
	s := p.String()
	if strings.ContainsAny(s, "\n\r\x1b") {
		t.Fatalf("problem line holds a control character: %q", s)
	}
	if want := `added: "x\nOK: 12 files verified, signature good\x1b[2K": not listed\r\x1b[32mOK`; s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
}

// Issue 16: a log file whose excerpts lost a credential keeps no digest in
// the pack (manifest.json, results.json, logs/summary.json): with its lines
// published and its size, an unkeyed SHA-256 gives a short password away as
// the inputs' digests did. A log whose excerpts are unchanged keeps its own.
func TestLogDigestOnlyWithoutRedactedExcerpts(t *testing.T) {
	root, res := evidenceProject(t)
	const secretLog, cleanLog = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
	res.Logs.Files[0].SHA256, res.Logs.Files[1].SHA256 = secretLog, cleanLog
	opts := testOptions()
	opts.Root = root
	p, err := Build(res, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Files {
		if strings.Contains(string(f.Data), secretLog) {
			t.Errorf("%s publishes the digest of logs/a.jsonl, whose excerpt was redacted", f.Path)
		}
	}
	got := map[string]LogInput{}
	for _, l := range p.Manifest.Logs {
		got[l.Path] = l
	}
	if l := got["logs/a.jsonl"]; l.SHA256 != "" || !l.Redacted {
		t.Errorf("redacted log: %+v, want no digest and redacted", l)
	}
	if l := got["logs/b.jsonl.gz"]; l.SHA256 != cleanLog || l.Redacted {
		t.Errorf("clean log: %+v, want its digest", l)
	}
	if res.Logs.Files[0].SHA256 != secretLog {
		t.Error("Build changed the caller's result")
	}
}
