package normgraph

import (
	"cmp"
	"slices"
	"strings"
)

// OverlapBasis names what an overlap score is computed from.
type OverlapBasis string

// The overlap bases.
const (
	BasisCombined        OverlapBasis = "combined"
	BasisThemes          OverlapBasis = "themes"
	BasisActors          OverlapBasis = "actors"
	BasisCorrespondences OverlapBasis = "correspondences"
)

// Overlap is what two initiatives have in common, with the evidence behind each number. A is
// the initiative whose id sorts first.
type Overlap struct {
	A string `json:"a"`
	B string `json:"b"`

	// Themes both initiatives' norms address, by theme id, with the norms on each side.
	Themes     []ThemeOverlap `json:"themes"`
	ThemeScore float64        `json:"themeScore"` // Jaccard index of the two sets of themes

	// Actors behind both (a curated or derived participation in each), by actor id.
	Actors        []ActorOverlap `json:"actors"`
	DirectActors  int            `json:"directActors"`  // actors with a curated participation in both
	DerivedActors int            `json:"derivedActors"` // actors committed to at least one of them only through membership
	ActorScore    float64        `json:"actorScore"`    // Jaccard index of the two sets of actors

	// Curated correspondences between a norm of A and a norm of B.
	Correspondences     []CorrespondenceRef `json:"correspondences"`
	CorrespondenceScore float64             `json:"correspondenceScore"` // norms in such a correspondence / all norms of A and B

	Score float64 `json:"score"` // the mean of the three scores
}

// ThemeOverlap is one shared theme and the norms of each initiative that address it.
type ThemeOverlap struct {
	ThemeID string   `json:"theme"`
	NormsA  []string `json:"normsA"`
	NormsB  []string `json:"normsB"`
}

// ActorOverlap is one shared actor; Derived when its commitment to A or B comes only through
// membership of an organization.
type ActorOverlap struct {
	ActorID string `json:"actor"`
	Derived bool   `json:"derived"`
}

// CorrespondenceRef points at one curated correspondence.
type CorrespondenceRef struct {
	FromID string             `json:"from"`
	ToID   string             `json:"to"`
	Kind   CorrespondenceKind `json:"kind"`
	Basis  Basis              `json:"basis"`
}

// ScoreOn returns the score of the given basis.
func (o *Overlap) ScoreOn(b OverlapBasis) float64 {
	switch b {
	case BasisThemes:
		return o.ThemeScore
	case BasisActors:
		return o.ActorScore
	case BasisCorrespondences:
		return o.CorrespondenceScore
	}
	return o.Score
}

// OverlapFilter selects overlaps: Score on Basis at least MinScore, touching Initiative if set.
type OverlapFilter struct {
	MinScore   float64
	Basis      OverlapBasis
	Initiative string
}

// Matches reports whether the overlap passes the filter.
func (f OverlapFilter) Matches(o *Overlap) bool {
	if f.Initiative != "" && o.A != f.Initiative && o.B != f.Initiative {
		return false
	}
	return o.ScoreOn(f.Basis) >= f.MinScore
}

// OverlapOrder ranks overlaps: the basis score, highest first, then by the pair's ids.
func OverlapOrder(b OverlapBasis) func(x, y *Overlap) int {
	return func(x, y *Overlap) int {
		return cmp.Or(cmp.Compare(y.ScoreOn(b), x.ScoreOn(b)), strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	}
}

func jaccard(shared, a, b int) float64 {
	union := a + b - shared
	if union == 0 {
		return 0
	}
	return float64(shared) / float64(union)
}

// ComputeOverlaps computes, once for both backends, the overlap of every pair of initiatives
// that share a theme, an actor or a correspondence; pairs with nothing in common are left out.
// Actors count through their curated and derived participations (see DeriveParticipations).
// The result is sorted by (A, B). The dataset must be valid.
func ComputeOverlaps(d *Dataset) []*Overlap {
	ids := make([]string, len(d.Initiatives))
	for i, in := range d.Initiatives {
		ids[i] = in.ID
	}
	slices.Sort(ids)

	// Per initiative: theme → its norms; actor → curated participation?; its norm count.
	themes := map[string]map[string][]string{}
	normsOf := map[string]int{}
	initOfNorm := map[string]string{}
	for _, n := range d.Norms {
		initOfNorm[n.ID] = n.InitiativeID
		normsOf[n.InitiativeID]++
		if themes[n.InitiativeID] == nil {
			themes[n.InitiativeID] = map[string][]string{}
		}
		for _, t := range n.ThemeIDs {
			themes[n.InitiativeID][t] = append(themes[n.InitiativeID][t], n.ID)
		}
	}
	actors := map[string]map[string]bool{} // initiative → actor → curated
	for _, p := range AllParticipations(d) {
		if actors[p.InitiativeID] == nil {
			actors[p.InitiativeID] = map[string]bool{}
		}
		actors[p.InitiativeID][p.ActorID] = actors[p.InitiativeID][p.ActorID] || !p.Derived()
	}
	type pair struct{ a, b string }
	corrs := map[pair][]CorrespondenceRef{}
	for _, c := range d.Correspondences {
		a, b := initOfNorm[c.FromID], initOfNorm[c.ToID]
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		corrs[pair{a, b}] = append(corrs[pair{a, b}], CorrespondenceRef{c.FromID, c.ToID, c.Kind, c.Basis})
	}

	var out []*Overlap
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			o := &Overlap{A: a, B: b}
			for t, na := range themes[a] {
				if nb, ok := themes[b][t]; ok {
					o.Themes = append(o.Themes, ThemeOverlap{ThemeID: t, NormsA: slices.Clone(na), NormsB: slices.Clone(nb)})
				}
			}
			slices.SortFunc(o.Themes, func(x, y ThemeOverlap) int { return strings.Compare(x.ThemeID, y.ThemeID) })
			o.ThemeScore = jaccard(len(o.Themes), len(themes[a]), len(themes[b]))

			small, large := actors[a], actors[b]
			if len(large) < len(small) {
				small, large = large, small
			}
			for actor, curatedSmall := range small {
				curatedLarge, ok := large[actor]
				if !ok {
					continue
				}
				derived := !curatedSmall || !curatedLarge
				o.Actors = append(o.Actors, ActorOverlap{ActorID: actor, Derived: derived})
				if derived {
					o.DerivedActors++
				} else {
					o.DirectActors++
				}
			}
			slices.SortFunc(o.Actors, func(x, y ActorOverlap) int { return strings.Compare(x.ActorID, y.ActorID) })
			o.ActorScore = jaccard(len(o.Actors), len(actors[a]), len(actors[b]))

			o.Correspondences = corrs[pair{a, b}]
			slices.SortFunc(o.Correspondences, func(x, y CorrespondenceRef) int {
				return cmp.Or(strings.Compare(x.FromID, y.FromID), strings.Compare(x.ToID, y.ToID))
			})
			involved := map[string]bool{}
			for _, c := range o.Correspondences {
				involved[c.FromID], involved[c.ToID] = true, true
			}
			if total := normsOf[a] + normsOf[b]; total > 0 {
				o.CorrespondenceScore = float64(len(involved)) / float64(total)
			}
			if len(o.Themes) == 0 && len(o.Actors) == 0 && len(o.Correspondences) == 0 {
				continue
			}
			o.Score = (o.ThemeScore + o.ActorScore + o.CorrespondenceScore) / 3
			out = append(out, o)
		}
	}
	return out
}
