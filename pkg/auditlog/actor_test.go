package auditlog

import (
	"fmt"
	"testing"

	"github.com/aims-cli/aims/pkg/model"
)

// TestNoteActor: the per-worker actor bitmaps count each distinct actor
// once, saturate at maxActors as the set alone did, survive an aggregate
// moving to another worker's agg (the bits are that worker's numbering),
// and keep counting exactly once the worker's numbering is full.
func TestNoteActor(t *testing.T) {
	an := newAnalysis(benchAgents(), Options{}, model.DefaultThresholds())
	h := func(i int) uint64 { return idHash('a', []byte(fmt.Sprintf("user-%d", i))) }
	cases := []struct {
		name     string
		distinct int // actors 0..distinct-1, each noted three times
		preIdx   int // actors numbered by the worker before (fills actorIdx)
		want     int
		over     bool
	}{
		{"few", 10, 0, 10, false},
		{"at the bound", maxActors, 0, maxActors, false},
		{"beyond the bound", maxActors + 5, 0, maxActors, true},
		{"numbering full", 50, maxActorIdx, 50, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newAgg(an)
			for i := 0; i < c.preIdx; i++ {
				g.noteActor(newAgentAgg(), h(1_000_000+i))
			}
			aa := newAgentAgg()
			for r := 0; r < 3; r++ {
				for i := 0; i < c.distinct; i++ {
					if !aa.actorsOver {
						g.noteActor(aa, h(i))
					}
				}
			}
			if aa.actors.len() != c.want || aa.actorsOver != c.over {
				t.Errorf("%d actors (over %v), want %d (over %v)", aa.actors.len(), aa.actorsOver, c.want, c.over)
			}
		})
	}
	t.Run("another worker's aggregate", func(t *testing.T) {
		g1, g2 := newAgg(an), newAgg(an)
		g2.noteActor(newAgentAgg(), h(99)) // g2 numbers user-99 as 0
		aa := newAgentAgg()
		g1.noteActor(aa, h(0)) // bit 0 in g1's numbering
		g2.noteActor(aa, h(99))
		g2.noteActor(aa, h(0))
		if aa.actors.len() != 2 {
			t.Errorf("%d actors, want 2: bits of one worker read in another's numbering", aa.actors.len())
		}
	})
}
