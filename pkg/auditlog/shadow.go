package auditlog

// What a shadow agent (an identity no inventory agent claims) did, beyond
// its counts: the first resources it touched, and the files (sources) it was
// seen in. Kept only for shadow identities, so the per-event cost of
// inventory agents does not change.

// maxShadowRes is how many resources a shadow agent lists (the first ones in
// file order); maxShadowFiles how many source files are counted exactly.
const (
	maxShadowRes   = 5
	maxShadowFiles = 64
)

type shadowInfo struct {
	res       []posName // first resources by position, distinct
	resMore   bool      // more distinct resources than listed
	files     map[int32]int64
	filesMore int64 // events in files beyond maxShadowFiles
	// reviews counts the identity's human.review records and reviewIDs
	// keeps the tool call and request ID hashes of the first ones: an
	// identity that only names reviews which decided inventoried agents'
	// calls is a review tool's name for those agents, not a shadow agent.
	reviews   int64
	reviewIDs []uint64
	// seen samples the identity's first records, which its finding cites.
	seen countPos
}

// maxShadowReviewIDs bounds the review IDs kept per shadow identity: one
// that decided an inventoried call is enough to tell.
const maxShadowReviewIDs = 16

func (si *shadowInfo) addReviewIDs(ids ...uint64) {
	for _, h := range ids {
		if h != 0 && len(si.reviewIDs) < maxShadowReviewIDs {
			si.reviewIDs = append(si.reviewIDs, h)
		}
	}
}

type posName struct {
	pos  pos
	name string
}

func (aa *agentAgg) shadowSeen(ev *event, p pos, lim int) {
	si := aa.shadow
	if si == nil {
		si = &shadowInfo{files: map[int32]int64{}}
		aa.shadow = si
	}
	if _, ok := si.files[p.file]; ok || len(si.files) < maxShadowFiles {
		si.files[p.file]++
	} else {
		si.filesMore++
	}
	si.seen.add(p, ev.t, lim)
	if len(ev.resource) > 0 {
		si.addRes(posName{p, string(ev.resource)})
	}
}

// addRes keeps the maxShadowRes distinct resources seen first.
func (si *shadowInfo) addRes(r posName) {
	for i := range si.res {
		if si.res[i].name == r.name {
			if r.pos.less(si.res[i].pos) {
				si.res[i].pos = r.pos
				si.sortRes()
			}
			return
		}
	}
	if len(si.res) == maxShadowRes {
		last := si.res[len(si.res)-1]
		si.resMore = true
		if !r.pos.less(last.pos) {
			return
		}
		si.res = si.res[:len(si.res)-1]
	}
	si.res = append(si.res, r)
	si.sortRes()
}

func (si *shadowInfo) sortRes() {
	for i := 1; i < len(si.res); i++ {
		for j := i; j > 0 && si.res[j].pos.less(si.res[j-1].pos); j-- {
			si.res[j], si.res[j-1] = si.res[j-1], si.res[j]
		}
	}
}

func (si *shadowInfo) merge(o *shadowInfo, lim int) {
	for _, r := range o.res {
		si.addRes(r)
	}
	si.resMore = si.resMore || o.resMore
	for f, n := range o.files {
		if _, ok := si.files[f]; ok || len(si.files) < maxShadowFiles {
			si.files[f] += n
		} else {
			si.filesMore += n
		}
	}
	si.filesMore += o.filesMore
	si.reviews += o.reviews
	si.seen.merge(o.seen, lim)
	si.addReviewIDs(o.reviewIDs...)
}
