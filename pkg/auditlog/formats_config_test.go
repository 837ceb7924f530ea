package auditlog_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/auditlog"
	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/schema"
)

// logs[].format in aims.yaml is checked by pkg/load and described by `aims
// schema config`: both are the registry, in its order, and nothing else.
func TestConfigLogFormatIsTheRegistry(t *testing.T) {
	want := auditlog.FormatNames()

	raw, err := schema.Generate("config")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, doc.Defs["LogSource"].Properties["format"].Enum); d != "" {
		t.Errorf("aims schema config: logs[].format enum differs from the registry (-registry +schema):\n%s", d)
	}

	for _, name := range append(want, "xml") {
		cfg := "apiVersion: aims/v1\nkind: Config\nlogs:\n  - path: x.log\n    format: " + name + "\n"
		_, _, probs := load.ParseConfig("aims.yaml", []byte(cfg))
		got := probs.Error()
		if name == "xml" {
			if wantMsg := `"xml" is not one of: ` + strings.Join(want, ", "); !strings.Contains(got, wantMsg) {
				t.Errorf("format xml: loader said %q, want it to contain %q", got, wantMsg)
			}
			continue
		}
		if len(probs) > 0 {
			t.Errorf("format %s: the loader refused a registered format: %s", name, got)
		}
	}
}
