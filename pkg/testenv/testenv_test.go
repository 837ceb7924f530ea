package testenv

import (
	"os"
	"testing"
)

// In CI a missing requirement must fail, never skip: run Require in a
// subtest-like TB and look at what it did.
func TestRequireFailsInCI(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		func() {
			defer func() { recover() }() // Skip and Fatalf end the goroutine via runtime.Goexit in real tests
			Require(r, "thing %d missing", 1)
		}()
		if ci == "true" && (!r.failed || r.skipped) {
			t.Errorf("CI=true: failed=%v skipped=%v, want a failure", r.failed, r.skipped)
		}
		if ci == "" && (r.failed || !r.skipped) {
			t.Errorf("CI unset: failed=%v skipped=%v, want a skip", r.failed, r.skipped)
		}
	}
}

func TestSharedFindsTheFolderOrSaysWhy(t *testing.T) {
	os.Unsetenv("CI")
	r := &recorder{TB: t}
	func() {
		defer func() { recover() }()
		Shared(r, "no-such-file-in-shared")
	}()
	if !r.skipped || r.msg == "" {
		t.Errorf("a missing shared file must skip outside CI with a reason; got %+v", r)
	}
}

// recorder records Skip and Fatal instead of ending the test; both panic to
// stop the caller the way the real ones stop the test goroutine.
type recorder struct {
	testing.TB
	failed, skipped bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed, r.msg = true, format
	panic("fatal")
}
func (r *recorder) Skip(args ...any) {
	r.skipped = true
	if len(args) > 0 {
		r.msg, _ = args[0].(string)
	}
	panic("skip")
}
