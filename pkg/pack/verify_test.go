package pack

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/pack/packtest"
	"github.com/aims-cli/aims/pkg/testenv"
)

func writeBoth(t *testing.T, p *Pack) (dir, zipPath string) {
	t.Helper()
	root := t.TempDir()
	dir, zipPath = filepath.Join(root, "pack"), filepath.Join(root, "pack.zip")
	if err := Write(p, dir, false); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, zipPath, false); err != nil {
		t.Fatal(err)
	}
	return dir, zipPath
}

func mentions(rep *VerifyReport, name string) bool {
	for _, pr := range rep.Problems {
		if pr.Path == name {
			return true
		}
	}
	return false
}

func TestVerifyGood(t *testing.T) {
	key, _, pubPEM := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 10}, key)
	dir, zp := writeBoth(t, p)
	for _, path := range []string{dir, zp} {
		rep, err := Verify(path, pubPEM)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() || !rep.SignatureChecked || rep.Files != len(p.Files)-2 {
			t.Errorf("%s: %+v", path, rep)
		}
		rep, err = Verify(path, nil)
		if err != nil || !rep.OK() || len(rep.Notes) != 1 || rep.SignatureChecked {
			t.Errorf("%s without key: %v %+v", path, err, rep)
		}
	}
	// Another key: bad signature.
	_, _, otherPub, _ := func() (any, any, []byte, error) {
		_, pub, err := GenerateKey(bytes.NewReader(bytes.Repeat([]byte{9}, 64)))
		return nil, nil, pub, err
	}()
	rep, err := Verify(dir, otherPub)
	if err != nil || rep.OK() || !mentions(rep, FileSignature) {
		t.Errorf("other key: %v %+v", err, rep)
	}
	// A key but no signature.
	unsigned := buildPack(t, packtest.Options{Agents: 1}, nil)
	udir, _ := writeBoth(t, unsigned)
	rep, err = Verify(udir, pubPEM)
	if err != nil || rep.OK() || !mentions(rep, FileSignature) {
		t.Errorf("unsigned with key: %v %+v", err, rep)
	}
}

func TestVerifyNotAPack(t *testing.T) {
	dir := t.TempDir()
	if _, err := Verify(filepath.Join(dir, "nope"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: %v", err)
	}
	if _, err := Verify(dir, nil); !errors.Is(err, ErrNotPack) {
		t.Errorf("empty dir: %v", err)
	}
	f := filepath.Join(dir, "x.zip")
	_ = os.WriteFile(f, []byte("not a zip"), 0o644)
	if _, err := Verify(f, nil); !errors.Is(err, ErrNotPack) {
		t.Errorf("not a zip: %v", err)
	}
	if _, err := Verify(dir, []byte("bad key")); err == nil {
		t.Error("bad key accepted")
	}
}

// TestVerifyTamperDir flips one byte of every file in turn, and adds and
// deletes files: each time Verify must fail and name the file.
func TestVerifyTamperDir(t *testing.T) {
	testenv.Slow(t)
	key, _, pubPEM := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 2, Logs: true, EventsPerAgent: 10}, key)
	for _, f := range p.Files {
		for _, at := range []int{0, len(f.Data) / 2, len(f.Data) - 1} {
			dir, _ := writeBoth(t, p)
			name := filepath.Join(dir, filepath.FromSlash(f.Path))
			data, _ := os.ReadFile(name)
			data[at] ^= 0x20
			_ = os.WriteFile(name, data, 0o644)
			rep, err := Verify(dir, pubPEM)
			if err != nil {
				t.Fatalf("%s@%d: %v", f.Path, at, err)
			}
			if rep.OK() || !mentions(rep, f.Path) {
				t.Errorf("flip in %s@%d: %v", f.Path, at, rep.Problems)
			}
		}
	}
	dir, _ := writeBoth(t, p)
	_ = os.WriteFile(filepath.Join(dir, "inputs", "extra.yaml"), []byte("x"), 0o644)
	rep, _ := Verify(dir, pubPEM)
	if rep.OK() || !mentions(rep, "inputs/extra.yaml") {
		t.Errorf("added file: %v", rep.Problems)
	}
	for _, f := range p.Files {
		dir, _ := writeBoth(t, p)
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(f.Path)))
		rep, err := Verify(dir, pubPEM)
		if f.Path == FileSums && err == nil && rep.OK() {
			t.Errorf("deleting SHA256SUMS passed")
		}
		if err != nil {
			t.Fatalf("delete %s: %v", f.Path, err)
		}
		if rep.OK() || !mentions(rep, f.Path) {
			t.Errorf("deleted %s: %v", f.Path, rep.Problems)
		}
	}
}

