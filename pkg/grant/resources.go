package grant

import (
	"strings"

	"github.com/aims-cli/aims/pkg/model"
)

// ResourceSet is the resource globs of one or more grants prepared for
// matching many logged resources: log analysis checks every event's resource
// against the grants of its tool and operation, and a log may name a
// hundred thousand distinct resources, so a verdict cache rarely hits and the
// glob is paid per event (issue 14). The two shapes grants almost always
// take, a literal and a literal prefix followed by '*', are matched with one
// comparison; any other pattern goes through Glob. Match means exactly what
// Resource means for each of the grants, OR-ed.
type ResourceSet struct {
	any      bool     // a grant allows every resource
	exact    []string // patterns without metacharacters: equality
	prefixes []string // "P*" with P free of metacharacters: a prefix
	globs    []string // everything else, through Glob
}

// NewResourceSet prepares the resource globs of grants gs.
func NewResourceSet(gs ...*model.Grant) ResourceSet {
	var s ResourceSet
	for _, g := range gs {
		if g.Resources == nil {
			s.any = true
			continue
		}
		for _, r := range g.Resources {
			switch p := strings.TrimRight(r, "*"); {
			case !strings.ContainsAny(r, "*?["):
				// Glob compares such a pattern for equality only (a
				// backslash escapes nothing without a metacharacter).
				s.exact = append(s.exact, r)
			case p != r && !strings.ContainsAny(p, "*?[\\"):
				s.prefixes = append(s.prefixes, p)
			default:
				s.globs = append(s.globs, r)
			}
		}
	}
	return s
}

// Slow reports whether some pattern needs Glob, so a caller may cache
// verdicts; without one, a match costs a few comparisons.
func (s *ResourceSet) Slow() bool { return len(s.globs) > 0 }

// Match reports whether one of the grants allows resource res ("" when the
// log names none: nothing to judge), as Resource does.
func (s *ResourceSet) Match(res string) bool {
	if res == "" || s.any {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(res, p) {
			return true
		}
	}
	for _, e := range s.exact {
		if e == res {
			return true
		}
	}
	for _, g := range s.globs {
		if Glob(g, res) {
			return true
		}
	}
	return false
}
