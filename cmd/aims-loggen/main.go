// Command aims-loggen writes a deterministic synthetic audit log in the
// native JSON Lines format (and, with -project, an aims project whose agents
// match it) for benchmarks and load tests: `make bench` uses it.
package main

import (
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
	// reviewOps are the operations under oversight.human_review.
	reviewOps []string
	// resPrefix, when set, makes the grant's resource glob PREFIX<tool>-*;
	// otherwise it is /data/*/*.
	resPrefix string
}

func (a agentSpec) resGlob(tool string) string {
	if a.resPrefix == "" {
		return "/data/*/*"
	}
	return a.resPrefix + tool + "-*"
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
			a.reviewOps = []string{"update"}
		}
		out = append(out, a)
	}
	return out
}

func main() {
	size := flag.Int64("size", 1<<30, "approximate size of the log in bytes")
	seed := flag.Uint64("seed", 42, "random seed (same seed, same file)")
	out := flag.String("out", "bench.jsonl", "log file to write (a directory for -format cloudtrail)")
	project := flag.String("project", "", "also write an aims project (aims.yaml, inventory.yaml, agents/) into this directory")
	workload := flag.String("workload", "basic", "basic (20 agents, few resources) or platform (50 agents, 100,000 resources per tool, 2% human reviews matched by request id, out of order)")
	format := flag.String("format", "jsonl", "jsonl, csv, ocsf, otlp or cloudtrail (a folder of .json.gz Records files)")
	flag.Parse()
	if err := run(*workload, *format, *out, *project, *size, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "aims-loggen:", err)
		os.Exit(1)
	}
}

func run(workload, format, out, project string, size int64, seed uint64) error {
	var gen func(emit func(*rec) int, size int64, seed uint64)
	var specs []agentSpec
	switch workload {
	case "basic":
		gen, specs = basicEvents, agents()
	case "platform":
		gen, specs = platformEvents, platformAgents()
	default:
		return fmt.Errorf("unknown -workload %q (basic or platform)", workload)
	}
	w, err := newSink(format, out)
	if err != nil {
		return err
	}
	if project != "" {
		if err := writeProject(project, out, format, workload, specs); err != nil {
			return err
		}
	}
	gen(w.write, size, seed)
	return w.close()
}

// rec is one generated event, written in any format.
type rec struct {
	t                                          time.Time
	agent, actor, action, tool, op, res, model string
	outcome, rid, callID                       string
	io                                         bool
}

// basicEvents is the original workload: the native JSONL it gives is
// byte-identical to earlier versions of the generator, so bench numbers stay
// comparable across versions.
func basicEvents(emit func(*rec) int, size int64, seed uint64) {
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
	var r rec
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
		x := rng.IntN(1000)
		action, tool, op, model, outcome := "tool.call", a.tools[rng.IntN(len(a.tools))], a.ops[rng.IntN(len(a.ops))], "", "success"
		switch {
		case x < 60:
			action, tool, op, model = "model.call", "", "", a.models[rng.IntN(len(a.models))]
		case x < 65:
			action, tool, op, model = "model.call", "", "", "claude-3-opus"
		case x < 75:
			tool = "export_customer_list"
		case x < 78:
			agent = "svc-unknown-" + strconv.Itoa(rng.IntN(3))
		}
		switch y := rng.IntN(100); {
		case y < 5:
			outcome = "error"
		case y < 6:
			outcome = "denied"
		}
		rid := fmt.Sprintf("req-%012x", n)
		t := time.UnixMilli(ts).UTC()
		res := ""
		if tool != "" {
			res = "/data/" + tool + "/item"
		}
		if a.review && action == "tool.call" && op == "update" {
			// A review before the reviewed operation: mostly approvals, some
			// rejections, a few missing.
			r = rec{t: t.Add(-time.Second), agent: agent, actor: "reviewer@northwind.example", action: "human.review", tool: tool, op: op, res: res, rid: rid}
			switch y := rng.IntN(100); {
			case y < 90:
				r.outcome = "success"
				written += int64(emit(&r))
			case y < 95:
				r.outcome = "denied"
				written += int64(emit(&r))
			}
		}
		r = rec{t: t, agent: agent, actor: "user-" + strconv.Itoa(rng.IntN(50)), action: action, tool: tool, op: op, res: res, model: model, outcome: outcome, rid: rid, io: rng.IntN(100) < 98}
		written += int64(emit(&r))
	}
}

func appendEvent(b []byte, r *rec) []byte {
	t, agent, actor, action, tool, op, model, outcome, rid, io := r.t, r.agent, r.actor, r.action, r.tool, r.op, r.model, r.outcome, r.rid, r.io
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
		b = append(b, `","resource":"`...)
		b = append(b, r.res...)
		b = append(b, `","data_categories":["customer-contact"]`...)
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

// writeProject writes an aims project whose agents match the generated log.
func writeProject(dir, logPath, format, workload string, specs []agentSpec) error {
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
    format: %s
`, abs, format)
	inv := fmt.Sprintf(`apiVersion: aims/v1
kind: Inventory
organization:
  name: Northwind Lending (benchmark, %s workload)
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
`, workload)
	if err := os.WriteFile(filepath.Join(dir, "aims.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "inventory.yaml"), []byte(inv), 0o644); err != nil {
		return err
	}
	for _, a := range specs {
		var y strings.Builder
		fmt.Fprintf(&y, `apiVersion: aims/v1
kind: Agent
id: %s
name: %s
system: sys-bench
owner: ada@northwind.example
purpose: Synthetic benchmark agent.
lifecycle: %s
identities: [%s, "arn:aws:iam::111122223333:role/%s"]
model:
  allowed: [claude-3-haiku, gpt-4o-mini]
tools:
`, a.id, a.id, map[bool]string{true: "retired", false: "deployed"}[a.retired != ""], a.id, a.id)
		for _, t := range a.tools {
			name := t
			if format == "cloudtrail" {
				name = "platform___" + t // AgentCore Gateway names tools TARGET___TOOL
			}
			fmt.Fprintf(&y, "  - {name: %s, operations: [%s], resources: [%q]}\n", name, strings.Join(a.ops, ", "), a.resGlob(t))
		}
		y.WriteString("data:\n  - {source: crm, categories: [customer-contact], access: read}\n")
		y.WriteString("logging: {actions: true, inputs: true, outputs: true, retention_days: 365}\n")
		if len(a.reviewOps) > 0 {
			fmt.Fprintf(&y, "oversight:\n  human_review: [%s]\n  reviewers: [reviewer@northwind.example]\n", strings.Join(a.reviewOps, ", "))
		}
		if a.retired != "" {
			y.WriteString("retired_on: " + a.retired + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, "agents", a.id+".yaml"), []byte(y.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}
