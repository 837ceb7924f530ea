package auditlog

import "hash/maphash"

// spanIndex is the OTLP span index: the last max spans met, by span ID, in
// a ring in arrival order, and a u64Table from a mix of the ID to its ring
// slot. Evicting the oldest span is a backward-shift deletion, which leaves
// no tombstones: the Go map it replaces kept probing over the tombstones of
// a quarter of a million evictions, and its lookups of new IDs were the
// largest single cost of the one goroutine that replays OTLP steps.
//
// The mix is a bijection of the 64-bit ID (an xor with a per-process seed,
// then the MurmurHash3 finaliser, each invertible), so two IDs never share
// a key and a lookup finds exactly what a map would; the seed only moves
// where entries sit, so IDs chosen to pile up in one run of the table
// cannot be prepared in advance.
type spanIndex struct {
	max  int
	seed uint64
	tab  u64Table[int32] // key (never 0) -> ring slot
	ring []uint64
	refs []spanRef
	pos  int // the oldest slot once the ring is full
	// The ID whose key would be 0 (the seed itself) lives outside tab.
	zero   bool
	zeroAt int32
}

func newSpanIndex(max int) *spanIndex {
	return &spanIndex{max: max, seed: maphash.Comparable(maphash.MakeSeed(), uint64(0)) | 1}
}

func (x *spanIndex) key(id uint64) uint64 {
	h := id ^ x.seed
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// slot is the ring slot of id, or -1.
func (x *spanIndex) slot(id uint64) int32 {
	k := x.key(id)
	if k == 0 {
		if x.zero {
			return x.zeroAt
		}
		return -1
	}
	if i, ok := x.tab.get(k); ok {
		return i
	}
	return -1
}

func (x *spanIndex) get(id uint64) (spanRef, bool) {
	if i := x.slot(id); i >= 0 {
		return x.refs[i], true
	}
	return spanRef{}, false
}

// put sets the span of id; a new ID evicts the oldest when the ring is full.
func (x *spanIndex) put(id uint64, ref spanRef) {
	if i := x.slot(id); i >= 0 {
		x.refs[i] = ref
		return
	}
	var i int32
	if len(x.ring) < x.max {
		i = int32(len(x.ring))
		x.ring = append(x.ring, id)
		x.refs = append(x.refs, ref)
	} else {
		i = int32(x.pos)
		x.del(x.ring[i])
		x.ring[i], x.refs[i] = id, ref
		x.pos = (x.pos + 1) % x.max
	}
	if k := x.key(id); k == 0 {
		x.zero, x.zeroAt = true, i
	} else {
		x.tab.set(k, i)
	}
}

func (x *spanIndex) del(id uint64) {
	if k := x.key(id); k == 0 {
		x.zero = false
	} else {
		x.tab.del(k)
	}
}
