package validate

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func TestFlags(t *testing.T) {
	tests := []struct {
		args []string
		want Options
	}{
		{nil, Options{}},
		{[]string{"a.yaml", "b.yaml"}, Options{Paths: []string{"a.yaml", "b.yaml"}}},
		{[]string{"--strict"}, Options{Strict: true}},
		{[]string{"--strict", "agents/x.yaml"}, Options{Strict: true, Paths: []string{"agents/x.yaml"}}},
	}
	for _, tt := range tests {
		io, _, _, _ := iostreams.Test()
		f := &cmdutil.Factory{IO: io}
		var got *Options
		cmd := NewCmdValidate(f, func(o *Options) error { got = o; return nil })
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		got.Factory = nil
		if len(got.Paths) == 0 {
			got.Paths = nil // cobra gives [] for no arguments
		}
		if d := cmp.Diff(tt.want, *got); d != "" {
			t.Errorf("%v (-want +got):\n%s", tt.args, d)
		}
	}
}

func TestValidateFilesGivenAlone(t *testing.T) {
	io, _, out, errOut := iostreams.Test()
	f := &cmdutil.Factory{IO: io}
	err := validateRun(&Options{Factory: f, Paths: []string{"../../../examples/agents/reply-drafter.yaml", "../../../examples/inventory.yaml"}})
	if err != nil || errOut.Len() != 0 {
		t.Fatalf("err %v, stderr %s", err, errOut)
	}
	if out.String() != "ok: 2 file(s) valid\n" {
		t.Errorf("stdout %q", out)
	}
	err = validateRun(&Options{Factory: f, Paths: []string{"nope.yaml"}})
	if cmdutil.ExitCode(err) != cmdutil.ExitInput {
		t.Errorf("missing file: %v", err)
	}
}
