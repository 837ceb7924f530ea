package model

import (
	"slices"
	"testing"
)

func TestCompareControlIDs(t *testing.T) {
	want := []string{"4.1", "4.2", "4.10", "6.1", "6.1.2", "6.1.10", "10.1", "A.2.2", "A.2.10", "A.6.1.2", "A.6.2.8", "A.10.2", "B.1", "NW.1"}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, CompareControlIDs)
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	for _, id := range want {
		if CompareControlIDs(id, id) != 0 {
			t.Errorf("%s != itself", id)
		}
	}
	if n := testing.AllocsPerRun(100, func() { CompareControlIDs("A.6.2.8", "A.6.2.10") }); n != 0 {
		t.Errorf("%v allocations per comparison", n)
	}
}
