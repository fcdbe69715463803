package normgraph

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// The scoring of overlaps is documented, with its rationale and worked examples, in
// docs/overlaps.md; a change here must change that page and its golden test.

// OverlapBasis names what an overlap score is computed from.
type OverlapBasis string

// The overlap bases. Combined is the similarity; Tension measures divergence and never enters it.
const (
	BasisCombined        OverlapBasis = "combined"
	BasisThemes          OverlapBasis = "themes"
	BasisActors          OverlapBasis = "actors"
	BasisCorrespondences OverlapBasis = "correspondences"
	BasisTension         OverlapBasis = "tension"
)

// ActorMode says which participations the actor component counts.
type ActorMode string

// The actor modes. Curated counts the participations the dataset lists (the default);
// WithDerived adds those derived from membership, an organization's members together weighing
// as much as one curated participant.
const (
	ActorsCurated     ActorMode = "curated"
	ActorsWithDerived ActorMode = "with-derived"
)

// The constants of the formula (docs/overlaps.md explains each).
const (
	// OverlapShrinkage is added to the size of the smaller side of a theme or actor comparison:
	// the weight of this many unseen items of full rarity, so that one shared item out of one is
	// not a perfect match.
	OverlapShrinkage = 2.0
	// CorrespondenceShrinkage is added to the norm count of a side in the correspondence and
	// tension scores, for the same reason.
	CorrespondenceShrinkage = 1.0
)

// componentWeights are the weights of the components in the combined score: what the texts say
// (correspondences between their norms) counts twice as much as the themes they touch or the
// actors behind them.
var componentWeights = map[OverlapBasis]float64{BasisThemes: 1, BasisActors: 1, BasisCorrespondences: 2}

// kindWeights weigh a correspondence by its kind in the correspondence score; diverges counts
// only in the tension score.
var kindWeights = map[CorrespondenceKind]float64{CorrespondenceEquivalent: 1, CorrespondenceNarrower: 0.75,
	CorrespondenceBroader: 0.75, CorrespondenceRelated: 0.5}

// Overlap is what two initiatives have in common, with the evidence behind each number. A is
// the initiative whose id sorts first. A nil score means a side has nothing to compare on that
// basis (no itemised norms, no recorded participants): unknown, not zero.
type Overlap struct {
	A string `json:"a"`
	B string `json:"b"`

	// Themes both initiatives' norms address, by theme id, with the norms on each side.
	Themes     []ThemeOverlap `json:"themes"`
	ThemeScore *float64       `json:"themeScore"`

	// Actors behind both (a curated or derived participation in each), by actor id.
	Actors                []ActorOverlap `json:"actors"`
	DirectActors          int            `json:"directActors"`  // actors with a curated participation in both
	DerivedActors         int            `json:"derivedActors"` // actors committed to at least one of them only through membership
	ActorScore            *float64       `json:"actorScore"`    // curated participations only
	ActorScoreWithDerived *float64       `json:"actorScoreWithDerived"`

	// Curated correspondences between a norm of A and a norm of B.
	Correspondences     []CorrespondenceRef `json:"correspondences"`
	CorrespondenceScore *float64            `json:"correspondenceScore"` // equivalent, narrower, broader, related
	Tension             *float64            `json:"tension"`             // diverges

	// Family: the two are documents of one family (a successor, a sibling, one author's series),
	// whose overlap is there by construction; FamilyReason says why.
	Family       bool   `json:"family"`
	FamilyReason string `json:"familyReason,omitempty"`

	// The combined similarity, with curated participations and with derived ones counted; nil
	// when the texts cannot be compared (a side has no itemised norms).
	Score            *float64 `json:"score"`
	ScoreWithDerived *float64 `json:"scoreWithDerived"`

	// View is the actor mode a reader asked for (the API sets it on a copy); never stored.
	View ActorMode `json:"-"`
}

// InView returns a copy of the overlap read with the actor mode m.
func (o *Overlap) InView(m ActorMode) *Overlap {
	c := *o
	c.View = m
	return &c
}

// ThemeOverlap is one shared theme, its rarity weight, and the norms of each initiative that
// address it.
type ThemeOverlap struct {
	ThemeID string   `json:"theme"`
	Weight  float64  `json:"weight"`
	NormsA  []string `json:"normsA"`
	NormsB  []string `json:"normsB"`
}

