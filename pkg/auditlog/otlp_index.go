package auditlog

import (
	"encoding/binary"
	"hash/maphash"
)

// maxSpanIDBytes bounds the bytes of the agent identities the span index
// keeps for parent attribution (issue 16). Identity lists are interned (the
// agent spans of one agent share one copy), so the bound is on distinct
// lists: a hostile export whose every agent span names a new 4 KiB identity
// would otherwise hold 262,144 of them (a gigabyte). An agent span whose
// identities do not fit is kept without them (spanRef.lost): its children
// are attributed to their service, and counted (otlpOverflow.identities).
const maxSpanIDBytes = 16 << 20

// idList is one interned identity list of agent spans in the index, its
// strings cut from key; refs counts the spans holding it.
type idList struct {
	ids  []string
	refs int32
}

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
	// Interned identity lists of the kept agent spans, by their encoding
	// (idsKey), and the bytes they hold (keys counted twice for the map).
	lists   map[string]*idList
	idBytes int
	kbuf    []byte
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
// It reports false when ref's identities were not kept (the byte bound).
func (x *spanIndex) put(id uint64, ref spanRef) bool {
	kept := x.intern(&ref)
	if i := x.slot(id); i >= 0 {
		x.release(x.refs[i])
		x.refs[i] = ref
		return kept
	}
	var i int32
	if len(x.ring) < x.max {
		i = int32(len(x.ring))
		x.ring = append(x.ring, id)
		x.refs = append(x.refs, ref)
	} else {
		i = int32(x.pos)
		x.del(x.ring[i])
		x.release(x.refs[i])
		x.ring[i], x.refs[i] = id, ref
		x.pos = (x.pos + 1) % x.max
	}
	if k := x.key(id); k == 0 {
		x.zero, x.zeroAt = true, i
	} else {
		x.tab.set(k, i)
	}
	return kept
}

// intern replaces ref.agents by the index's shared copy of the list,
// making it if the byte bound allows; else ref keeps no identities and is
// marked lost, and intern reports false.
func (x *spanIndex) intern(ref *spanRef) bool {
	if len(ref.agents) == 0 {
		return true
	}
	k := x.kbuf[:0]
	for _, id := range ref.agents {
		k = binary.AppendUvarint(k, uint64(len(id)))
		k = append(k, id...)
	}
	x.kbuf = k
	if l := x.lists[string(k)]; l != nil {
		l.refs++
		ref.agents = l.ids
		return true
	}
	cost := listCost(len(k), len(ref.agents))
	if x.idBytes+cost > maxSpanIDBytes {
		ref.agents, ref.lost = []string{}, true
		return false
	}
	if x.lists == nil {
		x.lists = map[string]*idList{}
	}
	key := string(k)
	l := &idList{ids: make([]string, len(ref.agents)), refs: 1}
	off := 0
	for i, id := range ref.agents {
		n, w := binary.Uvarint([]byte(key[off:min(off+binary.MaxVarintLen64, len(key))]))
		off += w
		l.ids[i] = key[off : off+int(n)]
		off += len(id)
	}
	x.lists[key] = l
	x.idBytes += cost
	ref.agents = l.ids
	return true
}

// listCost is what one interned list of n identities in a key of k bytes
// holds: the key, the string headers, the map entry and the list.
func listCost(k, n int) int { return k + 16*n + 64 }

// release drops ref's hold on its interned list.
func (x *spanIndex) release(ref spanRef) {
	if len(ref.agents) == 0 {
		return
	}
	k := x.kbuf[:0]
	for _, id := range ref.agents {
		k = binary.AppendUvarint(k, uint64(len(id)))
		k = append(k, id...)
	}
	x.kbuf = k
	l := x.lists[string(k)]
	if l == nil {
		return
	}
	if l.refs--; l.refs == 0 {
		delete(x.lists, string(k))
		x.idBytes -= listCost(len(k), len(l.ids))
	}
}

func (x *spanIndex) del(id uint64) {
	if k := x.key(id); k == 0 {
		x.zero = false
	} else {
		x.tab.del(k)
	}
}
