package neo4j

import (
	"context"
	"sort"
	"strings"

	"github.com/normgraph/normgraph"
)

// Timeline implements normgraph.Reader.
func (s *Store) Timeline(ctx context.Context, from, to normgraph.Date, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.TimelineEntry], error) {
	params := map[string]any{"from": nil, "to": nil, "kinds": timelineKinds(types)}
	if !from.IsZero() {
		params["from"] = from.FirstDay().Format("2006-01-02")
	}
	if !to.IsZero() {
		params["to"] = to.LastDay().Format("2006-01-02")
	}
	return paged(ctx, s, `
CALL () {
  MATCH (n:Initiative) WHERE n.adopted IS NOT NULL
  RETURN n.adopted AS date, n.adoptedDay AS day, 0 AS kind, n.id AS id, properties(n) AS props
  UNION ALL
  MATCH (n:Incident) WHERE n.start IS NOT NULL
  RETURN n.start AS date, n.startDay AS day, 1 AS kind, n.id AS id, properties(n) AS props
  UNION ALL
  MATCH (n:Attribution) WHERE n.date IS NOT NULL
  RETURN n.date AS date, n.dateDay AS day, 2 AS kind, n.id AS id, properties(n) AS props
  UNION ALL
  MATCH (n:Source) WHERE n.date IS NOT NULL
  RETURN n.date AS date, n.dateDay AS day, 3 AS kind, n.id AS id, properties(n) AS props
}
WITH date, day, kind, id, props
WHERE ($from IS NULL OR day >= $from) AND ($to IS NULL OR day <= $to) AND (size($kinds) = 0 OR kind IN $kinds)
WITH kind, props ORDER BY date, kind, id
WITH collect({kind: kind, props: props}) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`, params, p,
		func(v any) (*normgraph.TimelineEntry, bool) {
			m := asMap(v)
			kind, _ := m["kind"].(int64)
			switch kind {
			case 0:
				in, ok := nodeFromProps(labelInitiative, asMap(m["props"])).(*normgraph.Initiative)
				return &normgraph.TimelineEntry{Date: in.Adopted, Initiative: in}, ok
			case 1:
				x, ok := nodeFromProps(labelIncident, asMap(m["props"])).(*normgraph.Incident)
				return &normgraph.TimelineEntry{Date: x.Start, Incident: x}, ok
			case 2:
				x, ok := nodeFromProps(labelAttribution, asMap(m["props"])).(*normgraph.Attribution)
				return &normgraph.TimelineEntry{Date: x.Date, Attribution: x}, ok
			}
			src, ok := nodeFromProps(labelSource, asMap(m["props"])).(*normgraph.Source)
			return &normgraph.TimelineEntry{Date: src.Date, Source: src}, ok
		})
}

// luceneSpecial are the characters of Lucene's query syntax; a user's query is searched as
// plain words, so they are escaped.
var luceneSpecial = strings.NewReplacer(`\`, `\\`, `+`, `\+`, `-`, `\-`, `&`, `\&`, `|`, `\|`, `!`, `\!`,
	`(`, `\(`, `)`, `\)`, `{`, `\{`, `}`, `\}`, `[`, `\[`, `]`, `\]`, `^`, `\^`, `"`, `\"`, `~`, `\~`,
	`*`, `\*`, `?`, `\?`, `:`, `\:`, `/`, `\/`)

// Search implements normgraph.Reader with the full-text index the loader creates.
func (s *Store) Search(ctx context.Context, q string, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.SearchHit], error) {
	out := normgraph.List[*normgraph.SearchHit]{Items: []*normgraph.SearchHit{}}
	words := strings.Fields(q)
	for i, w := range words {
		w = luceneSpecial.Replace(w)
		if lw := strings.ToLower(w); lw == "and" || lw == "or" || lw == "not" {
			w = lw // operators only in upper case; lower case keeps them plain words
		}
		words[i] = w
	}
	if len(words) == 0 {
		return out, nil
	}
	return paged(ctx, s, `
CALL db.index.fulltext.queryNodes('normgraph_search', $q) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l <> 'Entity'][0] AS label
WHERE size($types) = 0 OR label IN $types
WITH node, score, label ORDER BY score DESC, node.id
WITH collect({label: label, score: score, props: properties(node)}) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`,
		map[string]any{"q": strings.Join(words, " "), "types": strs(types)}, p,
		func(v any) (*normgraph.SearchHit, bool) {
			m := asMap(v)
			score, _ := m["score"].(float64)
			n := nodeFromProps(getStr(m, "label"), asMap(m["props"]))
			return &normgraph.SearchHit{Node: n, Score: score}, n != nil
		})
}

// viewTypes are the relationship types graph views draw (citations aside).
var viewTypes = append([]string{relPartOf, relAddresses, relInCategory, relCorrespondsTo, "BUILDS_ON", "SUPERSEDES",
	"REFERENCES", relParticipatesIn, relMemberOf, relOverlaps}, complianceRelTypes...)

// Neighbors implements normgraph.Reader.
func (s *Store) Neighbors(ctx context.Context, ids []string) ([]normgraph.Edge, error) {
	out := []normgraph.Edge{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, `
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r]-(:Entity)
WHERE type(r) IN $types
WITH DISTINCT r
RETURN type(r) AS type, startNode(r).id AS from, endNode(r).id AS to,
  r.role AS role, r.via AS via, r.since AS since, r.kind AS kind, r.basis AS basis, r.score AS score, r.family AS family`,
		map[string]any{"ids": ids, "types": viewTypes})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		m := props(r.AsMap())
		typ, from, to := getStr(m, "type"), getStr(m, "from"), getStr(m, "to")
		disc, label := "", ""
		switch typ {
		case relPartOf:
			label = "part of"
		case relAddresses:
			label = "addresses"
		case relInCategory:
			label = to
		case relCorrespondsTo:
			label = getStr(m, "kind")
		case "BUILDS_ON", "SUPERSEDES", "REFERENCES":
			label = string(linkKind(typ))
		case relParticipatesIn:
			role, via := getStr(m, "role"), getStr(m, "via")
			disc, label = role, role
			if via != "" {
				disc += "/" + via
				label += " (via " + via + ")"
			}
		case relMemberOf:
			disc, label = getStr(m, "since"), "member"
		default:
			if typ != relOverlaps {
				label, _ = complianceEdgeLabel(typ, m)
			}
		}
		var weight *float64
		if typ == relOverlaps {
			family, _ := m["family"].(bool)
			label = normgraph.OverlapLabel(family)
			if s, ok := m["score"].(float64); ok {
				weight = &s
			}
		}
		out = append(out, normgraph.Edge{ID: normgraph.EdgeID(typ, from, to, disc), Type: typ, Source: from, Target: to, Label: label, Weight: weight})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// timelineKinds maps node types to the kinds the timeline statement numbers its entries with
// (0 initiatives, 1 incidents, 2 attribution acts, 3 sources); an asked type that the timeline
// never holds maps to -1, which matches nothing.
func timelineKinds(types []normgraph.NodeType) []int64 {
	out := make([]int64, len(types))
	for i, t := range types {
		switch t {
		case normgraph.TypeInitiative:
			out[i] = 0
		case normgraph.TypeIncident:
			out[i] = 1
		case normgraph.TypeAttribution:
			out[i] = 2
		case normgraph.TypeSource:
			out[i] = 3
		default:
			out[i] = -1
		}
	}
	return out
}
