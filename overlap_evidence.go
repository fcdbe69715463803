package normgraph

// Evidence on demand: a backend may store only what ranks and filters overlaps (the scores,
// the family flag and reason, the actor counts), and compute the evidence (shared themes with
// their norms, shared actors with their weights, correspondences) when an overlap is read, from
// the norms, participations and correspondences of its two initiatives and the rarity weights
// stored at load time. What it stores then grows with the pairs, not with the pairs times the
// actors they share. SelectOverlapScores gives what to store, FillOverlapEvidence computes the
// evidence from what was read back; both go through the code that SelectOverlaps and
// ComputeOverlaps use (overlapIndex.compare), so the answers are the same.

// OverlapRarity holds the rarity weights the evidence of an overlap is computed with (see
// docs/overlaps.md): each theme's among the initiatives with norms, each actor's among all
// participations and among curated ones (absent when the actor has none).
type OverlapRarity struct {
	Themes        map[string]float64
	Actors        map[string]float64
	CuratedActors map[string]float64
}

// OverlapScores is what SelectOverlapScores returns: the overlaps of SelectOverlaps with their
// scores, family flag and reason and actor counts, but without the evidence lists (Themes,
// Actors and Correspondences are nil), and the rarity weights the evidence is computed with.
type OverlapScores struct {
	Overlaps []*Overlap
	Rarity   OverlapRarity
}

// SelectOverlapScores selects the overlaps of SelectOverlaps without building their evidence
// lists: the part of an overlap that a backend computing evidence on demand stores.
func SelectOverlapScores(d *Dataset) OverlapScores {
	ix := newOverlapIndex(d)
	out := OverlapScores{Rarity: OverlapRarity{Themes: ix.themeRarity, Actors: ix.allRarity, CuratedActors: ix.curatedRarity}}
	for _, p := range ix.selectPairs() {
		if o, s := ix.compare(p.a, p.b, false); o != nil {
			ix.scores(p.a, p.b, s, o)
			out.Overlaps = append(out.Overlaps, o)
		}
	}
	return out
}

// OverlapInputs is what the evidence of some overlaps is computed from: every norm of their
// initiatives (ID, InitiativeID, ThemeIDs, Position), every participation in them, curated and
// derived (ActorID, InitiativeID, Via), the correspondences between their norms, and the
// rarity weights of SelectOverlapScores.
type OverlapInputs struct {
	Norms           []*Norm
	Participations  []*Participation
	Correspondences []*Correspondence
	Rarity          OverlapRarity
}

// FillOverlapEvidence sets the evidence of each overlap (Themes, Actors, DirectActors,
// DerivedActors, Correspondences) from the inputs, as SelectOverlaps gives it; the scores and
// the family are left as they are.
func FillOverlapEvidence(in OverlapInputs, overlaps []*Overlap) {
	ix := emptyOverlapIndex()
	ix.addNorms(in.Norms)
	ix.addParticipations(in.Participations)
	ix.addCorrespondences(in.Correspondences)
	ix.themeRarity, ix.allRarity, ix.curatedRarity = in.Rarity.Themes, in.Rarity.Actors, in.Rarity.CuratedActors
	for _, o := range overlaps {
		e, _ := ix.compare(o.A, o.B, true)
		if e == nil {
			e = &Overlap{}
		}
		o.Themes, o.Actors, o.Correspondences = e.Themes, e.Actors, e.Correspondences
		o.DirectActors, o.DerivedActors = e.DirectActors, e.DerivedActors
	}
}
