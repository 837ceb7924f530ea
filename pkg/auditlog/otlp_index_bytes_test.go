package auditlog

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestSpanIndexIdentityBytesBounded (issue 16): an OTLP export (the
// Collector's file exporter, TracesData per line; GenAI semantic
// conventions: invoke_agent with gen_ai.agent.name, execute_tool children)
// whose every agent span names a new 4 KiB agent. The span index keeps the
// identity lists of agent spans for their children's attribution; interned
// and bounded to maxSpanIDBytes, so the heap does not hold 262,144 of them
// (a gigabyte). Past the bound an agent span's children are attributed to
// their service, counted in a note, never lost: every tool call counts.
func TestSpanIndexIdentityBytesBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 90 MB export")
	}
	const (
		n     = 20_000 // agent spans, each with one tool child
		idLen = 4 << 10
		bound = 96 << 20
	)
	dir := t.TempDir()
	span := func(i int) string {
		p, c := fmt.Sprintf("%016x", 2*i+2), fmt.Sprintf("%016x", 2*i+3)
		return fmt.Sprintf(`{"spanId":"%s","name":"invoke_agent","startTimeUnixNano":"1776157200000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"%s"}}]},`, p, hostileID(i, idLen)) +
			fmt.Sprintf(`{"spanId":"%s","parentSpanId":"%s","name":"execute_tool t","startTimeUnixNano":"1776157200000000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"t"}}]}`, c, p)
	}
	writeLines(t, filepath.Join(dir, "spans.otlp.jsonl"), n, 50, func(r []string) string {
		return `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[` + strings.Join(r, ",") + `]}]}]}`
	}, span)
	// Every agent name is "NNNNNNNN-aaa...": one inventory agent claims
	// them all, another the service the spans' resource names.
	agents := []*model.Agent{
		{ID: "named", Lifecycle: "deployed", Identities: []string{"0*"}},
		{ID: "service", Lifecycle: "deployed", Identities: []string{"svc"}},
	}
	var s *model.LogSummary
	peak, took := peakHeap(func() {
		var err error
		s, err = Analyze(context.Background(), []Source{{Path: "spans.otlp.jsonl"}}, agents, Options{BaseDir: dir})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%d agent spans of %d KiB identities: peak heap +%d MiB, %v", n, idLen>>10, peak>>20, took)
	if peak > bound {
		t.Errorf("peak heap grew by %d MiB, want <= %d MiB", peak>>20, bound>>20)
	}
	if s.Events != 2*n {
		t.Errorf("%d events, want %d", s.Events, 2*n)
	}
	calls := func(id string) int64 {
		for _, a := range s.Agents {
			if a.Agent == id {
				var c int64
				for _, tu := range a.Tools {
					c += tu.Count
				}
				return c
			}
		}
		return 0
	}
	var lost int64
	for _, note := range s.Notes {
		if _, err := fmt.Sscanf(note, "OTLP: %d agent spans' identities were not kept", &lost); err == nil {
			break
		}
	}
	// Each list costs its 4 KiB and some bookkeeping, so about 4,000 fit.
	if lost < n-int64(maxSpanIDBytes/idLen) || lost > n-int64(maxSpanIDBytes/(2*idLen)) {
		t.Errorf("%d agent spans without identities (notes %q), want about %d", lost, s.Notes, n-maxSpanIDBytes/idLen)
	}
	if got := calls("service"); got != lost || calls("named")+got != n {
		t.Errorf("the service counts %d calls and the agents %d, want the %d children of agent spans whose identities were not kept and the other %d", got, calls("named"), lost, n-lost)
	}
}

// TestSpanIndexInternsIdentities: agent spans naming the same identities
// share one interned list, and a list is freed (its bytes given back) when
// the last span holding it leaves the ring or is replaced.
func TestSpanIndexInternsIdentities(t *testing.T) {
	x := newSpanIndex(4)
	for i := uint64(1); i <= 4; i++ {
		if !x.put(i, spanRef{agents: []string{"agent-a", "svc"}}) {
			t.Fatalf("span %d: identities not kept", i)
		}
	}
	a, _ := x.get(1)
	b, _ := x.get(4)
	if len(x.lists) != 1 || &a.agents[0] != &b.agents[0] || a.agents[1] != "svc" {
		t.Fatalf("%d lists, want one shared list; got %q and %q", len(x.lists), a.agents, b.agents)
	}
	x.put(2, spanRef{agents: []string{"agent-b"}}) // replaces span 2's list hold
	for i := uint64(5); i <= 8; i++ {
		x.put(i, spanRef{parent: i - 1}) // evicts 1..4
	}
	if len(x.lists) != 0 || x.idBytes != 0 {
		t.Errorf("after every agent span left: %d lists, %d bytes, want none", len(x.lists), x.idBytes)
	}
}
