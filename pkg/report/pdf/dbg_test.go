package pdf
import ("testing";"bytes";"os")
func TestDbg(t *testing.T){
	for i, n := range []string{"/tmp/a.pdf","/tmp/b.pdf"} {
		_ = i
		d, err := build(fixture(t,6), testOpts); if err!=nil {t.Fatal(err)}
		d.f.SetCompression(false)
		var b bytes.Buffer; d.f.Output(&b); os.WriteFile(n, b.Bytes(), 0o644)
	}
}
