// Command aims-loggen writes a deterministic synthetic audit log in the
// native JSON Lines format (and, with -project, an aims project whose agents
// match it) for benchmarks and load tests: `make bench` uses it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type agentSpec struct {
	id      string
	tools   []string
	ops     []string
	models  []string
	retired string
	review  bool
}

func agents() []agentSpec {
	toolSets := [][]string{
		{"fetch_application", "credit_bureau_lookup", "flag_for_review"},
		{"search_kb", "create_ticket", "update_ticket"},
		{"generate_report", "read_ledger", "send_email"},
		{"payments", "read_ledger", "search_kb"},
	}
	var out []agentSpec
	for i := 1; i <= 20; i++ {
		a := agentSpec{
			id:     fmt.Sprintf("agt-%03d", i),
			tools:  toolSets[i%len(toolSets)],
			ops:    []string{"read", "create", "update"},
			models: []string{"claude-3-haiku", "gpt-4o-mini"},
		}
		if i == 20 {
			a.retired = "2026-02-15"
		}
		if i%4 == 3 {
			a.review = true
		}
		out = append(out, a)
	}
	return out
}

func main() {
	size := flag.Int64("size", 1<<30, "approximate size of the log in bytes")
	seed := flag.Uint64("seed", 42, "random seed (same seed, same file)")
	out := flag.String("out", "bench.jsonl", "log file to write")
	project := flag.String("project", "", "also write an aims project (aims.yaml, inventory.yaml, agents/) into this directory")
	flag.Parse()
	if *project != "" {
		if err := writeProject(*project, *out); err != nil {
			fmt.Fprintln(os.Stderr, "aims-loggen:", err)
			os.Exit(1)
		}
	}
	if err := writeLog(*out, *size, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "aims-loggen:", err)
		os.Exit(1)
	}
}

