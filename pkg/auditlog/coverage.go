package auditlog

import (
	"fmt"
	"sort"
	"time"

	"github.com/aims-cli/aims/pkg/model"
)

// minCadenceIntervals is how many intervals between active hours an agent
// needs in its deployed window before its cadence is taken as known: with
// fewer, any silence could be its rhythm, and none is judged a gap.
const minCadenceIntervals = 3

// coverage is the coverage-gap judgement of one agent (issue 11 §3): a
// silence is a gap only while the agent was deployed (not testing, not
// before its approval, not after its retirement) and only when it is longer
// than both the log_gap_hours threshold and twice the agent's usual
// interval, so that an agent that acts weekly is not silent after a day.
type coverage struct {
	judged bool
	// cadence is the median interval in hours between consecutive active
	// hours in the deployed window; limit the silence beyond which a gap
	// is reported.
	cadence, limit int
	gaps           []gap
	// note says, for the agent page, what was assumed or why nothing was judged.
	note string
}

// judgeCoverage judges an agent's active hours. info is nil for identities
// without an inventory agent (no lifecycle to respect). For an agent that
// others delegate to (delegate), a silence is a gap only when deleg, the
// hours in which another inventory agent delegated to it, has one inside.
func (an *analysis) judgeCoverage(info *agentInfo, hours map[int64]*uint64, delegate bool, deleg map[int64]*uint64) coverage {
	th := an.th.LogGapHours
	if th <= 0 {
		return coverage{note: "not judged: no log_gap_hours threshold"}
	}
	from, to := an.from, an.to
	if info != nil {
		a := info.a
		if a.Lifecycle != "" && a.Lifecycle != model.LifecycleDeployed {
			return coverage{note: fmt.Sprintf("not judged: lifecycle %s (gaps are judged only while deployed)", a.Lifecycle)}
		}
		if !info.approvedFrom.IsZero() && info.approvedFrom.After(from) {
			from = info.approvedFrom
		}
		if !info.retiredAfter.IsZero() && (to.IsZero() || info.retiredAfter.Before(to)) {
			to = info.retiredAfter
		}
	}
	active := activeHours(hours, from, to)
	if len(active)-1 < minCadenceIntervals {
		return coverage{note: fmt.Sprintf("not judged: %d active hours while deployed, too few to know the agent's cadence", len(active))}
	}
	iv := make([]int, len(active)-1)
	for i := 1; i < len(active); i++ {
		iv[i-1] = int(active[i] - active[i-1])
	}
	sorted := append([]int(nil), iv...)
	sort.Ints(sorted)
	// Lower median: a few long silences do not stretch the cadence.
	c := coverage{judged: true, cadence: sorted[(len(sorted)-1)/2]}
	c.limit = th
	if 2*c.cadence > c.limit {
		c.limit = 2 * c.cadence
	}
	excused := 0
	for i, d := range iv {
		// An interval of d hours between active hours is d-1 silent hours;
		// the old rule (at least th silent hours) is d > th.
		if d <= c.limit {
			continue
		}
		// A delegation in the hour before the delegate's next activity is
		// the one it answered (the delegate logs its work when it runs).
		if delegate && !delegatedWithin(deleg, active[i]+1, active[i+1]-1) {
			excused++
			continue
		}
		c.gaps = append(c.gaps, gap{from: time.Unix((active[i]+1)*3600, 0).UTC(), to: time.Unix(active[i+1]*3600, 0).UTC()})
	}
	c.note = fmt.Sprintf("assumed cadence: active about every %s (median interval between active hours while deployed); silences longer than %dh are gaps", hoursText(c.cadence), c.limit)
	if delegate {
		c.note += fmt.Sprintf("; reached by delegation, so only a silence in which another agent delegated to it is a gap (%d longer silence(s) without a delegation to it)", excused)
	}
	return c
}

// delegatedWithin reports whether a delegation hour lies in [from, to).
func delegatedWithin(deleg map[int64]*uint64, from, to int64) bool {
	for h := from; h < to; h++ {
		if hourSet(deleg, h) {
			return true
		}
	}
	return false
}

// activeHours lists, in order, the active UTC hours in [from, to) (either
// bound zero: open).
func activeHours(hours map[int64]*uint64, from, to time.Time) []int64 {
	keys := make([]int64, 0, len(hours))
	for k := range hours {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	lo, hi := int64(-1), int64(-1)
	if !from.IsZero() {
		lo = from.Unix() / 3600
	}
	if !to.IsZero() {
		// The hour that holds to-1ns is the last one inside.
		hi = (to.Unix() - 1) / 3600
	}
	var out []int64
	for _, k := range keys {
		w := *hours[k]
		for b := int64(0); b < 64; b++ {
			if w&(1<<uint(b)) == 0 {
				continue
			}
			h := k<<6 | b
			if lo >= 0 && h < lo || hi >= 0 && h > hi {
				continue
			}
			out = append(out, h)
		}
	}
	return out
}

func hoursText(h int) string {
	switch {
	case h%168 == 0:
		if h == 168 {
			return "week"
		}
		return fmt.Sprintf("%d weeks", h/168)
	case h%24 == 0:
		if h == 24 {
			return "day"
		}
		return fmt.Sprintf("%d days", h/24)
	case h == 1:
		return "hour"
	}
	return fmt.Sprintf("%dh", h)
}
