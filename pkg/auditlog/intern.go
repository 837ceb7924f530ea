package auditlog

// Per-worker tables for values every event repeats (issue 14). A Go map
// hashes its key on every lookup and probes groups built for any key type;
// these tables take a 64-bit hash the caller already has (idHash), probe one
// flat array, and compare the key only on a hash hit, so a repeated agent,
// tool and operation or a repeated actor costs one multiply-mix and one
// cache line.

// hashSet is a set of 64-bit hashes on a u64Table (one probing and growth
// rule for both). It holds at most max entries: add reports full beyond that.
type hashSet struct {
	t   u64Table[struct{}]
	max int
}

func newHashSet(max int) hashSet { return hashSet{max: max} }

// add inserts h; added is false when h was there, full when the set holds
// max entries and h is not among them.
func (s *hashSet) add(h uint64) (added, full bool) {
	if h == 0 {
		h = 1 // 0 marks a free slot; a collision of 0 and 1 is as unlikely as any other
	}
	if _, ok := s.t.get(h); ok {
		return false, false
	}
	if s.t.len() >= s.max {
		return false, true
	}
	s.t.at(h)
	return true, false
}

func (s *hashSet) len() int { return s.t.len() }

// each calls f for every hash in the set, in slot order, until f returns false.
func (s *hashSet) each(f func(h uint64) bool) {
	for _, h := range s.t.keys {
		if h != 0 && !f(h) {
			return
		}
	}
}

// routeTable maps a route key (identities, tool and operation of an event)
// to its route, with the last hit checked first: a log often repeats the
// same agent and tool on consecutive lines.
type routeTable struct {
	slots []routeSlot
	n     int
	last  *routeSlot
}

type routeSlot struct {
	h   uint64
	key string
	rt  *route
}

func (t *routeTable) get(h uint64, key []byte) *route {
	if l := t.last; l != nil && l.h == h && l.key == string(key) {
		return l.rt
	}
	if t.slots == nil {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.rt == nil {
			return nil
		}
		if s.h == h && s.key == string(key) {
			t.last = s
			return s.rt
		}
	}
}

// put adds a route for key (not in the table); beyond maxRoutes entries
// it keeps nothing and the caller routes without the table.
func (t *routeTable) put(h uint64, key []byte, rt *route) {
	if t.n >= maxRoutes {
		return
	}
	if t.slots == nil {
		t.slots = make([]routeSlot, 256)
	}
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]routeSlot, 2*len(old))
		for i := range old {
			if old[i].rt != nil {
				t.insert(old[i])
			}
		}
	}
	t.last = t.insert(routeSlot{h: h, key: string(key), rt: rt})
	t.n++
}

func (t *routeTable) insert(s routeSlot) *routeSlot {
	mask := uint64(len(t.slots) - 1)
	i := s.h & mask
	for t.slots[i].rt != nil {
		i = (i + 1) & mask
	}
	t.slots[i] = s
	return &t.slots[i]
}

// u64Table maps non-zero 64-bit ID hashes (idHash never returns 0) to small
// values with open addressing and linear probing: one hash mix the caller
// already paid for, then adjacent slots, where a Go map would hash the key
// again and probe control groups. Deletion shifts the following entries
// back, so the table never fills with tombstones while calls come and go.
type u64Table[V any] struct {
	keys []uint64 // 0 = free
	vals []V
	n    int
}

func (t *u64Table[V]) len() int { return t.n }

// get returns the value of h, or the zero value and false.
func (t *u64Table[V]) get(h uint64) (V, bool) {
	if t.n > 0 {
		mask := uint64(len(t.keys) - 1)
		for i := h & mask; ; i = (i + 1) & mask {
			switch t.keys[i] {
			case h:
				return t.vals[i], true
			case 0:
				var zero V
				return zero, false
			}
		}
	}
	var zero V
	return zero, false
}

// at returns the value slot of h, inserting the zero value if absent.
func (t *u64Table[V]) at(h uint64) *V {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	i := h & mask
	for ; t.keys[i] != 0; i = (i + 1) & mask {
		if t.keys[i] == h {
			return &t.vals[i]
		}
	}
	t.keys[i] = h
	t.n++
	return &t.vals[i]
}

func (t *u64Table[V]) set(h uint64, v V) { *t.at(h) = v }

// del removes h, if present.
func (t *u64Table[V]) del(h uint64) {
	if t.n == 0 {
		return
	}
	mask := uint64(len(t.keys) - 1)
	i := h & mask
	for t.keys[i] != h {
		if t.keys[i] == 0 {
			return
		}
		i = (i + 1) & mask
	}
	// Backward shift: move up every later entry of the run whose home slot
	// is not between the hole and itself (cyclically).
	var zero V
	for j := (i + 1) & mask; t.keys[j] != 0; j = (j + 1) & mask {
		home := t.keys[j] & mask
		if (j-home)&mask >= (j-i)&mask {
			t.keys[i], t.vals[i] = t.keys[j], t.vals[j]
			i = j
		}
	}
	t.keys[i], t.vals[i] = 0, zero
	t.n--
}

func (t *u64Table[V]) grow() {
	size := 2 * len(t.keys)
	if size < 64 {
		size = 64
	}
	oldK, oldV := t.keys, t.vals
	t.keys, t.vals = make([]uint64, size), make([]V, size)
	mask := uint64(size - 1)
	for k, h := range oldK {
		if h == 0 {
			continue
		}
		i := h & mask
		for t.keys[i] != 0 {
			i = (i + 1) & mask
		}
		t.keys[i], t.vals[i] = h, oldV[k]
	}
}

// each calls f for every entry, in slot order.
func (t *u64Table[V]) each(f func(h uint64, v V)) {
	for i, h := range t.keys {
		if h != 0 {
			f(h, t.vals[i])
		}
	}
}
