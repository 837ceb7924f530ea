package pack_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	packCmd "github.com/aims-cli/aims/pkg/cmd/pack"
	"github.com/aims-cli/aims/pkg/cmd/root"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	evpack "github.com/aims-cli/aims/pkg/pack"
	"github.com/aims-cli/aims/pkg/testenv"
)

const now = "2026-11-20T00:00:00Z"

// repoRoot walks up to go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// example copies examples/ to a temporary project (so tests may plant things in it).
func example(t *testing.T) string {
	t.Helper()
	src := filepath.Join(repoRoot(t), "examples")
	if _, err := os.Stat(filepath.Join(src, "aims.yaml")); err != nil {
		t.Fatalf("the example project is part of the repository: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "project")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dst, "aims.yaml")
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	code := root.Main(args, ios)
	return code, out.String(), errOut.String()
}

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := root.NewFactory(ios)
	f.Now = func() time.Time { return time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC) }
	cases := []struct {
		args    []string
		want    packCmd.Options
		wantErr bool
	}{
		{args: nil, want: packCmd.Options{Out: "aims-pack-2026-11-20.zip"}},
		{args: []string{"--out", "p/", "--sign-key", "k.key", "--force", "--no-logs"}, want: packCmd.Options{Out: "p/", SignKey: "k.key", Force: true, NoLogs: true}},
		{args: []string{"--no-logs", "--log", "x.jsonl"}, wantErr: true},
		{args: []string{"extra"}, wantErr: true},
	}
	for _, c := range cases {
		var got *packCmd.Options
		cmd := packCmd.NewCmdPack(f, func(o *packCmd.Options) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if (err != nil) != c.wantErr {
			t.Errorf("%v: err %v", c.args, err)
			continue
		}
		if err != nil {
			continue
		}
		if got.Out != c.want.Out || got.SignKey != c.want.SignKey || got.Force != c.want.Force || got.NoLogs != c.want.NoLogs {
			t.Errorf("%v: got %+v", c.args, got)
		}
	}
}

// TestPackVerifyExample is the acceptance path: pack the example, verify it
// with aims, sha256sum and openssl, tamper with it, pack it again.
func TestPackVerifyExample(t *testing.T) {
	testenv.Slow(t)
	cfg := example(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "k")
	if code, _, stderr := run(t, "keygen", "--out", key); code != 0 {
		t.Fatalf("keygen: %d %s", code, stderr)
	}
	zipPath := filepath.Join(dir, "p.zip")
	code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", zipPath, "--sign-key", key+".key")
	if code != 0 {
		t.Fatalf("pack: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := run(t, "verify", zipPath, "--pubkey", key+".pub")
	if code != 0 || !strings.HasPrefix(stdout, "OK: ") {
		t.Fatalf("verify: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = run(t, "verify", zipPath)
	if code != 0 || !strings.Contains(stderr, "SHA256SUMS.sig is present but not checked") {
		t.Errorf("verify without key: %d %s", code, stderr)
	}

	// The same inputs and clock give the same bytes, zip and directory.
	zip2 := filepath.Join(dir, "p2.zip")
	if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", zip2, "--sign-key", key+".key"); code != 0 {
		t.Fatalf("pack 2: %d %s", code, stderr)
	}
	a, _ := os.ReadFile(zipPath)
	b, _ := os.ReadFile(zip2)
	if !bytes.Equal(a, b) {
		t.Error("two packs of the same inputs and clock differ")
	}
	d1, d2 := filepath.Join(dir, "d1"), filepath.Join(dir, "d2")
	for _, d := range []string{d1, d2} {
		if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", d); code != 0 {
			t.Fatalf("pack dir: %d %s", code, stderr)
		}
	}
	if out, err := exec.Command("diff", "-r", d1, d2).CombinedOutput(); err != nil {
		t.Errorf("two directory packs differ: %v\n%s", err, out)
	}

	// Refuses to overwrite without --force (exit 2), replaces with it.
	if code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", zipPath); code != cmdutil.ExitInput || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite without --force: %d %s", code, stderr)
	}

	// The standard tools accept the directory pack.
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "--quiet", "SHA256SUMS")
		cmd.Dir = d1
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v %s", err, out)
		}
	}

	// Tampering: exit 1 naming the file; a missing pack: exit 2.
	target := filepath.Join(d1, "soa.csv")
	data, _ := os.ReadFile(target)
	data[len(data)/2] ^= 1
	_ = os.WriteFile(target, data, 0o644)
	code, stdout, _ = run(t, "verify", d1)
	if code != cmdutil.ExitFindings || !strings.Contains(stdout, `changed: "soa.csv"`) {
		t.Errorf("tampered: exit %d\n%s", code, stdout)
	}
	if code, _, _ := run(t, "verify", filepath.Join(dir, "nothing.zip")); code != cmdutil.ExitInput {
		t.Errorf("missing pack: exit %d", code)
	}
	if code, _, _ := run(t, "verify", dir); code != cmdutil.ExitInput {
		t.Errorf("not a pack: exit %d", code)
	}
	if code, _, _ := run(t, "verify", zipPath, "--pubkey", key+".key"); code != cmdutil.ExitInput {
		t.Errorf("private key as --pubkey: exit %d", code)
	}

	// The workbook's SoA has the 38 Annex A controls.
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var soa []byte
	for _, f := range zr.File {
		if f.Name == "soa.csv" {
			rc, _ := f.Open()
			soa, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if n := strings.Count(string(soa), "\niso42001,A."); n != 38 {
		t.Errorf("soa.csv has %d Annex A rows, want 38", n)
	}
}

// TestPlantedSecret puts a fake API key into an agent config: the pack must
// report it and must not contain it anywhere (zip members inflated, the PDF
// read with pdftotext where installed).
func TestPlantedSecret(t *testing.T) {
	cfg := example(t)
	const fake = "sk-proj-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
	agents, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg), "agents", "*.yaml"))
	if len(agents) == 0 {
		t.Fatal("the example project has no agents/*.yaml")
	}
	data, _ := os.ReadFile(agents[0])
	data = append(data, []byte("# temporary: api_key: "+fake+"\n")...)
	if err := os.WriteFile(agents[0], data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "p.zip")
	code, _, stderr := run(t, "pack", "--config", cfg, "--now", now, "--out", out)
	if code != 0 {
		t.Fatalf("pack: %d %s", code, stderr)
	}
	raw, _ := os.ReadFile(out)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var results []byte
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, part := range expand(b) {
			if bytes.Contains(part, []byte(fake)) {
				t.Errorf("%s contains the planted key", f.Name)
			}
		}
		if f.Name == "results.json" {
			results = b
		}
		if f.Name == "report.pdf" {
			if _, err := exec.LookPath("pdftotext"); err == nil {
				pdf := filepath.Join(t.TempDir(), "r.pdf")
				_ = os.WriteFile(pdf, b, 0o644)
				txt, err := exec.Command("pdftotext", pdf, "-").Output()
				if err != nil {
					t.Errorf("pdftotext: %v", err)
				}
				if bytes.Contains(txt, []byte(fake)) || bytes.Contains(txt, []byte(fake[8:30])) {
					t.Error("report.pdf text contains the planted key")
				}
			}
		}
	}
	if !bytes.Contains(results, []byte("credential")) || !bytes.Contains(results, []byte(filepath.Base(agents[0]))) {
		t.Error("the planted key is not reported as a finding at its file")
	}
}

