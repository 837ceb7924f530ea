package engine

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aims-cli/aims/pkg/load"
	"github.com/aims-cli/aims/pkg/model"
)

// agentYAML generates agent i's config: a realistic mix of lifecycles,
// audiences, grants, data sources and gaps, so that checks both pass and fail.
func agentYAML(i int) []byte {
	var b strings.Builder
	lifecycle := []string{"deployed", "deployed", "deployed", "testing", "retired"}[i%5]
	scope := []string{"private", "team", "organization"}[i%3]
	audience := []string{"internal", "customer-facing"}[i%2]
	isolation := []string{"container", "process", "shared"}[i%3]
	fmt.Fprintf(&b, `apiVersion: aims/v1
kind: Agent
id: agent-%06d
name: Agent %d
system: sys-%02d
owner: owner-%d@example.com
purpose: Handles support tickets of queue %d and drafts replies for review
lifecycle: %s
version: "1.%d.0"
scope: %s
audience: %s
identities: ["arn:aws:iam::123456789012:role/agent-%06d", "agent-%06d"]
model:
  provider: %s
  name: model-%d
  byok: %v
  allowed: ["model-*"]
isolation: %s
tools:
  - name: zendesk
    operations: [read, reply, update]
    resources: ["tickets/queue-%d/*"]
  - name: slack
    operations: [post]
    resources: ["#support-%d"]
  - name: confluence
    operations: [read]
data:
  - source: crm
    categories: [personal, contact]
    access: write
    justification: sets the ticket status
  - source: wiki
    categories: [internal]
    access: read
logging:
  actions: true
  inputs: true
  outputs: %v
  retention_days: %d
  export: siem
oversight:
  human_review: [zendesk:reply]
  reviewers: [team-lead-%d]
risk:
  level: %s
  assessed_on: 2026-0%d-15
  ref: docs/risk/agent-%06d.md
testing:
  last_run: 2026-10-%02d
  ref: docs/tests/agent-%06d.md
approval:
  approved_by: lead-%d
  approved_on: 2026-10-%02d
disclosure: %v
`, i, i, i%50, i%97, i%20, lifecycle, i%9, scope, audience, i, i,
		[]string{"openai", "anthropic", "bedrock"}[i%3], i%4, i%4 == 0, isolation, i%20, i%20,
		i%7 != 0, []int{30, 90, 180, 365}[i%4], i%11,
		[]string{"low", "medium", "high"}[i%3], 1+i%9, i, 1+i%28, i, i%13, 1+i%28, i%6 != 0)
	return []byte(b.String())
}

func benchInventory() *model.Inventory {
	inv := &model.Inventory{Organization: model.Organization{Name: "Bench", AIMSScope: "all",
		Roles: []model.Role{{Role: "ai-owner", Name: "A"}, {Role: "risk-owner", Name: "R"}}}}
	for i := range 50 {
		inv.Systems = append(inv.Systems, model.System{ID: fmt.Sprintf("sys-%02d", i), Purpose: "p", Owner: "o",
			DataCategories: []string{"personal"}, Compute: "k8s", IntendedUse: "support", CustomerFacing: i%2 == 0,
			Risk:             model.Risk{Level: "medium"},
			ImpactAssessment: model.ImpactAssessment{DoneOn: model.MustDate("2026-01-10"), Ref: "r", Individuals: "i"},
			Vendors:          []string{"openai", "anthropic", "bedrock"}})
	}
	for _, id := range []string{"openai", "anthropic", "bedrock"} {
		inv.Vendors = append(inv.Vendors, model.Vendor{ID: id, Role: model.VendorModelProvider, DPA: model.DPARef("d"),
			ReviewedOn: model.MustDate("2026-03-01"), Answers: goodAnswers()})
	}
	return inv
}

func genAgents(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = agentYAML(i)
	}
	return out
}

func parseAll(b *testing.B, files [][]byte) []*model.Agent {
	agents := make([]*model.Agent, len(files))
	for i, data := range files {
		a, ps := load.ParseAgent(fmt.Sprintf("agents/agent-%06d.yaml", i), data)
		if len(ps.Errors()) > 0 {
			b.Fatalf("generated agent %d does not parse:\n%v", i, ps)
		}
		agents[i] = a
	}
	return agents
}

// cpuTime is the process's user+system CPU time. Reported beside wall time
// because a shared machine's load skews ns/op far more than CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

func minorFaults() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Minflt
}

func benchLoad(b *testing.B, n int) {
	files := genAgents(n)
	// Collect the set-up's garbage (generating and parsing 100,000 configs
	// leaves gigabytes of it) so that the timed loop does not pay for it.
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for range b.N {
		parseAll(b, files)
	}
	reportCPU(b, start)
}

func benchAssess(b *testing.B, n int) {
	files := genAgents(n)
	agents := parseAll(b, files)
	set := builtinSet(b)
	inv := benchInventory()
	in := Input{Config: &model.Config{}, Inventory: inv, Agents: agents, Catalogues: set, Now: testNow}
	// One untimed assessment first, so that the timed ones measure the
	// steady state at both sizes: otherwise a single timed run of 100,000
	// agents pays for faulting in hundreds of megabytes of fresh memory that
	// a 10,000-agent run, repeated, takes from its previous iteration.
	// AIMS_BENCH_COLD set: no warm-up, the timed assessment is the
	// process's first (pkg/engine/bench/run.sh runs each cold sample in a
	// fresh process).
	if os.Getenv("AIMS_BENCH_COLD") == "" {
		if _, err := Assess(in); err != nil {
			b.Fatal(err)
		}
	}
	// Collect the set-up's garbage (generating and parsing 100,000 configs
	// leaves gigabytes of it) so that the timed loop does not pay for it.
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	start, flt := cpuTime(), minorFaults()
	for range b.N {
		res, err := Assess(in)
		if err != nil || len(res.Agents) != n {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(minorFaults()-flt)/float64(b.N), "faults/op")
	reportCPU(b, start)
}

// BenchmarkLoad10k parses 10,000 generated agent configs with the strict loader.
func BenchmarkLoad10k(b *testing.B) { benchLoad(b, 10_000) }

// BenchmarkLoad100k parses 100,000 generated agent configs.
func BenchmarkLoad100k(b *testing.B) { benchLoad(b, 100_000) }

// BenchmarkAssess10k assesses the same 10,000 agents against the full builtin catalogue.
func BenchmarkAssess10k(b *testing.B) { benchAssess(b, 10_000) }

// BenchmarkAssess100k assesses 100,000 agents.
func BenchmarkAssess100k(b *testing.B) { benchAssess(b, 100_000) }

// TestGeneratedAgentsParse keeps the benchmark input valid and gives it findings.
func TestGeneratedAgentsParse(t *testing.T) {
	for i := range 12 {
		if _, ps := load.ParseAgent("a.yaml", agentYAML(i)); len(ps.Errors()) > 0 {
			t.Fatalf("agent %d:\n%v", i, ps)
		}
	}
}
