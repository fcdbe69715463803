package neo4j

import (
	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// Overlap evidence on demand (see normgraph.FillOverlapEvidence): an OVERLAPS relationship
// stores the scores, the family flag and reason and the actor counts (overlapProps); the
// evidence is computed when overlaps are read, from the norms and participations of their
// initiatives, the correspondences between those norms and the rarity weights the loader stores
// on Theme and Actor nodes. The statements that read overlaps end with overlapEvidence, so that a
// page of overlaps and its evidence come back in one round trip.

// The rarity weights of normgraph.OverlapRarity, as node properties. Readers ignore them.
const (
	propThemeRarity        = "overlapRarity"        // on a Theme
	propActorRarity        = "overlapRarity"        // on an Actor: among all participations
	propActorCuratedRarity = "overlapCuratedRarity" // on an Actor: among curated participations
)

// overlapEvidence continues a statement that has bound items, a list of maps {a, b, props},
// one per overlap: it adds the columns norms, parts, corrs and themes that overlapInputs reads.
// Every lookup starts from an index: Norm.initiative, Initiative.id (the Entity constraint).
const overlapEvidence = `
WITH *, reduce(ids = [], x IN items | ids + [x.a, x.b]) AS ids
CALL (ids) {
  UNWIND ids AS id WITH DISTINCT id
  MATCH (n:Norm {initiative: id})
  RETURN collect([n.id, id, n.position, n.themeIds]) AS norms
}
CALL (ids) {
  UNWIND ids AS id WITH DISTINCT id
  MATCH (x:Actor)-[p:PARTICIPATES_IN]->(:Initiative {id: id})
  RETURN collect([x.id, id, p.via, x.` + propActorRarity + `, x.` + propActorCuratedRarity + `]) AS parts
}
CALL (items) {
  UNWIND items AS item
  MATCH (n:Norm {initiative: item.a})-[c:CORRESPONDS_TO]-(m:Norm {initiative: item.b})
  RETURN collect([startNode(c).id, endNode(c).id, c.kind, c.basis]) AS corrs
}
CALL (ids) {
  MATCH (t:Theme) WHERE size(ids) > 0 AND t.` + propThemeRarity + ` IS NOT NULL
  RETURN collect([t.id, t.` + propThemeRarity + `]) AS themes
}`

// overlapItem decodes one of the items of a statement ending in overlapEvidence.
func overlapItem(v any) (*normgraph.Overlap, bool) {
	m := asMap(v)
	a, _ := m["a"].(string)
	b, _ := m["b"].(string)
	if a == "" || b == "" {
		return nil, false
	}
	return overlapFromProps(a, b, asMap(m["props"])), true
}

// withEvidence fills the evidence of the overlaps from the columns overlapEvidence added to r.
func withEvidence(r *n4j.Record, overlaps []*normgraph.Overlap) []*normgraph.Overlap {
	if len(overlaps) == 0 {
		return overlaps
	}
	str := func(v any) string { s, _ := v.(string); return s }
	in := normgraph.OverlapInputs{Rarity: normgraph.OverlapRarity{Themes: map[string]float64{},
		Actors: map[string]float64{}, CuratedActors: map[string]float64{}}}
	for _, v := range asList(get(r, "norms")) {
		x := asList(v)
		if len(x) < 4 {
			continue
		}
		pos, _ := x[2].(int64)
		in.Norms = append(in.Norms, &normgraph.Norm{ID: str(x[0]), InitiativeID: str(x[1]), Position: int(pos),
			ThemeIDs: strList(x[3])})
	}
	for _, v := range asList(get(r, "parts")) {
		x := asList(v)
		if len(x) < 5 {
			continue
		}
		actor := str(x[0])
		in.Participations = append(in.Participations, &normgraph.Participation{ActorID: actor, InitiativeID: str(x[1]), Via: str(x[2])})
		if f, ok := x[3].(float64); ok {
			in.Rarity.Actors[actor] = f
		}
		if f, ok := x[4].(float64); ok {
			in.Rarity.CuratedActors[actor] = f
		}
	}
	for _, v := range asList(get(r, "corrs")) {
		x := asList(v)
		if len(x) < 4 {
			continue
		}
		in.Correspondences = append(in.Correspondences, &normgraph.Correspondence{FromID: str(x[0]), ToID: str(x[1]),
			Kind: normgraph.CorrespondenceKind(str(x[2])), Basis: normgraph.Basis(str(x[3]))})
	}
	for _, v := range asList(get(r, "themes")) {
		x := asList(v)
		if len(x) < 2 {
			continue
		}
		if f, ok := x[1].(float64); ok {
			in.Rarity.Themes[str(x[0])] = f
		}
	}
	normgraph.FillOverlapEvidence(in, overlaps)
	return overlaps
}