// rezip rewrites a zip pack with edit applied to its entries.
func rezip(t *testing.T, src string, edit func(name string, data []byte) (string, []byte, bool)) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var data bytes.Buffer
		_, _ = data.ReadFrom(rc)
		rc.Close()
		name, d, keep := edit(f.Name, data.Bytes())
		if !keep {
			continue
		}
		w, _ := zw.Create(name)
		_, _ = w.Write(d)
	}
	if name, d, add := edit("", nil); add {
		w, _ := zw.Create(name)
		_, _ = w.Write(d)
	}
	_ = zw.Close()
	out := filepath.Join(t.TempDir(), "t.zip")
	_ = os.WriteFile(out, b.Bytes(), 0o644)
	return out
}

func TestVerifyTamperZip(t *testing.T) {
	key, _, pubPEM := testKey(t)
	p := buildPack(t, packtest.Options{Agents: 2}, key)
	_, zp := writeBoth(t, p)
	for _, f := range p.Files {
		out := rezip(t, zp, func(name string, data []byte) (string, []byte, bool) {
			if name == f.Path {
				data = append([]byte{}, data...)
				data[len(data)/2] ^= 1
			}
			return name, data, name != ""
		})
		rep, err := Verify(out, pubPEM)
		if err != nil || rep.OK() || !mentions(rep, f.Path) {
			t.Errorf("flip in zip member %s: %v %v", f.Path, err, rep)
		}
		out = rezip(t, zp, func(name string, data []byte) (string, []byte, bool) {
			return name, data, name != "" && name != f.Path
		})
		rep, err = Verify(out, pubPEM)
		if err != nil || rep.OK() || !mentions(rep, f.Path) {
			t.Errorf("zip without %s: %v %v", f.Path, err, rep)
		}
	}
	out := rezip(t, zp, func(name string, data []byte) (string, []byte, bool) {
		if name == "" {
			return "notes.txt", []byte("hi"), true
		}
		return name, data, true
	})
	rep, err := Verify(out, pubPEM)
	if err != nil || rep.OK() || !mentions(rep, "notes.txt") {
		t.Errorf("zip with an added file: %v %v", err, rep)
	}
	// Flipping raw bytes of the zip file itself is caught too.
	raw, _ := os.ReadFile(zp)
	for _, at := range []int{100, len(raw) / 2} {
		bad := append([]byte{}, raw...)
		bad[at] ^= 0xff
		f := filepath.Join(t.TempDir(), "raw.zip")
		_ = os.WriteFile(f, bad, 0o644)
		rep, err := Verify(f, pubPEM)
		if err == nil && rep.OK() {
			t.Errorf("raw flip at %d passed", at)
		}
	}
}

