package normgraph_test

import (
	"cmp"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/storetest"
)

func embedded(t testing.TB) *normgraph.Dataset {
	t.Helper()
	ds, err := loader.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestSelectOverlapsKeepsTheCuratedDataset: with the curated dataset every overlapping pair is
// among the OverlapsPerInitiative strongest of one of its initiatives, so the selection is
// every overlap, evidence included, and the API's answers are those of all pairs.
func TestSelectOverlapsKeepsTheCuratedDataset(t *testing.T) {
	ds := embedded(t)
	all, sel := normgraph.ComputeOverlaps(ds), normgraph.SelectOverlaps(ds)
	if len(all) < 300 {
		t.Fatalf("only %d overlaps in the curated dataset", len(all))
	}
	if !reflect.DeepEqual(all, sel) {
		t.Errorf("selection differs from all overlaps: %d selected of %d", len(sel), len(all))
	}
}

// TestSelectOverlapsRule checks the rule against a brute force over every pair, on a dataset
// where most initiatives have more than OverlapsPerInitiative overlaps.
func TestSelectOverlapsRule(t *testing.T) {
	ds := storetest.Scale(embedded(t), 3)
	all := normgraph.ComputeOverlaps(ds)
	per := map[string][]*normgraph.Overlap{}
	for _, o := range all {
		per[o.A] = append(per[o.A], o)
		per[o.B] = append(per[o.B], o)
	}
	other := func(id string, o *normgraph.Overlap) string {
		if o.A == id {
			return o.B
		}
		return o.A
	}
	want := map[[2]string]bool{}
	crowded := 0
	for id, os := range per {
		if len(os) > normgraph.OverlapsPerInitiative {
			crowded++
		}
		slices.SortFunc(os, func(x, y *normgraph.Overlap) int {
			return cmp.Or(cmp.Compare(y.Score, x.Score), strings.Compare(other(id, x), other(id, y)))
		})
		for _, o := range os[:min(len(os), normgraph.OverlapsPerInitiative)] {
			want[[2]string{o.A, o.B}] = true
		}
	}
	if crowded < len(per)/2 {
		t.Fatalf("only %d of %d initiatives have more than %d overlaps: the rule is not exercised", crowded, len(per), normgraph.OverlapsPerInitiative)
	}
	sel := normgraph.SelectOverlaps(ds)
	got := map[[2]string]bool{}
	byPair := map[[2]string]*normgraph.Overlap{}
	for _, o := range all {
		byPair[[2]string{o.A, o.B}] = o
	}
	for _, o := range sel {
		got[[2]string{o.A, o.B}] = true
		if !reflect.DeepEqual(o, byPair[[2]string{o.A, o.B}]) {
			t.Errorf("%s–%s: evidence differs from ComputeOverlaps", o.A, o.B)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("selected %d pairs, the rule gives %d", len(got), len(want))
	}
	if len(sel) >= len(all) || len(sel) > len(per)*normgraph.OverlapsPerInitiative {
		t.Errorf("%d selected of %d: not bounded by %d per initiative", len(sel), len(all), normgraph.OverlapsPerInitiative)
	}
	t.Logf("x3: %d initiatives, %d overlaps, %d selected", len(ds.Initiatives), len(all), len(sel))
}

// BenchmarkSelectOverlaps measures the selection on the curated dataset and on synthetic ones
// 10 and 100 times larger (storetest.Scale); bytes/op is the allocation, which stays linear:
//
//	go test -run '^$' -bench SelectOverlaps -benchmem .
func BenchmarkSelectOverlaps(b *testing.B) {
	ds := embedded(b)
	for _, n := range []int{1, 10, 100} {
		scaled := storetest.Scale(ds, n)
		b.Run(fmt.Sprintf("x%d/%dinitiatives", n, len(scaled.Initiatives)), func(b *testing.B) {
			var pairs int
			for b.Loop() {
				pairs = len(normgraph.SelectOverlaps(scaled))
			}
			b.ReportMetric(float64(pairs), "overlaps")
		})
	}
}

// TestSelectOverlapsDocumented: the schema states k.
func TestSelectOverlapsDocumented(t *testing.T) {
	b, err := os.ReadFile("schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("each initiative's %d strongest", normgraph.OverlapsPerInitiative)
	if n := strings.Count(string(b), want); n != 2 {
		t.Errorf("schema.graphqls says %q %d times, want 2 (overlap and overlaps)", want, n)
	}
}
