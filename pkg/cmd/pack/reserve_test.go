package pack

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/assessment"
	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
	evpack "github.com/aims-cli/aims/pkg/pack"
)

// Issue 16: two pack runs to the same --out overlap in their assessment far
// longer than in their writes. The lock must already be held while the run
// assesses, so that a second run (here: a Reserve, as its packRun would do)
// fails with ErrBusy instead of waiting its turn and replacing the first
// run's pack with --force, both reporting "wrote".
func TestLockHeldWhileAssessing(t *testing.T) {
	for _, name := range []string{"evidence.zip", "pack-dir"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), name)
			ios, _, _, _ := iostreams.Test()
			f := &cmdutil.Factory{IO: ios, Now: func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) },
				ConfigPath: func() string { return "aims.yaml" }}
			stop := errors.New("stop after the check")
			var during error
			opts := &Options{Factory: f, Out: out, Force: true,
				Run: func(context.Context, assessment.Options) (*assessment.Output, error) {
					r, err := evpack.Reserve(out)
					if err == nil {
						r.Release()
					}
					during = err
					return nil, stop
				}}
			if err := packRun(opts); !errors.Is(err, stop) {
				t.Fatalf("packRun: %v, want the stub's error", err)
			}
			if !errors.Is(during, evpack.ErrBusy) {
				t.Errorf("a second run during the assessment: %v, want ErrBusy", during)
			}
			r, err := evpack.Reserve(out)
			if err != nil {
				t.Fatalf("after the run the lock is still held: %v", err)
			}
			r.Release()
		})
	}
}
