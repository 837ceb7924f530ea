package verify

import (
	"io"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func TestFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := &cmdutil.Factory{IO: ios}
	cases := []struct {
		args    []string
		want    Options
		wantErr bool
	}{
		{args: []string{"p.zip"}, want: Options{Pack: "p.zip"}},
		{args: []string{"dir", "--pubkey", "k.pub"}, want: Options{Pack: "dir", PubKey: "k.pub"}},
		{args: nil, wantErr: true},
		{args: []string{"a", "b"}, wantErr: true},
	}
	for _, c := range cases {
		var got *Options
		cmd := NewCmdVerify(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(c.args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		err := cmd.Execute()
		if (err != nil) != c.wantErr {
			t.Errorf("%v: %v", c.args, err)
			continue
		}
		if err == nil && (got.Pack != c.want.Pack || got.PubKey != c.want.PubKey) {
			t.Errorf("%v: %+v", c.args, got)
		}
	}
}

func TestMissing(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	err := verifyRun(&Options{Factory: &cmdutil.Factory{IO: ios}, Pack: t.TempDir() + "/none"})
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("missing pack: %v", err)
	}
	err = verifyRun(&Options{Factory: &cmdutil.Factory{IO: ios}, Pack: t.TempDir(), PubKey: t.TempDir() + "/no.pub"})
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("missing key: %v", err)
	}
}
