package pack

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
	"github.com/aims-cli/aims/pkg/pack/packtest"
	"github.com/aims-cli/aims/pkg/report"
	"github.com/aims-cli/aims/pkg/report/oscal"
	"github.com/aims-cli/aims/pkg/report/xlsx"
	"github.com/aims-cli/aims/pkg/testenv"
)

// textPDF stands in for the PDF writer (another package's): it writes every
// string of the result it is given, so a credential the redaction missed
// would show up in it, uncompressed.
func textPDF(w io.Writer, res *model.Result, inputsDigest string) error {
	fmt.Fprintf(w, "%%PDF-stand-in\ninputs digest %s\n", inputsDigest)
	return json.NewEncoder(w).Encode(res)
}

func jsonSARIF(w io.Writer, res *model.Result) error {
	return json.NewEncoder(w).Encode(map[string]any{"version": "2.1.0", "findings": res.Findings})
}

// testEntries are the pack's written files: the real OSCAL, workbook, CSV
// and logs writers, and the stand-ins above for the PDF and SARIF.
func testEntries() []Entry {
	return []Entry{
		{FileReport, func(w io.Writer, v *View) error { return textPDF(w, v.Result, v.InputsDigest) }},
		{FileSARIF, func(w io.Writer, v *View) error { return jsonSARIF(w, v.Result) }},
		{FileOSCAL, func(w io.Writer, v *View) error {
			return oscal.Write(w, v.Result, oscal.Options{CatalogueHref: v.CatalogueHref})
		}},
		{FileWorkbook, func(w io.Writer, v *View) error {
			return xlsx.Write(w, v.Result, xlsx.Options{Actions: v.Actions, Evidence: v.Evidence, SoA: v.SoAMeta})
		}},
		{FileSoA, func(w io.Writer, v *View) error { return report.WriteSoA(w, v.SoA) }},
		{FileActions, func(w io.Writer, v *View) error { return report.WriteActions(w, v.Actions) }},
		{FileLogs, func(w io.Writer, v *View) error {
			return report.WriteLogsJSON(w, v.Result.Logs)
		}},
	}
}

func testOptions() Options {
	return Options{Catalogues: packtest.Catalogues(), Entries: testEntries()}
}

func buildPack(t testing.TB, fo packtest.Options, key ed25519.PrivateKey) *Pack {
	t.Helper()
	res, proj := packtest.Result(fo)
	opts := testOptions()
	opts.SignKey = key
	p, err := Build(res, proj, opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testKey(t testing.TB) (ed25519.PrivateKey, []byte, []byte) {
	t.Helper()
	privPEM, pubPEM, err := GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)))
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	return priv, privPEM, pubPEM
}

func names(p *Pack) []string {
	var out []string
	for _, f := range p.Files {
		out = append(out, f.Path)
	}
	return out
}

func TestBuildLayout(t *testing.T) {
	key, _, _ := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 100}, key)
	want := []string{
		"SHA256SUMS", "SHA256SUMS.sig", "actions.csv", "evidence.xlsx", "findings.sarif",
		"inputs/agents/agent-0000.yaml", "inputs/agents/agent-0001.yaml", "inputs/aims.yaml",
		"inputs/catalogues/iso42001.json", "inputs/inventory.yaml",
		"logs/summary.json", "manifest.json", "oscal/assessment-results.json", "report.pdf", "results.json", "soa.csv",
	}
	if d := cmp.Diff(want, names(p)); d != "" {
		t.Fatalf("files (-want +got):\n%s", d)
	}

	// SHA256SUMS covers every other file, sorted, in coreutils format.
	sums := string(p.File(FileSums).Data)
	var lines []string
	for _, f := range p.Files {
		if f.Path == FileSums || f.Path == FileSignature {
			continue
		}
		s := sha256.Sum256(f.Data)
		lines = append(lines, hex.EncodeToString(s[:])+"  "+f.Path)
	}
	if d := cmp.Diff(strings.Join(lines, "\n")+"\n", sums); d != "" {
		t.Errorf("SHA256SUMS (-want +got):\n%s", d)
	}

	var m Manifest
	if err := json.Unmarshal(p.File(FileManifest).Data, &m); err != nil {
		t.Fatal(err)
	}
	if m.SchemaVersion != ManifestSchemaVersion || !m.GeneratedAt.Equal(packtest.Now) || m.Organization != "Example Bank plc" {
		t.Errorf("manifest header: %+v", m)
	}
	if len(m.Files) != len(p.Files)-3 {
		t.Errorf("manifest lists %d files, want %d", len(m.Files), len(p.Files)-3)
	}
	var inputLines bytes.Buffer
	for _, l := range lines {
		if strings.Contains(l, "  inputs/") {
			inputLines.WriteString(l + "\n")
		}
	}
	ds := sha256.Sum256(inputLines.Bytes())
	if got := hex.EncodeToString(ds[:]); m.InputsDigest != got {
		t.Errorf("inputs_digest %s, want %s (grep '  inputs/' SHA256SUMS | sha256sum)", m.InputsDigest, got)
	}
	if !strings.Contains(string(p.File(FileReport).Data), m.InputsDigest) {
		t.Error("the PDF writer was not given the inputs digest")
	}
	if len(m.OriginalInputs) != 4 || m.OriginalInputs[0].Path != "agents/agent-0000.yaml" {
		t.Errorf("original inputs: %+v", m.OriginalInputs)
	}
	if m.Signature == nil || m.Signature.Algorithm != "ed25519" {
		t.Errorf("signature info: %+v", m.Signature)
	}
	if len(m.Logs) != 1 {
		t.Errorf("log inputs: %+v", m.Logs)
	}
	if !ed25519.Verify(key.Public().(ed25519.PublicKey), []byte(sums), p.File(FileSignature).Data) {
		t.Error("signature does not verify")
	}
}

