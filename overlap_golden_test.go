package normgraph_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/export"
	"github.com/normgraph/normgraph/memory"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/overlaps-golden.txt")

// pairOf finds the overlap of a and b in a list.
func pairOf(t *testing.T, os []*normgraph.Overlap, a, b string) *normgraph.Overlap {
	t.Helper()
	if b < a {
		a, b = b, a
	}
	for _, o := range os {
		if o.A == a && o.B == b {
			return o
		}
	}
	t.Fatalf("no overlap %s–%s", a, b)
	return nil
}

func show(s *float64) string {
	if s == nil {
		return "null"
	}
	return fmt.Sprintf("%.3f", *s)
}

// TestOverlapsExpertOrder checks, on the curated dataset, the expected order of the pairs that
// docs/overlaps.md ("Expected order") justifies, and the properties the scoring promises.
func TestOverlapsExpertOrder(t *testing.T) {
	os := normgraph.ComputeOverlaps(embedded(t))
	score := func(a, b string) float64 {
		s := pairOf(t, os, a, b).Score
		if s == nil {
			t.Fatalf("%s–%s: combined score unknown", a, b)
		}
		return *s
	}
	for _, c := range []struct{ hi, lo [2]string }{
		// The Paris Call took up GCSC norms (stated by the GCSC); MANRS shares themes only.
		{[2]string{"gcsc", "paris-call"}, [2]string{"manrs", "paris-call"}},
		// The two industry codes map commitment to commitment; the Tech Accord and the GGE
		// address different actors.
		{[2]string{"charter-of-trust", "tech-accord"}, [2]string{"tech-accord", "un-gge-2015"}},
		// The OSCE 2016 CBMs operationalise GGE norms; NIS and the OSCE share states only
		// through EU and OSCE membership.
		{[2]string{"osce-cbms-2016", "un-gge-2015"}, [2]string{"eu-nis-2016", "osce-cbms-2013"}},
		// The same IP-theft commitment in almost the same words (equivalent) beats an
		// affirmation of international law that SCO reads its own way (related).
		{[2]string{"g20-antalya-2015", "us-china-2015"}, [2]string{"g20-antalya-2015", "sco-code-2011"}},
		// Paris Call and Tech Accord: mapped norms and the accord's signatories nearly all
		// supporting the Call; the Christchurch Call shares supporters but no theme.
		{[2]string{"paris-call", "tech-accord"}, [2]string{"christchurch-call", "paris-call"}},
	} {
		if hi, lo := score(c.hi[0], c.hi[1]), score(c.lo[0], c.lo[1]); hi <= lo {
			t.Errorf("%v scores %.3f, not above %v at %.3f", c.hi, hi, c.lo, lo)
		}
	}

	// Family: successors, siblings and one author's series are flagged and left out by default.
	for _, p := range [][2]string{{"microsoft-2014", "microsoft-2016"}, {"eu-nis-2016", "eu-nis2-2022"},
		{"osce-cbms-2013", "osce-cbms-2016"}, {"un-gge-2013", "un-gge-2021"}, {"sco-code-2011", "sco-code-2015"},
		{"asean-amcc-2018", "asean-leaders-2018"}} {
		if o := pairOf(t, os, p[0], p[1]); !o.Family || o.FamilyReason == "" {
			t.Errorf("%v not flagged as one family (%q)", p, o.FamilyReason)
		} else if (normgraph.OverlapFilter{}).Matches(o) {
			t.Errorf("%v passes the default filter", p)
		}
	}
	if o := pairOf(t, os, "paris-call", "un-gge-2015"); o.Family {
		t.Errorf("Paris Call and GGE 2015 flagged as one family: %s", o.FamilyReason)
	}

	// One shared author is not a perfect actor match.
	if o := pairOf(t, os, "microsoft-2014", "microsoft-2016"); o.ActorScore == nil || *o.ActorScore >= 0.5 {
		t.Errorf("Microsoft 2014–2016 actor score %s, want below 0.5", show(o.ActorScore))
	}
	// Membership-derived participation does not count by default, and weighs little with it.
	if o := pairOf(t, os, "eu-nis-2016", "osce-cbms-2013"); o.ActorScore == nil || *o.ActorScore != 0 ||
		o.ActorScoreWithDerived == nil || *o.ActorScoreWithDerived >= 0.1 || o.DerivedActors < 20 {
		t.Errorf("NIS–OSCE actors: curated %s, with derived %s on %d derived actors", show(o.ActorScore), show(o.ActorScoreWithDerived), o.DerivedActors)
	}
	// The Paris Call's 1,200 supporters do not sink its actor overlap with a state-only text.
	if o := pairOf(t, os, "paris-call", "un-gge-2015"); o.ActorScore == nil || *o.ActorScore < 0.2 {
		t.Errorf("Paris Call–GGE 2015 actor score %s, want at least 0.2", show(o.ActorScore))
	}
	// Unknown, not zero: the GGE 2013 report has no itemised norms.
	if o := pairOf(t, os, "un-gge-2013", "un-gge-2015"); o.ThemeScore != nil || o.CorrespondenceScore != nil || o.Score != nil {
		t.Errorf("GGE 2013–2015: themes %s correspondences %s combined %s, want null", show(o.ThemeScore), show(o.CorrespondenceScore), show(o.Score))
	}
	// Disagreement is tension, not similarity.
	if o := pairOf(t, os, "freedom-online-coalition", "sco-code-2011"); o.Tension == nil || *o.Tension <= 0 ||
		o.CorrespondenceScore == nil || *o.CorrespondenceScore != 0 {
		t.Errorf("SCO–FOC: tension %s, correspondences %s", show(o.Tension), show(o.CorrespondenceScore))
	}
}

