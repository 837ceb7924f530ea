package auditlog

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/aims-cli/aims/pkg/model"
)

// TestResourceVerdictsAndActorsAcrossWorkers: resource checks through the
// prepared prefix globs and the cached slow globs, and distinct actors
// through the per-worker bitmaps, give the counts the records hold, and the
// same summary with 1, 2 and 8 workers and on a shuffled copy of the file
// (the caches are per worker and see the records in another order).
func TestResourceVerdictsAndActorsAcrossWorkers(t *testing.T) {
	agents := []*model.Agent{{ID: "agt-001", Name: "a1", Lifecycle: "deployed", Identities: []string{"a1"},
		Tools: []model.Grant{
			{Name: "store", Resources: []string{"res/store-*"}},  // a literal prefix and '*'
			{Name: "vault", Resources: []string{"vault/*/key?"}}, // through grant.Glob, cached
			{Name: "open"}, // any resource
			{Name: "exact", Resources: []string{"doc/a", "doc/b"}}, // literals
		}}}
	var lines []string
	want := map[string]int{}
	const actors = 300
	for i := 0; i < 6000; i++ {
		var tool, res string
		switch i % 4 {
		case 0:
			tool, res = "store", fmt.Sprintf("res/store-%d", i%700)
			if i%13 == 0 {
				res = fmt.Sprintf("res/other-%d", i)
			}
		case 1:
			tool, res = "vault", fmt.Sprintf("vault/%d/key%d", i%20, i%3)
			if i%11 == 0 {
				res = fmt.Sprintf("vault/%d/lock", i%9) // repeats: cached out-of-scope verdicts
			}
		case 2:
			tool, res = "open", fmt.Sprintf("anything/%d", i)
		case 3:
			tool, res = "exact", []string{"doc/a", "doc/b", "doc/c"}[i%3]
		}
		ok := agents[0].Tools[i%4].Resources == nil
		for _, g := range agents[0].Tools[i%4].Resources {
			ok = ok || strings.HasPrefix(g, "res/") && strings.HasPrefix(res, "res/store-") ||
				strings.HasPrefix(g, "vault/") && strings.HasSuffix(res, fmt.Sprintf("key%d", i%3)) ||
				g == res
		}
		if !ok {
			want[tool]++
		}
		lines = append(lines, fmt.Sprintf(`{"time":"2026-01-01T%02d:%02d:%02dZ","agent":"a1","actor":"user-%d","action":"tool.call","tool":%q,"resource":%q,"outcome":"success"}`,
			i/3600%24, i/60%60, i%60, (i*7)%actors, tool, res))
	}
	shuffled := append([]string(nil), lines...)
	rand.New(rand.NewSource(7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	dir := t.TempDir()
	write(t, dir, "a.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	write(t, dir, "b.jsonl", []byte(strings.Join(shuffled, "\n")+"\n"))
	var first []byte
	for _, file := range []string{"a.jsonl", "b.jsonl"} {
		for _, w := range []int{1, 2, 8} {
			s := analyze(t, dir, agents, Options{Workers: w}, file)
			got := map[string]int{}
			for _, f := range s.Findings {
				if f.Check == CheckResourceOutScope {
					got[f.Tool] = f.Count
				}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("%s, %d workers: out-of-scope resources by tool (-want +got):\n%s", file, w, d)
			}
			if a := s.Agents[0]; a.Actors != actors || a.ActorsTruncated {
				t.Fatalf("%s, %d workers: %d distinct actors (truncated %v), want %d", file, w, a.Actors, a.ActorsTruncated, actors)
			}
			// Positions differ between the two files; within one file
			// the summary is byte-identical whatever the worker count.
			b, _ := json.Marshal(s)
			if w == 1 {
				first = b
			} else if d := cmp.Diff(string(first), string(b)); d != "" {
				t.Fatalf("%s: %d workers differ from 1:\n%s", file, w, d)
			}
		}
	}
}
