package schema

import (
	"encoding/json"
	"testing"

	"github.com/aims-cli/aims/pkg/cmdutil"
	"github.com/aims-cli/aims/pkg/iostreams"
)

func TestSchemaCommand(t *testing.T) {
	for _, name := range []string{"inventory", "agent", "config", "event"} {
		io, _, out, _ := iostreams.Test()
		cmd := NewCmdSchema(&cmdutil.Factory{IO: io}, nil)
		cmd.SetArgs([]string{name})
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var doc map[string]any
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		if doc["$id"] != "https://aims-cli.github.io/schema/v1/"+name+".json" {
			t.Errorf("%s: $id %v", name, doc["$id"])
		}
	}
	for _, args := range [][]string{{}, {"widget"}, {"agent", "event"}} {
		io, _, _, _ := iostreams.Test()
		cmd := NewCmdSchema(&cmdutil.Factory{IO: io}, func(*Options) error { return nil })
		cmd.SetArgs(args)
		cmd.SilenceErrors, cmd.SilenceUsage = true, true
		if err := cmd.Execute(); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
