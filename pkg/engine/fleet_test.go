package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestWriteFleet writes, when AIMS_FLEET_DIR is set, an aims project of
// AIMS_FLEET_AGENTS (default 100,000) agents generated as the engine
// benchmarks generate them (agentYAML, benchInventory's systems and
// vendors), for measuring a whole `aims assess` run of a large fleet:
//
//	AIMS_FLEET_DIR=/tmp/fleet go test -run TestWriteFleet ./pkg/engine
//	/usr/bin/time -v bin/aims assess --config /tmp/fleet/aims.yaml --format json >/dev/null
func TestWriteFleet(t *testing.T) {
	dir := os.Getenv("AIMS_FLEET_DIR")
	if dir == "" {
		t.Skip("AIMS_FLEET_DIR not set")
	}
	n := 100_000
	if s := os.Getenv("AIMS_FLEET_AGENTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "agents"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := "apiVersion: aims/v1\nkind: Config\ninventory: inventory.yaml\nagents: agents\ncatalogues: [builtin]\n"
	var inv strings.Builder
	inv.WriteString(`apiVersion: aims/v1
kind: Inventory
organization:
  name: Bench
  aims_scope: all
  roles:
    - {role: ai-owner, name: A}
    - {role: risk-owner, name: R}
systems:
`)
	for i := range 50 {
		fmt.Fprintf(&inv, `  - id: sys-%02d
    name: System %d
    purpose: p
    owner: o
    lifecycle: deployed
    data_categories: [personal]
    compute: k8s
    intended_use: support
    customer_facing: %v
    risk: {level: medium}
    impact_assessment: {done_on: 2026-01-10, ref: r, individuals: i}
    vendors: [openai, anthropic, bedrock]
`, i, i, i%2 == 0)
	}
	inv.WriteString("vendors:\n")
	for _, id := range []string{"openai", "anthropic", "bedrock"} {
		fmt.Fprintf(&inv, `  - id: %s
    role: model-provider
    dpa: d
    reviewed_on: 2026-03-01
    answers:
      isolation: container
      inference_path: byok-direct
      per_agent_tool_permissions: true
      audit_log: {captures: [actions, inputs, outputs, tools], retention_days: 365, export: true}
      trains_on_customer_data: false
      lifecycle: {versioned_config: true, change_tracking: true, decommissioning: true}
`, id)
	}
	for name, data := range map[string]string{"aims.yaml": cfg, "inventory.yaml": inv.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, "agents", fmt.Sprintf("agent-%06d.yaml", i)), agentYAML(i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
