package neo4j

import (
	"context"
	"fmt"
	"unicode/utf16"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// What a refresh reads back (plan): not every property of the graph, but, for each section (a
// node label, a relationship type), a summary that Neo4j computes from what is stored, in one
// statement for the nodes and one for the relationships:
//
//   - count: the entities of the section;
//   - digests: the sum, modulo digestMod, of the stored digests (ngDigest); for a relationship
//     its own digest plus 3 × its start node's and 7 × its end node's, so that a relationship
//     moved to other nodes changes it;
//   - shape: for nodes, the sum of each node's shapeOf, computed by Cypher from the stored
//     properties themselves (not from the digest): the length of every key and of every string
//     and list element, every integer and boolean, every float to 6 decimals; for
//     relationships, the number of their properties (the full measure over 570,000
//     relationships at ×100 cost three times as long as the rest of the statement).
//
// The loader computes the same three numbers from the dataset. A section whose numbers agree
// is left unread: nothing in it changed. A section that differs is read back whole, properties
// included, and each entity's digest is recomputed from what is stored, so that the plan
// repairs whatever differs, whoever wrote it. The check therefore finds an edit of the graph
// made outside the loader that a comparison of the stored digests alone would miss: a node or
// relationship added, deleted, relabelled or moved to other nodes; a property added or
// removed; a digest edited; a node property changed in length or, for numbers and booleans, in
// value. It does not find a node's text replaced by another of the same length, or a
// relationship property changed in value, with the digest left alone: Cypher has no hash
// function to fingerprint values without reading them out, and reading every property back is
// what made a no-op refresh cost minutes at ×100. RefreshOptions.Verify (loader load -verify)
// reads everything back for those cases.
const (
	digestMod = 2147483647 // 2^31 - 1
	shapeMod  = 1000003
)

// section is the summary of one label or relationship type.
type section struct {
	count, digests, shape int64
}

func (a section) add(b section) section {
	return section{a.count + b.count, (a.digests + b.digests) % digestMod, a.shape + b.shape}
}

// shapeCypher is shapeOf in Cypher, for the entity bound to the variable x (type predicates,
// not valueType: half the time on 570,000 relationships).
func shapeCypher(x string) string {
	m := fmt.Sprint(shapeMod)
	return `reduce(t = 0, v IN [k IN keys(` + x + `) WHERE k <> '` + propDigest + `' | size(k) + CASE
    WHEN ` + x + `[k] IS :: STRING THEN size(` + x + `[k])
    WHEN ` + x + `[k] IS :: LIST<ANY> THEN reduce(u = 0, e IN ` + x + `[k] | u + size(toString(e)))
    WHEN ` + x + `[k] IS :: INTEGER THEN ` + x + `[k] % ` + m + `
    WHEN ` + x + `[k] IS :: FLOAT THEN toInteger(` + x + `[k] * 1000000) % ` + m + `
    WHEN ` + x + `[k] IS :: BOOLEAN THEN CASE WHEN ` + x + `[k] THEN 1 ELSE 2 END
    ELSE 3 END] | t + v)`
}

// digestCypher is the stored digest of the entity bound to x, 0 when it is not an integer.
func digestCypher(x string) string {
	return `(coalesce(CASE WHEN valueType(` + x + `.` + propDigest + `) STARTS WITH 'INTEGER' THEN ` + x + `.` + propDigest + ` END, 0) % ` + fmt.Sprint(digestMod) + `)`
}

// The section statements.
var (
	nodeSections = `MATCH (n:Entity)
WITH coalesce([l IN labels(n) WHERE l <> 'Entity'][0], '') AS label, n
RETURN label, count(*) AS count, sum(` + digestCypher("n") + `) % ` + fmt.Sprint(digestMod) + ` AS digests,
  sum(` + shapeCypher("n") + `) AS shape`
	relSections = `MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types
RETURN type(r) AS label, count(*) AS count,
  sum((` + digestCypher("r") + ` + 3 * ` + digestCypher("a") + ` + 7 * ` + digestCypher("b") + `) % ` + fmt.Sprint(digestMod) + `) % ` + fmt.Sprint(digestMod) + ` AS digests,
  sum(size(keys(r))) AS shape`
)

// shapeOf measures properties as shapeCypher does (string lengths in UTF-16 code units, as
// Neo4j's size counts them).
func shapeOf(p props) int64 {
	var t int64
	for k, v := range p {
		if k == propDigest {
			continue
		}
		t += int64(len(k))
		switch v := v.(type) {
		case string:
			t += utf16Len(v)
		case []any:
			for _, e := range v {
				s, _ := e.(string)
				t += utf16Len(s)
			}
		case int64:
			t += v % shapeMod
		case float64:
			t += int64(v*1000000) % shapeMod
		case bool:
			if v {
				t++
			} else {
				t += 2
			}
		default:
			t += 3
		}
	}
	return t
}

func utf16Len(s string) int64 {
	n := int64(0)
	for _, r := range s {
		n += int64(utf16.RuneLen(r))
	}
	return n
}

// wantSections summarises the wanted rows as the section statements summarise the graph.
func wantSections(nodes, rels map[string]row) (map[string]section, map[string]section) {
	ns, rs := map[string]section{}, map[string]section{}
	for _, r := range nodes {
		ns[r.label] = ns[r.label].add(section{1, r.digestN % digestMod, r.shape})
	}
	for _, r := range rels {
		d := (r.digestN%digestMod + 3*(nodes[r.from].digestN%digestMod) + 7*(nodes[r.to].digestN%digestMod)) % digestMod
		rs[r.label] = rs[r.label].add(section{1, d, int64(len(r.props))}) // its keys, ngDigest included
	}
	return ns, rs
}

// graphSections is what the section statements returned: a row per label and per type.
type graphSections struct {
	nodes, rels []*n4j.Record
	err         error
}

// readSections runs the section statements, each in a read transaction of its own (a refresh
// runs them while it computes the dataset's summaries; it holds the refresh lock, so no other
// refresh writes meanwhile).
func (s *Store) readSections(ctx context.Context) graphSections {
	var g graphSections
	if g.nodes, g.err = s.query(ctx, nodeSections, nil); g.err == nil {
		g.rels, g.err = s.query(ctx, relSections, map[string]any{"types": relTypes})
	}
	return g
}
