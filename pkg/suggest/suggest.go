// Package suggest is the one "did you mean" of aims: every unknown name
// (field, ID, provider) is matched against its candidates the same way.
package suggest

import "strings"

// Closest returns the candidate nearest to name, or "" when none is close.
func Closest(name string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if dist := Distance(strings.ToLower(name), strings.ToLower(c)); dist < bestD {
			best, bestD = c, dist
		}
	}
	if bestD <= max(2, len(name)/3) {
		return best
	}
	return ""
}

// Distance is the Levenshtein edit distance between a and b, in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Named is a candidate with an ID and a human name, such as a vendor.
type Named struct{ ID, Name string }

// ClosestNamed returns the ID of the candidate that name most likely means:
// the nearest ID by Closest; else one whose ID or name contains name as a
// word ("bedrock" in "Amazon Web Services (Bedrock, AgentCore)") or whose
// ID starts with it ("route" for "routeapi": an ID is often the product
// name run together), or whose ID name contains ("openai" in "openai-eu").
// Among several, the first by ID. "" when none fits.
func ClosestNamed(name string, candidates []Named) string {
	ids := make([]string, len(candidates))
	for i, c := range candidates {
		ids[i] = c.ID
	}
	if s := Closest(name, ids); s != "" {
		return s
	}
	n := strings.ToLower(strings.TrimSpace(name))
	if len(n) < 3 {
		return ""
	}
	best := ""
	for _, c := range candidates {
		id := strings.ToLower(c.ID)
		if containsWord(id, n) || strings.HasPrefix(id, n) || containsWord(strings.ToLower(c.Name), n) || len(id) >= 3 && containsWord(n, id) {
			if best == "" || c.ID < best {
				best = c.ID
			}
		}
	}
	return best
}

// containsWord reports whether w occurs in s between non-letters (or the ends).
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(w)
		if (j == 0 || !isLetter(s[j-1])) && (end == len(s) || !isLetter(s[end])) {
			return true
		}
		i = j + 1
	}
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' }
