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
