package framework

import (
	"strings"
)

// nistFunctions is the AI RMF's own order of its functions, which readers
// expect instead of the alphabetical one (GOVERN, MAP, MEASURE, MANAGE).
var nistFunctions = map[string]int{"GOVERN": 0, "MAP": 1, "MEASURE": 2, "MANAGE": 3}

// CompareItems orders two item IDs of a framework naturally: numeric parts by
// value (Art. 4 < Art. 12 < Art. 50; 9.3 < 10.1 < A.5.1 < A.8.15, clauses
// before Annex A controls), and NIST AI RMF functions in the framework's order
// (GOVERN 1.1 < GOVERN 2.1 < MAP 1.5 < MEASURE 2.8 < MANAGE 1.1). Equal keys
// fall back to byte order, so the order is total.
func CompareItems(framework, a, b string) int {
	if framework == NISTAIRMF {
		fa, ra := nistSplit(a)
		fb, rb := nistSplit(b)
		if fa != fb {
			return fa - fb
		}
		if c := compareNatural(ra, rb); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	}
	if c := compareNatural(a, b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// nistSplit returns the rank of a's function (unknown functions after the four)
// and the rest of the ID, which keeps the function word for unknown ones.
func nistSplit(a string) (int, string) {
	fn, rest, _ := strings.Cut(strings.TrimSpace(a), " ")
	if r, ok := nistFunctions[strings.ToUpper(fn)]; ok {
		return r, rest
	}
	return len(nistFunctions), a
}

// compareNatural compares runs of digits by value and other runs by bytes; a
// digit run sorts before a non-digit run, and a prefix before the longer ID.
func compareNatural(a, b string) int {
	for a != "" && b != "" {
		ta, da := nextToken(a)
		tb, db := nextToken(b)
		a, b = a[len(ta):], b[len(tb):]
		switch {
		case da && db:
			if c := compareDigits(ta, tb); c != 0 {
				return c
			}
		case da:
			return -1
		case db:
			return 1
		default:
			if c := strings.Compare(ta, tb); c != 0 {
				return c
			}
		}
	}
	return len(a) - len(b)
}

// nextToken returns the leading run of s that is all digits or all non-digits.
func nextToken(s string) (string, bool) {
	digit := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == digit {
		i++
	}
	return s[:i], digit
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// compareDigits compares decimal strings of any length by value without
// converting them, so very long numbers cannot overflow.
func compareDigits(a, b string) int {
	a = strings.TrimLeft(a, "0")
	b = strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
