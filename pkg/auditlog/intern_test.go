package auditlog

import (
	"math/rand/v2"
	"os"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestU64TableLikeMap drives the open-addressed table and a Go map with the
// same random inserts, updates and deletes (keys from a small range, so
// probe runs collide, wrap and shift back) and compares them after each step.
func TestU64TableLikeMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab u64Table[int32]
	want := map[uint64]int32{}
	for step := range 200_000 {
		// Low bits alike: many keys share a home slot.
		h := uint64(rng.IntN(3000)+1) << uint(rng.IntN(3)*20)
		switch rng.IntN(3) {
		case 0, 1:
			v := int32(step)
			tab.set(h, v)
			want[h] = v
		case 2:
			tab.del(h)
			delete(want, h)
		}
		wv, wok := want[h]
		if v, ok := tab.get(h); ok != wok || v != wv {
			t.Fatalf("step %d: get(%d) = %d, %v; map has %d, %v", step, h, v, ok, wv, wok)
		}
		if tab.len() != len(want) {
			t.Fatalf("step %d: len %d, map %d", step, tab.len(), len(want))
		}
	}
	got := map[uint64]int32{}
	tab.each(func(h uint64, v int32) { got[h] = v })
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("table differs from map (-map +table):\n%s", d)
	}
	for h := range want {
		if _, ok := tab.get(h); !ok {
			t.Fatalf("key %d lost", h)
		}
	}
}

// TestHashSetBound: the actor set counts distinct hashes exactly up to its
// bound and reports full beyond it, without losing what it holds.
func TestHashSetBound(t *testing.T) {
	s := newHashSet(1000)
	full := 0
	for i := range 3000 {
		h := idHash('a', []byte{byte(i), byte(i >> 8)})
		if _, f := s.add(h); f {
			full++
		}
		s.add(h) // a repeat is never new
	}
	if s.len() != 1000 || full != 2000 {
		t.Fatalf("len %d, full %d; want 1000, 2000", s.len(), full)
	}
}

// TestLimitMemoryRestores: an analysis runs under its budget on top of the
// live heap it starts with (a small process, and one that already holds
// 500 MiB, which a fixed limit would make collect without pause), and
// leaves the process's limit as it found it, also when analyses overlap.
func TestLimitMemoryRestores(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	if os.Getenv("GOMEMLIMIT") != "" {
		// The user's limit stands.
		limitMemory()()
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Fatalf("GOMEMLIMIT set, limit changed %d -> %d", before, got)
		}
		return
	}
	defer func(f func() int64) { liveHeap = f }(liveHeap)
	for _, live := range []int64{0, 500 << 20} {
		liveHeap = func() int64 { return live }
		want := min(before, live+memLimit)
		r1 := limitMemory()
		r2 := limitMemory()
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Fatalf("live %d: limit during analysis %d, want %d", live, got, want)
		}
		r1()
		if got := debug.SetMemoryLimit(-1); got != want {
			t.Fatalf("live %d: limit after one of two ended %d, want %d", live, got, want)
		}
		r2()
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Fatalf("live %d: limit after %d, want %d restored", live, got, before)
		}
	}
}
