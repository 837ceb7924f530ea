package evindex

import (
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

func TestRootPath(t *testing.T) {
	for _, tc := range []struct {
		ref, file, state string
		want             string
		inRoot           bool
	}{
		{"docs/a.pdf", "inventory.yaml", "ok", "docs/a.pdf", true},
		{"../docs/a.pdf", "agents/x.yaml", "ok", "docs/a.pdf", true},
		{"./a.pdf", "sub/dir/inv.yaml", "ok", "sub/dir/a.pdf", true},
		{"../a.pdf", "inventory.yaml", "ok", "../a.pdf", false},
		{"/etc/passwd", "inventory.yaml", "outside-root", "/etc/passwd", false},
		{"docs/a.pdf", "", "ok", "docs/a.pdf", true},
		{"https://x.example/a", "inventory.yaml", "url", "https://x.example/a", false},
	} {
		kind := "file"
		if tc.state == "url" {
			kind = "url"
		}
		got, in := RootPath(model.EvidenceRef{Ref: tc.ref, Kind: kind, State: tc.state, Source: model.Pos{File: tc.file}})
		if got != tc.want || in != tc.inRoot {
			t.Errorf("RootPath(%q from %q) = %q, %v; want %q, %v", tc.ref, tc.file, got, in, tc.want, tc.inRoot)
		}
	}
}
