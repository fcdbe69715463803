package normgraph_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
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
	var themeList []string
	for _, t := range o.Themes {
		themeList = append(themeList, fmt.Sprintf("%s %v %v", t.ThemeID, t.NormsA, t.NormsB))
	}
	got := strings.Join(themeList, "; ")
	want := "capacity-building [alpha/1b] [beta/2]; critical-infrastructure [alpha/1a alpha/1b] [beta/1]"
	if got != want {
		t.Errorf("themes %s, want %s", got, want)
	}
	var actors []string
	for _, a := range o.Actors {
		actors = append(actors, fmt.Sprintf("%s:%v", a.ActorID, a.Derived))
	}
	if got := strings.Join(actors, " "); got != "org-alliance:false state-ala:false state-bvt:true" {
		t.Errorf("actors %s", got)
	}
	if o.DirectActors != 2 || o.DerivedActors != 1 || len(o.Correspondences) != 2 {
		t.Errorf("counts: direct %d derived %d correspondences %d", o.DirectActors, o.DerivedActors, len(o.Correspondences))
	}
	// By hand, with docs/overlaps.md: rarity r(df, n) = ln(1+n/df)/ln(1+n).
	r := func(df, n float64) float64 { return math.Log(1+n/df) / math.Log(1+n) }
	// Themes: alpha {ci, vh, cb}, beta {pc, ci, cb}, the only two with norms; ci and cb shared.
	themes := 2 * r(2, 2) / (2*r(2, 2) + 1 + normgraph.OverlapShrinkage)
	// Curated actors: alpha {state-ala, org-alliance}, beta the same, gamma {example-corp}.
	actorsCurated := 2 * r(2, 3) / (2*r(2, 3) + normgraph.OverlapShrinkage)
	// Correspondences: beta/1 broader than alpha/1a (0.75), alpha/1b related to beta/2 (0.5);
	// alpha covers 1.25 of 3 norms, beta 1.25 of 2: the better side counts.
	corr := max(1.25/(3+normgraph.CorrespondenceShrinkage), 1.25/(2+normgraph.CorrespondenceShrinkage))
	for _, s := range []struct {
		name string
		got  *float64
		want float64
	}{
		{"themes", o.ThemeScore, themes},
		{"actors, curated", o.ActorScore, actorsCurated},
		{"correspondences", o.CorrespondenceScore, corr},
		{"tension: known, none", o.Tension, 0},
		{"combined", o.Score, (themes + actorsCurated + 2*corr) / 4},
	} {
		if s.got == nil || math.Abs(*s.got-s.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", s.name, s.got, s.want)
		}
	}
	if o.ActorScoreWithDerived == nil || *o.ActorScoreWithDerived <= 0 || *o.ActorScoreWithDerived >= 1 {
		t.Errorf("actors with derived: %v", o.ActorScoreWithDerived)
	}
	if o.Family {
		t.Errorf("alpha and beta flagged as one family: %s", o.FamilyReason)
	}
	low := corr - 0.01
	f := normgraph.OverlapFilter{MinScore: &low, Basis: normgraph.BasisCorrespondences}
	if !f.Matches(o) {
		t.Error("filter on correspondences rejected its own score")
	}
	if f.Basis = normgraph.BasisThemes; f.Matches(o) {
		t.Errorf("filter on themes accepted %v >= %v", *o.ThemeScore, f.MinScore)
	}
}

// BenchmarkComputeOverlaps measures the overlap computation on the embedded dataset and on a
// synthetic one ten times larger (storetest.Scale):
//
//	go test -run '^$' -bench ComputeOverlaps -benchmem .
func BenchmarkComputeOverlaps(b *testing.B) {
	ds := storetest.Embedded(b)
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