func expand(b []byte) [][]byte {
	out := [][]byte{b}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return out
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			continue
		}
		d, _ := io.ReadAll(rc)
		rc.Close()
		out = append(out, d)
	}
	return out
}

// TestHelpNamesEveryFile: the help's list of pack files names every file
// every pack has (it lacked actions.csv).
func TestHelpNamesEveryFile(t *testing.T) {
	code, stdout, stderr := run(t, "pack", "--help")
	if code != 0 {
		t.Fatalf("pack --help: %d %s", code, stderr)
	}
	for _, name := range []string{evpack.FileReport, evpack.FileWorkbook, evpack.FileResults, evpack.FileSoA, evpack.FileActions,
		evpack.FileSARIF, evpack.FileOSCAL, evpack.FileLogs, evpack.FileManifest, evpack.FileSums, evpack.FileSignature, evpack.DirInputs,
		evpack.DirExcerpts, evpack.DirEvidence} {
		if !strings.Contains(stdout, "\n  "+name) {
			t.Errorf("pack --help does not list %s", name)
		}
	}
}

// TestExcerptsBeyondSamples: an identity with 33 records in the logs gets
// the first 20 of them in its excerpt by default (issue 13), not only its 5
// samples; aims.yaml's pack.excerpts sets N, and --excerpts beats it. Each
// excerpt line is the original line after its file:line, a credential in a
// record beyond the samples is redacted, and sha256sum -c and aims verify
// accept the pack.
func TestExcerptsBeyondSamples(t *testing.T) {
	testenv.Slow(t)
	cfg := example(t)
	dir := filepath.Dir(cfg)
	const secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"
	var lines []string
	for i := range 30 {
		input := "draft"
		if i == 11 {
			input = "key " + secret
		}
		lines = append(lines, fmt.Sprintf(`{"time":"2026-11-17T%02d:%02d:00Z","agent":"marketing-copy-bot","action":"tool.call","tool":"hubspot","operation":"post","resource":"campaigns/spring","request_id":"req-9%03d","input":%q,"output":"posted","outcome":"success"}`, 8+i/6, i%6*10, i, input))
	}
	extra := filepath.Join(dir, "logs", "extra.jsonl")
	if err := os.WriteFile(extra, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	source := map[string][]string{"logs/extra.jsonl": lines}
	if data, err := os.ReadFile(filepath.Join(dir, "logs", "agent-activity.jsonl")); err == nil {
		source["logs/agent-activity.jsonl"] = strings.Split(string(data), "\n")
	}
	pack := func(name string, args ...string) (evpack.Excerpt, []string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), name)
		args = append([]string{"pack", "--config", cfg, "--now", now, "--out", out, "--log", extra}, args...)
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		var m evpack.Manifest
		data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, e := range m.Excerpts {
			body, err := os.ReadFile(filepath.Join(out, e.Path))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(body), "marketing-copy-bot is active") {
				return e, strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")[3:], out
			}
		}
		t.Fatalf("%v: no excerpt of the marketing-copy-bot finding in %+v", args, m.Excerpts)
		return evpack.Excerpt{}, nil, ""
	}
	check := func(what string, e evpack.Excerpt, got []string, want int) {
		t.Helper()
		if e.Records != 33 || e.Excerpted != want || len(got) != want {
			t.Errorf("%s: manifest says %d records, %d excerpted; file has %d lines; want 33, %d", what, e.Records, e.Excerpted, len(got), want)
		}
		for _, l := range got {
			file, rest, _ := strings.Cut(l, ":")
			num, text, _ := strings.Cut(rest, ": ")
			n, err := strconv.Atoi(num)
			if err != nil || n < 1 || n > len(source[file]) {
				t.Errorf("%s: %q does not start with a file:line of the logs", what, l)
				continue
			}
			orig := source[file][n-1]
			if strings.Contains(orig, secret) {
				orig = strings.ReplaceAll(orig, secret, "[REDACTED:openai-api-key]")
			}
			if text != orig {
				t.Errorf("%s: %s:%d is\n%s\nin the excerpt, want the original line\n%s", what, file, n, text, orig)
			}
		}
	}

	e, got, out := pack("default")
	check("default", e, got, 20)
	if !strings.Contains(strings.Join(got, "\n"), "[REDACTED:openai-api-key]") {
		t.Error("the 15th record, which holds a credential, is not in the excerpt redacted")
	}
	if out, err := exec.Command("grep", "-r", "-l", secret, out).CombinedOutput(); err == nil {
		t.Errorf("the pack holds the credential: %s", out)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sha256sum", "-c", "--quiet", "--strict", "SHA256SUMS")
		cmd.Dir = out
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("sha256sum -c: %v %s", err, msg)
		}
	}
	if code, stdout, stderr := run(t, "verify", out); code != 0 {
		t.Errorf("verify: exit %d\n%s%s", code, stdout, stderr)
	}

	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(data, []byte("pack:\n  excerpts: 25\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	e, got, _ = pack("config")
	check("pack.excerpts 25", e, got, 25)
	e, got, _ = pack("flag", "--excerpts", "4")
	check("--excerpts 4 beats pack.excerpts", e, got, 4)
}
