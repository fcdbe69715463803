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
	"github.com/normgraph/normgraph/storetest"
)

func embedded(t testing.TB) *normgraph.Dataset {
	t.Helper()
	ds := storetest.Embedded(t)
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
			return cmp.Or(cmp.Compare(known(y.Score), known(x.Score)), strings.Compare(other(id, x), other(id, y)))
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

// known is a score for ranking: unknown (nil) below every known score.
func known(s *float64) float64 {
	if s == nil {
		return -1
	}
	return *s
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

// TestOverlapEvidenceOnDemand: the overlaps of SelectOverlapScores, with their evidence filled
// by FillOverlapEvidence from only what a backend reads back for the page (the norms,
// participations and correspondences of the initiatives involved, and the stored rarities),
// equal SelectOverlaps' overlaps, on the curated dataset and on a scaled one.
func TestOverlapEvidenceOnDemand(t *testing.T) {
	for _, n := range []int{1, 3} {
		ds := storetest.Scale(embedded(t), n)
		want, got := normgraph.SelectOverlaps(ds), normgraph.SelectOverlapScores(ds)
		if len(got.Overlaps) != len(want) {
			t.Fatalf("×%d: %d overlaps without evidence, %d with", n, len(got.Overlaps), len(want))
		}
		withLists := 0
		for _, o := range got.Overlaps {
			if o.Themes != nil || o.Actors != nil || o.Correspondences != nil {
				withLists++
			}
		}
		if withLists > 0 {
			t.Errorf("×%d: %d overlaps of SelectOverlapScores carry evidence lists", n, withLists)
		}
		all := normgraph.AllParticipations(ds)
		for start := 0; start < len(got.Overlaps); start += 100 { // pages of 100, as the API reads them
			page := got.Overlaps[start:min(start+100, len(got.Overlaps))]
			ids := map[string]bool{}
			for _, o := range page {
				ids[o.A], ids[o.B] = true, true
			}
			in := normgraph.OverlapInputs{Rarity: got.Rarity}
			norms := map[string]bool{}
			for _, x := range ds.Norms {
				if ids[x.InitiativeID] {
					in.Norms = append(in.Norms, x)
					norms[x.ID] = true
				}
			}
			for _, x := range all {
				if ids[x.InitiativeID] {
					in.Participations = append(in.Participations, x)
				}
			}
			for _, x := range ds.Correspondences {
				if norms[x.FromID] && norms[x.ToID] {
					in.Correspondences = append(in.Correspondences, x)
				}
			}
			slices.Reverse(in.Norms) // the order they are read in does not matter
			normgraph.FillOverlapEvidence(in, page)
		}
		for i, o := range got.Overlaps {
			if !reflect.DeepEqual(o, want[i]) {
				t.Fatalf("×%d: %s–%s differs:\n got %+v\nwant %+v", n, o.A, o.B, o, want[i])
			}
		}
	}
}