// TestZipSlip checks that entries escaping the pack are refused and that
// nothing is written anywhere.
func TestZipSlip(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 1}, nil)
	_, zp := writeBoth(t, p)
	cases := []struct {
		name string
		hdr  *zip.FileHeader
	}{
		{"dotdot", &zip.FileHeader{Name: "../../evil.txt"}},
		{"inner dotdot", &zip.FileHeader{Name: "inputs/../../evil.txt"}},
		{"absolute", &zip.FileHeader{Name: "/tmp/evil.txt"}},
		{"windows", &zip.FileHeader{Name: `..\evil.txt`}},
		{"drive", &zip.FileHeader{Name: "C:/evil.txt"}},
		{"symlink", func() *zip.FileHeader {
			h := &zip.FileHeader{Name: "link"}
			h.SetMode(fs.ModeSymlink | 0o777)
			return h
		}()},
		{"duplicate", &zip.FileHeader{Name: "results.json"}},
		{"case duplicate", &zip.FileHeader{Name: "RESULTS.json"}},
	}
	cwd, _ := os.Getwd()
	before, _ := os.ReadDir(filepath.Dir(cwd))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			zr, _ := zip.OpenReader(zp)
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			for _, f := range zr.File {
				w, _ := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
				rc, _ := f.Open()
				var d bytes.Buffer
				_, _ = d.ReadFrom(rc)
				rc.Close()
				_, _ = w.Write(d.Bytes())
			}
			zr.Close()
			w, err := zw.CreateHeader(c.hdr)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = w.Write([]byte("/etc/passwd"))
			_ = zw.Close()
			out := filepath.Join(t.TempDir(), "slip.zip")
			_ = os.WriteFile(out, b.Bytes(), 0o644)
			rep, err := Verify(out, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !mentions(rep, c.hdr.Name) {
				t.Errorf("not refused: %+v", rep.Problems)
			}
		})
	}
	after, _ := os.ReadDir(filepath.Dir(cwd))
	if len(after) != len(before) {
		t.Error("verify wrote something next to the package directory")
	}
}

func TestVerifyDirSymlink(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 1}, nil)
	dir, _ := writeBoth(t, p)
	outside := filepath.Join(t.TempDir(), "secret.txt")
	_ = os.WriteFile(outside, []byte("secret"), 0o644)
	target := filepath.Join(dir, "inputs", "aims.yaml")
	_ = os.Remove(target)
	if err := os.Symlink(outside, target); err != nil {
		t.Fatal("symlink:", err)
	}
	rep, err := Verify(dir, nil)
	if err != nil || rep.OK() || !mentions(rep, "inputs/aims.yaml") {
		t.Fatalf("%v %+v", err, rep)
	}
	for _, pr := range rep.Problems {
		if pr.Path == "inputs/aims.yaml" && pr.Kind != ProblemUnsafe && pr.Kind != ProblemMissing {
			t.Errorf("link outside reported as %s", pr.Kind)
		}
	}
}

func TestParseSums(t *testing.T) {
	h := strings.Repeat("a", 64)
	rep := &VerifyReport{}
	got := parseSums([]byte(h+"  a.txt\n"+h+" *b.txt\r\n\nshort\n"+strings.Repeat("z", 64)+"  c\n"+h+"  ../x\n"+h+"  a.txt\n"), rep)
	if len(got) != 2 || got["a.txt"] != h || got["b.txt"] != h {
		t.Errorf("parsed %v", got)
	}
	if len(rep.Problems) != 4 {
		t.Errorf("problems: %v", rep.Problems)
	}
}

// hostileEntryNames are names a hostile pack carries (issue 16): escapes,
// a forged status line, drive and backslash paths, a NUL, a case twin.
var hostileEntryNames = []string{"../x", "/etc/x", "C:\\x", "a\\..\\..\\x", "x\x00.pdf",
	"x\n\x1b[32mOK: 3 files verified\x1b[0m", "\u202etxt.exe", "A.TXT", "inputs/../../x"}

func FuzzParseSums(f *testing.F) {
	p := buildPack(f, packtest.Options{Agents: 1}, nil)
	f.Add(p.File(FileSums).Data)
	f.Add([]byte("x  y\n"))
	for _, name := range hostileEntryNames {
		f.Add([]byte("0000000000000000000000000000000000000000000000000000000000000000  " + name + "\n"))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := &VerifyReport{}
		for name := range parseSums(data, rep) {
			if _, err := cleanRel(name); err != nil {
				t.Errorf("accepted unsafe name %q", name)
			}
		}
	})
}

