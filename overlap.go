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

// overlapCounts are the sizes the scores of an overlap are computed from.
type overlapCounts struct {
	sharedThemes, themesA, themesB int // themes both address; themes of each
	sharedActors, actorsA, actorsB int // actors behind both; actors of each
	corrNorms, normsA, normsB      int // norms in a correspondence between the two; norms of each
}

// scores is the scoring formula: a Jaccard index for themes and for actors, the share of the
// two initiatives' norms that take part in a correspondence between them, and their mean.
// SelectOverlaps ranks by the combined score it returns, so a change here changes what is
// stored too.
func (c overlapCounts) scores() (theme, actor, corr, combined float64) {
	theme = jaccard(c.sharedThemes, c.themesA, c.themesB)
	actor = jaccard(c.sharedActors, c.actorsA, c.actorsB)
	if total := c.normsA + c.normsB; total > 0 {
		corr = float64(c.corrNorms) / float64(total)
	}
	return theme, actor, corr, (theme + actor + corr) / 3
}

type initiativePair struct{ a, b string }

// overlapIndex holds, per initiative, what overlaps are computed from.
type overlapIndex struct {
	ids     []string                       // initiative ids, sorted
	themes  map[string]map[string][]string // initiative → theme → its norms
	actors  map[string]map[string]bool     // initiative → actor → curated participation?
	normsOf map[string]int                 // initiative → its norm count
	corrs   map[initiativePair][]CorrespondenceRef
}

func newOverlapIndex(d *Dataset) *overlapIndex {
	ix := &overlapIndex{themes: map[string]map[string][]string{}, actors: map[string]map[string]bool{},
		normsOf: map[string]int{}, corrs: map[initiativePair][]CorrespondenceRef{}}
	for _, in := range d.Initiatives {
		ix.ids = append(ix.ids, in.ID)
	}
	slices.Sort(ix.ids)
	initOfNorm := map[string]string{}
	for _, n := range d.Norms {
		initOfNorm[n.ID] = n.InitiativeID
		ix.normsOf[n.InitiativeID]++
		if ix.themes[n.InitiativeID] == nil {
			ix.themes[n.InitiativeID] = map[string][]string{}
		}
		for _, t := range n.ThemeIDs {
			ix.themes[n.InitiativeID][t] = append(ix.themes[n.InitiativeID][t], n.ID)
		}
	}
	for _, p := range AllParticipations(d) {
		if ix.actors[p.InitiativeID] == nil {
			ix.actors[p.InitiativeID] = map[string]bool{}
		}
		ix.actors[p.InitiativeID][p.ActorID] = ix.actors[p.InitiativeID][p.ActorID] || !p.Derived()
	}
	for _, c := range d.Correspondences {
		a, b := initOfNorm[c.FromID], initOfNorm[c.ToID]
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		ix.corrs[initiativePair{a, b}] = append(ix.corrs[initiativePair{a, b}], CorrespondenceRef{c.FromID, c.ToID, c.Kind, c.Basis})
	}
	return ix
}

// corrNorms counts the norms that take part in a correspondence between a and b (a < b).
func (ix *overlapIndex) corrNorms(a, b string) int {
	involved := map[string]bool{}
	for _, c := range ix.corrs[initiativePair{a, b}] {
		involved[c.FromID], involved[c.ToID] = true, true
	}
	return len(involved)
}

// pair computes the overlap of a and b (a < b) with all its evidence, or nil when they have
// nothing in common.
func (ix *overlapIndex) pair(a, b string) *Overlap {
	themes, actors := ix.themes, ix.actors
	o := &Overlap{A: a, B: b}
	for t, na := range themes[a] {
		if nb, ok := themes[b][t]; ok {
			o.Themes = append(o.Themes, ThemeOverlap{ThemeID: t, NormsA: slices.Clone(na), NormsB: slices.Clone(nb)})
		}
	}
	slices.SortFunc(o.Themes, func(x, y ThemeOverlap) int { return strings.Compare(x.ThemeID, y.ThemeID) })

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

	o.Correspondences = slices.Clone(ix.corrs[initiativePair{a, b}])
	slices.SortFunc(o.Correspondences, func(x, y CorrespondenceRef) int {
		return cmp.Or(strings.Compare(x.FromID, y.FromID), strings.Compare(x.ToID, y.ToID))
	})
	if len(o.Themes) == 0 && len(o.Actors) == 0 && len(o.Correspondences) == 0 {
		return nil
	}
	o.ThemeScore, o.ActorScore, o.CorrespondenceScore, o.Score = overlapCounts{
		sharedThemes: len(o.Themes), themesA: len(themes[a]), themesB: len(themes[b]),
		sharedActors: len(o.Actors), actorsA: len(actors[a]), actorsB: len(actors[b]),
		corrNorms: ix.corrNorms(a, b), normsA: ix.normsOf[a], normsB: ix.normsOf[b],
	}.scores()
	return o
}

// ComputeOverlaps computes the overlap of every pair of initiatives that share a theme, an
// actor or a correspondence; pairs with nothing in common are left out. Actors count through
// their curated and derived participations (see DeriveParticipations). The result is sorted by
// (A, B). The dataset must be valid. It is quadratic in the initiatives: the backends store and
// serve SelectOverlaps instead.
func ComputeOverlaps(d *Dataset) []*Overlap {
	ix := newOverlapIndex(d)
	var out []*Overlap
	for i, a := range ix.ids {
		for _, b := range ix.ids[i+1:] {
			if o := ix.pair(a, b); o != nil {
				out = append(out, o)
			}
		}
	}
	return out
}