// ActorOverlap is one shared actor; Derived when its commitment to A or B comes only through
// membership of an organization. Weight is what it adds to the curated actor score's numerator
// (0 when derived), WeightWithDerived what it adds with derived participations counted.
type ActorOverlap struct {
	ActorID           string  `json:"actor"`
	Derived           bool    `json:"derived"`
	Weight            float64 `json:"weight"`
	WeightWithDerived float64 `json:"weightWithDerived"`
}

// CorrespondenceRef points at one curated correspondence.
type CorrespondenceRef struct {
	FromID string             `json:"from"`
	ToID   string             `json:"to"`
	Kind   CorrespondenceKind `json:"kind"`
	Basis  Basis              `json:"basis"`
}

// ScoreOn returns the score of the given basis with the actor mode's participations; nil when
// unknown.
func (o *Overlap) ScoreOn(b OverlapBasis, m ActorMode) *float64 {
	switch b {
	case BasisThemes:
		return o.ThemeScore
	case BasisActors:
		if m == ActorsWithDerived {
			return o.ActorScoreWithDerived
		}
		return o.ActorScore
	case BasisCorrespondences:
		return o.CorrespondenceScore
	case BasisTension:
		return o.Tension
	}
	if m == ActorsWithDerived {
		return o.ScoreWithDerived
	}
	return o.Score
}

// Bases lists the components that entered the combined score in the actor mode: those that are
// not unknown (none when the combined score is unknown).
func (o *Overlap) Bases(m ActorMode) []OverlapBasis {
	out := []OverlapBasis{}
	if o.ScoreOn(BasisCombined, m) == nil {
		return out
	}
	for _, b := range []OverlapBasis{BasisThemes, BasisActors, BasisCorrespondences} {
		if o.ScoreOn(b, m) != nil {
			out = append(out, b)
		}
	}
	return out
}

// ComponentWeight returns the weight of a component in the combined score (0 for the tension).
func ComponentWeight(b OverlapBasis) float64 { return componentWeights[b] }

// OverlapFilter selects overlaps: with MinScore set, a known score on Basis (with the
// participations of Actors) at least MinScore; touching Initiative if set; family pairs only when
// Family is set.
type OverlapFilter struct {
	MinScore   *float64
	Basis      OverlapBasis
	Actors     ActorMode
	Initiative string
	Family     bool
}

// Matches reports whether the overlap passes the filter.
func (f OverlapFilter) Matches(o *Overlap) bool {
	if f.Initiative != "" && o.A != f.Initiative && o.B != f.Initiative {
		return false
	}
	if o.Family && !f.Family {
		return false
	}
	if f.MinScore == nil {
		return true
	}
	s := o.ScoreOn(f.Basis, f.Actors)
	return s != nil && *s >= *f.MinScore
}