// TestOverlapsGolden compares the strongest non-family overlaps of the curated dataset, with
// every component, to testdata/overlaps-golden.txt (go test -run OverlapsGolden -update .
// rewrites it; review the diff against docs/overlaps.md).
func TestOverlapsGolden(t *testing.T) {
	os := normgraph.ComputeOverlaps(embedded(t))
	zero := 0.0
	os = slices.DeleteFunc(os, func(o *normgraph.Overlap) bool { return !(normgraph.OverlapFilter{MinScore: &zero}).Matches(o) })
	slices.SortFunc(os, normgraph.OverlapOrder(normgraph.BasisCombined, normgraph.ActorsCurated))
	var b strings.Builder
	fmt.Fprintln(&b, "# rank score withDerived themes actors actorsWithDerived correspondences tension pair")
	for i, o := range os[:min(25, len(os))] {
		fmt.Fprintf(&b, "%2d %s %s %s %s %s %s %s %s %s\n", i+1, show(o.Score), show(o.ScoreWithDerived), show(o.ThemeScore),
			show(o.ActorScore), show(o.ActorScoreWithDerived), show(o.CorrespondenceScore), show(o.Tension), o.A, o.B)
	}
	const path = "testdata/overlaps-golden.txt"
	if *updateGolden {
		if err := writeFile(path, b.String()); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != want {
		t.Errorf("overlaps differ from %s (run with -update and review):\n%s", path, got)
	}
}

func writeFile(path, s string) error {
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}

func readFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

// TestSubgraphCapsOverlaps: the research questions' drawing (docs/research-questions.md, 10)
// keeps each node's strongest OVERLAPS edges only, each with its score.
func TestSubgraphCapsOverlaps(t *testing.T) {
	store, err := memory.New(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	count := func(perNode int, min float64) (overlaps, all, initiatives int) {
		g, err := normgraph.Subgraph(t.Context(), store, normgraph.SubgraphQuery{RootIDs: []string{"paris-call/2"}, Depth: 2,
			Types: []normgraph.NodeType{normgraph.TypeNorm, normgraph.TypeInitiative, normgraph.TypeTheme}, Limit: 60,
			OverlapsPerNode: perNode, MinOverlap: min})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range g.Nodes {
			if normgraph.TypeOf(n) == normgraph.TypeInitiative {
				initiatives++
			}
		}
		for _, e := range g.Edges {
			if e.Type != "OVERLAPS" {
				continue
			}
			overlaps++
			if e.Weight == nil || *e.Weight < min {
				t.Errorf("%s: weight %v below %v", e.ID, e.Weight, min)
			}
		}
		return overlaps, len(g.Edges), initiatives
	}
	uncapped, allUncapped, inits := count(normgraph.OverlapsPerInitiative, 0)
	capped, allCapped, _ := count(export.DefaultOverlapsPerNode, 0)
	above, _, _ := count(export.DefaultOverlapsPerNode, 0.2)
	k := export.DefaultOverlapsPerNode
	if schema, err := os.ReadFile("schema.graphqls"); err != nil || !strings.Contains(string(schema), fmt.Sprintf("overlapsPerNode: Int = %d,", k)) {
		t.Errorf("schema.graphqls does not default overlapsPerNode to the exports' %d (%v)", k, err)
	}
	t.Logf("overlap edges: %d of %d uncapped, %d of %d with %d per node, %d of them above 0.2; %d initiatives", uncapped, allUncapped, capped, allCapped, k, above, inits)
	if capped > k*inits || 5*capped > uncapped || above >= capped {
		t.Errorf("capping: %d uncapped, %d with %d per node (of %d edges, %d initiatives), %d above 0.2", uncapped, capped, k, allCapped, inits, above)
	}
}