func FuzzVerifyZip(f *testing.F) {
	// A small pack: the fuzzer slows to a crawl on inputs of 100 kB.
	files := map[string][]byte{"a.txt": []byte("a\n"), "inputs/b.yaml": []byte("b: 1\n")}
	files[FileSums] = Sums(files)
	p := &Pack{}
	for _, name := range sortedNames(files) {
		p.Files = append(p.Files, File{Path: name, Data: files[name]})
	}
	var b bytes.Buffer
	if err := WriteZip(&b, p); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	// Issue 16: each hostile entry name beside the listed files, and a link.
	for _, name := range hostileEntryNames {
		var h bytes.Buffer
		zw := zip.NewWriter(&h)
		for _, fl := range p.Files {
			w, _ := zw.Create(fl.Path)
			_, _ = w.Write(fl.Data)
		}
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte("x"))
		hdr := &zip.FileHeader{Name: "link"}
		hdr.SetMode(os.ModeSymlink | 0o777)
		w, _ = zw.CreateHeader(hdr)
		_, _ = w.Write([]byte("../../etc/passwd"))
		_ = zw.Close()
		f.Add(h.Bytes())
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.zip")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Verify(path, nil)
		if err == nil && rep.OK() && !bytes.Equal(data, b.Bytes()) && len(data) < 100 {
			t.Errorf("a tiny zip verified")
		}
	})
}

// TestVerifyOverlappingEntries: two central-directory entries pointing at
// one compressed stream (the overlapping-file construction of zip bombs,
// which unzip 6.0 refuses as "invalid zip file with overlapped components")
// are refused by name, neither is inflated, and the pack does not verify.
func TestVerifyOverlappingEntries(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"a.txt", "b.txt"} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		_, _ = w.Write(bytes.Repeat([]byte(name), 1000))
	}
	w, _ := zw.Create(FileSums)
	_, _ = w.Write([]byte("0000000000000000000000000000000000000000000000000000000000000000  a.txt\n"))
	_ = zw.Close()
	data := b.Bytes()
	// Point the second central-directory record (b.txt) at a.txt's local
	// header: offset field at +42 of the 0x02014b50 record (APPNOTE 4.3.12).
	sig := []byte{0x50, 0x4b, 0x01, 0x02}
	first := bytes.Index(data, sig)
	second := first + 1 + bytes.Index(data[first+1:], sig)
	copy(data[second+42:second+46], data[first+42:first+46])
	out := filepath.Join(t.TempDir(), "overlap.zip")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Verify(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	var refused []string
	for _, p := range rep.Problems {
		if p.Kind == ProblemUnsafe && strings.Contains(p.Detail, "overlaps") {
			refused = append(refused, p.Path)
		}
	}
	if d := cmp.Diff([]string{"a.txt", "b.txt"}, refused); d != "" || rep.OK() {
		t.Errorf("overlapping entries refused (-want +got):\n%s\n%+v", d, rep.Problems)
	}
}

// TestVerifyUnlistedNotInflated: an entry neither list names is reported as
// added with its declared size and never inflated (a 256 MiB run of zeros,
// about 256 KiB compressed, costs verify nothing).
func TestVerifyUnlistedNotInflated(t *testing.T) {
	p := buildPack(t, packtest.Options{Agents: 1}, nil)
	var b bytes.Buffer
	if err := WriteZip(&b, p); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "extra/bomb.bin", Method: zip.Deflate})
	zero := make([]byte, 1<<20)
	for i := 0; i < 256; i++ {
		_, _ = w.Write(zero)
	}
	_ = zw.Close()
	path := filepath.Join(t.TempDir(), "extra.zip")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	rep, err := Verify(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("verify took %v: the unlisted entry was inflated", el)
	}
	want := []Problem{
		{Kind: ProblemAdded, Path: "extra/bomb.bin", Detail: "not listed in SHA256SUMS (268435456 bytes declared; not inflated)"},
	}
	if d := cmp.Diff(want, rep.Problems); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// FuzzParsePublicKey: --pubkey is outside input; any bytes give a key or an
// error, never a panic, and a key that parses is 32 bytes (RFC 8410).
func FuzzParsePublicKey(f *testing.F) {
	_, priv, pub := testKey(f)
	f.Add(pub)
	f.Add(priv)
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"))
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\n\x1b[2J\n-----END PRIVATE KEY-----\n"))
	f.Add([]byte("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParsePublicKey(data)
		if err == nil && len(k) != 32 {
			t.Fatalf("key of %d bytes from %q", len(k), data)
		}
	})
}