// OverlapOrder ranks overlaps: the basis score, highest first (unknown last), then by the
// pair's ids.
func OverlapOrder(b OverlapBasis, m ActorMode) func(x, y *Overlap) int {
	return func(x, y *Overlap) int {
		return cmp.Or(cmp.Compare(rankValue(y.ScoreOn(b, m)), rankValue(x.ScoreOn(b, m))), strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	}
}

// rankValue is a score for ranking: an unknown one ranks below every known one.
func rankValue(s *float64) float64 {
	if s == nil {
		return -1
	}
	return *s
}

// rarity weighs an item (a theme, an actor) held by df of n initiatives: 1 when only one holds
// it, falling smoothly to ln 2 / ln(1+n) ≈ 0.19 (n = 37) when all do.
func rarity(df, n int) float64 {
	if df <= 0 || n <= 0 {
		return 0
	}
	return math.Log(1+float64(n)/float64(df)) / math.Log(1+float64(n))
}

// setScore is a shrunk, weighted overlap coefficient: the shared weight over the smaller side's
// weight plus OverlapShrinkage. Nil when a side is empty.
func setScore(shared, wa, wb float64, na, nb int) *float64 {
	if na == 0 || nb == 0 {
		return nil
	}
	s := shared / (min(wa, wb) + OverlapShrinkage)
	return &s
}

// corrScore is the better of the two sides' coverage: the weights of each side's norms in a
// correspondence with the other (the best weight per norm), over its norm count plus
// CorrespondenceShrinkage. Nil when a side has no norms.
func corrScore(bestA, bestB map[string]float64, na, nb int) *float64 {
	if na == 0 || nb == 0 {
		return nil
	}
	sum := func(m map[string]float64) float64 {
		ids := make([]string, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		t := 0.0
		for _, id := range ids {
			t += m[id]
		}
		return t
	}
	s := max(sum(bestA)/(float64(na)+CorrespondenceShrinkage), sum(bestB)/(float64(nb)+CorrespondenceShrinkage))
	return &s
}

// combine is the weighted mean of the known components; nil when the texts' content cannot be
// compared (neither themes nor correspondences known): actors alone say who, not what.
func combine(themes, actors, corrs *float64) *float64 {
	if themes == nil && corrs == nil {
		return nil
	}
	num, den := 0.0, 0.0
	for _, c := range []struct {
		b OverlapBasis
		s *float64
	}{{BasisThemes, themes}, {BasisActors, actors}, {BasisCorrespondences, corrs}} {
		if c.s != nil {
			num += componentWeights[c.b] * *c.s
			den += componentWeights[c.b]
		}
	}
	s := num / den
	return &s
}

// overlapSums are the accumulated quantities a pair's scores are computed from, gathered either
// directly (overlapIndex.pair) or through the inverted index of SelectOverlaps, in the same order
// so that both give bit-identical scores.
type overlapSums struct {
	themes        float64 // rarity weights of the shared themes
	actorsCurated float64 // rarity weights of the actors curated in both
	actorsDerived float64 // min of the two sides' participation weights × rarity, all participations
}

// scores turns the sums of the pair (a, b) into the overlap's scores.
func (ix *overlapIndex) scores(a, b string, s overlapSums, o *Overlap) {
	o.ThemeScore = setScore(s.themes, ix.themeWeight[a], ix.themeWeight[b], len(ix.themes[a]), len(ix.themes[b]))
	o.ActorScore = setScore(s.actorsCurated, ix.curatedWeight[a], ix.curatedWeight[b], ix.curatedCount[a], ix.curatedCount[b])
	o.ActorScoreWithDerived = setScore(s.actorsDerived, ix.allWeight[a], ix.allWeight[b], len(ix.actors[a]), len(ix.actors[b]))
	o.CorrespondenceScore, o.Tension = ix.corrScores(a, b)
	o.Score = combine(o.ThemeScore, o.ActorScore, o.CorrespondenceScore)
	o.ScoreWithDerived = combine(o.ThemeScore, o.ActorScoreWithDerived, o.CorrespondenceScore)
	o.Family, o.FamilyReason = ix.family(a, b)
}

// corrScores computes the correspondence and tension scores of the pair (a, b), a < b.
func (ix *overlapIndex) corrScores(a, b string) (corr, tension *float64) {
	var bestA, bestB, tenA, tenB map[string]float64 // nil (empty) when the pair has no correspondence
	corrs := ix.corrs[initiativePair{a, b}]
	if len(corrs) > 0 {
		bestA, bestB, tenA, tenB = map[string]float64{}, map[string]float64{}, map[string]float64{}, map[string]float64{}
	}
	for _, c := range corrs {
		from, to := c.FromID, c.ToID
		if ix.initOfNorm[from] != a {
			from, to = to, from
		}
		if c.Kind == CorrespondenceDiverges {
			tenA[from], tenB[to] = 1, 1
			continue
		}
		w := kindWeights[c.Kind]
		bestA[from], bestB[to] = max(bestA[from], w), max(bestB[to], w)
	}
	return corrScore(bestA, bestB, ix.normsOf[a], ix.normsOf[b]), corrScore(tenA, tenB, ix.normsOf[a], ix.normsOf[b])
}

type initiativePair struct{ a, b string }

// participant is an actor's participation in one initiative as the actor scores see it.
type participant struct {
	curated bool
	weight  float64 // 1 when curated; 1/m when derived through an organization m members commit
}

// overlapIndex holds, per initiative, what overlaps are computed from.
type overlapIndex struct {
	ids           []string                       // initiative ids, sorted
	themes        map[string]map[string][]string // initiative → theme → its norms
	themeList     map[string][]string            // initiative → its themes, sorted
	actors        map[string]map[string]participant
	actorList     map[string][]string // initiative → its actors (curated or derived), sorted
	normsOf       map[string]int      // initiative → its norm count
	initOfNorm    map[string]string
	corrs         map[initiativePair][]CorrespondenceRef
	themeRarity   map[string]float64 // theme → rarity among initiatives with norms
	curatedRarity map[string]float64 // actor → rarity among initiatives' curated participants
	allRarity     map[string]float64 // actor → rarity among all participations
	themeWeight   map[string]float64 // initiative → sum of its themes' rarity
	curatedWeight map[string]float64 // initiative → sum of its curated actors' rarity
	curatedCount  map[string]int
	allWeight     map[string]float64 // initiative → sum of participation weight × rarity
	familyOf      map[string]string  // initiative → its family's representative
	familyEdges   map[initiativePair]string
	familyAdj     map[string][]string
}

func newOverlapIndex(d *Dataset) *overlapIndex {
	ix := emptyOverlapIndex()
	for _, in := range d.Initiatives {
		ix.ids = append(ix.ids, in.ID)
	}
	slices.Sort(ix.ids)
	ix.addNorms(d.Norms)
	themeDF := map[string]int{}
	for _, ts := range ix.themeList {
		for _, t := range ts {
			themeDF[t]++
		}
	}
	for t, df := range themeDF {
		ix.themeRarity[t] = rarity(df, len(ix.themes))
	}
	for in, ts := range ix.themeList {
		for _, t := range ts {
			ix.themeWeight[in] += ix.themeRarity[t]
		}
	}

	ix.addParticipations(AllParticipations(d))
	curatedDF, allDF := map[string]int{}, map[string]int{}
	withCurated := 0
	for in, as := range ix.actors {
		has := false
		for a, p := range as {
			allDF[a]++
			if p.curated {
				curatedDF[a]++
				ix.curatedCount[in]++
				has = true
			}
		}
		if has {
			withCurated++
		}
	}
	for a, df := range curatedDF {
		ix.curatedRarity[a] = rarity(df, withCurated)
	}
	for a, df := range allDF {
		ix.allRarity[a] = rarity(df, len(ix.actors))
	}
	for in, as := range ix.actorList {
		for _, a := range as {
			p := ix.actors[in][a]
			if p.curated {
				ix.curatedWeight[in] += ix.curatedRarity[a]
			}
			ix.allWeight[in] += p.weight * ix.allRarity[a]
		}
	}
	ix.addCorrespondences(d.Correspondences)
	ix.families(d)
	return ix
}

func emptyOverlapIndex() *overlapIndex {
	return &overlapIndex{themes: map[string]map[string][]string{}, themeList: map[string][]string{},
		actors: map[string]map[string]participant{}, actorList: map[string][]string{},
		normsOf: map[string]int{}, initOfNorm: map[string]string{}, corrs: map[initiativePair][]CorrespondenceRef{},
		themeRarity: map[string]float64{}, curatedRarity: map[string]float64{}, allRarity: map[string]float64{},
		themeWeight: map[string]float64{}, curatedWeight: map[string]float64{}, curatedCount: map[string]int{},
		allWeight: map[string]float64{}}
}

// addNorms indexes the norms of the initiatives: each one's themes, and for each theme its norms
// in document order (Position, then id), the order in which the evidence lists them.
func (ix *overlapIndex) addNorms(norms []*Norm) {
	norms = slices.Clone(norms)
	slices.SortStableFunc(norms, func(x, y *Norm) int {
		return cmp.Or(cmp.Compare(x.Position, y.Position), strings.Compare(x.ID, y.ID))
	})
	for _, n := range norms {
		ix.initOfNorm[n.ID] = n.InitiativeID
		ix.normsOf[n.InitiativeID]++
		if ix.themes[n.InitiativeID] == nil {
			ix.themes[n.InitiativeID] = map[string][]string{}
		}
		for _, t := range n.ThemeIDs {
			if ix.themes[n.InitiativeID][t] == nil {
				ix.themeList[n.InitiativeID] = append(ix.themeList[n.InitiativeID], t)
			}
			ix.themes[n.InitiativeID][t] = append(ix.themes[n.InitiativeID][t], n.ID)
		}
	}
	for _, ts := range ix.themeList {
		slices.Sort(ts)
	}
}

// addParticipations indexes the participations (curated and derived) of the initiatives: an
// actor's curated participation weighs 1, a derived one 1/m when an organization's m members
// commit to the initiative through it; of several, a curated one wins, then the heaviest.
func (ix *overlapIndex) addParticipations(all []*Participation) {
	viaCount := map[initiativePair]int{} // (initiative, organization) → derived participants
	for _, p := range all {
		if p.Derived() {
			viaCount[initiativePair{p.InitiativeID, p.Via}]++
		}
	}
	for _, p := range all {
		if ix.actors[p.InitiativeID] == nil {
			ix.actors[p.InitiativeID] = map[string]participant{}
		}
		prev, seen := ix.actors[p.InitiativeID][p.ActorID]
		cur := participant{curated: true, weight: 1}
		if p.Derived() {
			cur = participant{weight: 1 / float64(viaCount[initiativePair{p.InitiativeID, p.Via}])}
		}
		if seen && (prev.curated || prev.weight >= cur.weight) {
			continue
		}
		if !seen {
			ix.actorList[p.InitiativeID] = append(ix.actorList[p.InitiativeID], p.ActorID)
		}
		ix.actors[p.InitiativeID][p.ActorID] = cur
	}
	for _, as := range ix.actorList {
		slices.Sort(as)
	}
}

// addCorrespondences indexes the correspondences between norms of two different initiatives
// (whose norms addNorms has indexed) by the pair.
func (ix *overlapIndex) addCorrespondences(cs []*Correspondence) {
	for _, c := range cs {
		a, b := ix.initOfNorm[c.FromID], ix.initOfNorm[c.ToID]
		if a == b || a == "" || b == "" {
			continue
		}
		if b < a {
			a, b = b, a
		}
		ix.corrs[initiativePair{a, b}] = append(ix.corrs[initiativePair{a, b}], CorrespondenceRef{c.FromID, c.ToID, c.Kind, c.Basis})
	}
}

// families finds the documents of one family: two initiatives are directly related when one
// supersedes the other, when both have the same recorded authors and conveners (one author's
// series: Microsoft's papers, the OSCE decisions, the ASEAN statements; two texts that merely
// share one of several conveners are not a series), or when one builds
// on the other and neither has an author or convener recorded while both are of the same kind
// (the UN First Committee track: each GGE report and resolution builds on the previous). A family
// is a connected group of such relations.
func (ix *overlapIndex) families(d *Dataset) {
	kind := map[string]InitiativeKind{}
	for _, in := range d.Initiatives {
		kind[in.ID] = in.Kind
	}
	authors := map[string][]string{}
	for _, p := range d.Participations {
		if p.Role == RoleAuthor || p.Role == RoleConvener {
			authors[p.InitiativeID] = append(authors[p.InitiativeID], p.ActorID)
		}
	}
	ix.familyEdges, ix.familyAdj, ix.familyOf = map[initiativePair]string{}, map[string][]string{}, map[string]string{}
	add := func(a, b, reason string) {
		if b < a {
			a, b = b, a
		}
		if _, ok := ix.familyEdges[initiativePair{a, b}]; ok || a == b {
			return
		}
		ix.familyEdges[initiativePair{a, b}] = reason
		ix.familyAdj[a] = append(ix.familyAdj[a], b)
		ix.familyAdj[b] = append(ix.familyAdj[b], a)
	}
	for _, l := range d.Links {
		switch {
		case l.Kind == LinkSupersedes:
			add(l.FromID, l.ToID, l.FromID+" supersedes "+l.ToID)
		case l.Kind == LinkBuildsOn && len(authors[l.FromID]) == 0 && len(authors[l.ToID]) == 0 && kind[l.FromID] == kind[l.ToID]:
			add(l.FromID, l.ToID, l.FromID+" builds on "+l.ToID+" (one "+string(kind[l.FromID])+" series)")
		}
	}
	for id := range authors {
		slices.Sort(authors[id])
		authors[id] = slices.Compact(authors[id])
	}
	// Initiatives with the same recorded authors, grouped by them (not compared pair by pair:
	// that is quadratic in the initiatives), each group in id order.
	byAuthors := map[string][]string{}
	for _, id := range ix.ids {
		if len(authors[id]) > 0 {
			key := strings.Join(authors[id], "\x00")
			byAuthors[key] = append(byAuthors[key], id)
		}
	}
	for _, id := range ix.ids {
		if len(authors[id]) == 0 {
			continue
		}
		for _, b := range byAuthors[strings.Join(authors[id], "\x00")] {
			if id < b {
				add(id, b, "both by "+strings.Join(authors[id], " and "))
			}
		}
	}
	for _, id := range ix.ids {
		slices.Sort(ix.familyAdj[id])
	}
	for _, id := range ix.ids { // connected groups, each named by its smallest id
		if _, ok := ix.familyOf[id]; ok {
			continue
		}
		queue := []string{id}
		ix.familyOf[id] = id
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			for _, y := range ix.familyAdj[x] {
				if _, ok := ix.familyOf[y]; !ok {
					ix.familyOf[y] = id
					queue = append(queue, y)
				}
			}
		}
	}
}

// family reports whether a and b are of one family, and why: the direct relation, or the chain
// of relations that joins them.
func (ix *overlapIndex) family(a, b string) (bool, string) {
	if ix.familyOf[a] != ix.familyOf[b] {
		return false, ""
	}
	if r, ok := ix.familyEdges[initiativePair{a, b}]; ok {
		return true, r
	}
	prev := map[string]string{a: ""}
	queue := []string{a}
	for len(queue) > 0 && prev[b] == "" {
		x := queue[0]
		queue = queue[1:]
		for _, y := range ix.familyAdj[x] {
			if _, ok := prev[y]; !ok {
				prev[y] = x
				queue = append(queue, y)
			}
		}
	}
	var steps []string
	for y := b; y != a; y = prev[y] {
		x, z := prev[y], y
		if z < x {
			x, z = z, x
		}
		steps = append(steps, ix.familyEdges[initiativePair{x, z}])
	}
	slices.Reverse(steps)
	return true, strings.Join(steps, "; ")
}

// pair computes the overlap of a and b (a < b) with all its evidence, or nil when they have
// nothing in common.
func (ix *overlapIndex) pair(a, b string) *Overlap {
	o, s := ix.compare(a, b, true)
	if o != nil {
		ix.scores(a, b, s, o)
	}
	return o
}

// compare finds what a and b (a < b) have in common: the shared themes, actors and
// correspondences, listed in the overlap when lists is set, only counted otherwise (the
// counts DirectActors and DerivedActors are set either way), and the sums the scores are
// computed from. Nil when they have nothing in common.
func (ix *overlapIndex) compare(a, b string, lists bool) (*Overlap, overlapSums) {
	o := &Overlap{A: a, B: b}
	var s overlapSums
	themes := 0
	for _, t := range ix.themeList[a] {
		if nb, ok := ix.themes[b][t]; ok {
			w := ix.themeRarity[t]
			s.themes += w
			themes++
			if lists {
				o.Themes = append(o.Themes, ThemeOverlap{ThemeID: t, Weight: w, NormsA: slices.Clone(ix.themes[a][t]), NormsB: slices.Clone(nb)})
			}
		}
	}
	for _, actor := range ix.actorList[a] {
		pb, ok := ix.actors[b][actor]
		if !ok {
			continue
		}
		pa := ix.actors[a][actor]
		ao := ActorOverlap{ActorID: actor, Derived: !pa.curated || !pb.curated,
			WeightWithDerived: min(pa.weight, pb.weight) * ix.allRarity[actor]}
		s.actorsDerived += ao.WeightWithDerived
		if ao.Derived {
			o.DerivedActors++
		} else {
			ao.Weight = ix.curatedRarity[actor]
			s.actorsCurated += ao.Weight
			o.DirectActors++
		}
		if lists {
			o.Actors = append(o.Actors, ao)
		}
	}
	corrs := ix.corrs[initiativePair{a, b}]
	if lists {
		o.Correspondences = slices.Clone(corrs)
		slices.SortFunc(o.Correspondences, func(x, y CorrespondenceRef) int {
			return cmp.Or(strings.Compare(x.FromID, y.FromID), strings.Compare(x.ToID, y.ToID))
		})
	}
	if themes == 0 && o.DirectActors+o.DerivedActors == 0 && len(corrs) == 0 {
		return nil, s
	}
	return o, s
}

// ComputeOverlaps computes the overlap of every pair of initiatives that share a theme, an
// actor or a correspondence; pairs with nothing in common are left out. The result is sorted by
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

// OverlapComponent is one component of an overlap, as the API shows it.
type OverlapComponent struct {
	Basis  OverlapBasis
	Score  *float64
	Weight float64
}

// Components lists the overlap's components in the actor mode, the tension last.
func (o *Overlap) Components(m ActorMode) []OverlapComponent {
	var out []OverlapComponent
	for _, b := range []OverlapBasis{BasisThemes, BasisActors, BasisCorrespondences, BasisTension} {
		out = append(out, OverlapComponent{Basis: b, Score: o.ScoreOn(b, m), Weight: componentWeights[b]})
	}
	return out
}
