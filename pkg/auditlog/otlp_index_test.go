package auditlog

import (
	"math/rand/v2"
	"testing"
)

// TestSpanIndexIsAMapWithARing: the span index finds what a map of the
// last max IDs (evicted oldest first, an update keeping its place) finds,
// over random puts and gets of IDs drawn from a small range (so that IDs
// come back, are updated, evicted and met again), with max 1, 7 and 64, and
// the ID whose key is 0.
func TestSpanIndexIsAMapWithARing(t *testing.T) {
	for _, max := range []int{1, 7, 64} {
		x := newSpanIndex(max)
		model := map[uint64]spanRef{}
		var ring []uint64
		pos := 0
		rng := rand.New(rand.NewPCG(1, uint64(max)))
		for step := 0; step < 20000; step++ {
			id := uint64(rng.IntN(3 * max))
			if rng.IntN(10) == 0 {
				id = x.seed // the ID whose key is 0
			}
			if rng.IntN(2) == 0 {
				ref := spanRef{parent: uint64(step), tool: step%3 == 0}
				if _, ok := model[id]; !ok {
					if len(ring) < max {
						ring = append(ring, id)
					} else {
						delete(model, ring[pos])
						ring[pos] = id
						pos = (pos + 1) % max
					}
				}
				model[id] = ref
				x.put(id, ref)
				continue
			}
			want, wok := model[id]
			got, gok := x.get(id)
			if wok != gok || want.parent != got.parent || want.tool != got.tool {
				t.Fatalf("max %d step %d: get(%d) = %v %v, want %v %v", max, step, id, got, gok, want, wok)
			}
		}
		if x.tab.len()+map[bool]int{true: 1}[x.zero] != len(model) {
			t.Fatalf("max %d: %d entries, want %d", max, x.tab.len(), len(model))
		}
	}
}
