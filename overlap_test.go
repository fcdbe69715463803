package normgraph_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/storetest"
)

func TestComputeOverlaps(t *testing.T) {
	os := normgraph.ComputeOverlaps(storetest.Fixture(t))
	// alpha–gamma and beta–gamma share nothing (a link is not an overlap) and are left out.
	if len(os) != 1 {
		t.Fatalf("%d overlaps, want 1: %+v", len(os), os)
	}
	o := os[0]
	if o.A != "alpha" || o.B != "beta" {
		t.Fatalf("pair %s–%s", o.A, o.B)
	}
	got := fmt.Sprintf("%v", o.Themes)
	want := "[{capacity-building [alpha/1b] [beta/2]} {critical-infrastructure [alpha/1a alpha/1b] [beta/1]}]"
	if got != want {
		t.Errorf("themes %s, want %s", got, want)
	}
	if got := fmt.Sprintf("%v", o.Actors); got != "[{org-alliance false} {state-ala false} {state-bvt true}]" {
		t.Errorf("actors %s", got)
	}
	if o.DirectActors != 2 || o.DerivedActors != 1 || len(o.Correspondences) != 2 {
		t.Errorf("counts: direct %d derived %d correspondences %d", o.DirectActors, o.DerivedActors, len(o.Correspondences))
	}
	for _, s := range []struct {
		name      string
		got, want float64
	}{
		{"themes 2 of 4", o.ThemeScore, 0.5},
		{"actors 3 of 4", o.ActorScore, 0.75},
		{"correspondences: 4 of 5 norms", o.CorrespondenceScore, 0.8},
		{"mean", o.Score, (0.5 + 0.75 + 0.8) / 3},
	} {
		if math.Abs(s.got-s.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", s.name, s.got, s.want)
		}
	}
	f := normgraph.OverlapFilter{MinScore: 0.79, Basis: normgraph.BasisCorrespondences}
	if !f.Matches(o) {
		t.Error("filter on correspondences rejected 0.8")
	}
	if f.Basis = normgraph.BasisThemes; f.Matches(o) {
		t.Error("filter on themes accepted 0.5 >= 0.79")
	}
}

// BenchmarkComputeOverlaps measures the overlap computation on the embedded dataset and on a
// synthetic one ten times larger (storetest.Scale):
//
//	go test -run '^$' -bench ComputeOverlaps -benchmem .
func BenchmarkComputeOverlaps(b *testing.B) {
	ds, err := loader.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 10} {
		scaled := storetest.Scale(ds, n)
		if err := scaled.Validate(); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("x%d/%dinitiatives", n, len(scaled.Initiatives)), func(b *testing.B) {
			var pairs int
			for b.Loop() {
				pairs = len(normgraph.ComputeOverlaps(scaled))
			}
			b.ReportMetric(float64(pairs), "overlaps")
		})
	}
}