func TestLogsSummary(t *testing.T) {
	for _, logs := range []bool{false, true} {
		p := buildPack(t, packtest.Options{Agents: 1, Logs: logs, EventsPerAgent: 10}, nil)
		data := p.File(FileLogs).Data
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc["analysed"] != logs {
			t.Errorf("logs=%v: analysed = %v", logs, doc["analysed"])
		}
		if !logs && (doc["note"] == nil || strings.TrimSpace(string(data)) == "null") {
			t.Errorf("no-logs summary says nothing: %s", data)
		}
		// One shape with logs analyze's JSON (report.LogsDocument): the
		// summary's fields at the top level.
		if logs && (doc["events"] == nil || doc["files"] == nil || doc["schemaVersion"] != report.LogsSchemaVersion) {
			t.Errorf("logs summary missing: %s", data)
		}
		if p.File(FileSignature) != nil {
			t.Error("unsigned pack has a signature")
		}
	}
}

func TestDeterminism(t *testing.T) {
	key, _, _ := testKey(t)
	fo := packtest.Options{Agents: 5, Logs: true, EventsPerAgent: 1000, History: true, Secret: true, Injection: true}
	a, b := buildPack(t, fo, key), buildPack(t, fo, key)
	if d := cmp.Diff(names(a), names(b)); d != "" {
		t.Fatal(d)
	}
	for i := range a.Files {
		if !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("%s differs between two builds", a.Files[i].Path)
		}
	}
	dir := t.TempDir()
	for _, out := range []string{"a.zip", "b.zip", "a", "b"} {
		p := a
		if strings.HasPrefix(out, "b") {
			p = b
		}
		if err := Write(p, filepath.Join(dir, out), false); err != nil {
			t.Fatal(err)
		}
	}
	za, _ := os.ReadFile(filepath.Join(dir, "a.zip"))
	zb, _ := os.ReadFile(filepath.Join(dir, "b.zip"))
	if !bytes.Equal(za, zb) {
		t.Error("two zips of the same inputs differ")
	}
	for _, f := range a.Files {
		x, err1 := os.ReadFile(filepath.Join(dir, "a", f.Path))
		y, err2 := os.ReadFile(filepath.Join(dir, "b", f.Path))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) || !bytes.Equal(x, f.Data) {
			t.Errorf("directory file %s differs (%v, %v)", f.Path, err1, err2)
		}
	}
	// The zip has fixed times, fixed modes and no extra fields.
	zr, err := zip.NewReader(bytes.NewReader(za), int64(len(za)))
	if err != nil {
		t.Fatal(err)
	}
	var zn []string
	for _, f := range zr.File {
		zn = append(zn, f.Name)
		if len(f.Extra) != 0 || f.Mode().Perm() != 0o644 || f.Method != zip.Deflate || !f.Modified.Equal(packtest.Now) {
			t.Errorf("%s: extra %d, mode %v, method %d, time %v", f.Name, len(f.Extra), f.Mode(), f.Method, f.Modified)
		}
	}
	if !sort.StringsAreSorted(zn) {
		t.Errorf("zip entries not sorted: %v", zn)
	}
}

