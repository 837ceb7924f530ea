package auditlog

// addIgnored counts n records ignored for reason in m. At most
// maxIgnoreReasons reasons are named; the others count under "other". Which
// ones are named must not depend on the order records (or partial
// aggregates) arrive in, or the output would change with the worker count:
// the reasons kept are the ones that sort first, so a new reason that sorts
// before the last kept one takes its place and the evicted one's count moves
// to "other". Merging partial maps with addIgnored gives the same map in any
// order.
func addIgnored(m map[string]int64, reason string, n int64) {
	const other = "other"
	if _, ok := m[reason]; ok || reason == other {
		m[reason] += n
		return
	}
	named := len(m)
	if _, ok := m[other]; ok {
		named--
	}
	if named < maxIgnoreReasons {
		m[reason] = n
		return
	}
	last := ""
	for k := range m {
		if k != other && k > last {
			last = k
		}
	}
	if reason < last {
		m[other] += m[last]
		delete(m, last)
		m[reason] = n
		return
	}
	m[other] += n
}