func writeLog(path string, size int64, seed uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	as := agents()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	span := int64(89 * 24 * 3600 * 1000)
	// Spread events evenly over the quarter.
	perEvent := span / (size / 260)
	if perEvent < 1 {
		perEvent = 1
	}
	var written int64
	var n int64
	ts := start
	line := make([]byte, 0, 512)
	for written < size {
		n++
		ts += perEvent/2 + rng.Int64N(perEvent+1)
		if ts > start+span {
			ts = start + rng.Int64N(span)
		}
		a := as[rng.IntN(len(as))]
		// A three-day hole in agt-005's logs: a coverage gap.
		if a.id == "agt-005" && ts > start+40*86400000 && ts < start+43*86400000 {
			a = as[0]
		}
		agent := a.id
		r := rng.IntN(1000)
		action, tool, op, model, outcome := "tool.call", a.tools[rng.IntN(len(a.tools))], a.ops[rng.IntN(len(a.ops))], "", "success"
		switch {
		case r < 60:
			action, tool, op, model = "model.call", "", "", a.models[rng.IntN(len(a.models))]
		case r < 65:
			action, tool, op, model = "model.call", "", "", "claude-3-opus"
		case r < 75:
			tool = "export_customer_list"
		case r < 78:
			agent = "svc-unknown-" + strconv.Itoa(rng.IntN(3))
		}
		switch x := rng.IntN(100); {
		case x < 5:
			outcome = "error"
		case x < 6:
			outcome = "denied"
		}
		rid := fmt.Sprintf("req-%012x", n)
		t := time.UnixMilli(ts).UTC()
		if a.review && action == "tool.call" && op == "update" {
			// A review before the reviewed operation: mostly approvals, some
			// rejections, a few missing.
			switch x := rng.IntN(100); {
			case x < 90:
				line = appendEvent(line[:0], t.Add(-time.Second), agent, "reviewer@northwind.example", "human.review", tool, op, "", "success", rid, false)
			case x < 95:
				line = appendEvent(line[:0], t.Add(-time.Second), agent, "reviewer@northwind.example", "human.review", tool, op, "", "denied", rid, false)
			default:
				line = line[:0]
			}
			w.Write(line)
			written += int64(len(line))
		}
		line = appendEvent(line[:0], t, agent, "user-"+strconv.Itoa(rng.IntN(50)), action, tool, op, model, outcome, rid, rng.IntN(100) < 98)
		w.Write(line)
		written += int64(len(line))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func appendEvent(b []byte, t time.Time, agent, actor, action, tool, op, model, outcome, rid string, io bool) []byte {
	b = append(b, `{"time":"`...)
	b = t.AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
	b = append(b, `","agent":"`...)
	b = append(b, agent...)
	b = append(b, `","actor":"`...)
	b = append(b, actor...)
	b = append(b, `","action":"`...)
	b = append(b, action...)
	b = append(b, '"')
	if tool != "" {
		b = append(b, `,"tool":"`...)
		b = append(b, tool...)
		b = append(b, `","operation":"`...)
		b = append(b, op...)
		b = append(b, `","resource":"/data/`...)
		b = append(b, tool...)
		b = append(b, `/item","data_categories":["customer-contact"]`...)
	}
	if model != "" {
		b = append(b, `,"model":"`...)
		b = append(b, model...)
		b = append(b, '"')
	}
	b = append(b, `,"outcome":"`...)
	b = append(b, outcome...)
	b = append(b, `","request_id":"`...)
	b = append(b, rid...)
	b = append(b, '"')
	if io {
		b = append(b, `,"input":"{\"id\":\"APP-2026-0412\"}","output":"ok"`...)
	}
	return append(b, "}\n"...)
}

func writeProject(dir, logPath string) error {
	if err := os.MkdirAll(filepath.Join(dir, "agents"), 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(logPath)
	if err != nil {
		return err
	}
	// The config names the log relative to itself when it is inside the project.
	if absDir, err := filepath.Abs(dir); err == nil {
		if rel, err := filepath.Rel(absDir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			abs = filepath.ToSlash(rel)
		}
	}
	cfg := fmt.Sprintf(`apiVersion: aims/v1
kind: Config
inventory: inventory.yaml
agents: agents
logs:
  - path: %s
    format: jsonl
`, abs)
	inv := `apiVersion: aims/v1
kind: Inventory
organization:
  name: Northwind Lending (benchmark)
  aims_scope: Synthetic agents for the log benchmark.
  roles:
    - {role: ai-owner, name: Ada Owner, email: ada@northwind.example}
systems:
  - id: sys-bench
    name: Benchmark system
    purpose: Load test of the log analysis.
    owner: ada@northwind.example
    lifecycle: deployed
    data_categories: [customer-contact]
`
	if err := os.WriteFile(filepath.Join(dir, "aims.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "inventory.yaml"), []byte(inv), 0o644); err != nil {
		return err
	}
	for _, a := range agents() {
		y := fmt.Sprintf(`apiVersion: aims/v1
kind: Agent
id: %s
name: %s
system: sys-bench
owner: ada@northwind.example
purpose: Synthetic benchmark agent.
lifecycle: deployed
identities: [%s]
model:
  allowed: [claude-3-haiku, gpt-4o-mini]
tools:
`, a.id, a.id, a.id)
		for _, t := range a.tools {
			y += fmt.Sprintf("  - {name: %s, operations: [read, create, update], resources: [\"/data/*/*\"]}\n", t)
		}
		y += "data:\n  - {source: crm, categories: [customer-contact], access: read}\n"
		y += "logging: {actions: true, inputs: true, outputs: true, retention_days: 365}\n"
		if a.review {
			y += "oversight:\n  human_review: [update]\n  reviewers: [reviewer@northwind.example]\n"
		}
		if a.retired != "" {
			y = replaceLifecycle(y) + "retired_on: " + a.retired + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, "agents", a.id+".yaml"), []byte(y), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func replaceLifecycle(y string) string {
	const from, to = "lifecycle: deployed", "lifecycle: retired"
	for i := 0; i+len(from) <= len(y); i++ {
		if y[i:i+len(from)] == from {
			return y[:i] + to + y[i+len(from):]
		}
	}
	return y
}
