package pack

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/evindex"
)

// evidenceProject lays out a project root with evidence files of every
// kind the index tells apart, and a result whose references name them.
func evidenceProject(t *testing.T) (string, *model.Result) {
	t.Helper()
	root := t.TempDir()
	outside := t.TempDir()
	write := func(dir, name, body string) string {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write(root, "docs/policy.pdf", "the AI policy")
	write(root, "docs/copy-of-policy.pdf", "the AI policy")
	write(root, "docs/changed.md", "edited after the run")
	write(root, "docs/keys.txt", "id: AKIAIOSFODNN7EXAMPLE\n")
	secretOut := write(outside, "outside.pdf", "not the project's")
	if err := os.Symlink(secretOut, filepath.Join(root, "docs", "link.pdf")); err != nil {
		t.Fatal(err)
	}
	write(root, "logs/a.jsonl", "{\"n\":1}\n{\"n\":2,\"key\":\"sk-proj-abcdefghijklmnopqrstuvwxyz0123\"}\n{\"n\":3}\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("first\nsecond\r\nthird\n"))
	zw.Close()
	write(root, "logs/b.jsonl.gz", gz.String())

	ref := func(r, owner, kind, state, body, file string, line int) model.EvidenceRef {
		e := model.EvidenceRef{Ref: r, Owner: owner, Kind: kind, State: state, Source: model.Pos{File: file, Line: line, Col: 5}}
		if body != "" {
			e.SHA256, e.Size = digest([]byte(body)), int64(len(body))
		}
		return e
	}
	res := &model.Result{
		GeneratedAt: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
		Evidence: []model.EvidenceRef{
			ref("docs/policy.pdf", "policy:POL-1", "file", "ok", "the AI policy", "inventory.yaml", 10),
			// The same file named from an agent config one folder down.
			ref("../docs/policy.pdf", "agent:triage:risk", "file", "ok", "the AI policy", "agents/triage.yaml", 3),
			ref("docs/policy.pdf", "control:A.2.2", "file", "ok", "the AI policy", "inventory.yaml", 40),
			ref("docs/copy-of-policy.pdf", "policy:POL-2", "file", "ok", "the AI policy", "inventory.yaml", 12),
			ref("docs/changed.md", "policy:POL-3", "file", "ok", "as assessed", "inventory.yaml", 14),
			ref("docs/keys.txt", "policy:POL-4", "file", "ok", "id: AKIAIOSFODNN7EXAMPLE\n", "inventory.yaml", 16),
			// The loader saw a file here; by pack time it is a link out of the root.
			ref("docs/link.pdf", "policy:POL-5", "file", "ok", "not the project's", "inventory.yaml", 18),
			ref("docs/gone.pdf", "vendor:v1:dpa", "file", "missing", "", "inventory.yaml", 20),
			ref("../../etc/passwd", "vendor:v2:dpa", "file", "outside-root", "", "inventory.yaml", 22),
			ref("https://example.com/trust", "control:A.8.3", "url", "url", "", "inventory.yaml", 24),
		},
		Logs: &model.LogSummary{Files: []model.LogFile{{Path: "logs/a.jsonl"}, {Path: "logs/b.jsonl.gz"}}},
		Findings: []model.Finding{
			{ID: "F-aaaaaaaaaaaa", Control: "A.6.2.8", Check: "logs.x", Severity: "high", Message: "two records",
				Location: model.Pos{File: "logs/a.jsonl", Line: 2},
				Samples:  []model.Sample{{Pos: model.Pos{File: "logs/a.jsonl", Line: 2}}, {Pos: model.Pos{File: "logs/a.jsonl", Line: 3}}, {Pos: model.Pos{File: "logs/a.jsonl", Line: 9}}}},
			{ID: "F-bbbbbbbbbbbb", Control: "A.6.2.8", Check: "logs.y", Severity: "low", Message: "gzip",
				Location: model.Pos{File: "logs/b.jsonl.gz", Line: 2},
				Samples:  []model.Sample{{Pos: model.Pos{File: "logs/b.jsonl.gz", Line: 3}, Ref: "span 00f1"}}},
			// A config finding cites no log record: no excerpt.
			{ID: "F-cccccccccccc", Control: "A.2.2", Check: "policy", Severity: "low", Location: model.Pos{File: "inventory.yaml", Line: 4}},
		},
	}
	return root, res
}

func TestEvidenceIncludedAndIndexed(t *testing.T) {
	root, res := evidenceProject(t)
	opts := testOptions()
	opts.Root, opts.IncludeEvidence = root, true
	p, err := Build(res, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Path, State, PackPath, Same, Referrers string }
	var got []row
	for _, r := range p.Manifest.Evidence {
		got = append(got, row{r.Path, r.State, r.PackPath, strings.Join(r.SameContentAs, ","), strings.Join(r.Referrers, ",")})
	}
	want := []row{
		{"../../etc/passwd", evindex.Rejected, "", "", "vendor:v2:dpa"},
		{"docs/changed.md", evindex.Rejected, "", "", "policy:POL-3"},
		{"docs/copy-of-policy.pdf", evindex.Included, "evidence/docs/copy-of-policy.pdf", "docs/policy.pdf", "policy:POL-2"},
		{"docs/gone.pdf", evindex.Missing, "", "", "vendor:v1:dpa"},
		{"docs/keys.txt", evindex.Rejected, "", "", "policy:POL-4"},
		{"docs/link.pdf", evindex.Rejected, "", "", "policy:POL-5"},
		// Three references, two spellings, one row.
		{"docs/policy.pdf", evindex.Included, "evidence/docs/policy.pdf", "docs/copy-of-policy.pdf", "agent:triage:risk,control:A.2.2,policy:POL-1"},
		{"https://example.com/trust", evindex.Referenced, "", "", "control:A.8.3"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("evidence index (-want +got):\n%s", d)
	}
	reasons := map[string]string{}
	for _, r := range p.Manifest.Evidence {
		reasons[r.Path] = r.Reason
	}
	for path, want := range map[string]string{
		"docs/changed.md": "changed since it was assessed",
		"docs/keys.txt":   "holds a credential (aws-access-key-id",
		"docs/link.pdf":   "symbolic link leads out of the project root",
	} {
		if !strings.Contains(reasons[path], want) {
			t.Errorf("%s: reason %q, want it to say %q", path, reasons[path], want)
		}
	}
	if f := p.File("evidence/docs/policy.pdf"); f == nil || string(f.Data) != "the AI policy" {
		t.Fatalf("evidence/docs/policy.pdf not in the pack as on disk: %v", f)
	}
	for _, f := range p.Files {
		if strings.HasPrefix(f.Path, DirEvidence) && f.Path != "evidence/docs/policy.pdf" && f.Path != "evidence/docs/copy-of-policy.pdf" {
			t.Errorf("%s is in the pack", f.Path)
		}
	}
	sums := string(p.File(FileSums).Data)
	if !strings.Contains(sums, digest([]byte("the AI policy"))+"  evidence/docs/policy.pdf\n") {
		t.Error("SHA256SUMS does not cover evidence/docs/policy.pdf")
	}
	// Without --include-evidence the files are referenced only and nothing is copied.
	opts.IncludeEvidence = false
	p2, err := Build(res, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p2.Manifest.Evidence {
		if r.State == evindex.Included {
			t.Errorf("%s included without --include-evidence", r.Path)
		}
	}
}

func TestEvidencePackVerifies(t *testing.T) {
	root, res := evidenceProject(t)
	key, _, pub := testKey(t)
	opts := testOptions()
	opts.Root, opts.IncludeEvidence, opts.SignKey = root, true, key
	p, err := Build(res, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pack.zip")
	if err := Write(p, out, false); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(out, pub)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("pack with evidence does not verify: %v", rep.Problems)
	}
}

func TestExcerpts(t *testing.T) {
	root, res := evidenceProject(t)
	for _, tc := range []struct {
		name string
		n    int
		want map[string]string
	}{
		{"default", 0, map[string]string{
			"logs/excerpts/F-aaaaaaaaaaaa.txt": "# finding F-aaaaaaaaaaaa  control A.6.2.8  check logs.x  severity high\n# two records\n" +
				"# all 3 records behind the finding, each as <file>:<line>[ <record>]: <the line as in the file>\n" +
				"logs/a.jsonl:2: {\"n\":2,\"key\":\"[REDACTED:openai-api-key]\"}\n" +
				"logs/a.jsonl:3: {\"n\":3}\n" +
				"logs/a.jsonl:9: (not read again: the file has no such line now)\n",
			"logs/excerpts/F-bbbbbbbbbbbb.txt": "# finding F-bbbbbbbbbbbb  control A.6.2.8  check logs.y  severity low\n# gzip\n" +
				"# all 2 records behind the finding, each as <file>:<line>[ <record>]: <the line as in the file>\n" +
				"logs/b.jsonl.gz:2: second\n" +
				"logs/b.jsonl.gz:3 span 00f1: third\n",
		}},
		{"one per finding", 1, map[string]string{
			"logs/excerpts/F-aaaaaaaaaaaa.txt": "# finding F-aaaaaaaaaaaa  control A.6.2.8  check logs.x  severity high\n# two records\n" +
				"# the first of the 3 records behind the finding, by file and line, each as <file>:<line>[ <record>]: <the line as in the file>\n" +
				"logs/a.jsonl:2: {\"n\":2,\"key\":\"[REDACTED:openai-api-key]\"}\n",
			"logs/excerpts/F-bbbbbbbbbbbb.txt": "# finding F-bbbbbbbbbbbb  control A.6.2.8  check logs.y  severity low\n# gzip\n" +
				"# the first of the 2 records behind the finding, by file and line, each as <file>:<line>[ <record>]: <the line as in the file>\n" +
				"logs/b.jsonl.gz:2: second\n",
		}},
		{"none", -1, map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := testOptions()
			opts.Root, opts.Excerpts = root, tc.n
			p, err := Build(res, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range p.Files {
				if strings.HasPrefix(f.Path, DirExcerpts) {
					got[f.Path] = string(f.Data)
				}
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("excerpts (-want +got):\n%s", d)
			}
			if len(p.Manifest.Excerpts) != len(tc.want) {
				t.Errorf("manifest lists %d excerpt files, want %d", len(p.Manifest.Excerpts), len(tc.want))
			}
		})
	}
}

// TestExcerptsHoldRecordsBeyondSamples: the excerpt of a finding holds the
// first N of the records behind it (Finding.Records, kept by the log
// analysis), not only its five samples (issue 13), redacted like every
// line, and the manifest says how many records there are and how many are
// excerpted.
func TestExcerptsHoldRecordsBeyondSamples(t *testing.T) {
	root := t.TempDir()
	var b strings.Builder
	for l := 1; l <= 40; l++ {
		if l == 17 {
			b.WriteString("{\"n\":17,\"key\":\"sk-proj-abcdefghijklmnopqrstuvwxyz0123\"}\n")
			continue
		}
		fmt.Fprintf(&b, "{\"n\":%d}\n", l)
	}
	if err := os.MkdirAll(filepath.Join(root, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "logs/a.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var recs []model.Sample
	for l := 1; l <= 25; l++ { // the analysis kept 25 of the 40 records
		recs = append(recs, model.Sample{Pos: model.Pos{File: "logs/a.jsonl", Line: l}})
	}
	res := &model.Result{
		Logs: &model.LogSummary{Files: []model.LogFile{{Path: "logs/a.jsonl"}}},
		Findings: []model.Finding{{ID: "F-cccccccccccc", Control: "A.9.4", Check: "logs.z", Severity: "high", Message: "forty calls",
			Location: recs[0].Pos, Count: 40, Samples: recs[:model.MaxSamples], Records: recs}},
	}
	for _, tc := range []struct {
		n, want int
		header  string
	}{
		{0, 20, "# the first 20 of the 40 records behind the finding, by file and line,"},
		{25, 25, "# the first 25 of the 40 records behind the finding, by file and line,"},
		{3, 3, "# the first 3 of the 40 records behind the finding, by file and line,"},
	} {
		opts := testOptions()
		opts.Root, opts.Excerpts = root, tc.n
		p, err := Build(res, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, f := range p.Files {
			if f.Path == DirExcerpts+"F-cccccccccccc.txt" {
				got = string(f.Data)
			}
		}
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if len(lines) != 3+tc.want {
			t.Fatalf("n %d: excerpt has %d record lines, want %d:\n%s", tc.n, len(lines)-3, tc.want, got)
		}
		if !strings.HasPrefix(lines[2], tc.header) {
			t.Errorf("n %d: header %q, want it to start %q", tc.n, lines[2], tc.header)
		}
		for i, l := range lines[3:] {
			want := fmt.Sprintf("logs/a.jsonl:%d: {\"n\":%d}", i+1, i+1)
			if i+1 == 17 {
				want = "logs/a.jsonl:17: {\"n\":17,\"key\":\"[REDACTED:openai-api-key]\"}"
			}
			if l != want {
				t.Errorf("n %d: record line %d = %q, want %q", tc.n, i+1, l, want)
			}
		}
		if d := cmp.Diff([]Excerpt{{Finding: "F-cccccccccccc", Path: DirExcerpts + "F-cccccccccccc.txt", Records: 40, Excerpted: tc.want}}, p.Manifest.Excerpts); d != "" {
			t.Errorf("n %d: manifest excerpts (-want +got):\n%s", tc.n, d)
		}
	}
}

func TestReadLinesCutsLongLines(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "big.jsonl")
	long := strings.Repeat("x", maxExcerptLine+100)
	if err := os.WriteFile(name, []byte("a\n"+long+"\nc"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := readLines(name, map[int]bool{2: true, 3: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Repeat("x", maxExcerptLine) + " [cut at 64 KiB]"; got[2] != want {
		t.Errorf("line 2 has %d bytes, want it cut at %d", len(got[2]), maxExcerptLine)
	}
	if got[3] != "c" {
		t.Errorf("line 3 (no final newline) = %q", got[3])
	}
}
