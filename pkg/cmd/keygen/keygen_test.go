package keygen

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	evpack "github.com/aims-cli/aims/pkg/pack"
)

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios}
	for _, c := range []struct {
		args    []string
		out     string
		force   bool
		wantErr bool
	}{
		{nil, "aims", false, false},
		{[]string{"--out", "keys/x", "--force"}, "keys/x", true, false},
		{[]string{"--out", ""}, "", false, true},
		{[]string{"extra"}, "", false, true},
	} {
		var got *Options
		cmd := NewCmdKeygen(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if (err != nil) != c.wantErr {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if err == nil && (got.Out != c.out || got.Force != c.force) {
			t.Errorf("%v: %+v", c.args, got)
		}
	}
}

func TestKeygen(t *testing.T) {
	ios, _, out, _ := iostreams.Test()
	prefix := filepath.Join(t.TempDir(), "k")
	opts := &Options{Factory: &cmdutil.Factory{IO: ios}, Out: prefix, Rand: bytes.NewReader(bytes.Repeat([]byte{1}, 64))}
	if err := keygenRun(opts); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(prefix + ".key")
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode: %v %v", st.Mode(), err)
	}
	priv, _ := os.ReadFile(prefix + ".key")
	pub, _ := os.ReadFile(prefix + ".pub")
	if _, err := evpack.ParsePrivateKey(priv); err != nil {
		t.Error(err)
	}
	if _, err := evpack.ParsePublicKey(pub); err != nil {
		t.Error(err)
	}
	if !strings.Contains(out.String(), "k.pub") {
		t.Errorf("output: %s", out)
	}
	// A second run refuses (exit 2) and leaves the key alone; --force replaces it.
	opts.Rand = bytes.NewReader(bytes.Repeat([]byte{2}, 64))
	if err := keygenRun(opts); cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("overwrite: %v", err)
	}
	if again, _ := os.ReadFile(prefix + ".key"); !bytes.Equal(again, priv) {
		t.Error("the key was replaced without --force")
	}
	opts.Force = true
	if err := keygenRun(opts); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(prefix + ".key"); bytes.Equal(again, priv) {
		t.Error("--force did not replace the key")
	}
}
