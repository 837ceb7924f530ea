package engine

import (
	"cmp"
	"slices"
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// findingChunk is how many findings one chunk of a findingList holds.
const findingChunk = 1024

// findingList keeps findings in the order the engine makes them, in chunks
// of fixed size: a fleet of 100,000 agents makes hundreds of thousands of
// findings, and a slice that doubles copies all of them again and again,
// while one sized for the worst case zeroes tens of megabytes up front.
type findingList struct {
	chunks [][]model.Finding
	n      int
}

func (l *findingList) add(f model.Finding) {
	if len(l.chunks) == 0 || len(l.chunks[len(l.chunks)-1]) == findingChunk {
		l.chunks = append(l.chunks, make([]model.Finding, 0, findingChunk))
	}
	last := &l.chunks[len(l.chunks)-1]
	*last = append(*last, f)
	l.n++
}

func (l *findingList) len() int { return l.n }

// each calls fn with every finding, in the order added, and its index.
func (l *findingList) each(fn func(i int, f *model.Finding)) {
	for c, chunk := range l.chunks {
		for j := range chunk {
			fn(c*findingChunk+j, &chunk[j])
		}
	}
}

// sortFindings returns findings ordered by model.Finding.Less, then by the
// fields Less leaves out, so that the order never depends on the sort
// algorithm.
//
// A fleet of 100,000 agents has hundreds of thousands of findings, far more
// than the CPU caches hold, so the sort touches memory in order: one pass
// copies each finding into its (severity, control) bucket (a few hundred
// output streams, each written forward), then each bucket is put in subject
// order with the full tie-breaks. The engine makes findings subject by
// subject, so a bucket usually arrives sorted, and otherwise is permuted
// within itself. A comparison sort over the whole slice, which gathers
// findings from all over memory, cost several times more per finding at
// 100,000 agents than at 10,000.
func sortFindings(fs *findingList) []model.Finding {
	n := fs.len()
	ctlRank := rankControls(fs)
	subj := subjectRanks(fs)

	// Severity ranks run from -1 (unknown) to 4 (critical); highest first.
	const severities = 6
	bucket := make([]int32, n)
	starts := make([]int, severities*len(ctlRank)+1)
	fs.each(func(i int, f *model.Finding) {
		b := int32((4-model.SeverityRank(f.Severity))*len(ctlRank)) + ctlRank[f.Control]
		bucket[i] = b
		starts[b+1]++
	})
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	out := make([]model.Finding, n)
	rank := make([]int32, n) // subject rank of out[j]
	next := slices.Clone(starts)
	fs.each(func(i int, f *model.Finding) {
		j := next[bucket[i]]
		next[bucket[i]]++
		out[j], rank[j] = *f, subj[i]
	})

	less := func(x, y int) int {
		if c := cmp.Compare(rank[x], rank[y]); c != 0 {
			return c
		}
		return compareFindingRest(&out[x], &out[y])
	}
	var perm []int
	var tmp []model.Finding
	for b := 0; b+1 < len(starts); b++ {
		lo, hi := starts[b], starts[b+1]
		sorted := true
		for j := lo + 1; j < hi && sorted; j++ {
			sorted = less(j-1, j) <= 0
		}
		if sorted {
			continue
		}
		perm = perm[:0]
		for j := lo; j < hi; j++ {
			perm = append(perm, j)
		}
		slices.SortFunc(perm, less)
		tmp = tmp[:0]
		for _, j := range perm {
			tmp = append(tmp, out[j])
		}
		copy(out[lo:hi], tmp)
	}
	return out
}

// subjectRanks gives each finding its subject's place in string order. The
// engine makes findings subject by subject (the organisation, systems,
// vendors, then agents in ID order), so it ranks runs of the same subject,
// which come as a few ascending sequences, instead of hashing every
// finding's subject into a map of the whole fleet.
func subjectRanks(fs *findingList) []int32 {
	type run struct {
		subject string
		id      int32
	}
	ranks := make([]int32, fs.len())
	var runs []run
	fs.each(func(i int, f *model.Finding) {
		if len(runs) == 0 || f.Subject != runs[len(runs)-1].subject {
			runs = append(runs, run{f.Subject, int32(len(runs))})
		}
		ranks[i] = int32(len(runs) - 1)
	})
	runs = mergeSort(runs, func(a, b run) int { return strings.Compare(a.subject, b.subject) })
	runRank := make([]int32, len(runs))
	r := int32(-1)
	for k, x := range runs {
		if k == 0 || x.subject != runs[k-1].subject {
			r++
		}
		runRank[x.id] = r
	}
	for i, id := range ranks {
		ranks[i] = runRank[id]
	}
	return ranks
}

// compareFindingRest orders findings of the same severity rank, control and
// subject: file, line, check, message as in model.Finding.Less, then the
// severity's text, column, subject kind, count and remediation, so that the
// order is total.
func compareFindingRest(a, b *model.Finding) int {
	if c := strings.Compare(a.Location.File, b.Location.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Location.Line, b.Location.Line); c != 0 {
		return c
	}
	if c := strings.Compare(a.Check, b.Check); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	// Severities of one rank ("" and "info", "high" and "HIGH") differ in text.
	if c := strings.Compare(a.Severity, b.Severity); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Location.Col, b.Location.Col); c != 0 {
		return c
	}
	if c := strings.Compare(a.SubjectKind, b.SubjectKind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Count, b.Count); c != 0 {
		return c
	}
	return strings.Compare(a.Remediation, b.Remediation)
}

// rankControls gives each control ID of the findings its place in
// catalogue order (model.CompareControlIDs, then text).
func rankControls(fs *findingList) map[string]int32 {
	rank := map[string]int32{}
	fs.each(func(_ int, f *model.Finding) { rank[f.Control] = 0 })
	distinct := make([]string, 0, len(rank))
	for v := range rank {
		distinct = append(distinct, v)
	}
	slices.SortFunc(distinct, func(a, b string) int {
		if c := model.CompareControlIDs(a, b); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	for i, v := range distinct {
		rank[v] = int32(i)
	}
	return rank
}

// mergeSort is a stable natural merge sort: it finds the ascending
// sequences already in s and merges neighbours until one is left, so input
// made of k sorted sequences costs n log k comparisons, and every pass reads
// and writes memory in order. pdqsort spends n log n comparisons on a sorted
// sequence with a few elements out of place in front, and each comparison
// of two agent IDs may miss the cache.
func mergeSort[T any](s []T, cmpFn func(a, b T) int) []T {
	if len(s) < 2 {
		return s
	}
	// bounds[k] is where the k-th ascending sequence starts.
	bounds := []int{0}
	for i := 1; i < len(s); i++ {
		if cmpFn(s[i-1], s[i]) > 0 {
			bounds = append(bounds, i)
		}
	}
	bounds = append(bounds, len(s))
	src, dst := s, make([]T, len(s))
	for len(bounds) > 2 {
		next := []int{0}
		for k := 0; k+1 < len(bounds); k += 2 {
			lo, mid := bounds[k], bounds[k+1]
			hi := mid
			if k+2 < len(bounds) {
				hi = bounds[k+2]
			}
			i, j, o := lo, mid, lo
			for i < mid && j < hi {
				if cmpFn(src[j], src[i]) < 0 {
					dst[o] = src[j]
					j++
				} else {
					dst[o] = src[i]
					i++
				}
				o++
			}
			o += copy(dst[o:], src[i:mid])
			copy(dst[o:], src[j:hi])
			next = append(next, hi)
		}
		src, dst = dst, src
		bounds = next
	}
	return src
}