func TestZipTimeWithoutClock(t *testing.T) {
	p := &Pack{Files: []File{{Path: "a.txt", Data: []byte("a")}}}
	var b bytes.Buffer
	if err := WriteZip(&b, p); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if got := zr.File[0].Modified; !got.Equal(zipEpoch) {
		t.Errorf("zero clock gave %v, want 1980-01-01", got)
	}
}

// TestStandardTools checks a pack with sha256sum and openssl alone, as an auditor would.
func TestStandardTools(t *testing.T) {
	key, _, pubPEM := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 3, Logs: true, EventsPerAgent: 50}, key)
	dir := filepath.Join(t.TempDir(), "pack")
	if err := Write(p, dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Log("sha256sum not installed; skipping that check")
	} else {
		cmd := exec.Command("sha256sum", "--strict", "-c", FileSums)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v\n%s", err, out)
		}
		// inputs_digest is reproducible with a pipe.
		sh := exec.Command("sh", "-c", "grep '  inputs/' SHA256SUMS | sha256sum")
		sh.Dir = dir
		out, err := sh.Output()
		if err != nil || !strings.HasPrefix(string(out), p.Manifest.InputsDigest) {
			t.Errorf("grep | sha256sum = %q (%v), manifest says %s", out, err, p.Manifest.InputsDigest)
		}
	}
	testenv.Tool(t, "openssl", "openssl")
	pubFile := filepath.Join(t.TempDir(), "k.pub")
	if err := os.WriteFile(pubFile, pubPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	verify := func() ([]byte, error) {
		cmd := exec.Command("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pubFile, "-rawin", "-in", FileSums, "-sigfile", FileSignature)
		cmd.Dir = dir
		return cmd.CombinedOutput()
	}
	if out, err := verify(); err != nil {
		t.Fatalf("openssl pkeyutl -verify: %v\n%s", err, out)
	}
	// And it must reject a changed SHA256SUMS.
	sums := filepath.Join(dir, FileSums)
	data, _ := os.ReadFile(sums)
	data[0] ^= 1
	_ = os.WriteFile(sums, data, 0o644)
	if out, err := verify(); err == nil {
		t.Errorf("openssl accepted a changed SHA256SUMS:\n%s", out)
	}
}

func TestKeysInteroperate(t *testing.T) {
	testenv.Tool(t, "openssl", "openssl")
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "o.key")
	if out, err := exec.Command("openssl", "genpkey", "-algorithm", "ed25519", "-out", keyFile).CombinedOutput(); err != nil {
		t.Fatalf("openssl genpkey ed25519: %v %s", err, out)
	}
	data, _ := os.ReadFile(keyFile)
	if _, err := ParsePrivateKey(data); err != nil {
		t.Errorf("an openssl ed25519 key does not parse: %v", err)
	}
	pub, err := exec.Command("openssl", "pkey", "-in", keyFile, "-pubout").Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePublicKey(pub); err != nil {
		t.Errorf("an openssl ed25519 public key does not parse: %v", err)
	}
	for _, bad := range []string{"", "hello", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"} {
		if _, err := ParsePrivateKey([]byte(bad)); err == nil {
			t.Errorf("ParsePrivateKey(%q) accepted", bad)
		}
		if _, err := ParsePublicKey([]byte(bad)); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
}

// TestNoSecretInPack plants a credential in a parsed value (an agent's
// purpose) and looks for it in every byte of the pack, zip members inflated.
func TestNoSecretInPack(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 3, Logs: true, EventsPerAgent: 10, Secret: true}, nil)
	var zipped bytes.Buffer
	if err := WriteZip(&zipped, p); err != nil {
		t.Fatal(err)
	}
	all := map[string][]byte{"pack.zip": zipped.Bytes()}
	for _, f := range p.Files {
		all[f.Path] = f.Data
	}
	for name, data := range all {
		for _, b := range expand(t, name, data) {
			if bytes.Contains(b, []byte(packtest.FakeKey)) || bytes.Contains(b, []byte(packtest.FakeKey[8:24])) {
				t.Errorf("%s contains the planted credential", name)
			}
		}
	}
	if !bytes.Contains(p.File(FileResults).Data, []byte("[REDACTED:openai-api-key]")) {
		t.Error("results.json does not show the redaction")
	}
	if p.Manifest.Redactions != 1 {
		t.Errorf("manifest redactions = %d", p.Manifest.Redactions)
	}
	// Redaction works on a copy: the caller's result is untouched.
	res, proj := packtest.Result(packtest.Options{Agents: 1, Secret: true})
	if _, err := Build(res, proj, testOptions()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Agents[0].Agent.Purpose, packtest.FakeKey) {
		t.Error("Build changed the caller's result")
	}
}

// expand returns data and, for a zip, every member inflated (recursively).
func expand(t testing.TB, name string, data []byte) [][]byte {
	out := [][]byte{data}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s/%s: %v", name, f.Name, err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, expand(t, name+"/"+f.Name, b)...)
	}
	return out
}

func TestRedactResultKeepsNil(t *testing.T) {
	res, _ := packtest.Result(packtest.Options{Agents: 1})
	r := RedactResult(res, strings.ToUpper)
	if r.Agents[0].Agent.Tools[1].Operations != nil || r.Agents[0].Agent.Tools[2].Operations == nil {
		t.Error("nil vs empty operations not kept")
	}
	if r.Organization != "EXAMPLE BANK PLC" || !r.GeneratedAt.Equal(res.GeneratedAt) || r.Period.From.String() != "2026-01-01" {
		t.Errorf("copy: %q %v %v", r.Organization, r.GeneratedAt, r.Period)
	}
	if res.Organization != "Example Bank plc" {
		t.Error("original changed")
	}
}

func TestWriteRefusesOverwrite(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 1}, nil)
	dir := t.TempDir()
	for _, name := range []string{"p.zip", "p"} {
		out := filepath.Join(dir, name)
		if err := Write(p, out, false); err != nil {
			t.Fatal(err)
		}
		if err := Write(p, out, false); !errors.Is(err, ErrExists) {
			t.Errorf("%s: second write without force: %v", name, err)
		}
		if err := Write(p, out, true); err != nil {
			t.Errorf("%s: write with force: %v", name, err)
		}
		if rep, err := Verify(out, nil); err != nil || !rep.OK() {
			t.Errorf("%s after force: %v %+v", name, err, rep)
		}
	}
	// A directory that is not a pack is never replaced, even with force.
	other := filepath.Join(dir, "home")
	_ = os.MkdirAll(other, 0o755)
	_ = os.WriteFile(filepath.Join(other, "precious.txt"), []byte("x"), 0o644)
	if err := Write(p, other, true); err == nil {
		t.Error("replaced a directory that is not a pack")
	}
	if _, err := os.Stat(filepath.Join(other, "precious.txt")); err != nil {
		t.Error("the other directory was touched")
	}
	// No temporary leftovers.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left over: %s", e.Name())
		}
	}
}

func TestBuildErrors(t *testing.T) {
	res, proj := packtest.Result(packtest.Options{Agents: 1})
	if _, err := Build(nil, proj, testOptions()); err == nil {
		t.Error("nil result accepted")
	}
	if _, err := Build(res, proj, Options{}); err == nil {
		t.Error("missing writers accepted")
	}
	// Every file the contract promises needs its writer.
	short := testOptions()
	short.Entries = short.Entries[1:]
	if _, err := Build(res, proj, short); err == nil || !strings.Contains(err.Error(), "no writer for report.pdf") {
		t.Errorf("a pack without report.pdf: %v", err)
	}
	proj.Sources[0].Path = "../etc/passwd"
	if _, err := Build(res, proj, testOptions()); err == nil {
		t.Error("an input path leaving the root was accepted")
	}
	res2, proj2 := packtest.Result(packtest.Options{Agents: 1})
	failing := testOptions()
	failing.Entries[0].Write = func(io.Writer, *View) error { return errors.New("boom") }
	if _, err := Build(res2, proj2, failing); err == nil || !strings.Contains(err.Error(), "report.pdf") {
		t.Errorf("writer error not reported with its file: %v", err)
	}
}

// actions.csv is the 10.2 register: one open row per finding, in finding order.
func TestActionsCSVOneRowPerFinding(t *testing.T) {
	key, _, _ := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 100}, key)
	var res model.Result
	if err := json.Unmarshal(p.File(FileResults).Data, &res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(p.File(FileActions).Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("fixture has no findings")
	}
	if len(rows) != len(res.Findings)+1 {
		t.Fatalf("actions.csv has %d rows, want header + %d findings", len(rows), len(res.Findings))
	}
	for i, f := range res.Findings {
		r := rows[i+1]
		if r[0] != f.ID || r[1] != f.Control || r[2] != f.Severity || r[9] != "open" || r[7] == "" {
			t.Errorf("row %d = %q, want finding %s %s %s open with a due date", i+1, r, f.ID, f.Control, f.Severity)
		}
	}
}
