package neo4j

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/normgraph/normgraph"
)

// The compliance layer in the graph:
//
//	(:Incident)-[:TARGETS]->(:Actor)
//	(:Attribution)-[:ATTRIBUTED_BY]->(:Actor)   one per attributor
//	(:Attribution)-[:BLAMES]->(:Actor)          the blamed state
//	(:Attribution)-[:CONCERNS]->(:Incident)
//	(:Attribution)-[:INVOKES {basis}]->(:Norm|:Initiative)   international law is no node: it is
//	                                            listed in the attribution's `invokes` property only
//	(:Implementation)-[:IMPLEMENTED_BY]->(:Actor)
//	(:Implementation)-[:COVERS]->(:Norm|:Initiative)
//
// Each node also keeps its relationships' ends as id lists, so that it decodes without a join.

const (
	labelIncident       = "Incident"
	labelAttribution    = "Attribution"
	labelImplementation = "Implementation"

	relTargets       = "TARGETS"
	relAttributedBy  = "ATTRIBUTED_BY"
	relBlames        = "BLAMES"
	relConcerns      = "CONCERNS"
	relInvokes       = "INVOKES"
	relImplementedBy = "IMPLEMENTED_BY"
	relCovers        = "COVERS"
)

var (
	complianceLabels   = []string{labelIncident, labelAttribution, labelImplementation}
	complianceRelTypes = []string{relTargets, relAttributedBy, relBlames, relConcerns, relInvokes, relImplementedBy, relCovers}
)

// invocationJSON is an invocation as the attribution node stores it (in its `invocations`
// property, a JSON list).
type invocationJSON struct {
	Target        string `json:"target"`
	Basis         string `json:"basis"`
	Quote         string `json:"quote,omitempty"`
	QuoteSourceID string `json:"quoteSource,omitempty"`
	Translated    bool   `json:"translated,omitempty"`
	Rationale     string `json:"rationale,omitempty"`
}

func (p props) day(k string, d normgraph.Date) {
	if !d.IsZero() {
		p[k] = d.FirstDay().Format("2006-01-02")
	}
}

// search stores the node's indexed text under the full-text index's properties (the same
// fields the memory backend indexes); name and summary are the node's own.
func (p props) search(n normgraph.Node) {
	f := normgraph.SearchFieldsOf(n)
	p.str("name", f.Name)
	p.str("title", f.Title)
	p.str("summary", f.Summary)
	p.str("quoteText", f.QuoteText)
}

// complianceProps returns the label and properties of a compliance node; ok is false for
// other nodes.
func complianceProps(n normgraph.Node) (string, props, bool) {
	p := props{"id": n.NodeID()}
	switch x := n.(type) {
	case *normgraph.Incident:
		p.str("name", x.Name)
		p.list("aliases", x.Aliases)
		p.date("start", x.Start)
		p.day("startDay", x.Start)
		p.date("end", x.End)
		p.str("summary", x.Summary)
		p.list("targets", x.TargetIDs)
		p.list("sourceIds", x.SourceIDs)
		p.search(x)
		return labelIncident, p, true
	case *normgraph.Attribution:
		p.date("date", x.Date)
		p.day("dateDay", x.Date)
		p.str("form", string(x.Form))
		p.list("attributors", x.AttributorIDs)
		p.str("coordinated", x.Coordinated)
		p.str("blamedState", x.Blamed.StateID)
		p.str("blamedOrgan", x.Blamed.Organ)
		p.list("blamedAliases", x.Blamed.Aliases)
		p.list("incidents", x.IncidentIDs)
		p.str("instrument", x.Instrument)
		p.str("summary", x.Summary)
		p.list("sourceIds", x.SourceIDs)
		if x.Invocations != nil {
			vs := make([]invocationJSON, len(x.Invocations))
			targets := make([]string, len(x.Invocations))
			for i, v := range x.Invocations {
				vs[i] = invocationJSON{Target: v.Target, Basis: string(v.Basis), Quote: v.Quote,
					QuoteSourceID: v.QuoteSourceID, Translated: v.Translated, Rationale: v.Rationale}
				targets[i] = v.Target
			}
			b, err := json.Marshal(vs)
			if err != nil {
				panic(err) // plain data: cannot fail
			}
			p["invocations"] = string(b)
			p.list("invokes", targets)
		}
		p.search(x)
		return labelAttribution, p, true
	case *normgraph.Implementation:
		p.str("actor", x.ActorID)
		p.str("kind", string(x.Kind))
		p.str("basis", string(x.Basis))
		p.date("date", x.Date)
		p.day("dateDay", x.Date)
		p.list("norms", x.NormIDs)
		p.list("initiatives", x.InitiativeIDs)
		p.str("summary", x.Summary)
		p.list("sourceIds", x.SourceIDs)
		p.search(x)
		return labelImplementation, p, true
	}
	return "", nil, false
}

// complianceFromProps rebuilds a compliance node; nil for other labels.
func complianceFromProps(label string, p stored) normgraph.Node {
	id := getStr(p, "id")
	switch label {
	case labelIncident:
		return &normgraph.Incident{ID: id, Name: getStr(p, "name"), Aliases: getList(p, "aliases"),
			Start: getDate(p, "start"), End: getDate(p, "end"), Summary: getStr(p, "summary"),
			TargetIDs: getList(p, "targets"), SourceIDs: getList(p, "sourceIds")}
	case labelAttribution:
		x := &normgraph.Attribution{ID: id, Date: getDate(p, "date"), Form: normgraph.AttributionForm(getStr(p, "form")),
			AttributorIDs: getList(p, "attributors"), Coordinated: getStr(p, "coordinated"),
			Blamed: normgraph.Blamed{StateID: getStr(p, "blamedState"), Organ: getStr(p, "blamedOrgan"),
				Aliases: getList(p, "blamedAliases")},
			IncidentIDs: getList(p, "incidents"), Instrument: getStr(p, "instrument"), Summary: getStr(p, "summary"),
			SourceIDs: getList(p, "sourceIds")}
		if s := getStr(p, "invocations"); s != "" {
			var vs []invocationJSON
			if err := json.Unmarshal([]byte(s), &vs); err != nil {
				return nil
			}
			x.Invocations = make([]*normgraph.Invocation, len(vs))
			for i, v := range vs {
				x.Invocations[i] = &normgraph.Invocation{Target: v.Target, Basis: normgraph.Basis(v.Basis), Quote: v.Quote,
					QuoteSourceID: v.QuoteSourceID, Translated: v.Translated, Rationale: v.Rationale}
			}
		}
		return x
	case labelImplementation:
		return &normgraph.Implementation{ID: id, ActorID: getStr(p, "actor"),
			Kind: normgraph.ImplementationKind(getStr(p, "kind")), Basis: normgraph.EvidenceBasis(getStr(p, "basis")),
			Date: getDate(p, "date"), NormIDs: getList(p, "norms"), InitiativeIDs: getList(p, "initiatives"),
			Summary: getStr(p, "summary"), SourceIDs: getList(p, "sourceIds")}
	}
	return nil
}

// complianceRows adds the compliance nodes and relationships of a dataset to a refresh.
func complianceRows(ds *normgraph.Dataset, addNode func(normgraph.Node), addRel func(typ, from, to string, p props), cites func(string, []string)) {
	ranked := func(typ, from string, tos []string) {
		for i, to := range tos {
			addRel(typ, from, to, props{"rank": int64(i)})
		}
	}
	for _, x := range ds.Incidents {
		addNode(x)
		cites(x.ID, x.SourceIDs)
		ranked(relTargets, x.ID, x.TargetIDs)
	}
	for _, x := range ds.Attributions {
		addNode(x)
		cites(x.ID, x.SourceIDs)
		ranked(relAttributedBy, x.ID, x.AttributorIDs)
		addRel(relBlames, x.ID, x.Blamed.StateID, props{})
		ranked(relConcerns, x.ID, x.IncidentIDs)
		for i, v := range x.Invocations {
			if v.Target != normgraph.InternationalLaw {
				addRel(relInvokes, x.ID, v.Target, props{"basis": string(v.Basis), "rank": int64(i)})
			}
		}
	}
	for _, x := range ds.Implementations {
		addNode(x)
		cites(x.ID, x.SourceIDs)
		addRel(relImplementedBy, x.ID, x.ActorID, props{})
		ranked(relCovers, x.ID, append(append([]string{}, x.NormIDs...), x.InitiativeIDs...))
	}
}

// complianceEdgeLabel is the view label of a compliance relationship (see normgraph.Edges).
func complianceEdgeLabel(typ string, m props) (string, bool) {
	switch typ {
	case relTargets:
		return "targets", true
	case relAttributedBy:
		return "attributed by", true
	case relBlames:
		return "blames", true
	case relConcerns:
		return "concerns", true
	case relInvokes:
		return getStr(m, "basis"), true
	case relImplementedBy:
		return "implemented by", true
	case relCovers:
		return "covers", true
	}
	return "", false
}

func dayParam(d normgraph.Date, last bool) any {
	switch {
	case d.IsZero():
		return nil
	case last:
		return d.LastDay().Format("2006-01-02")
	}
	return d.FirstDay().Format("2006-01-02")
}

// Incidents implements normgraph.Reader.
func (s *Store) Incidents(ctx context.Context, f normgraph.IncidentFilter, p normgraph.Page) (normgraph.List[*normgraph.Incident], error) {
	return paged(ctx, s, `
MATCH (n:Incident)
WHERE (size($targets) = 0 OR any(t IN coalesce(n.targets, []) WHERE t IN $targets))
  AND ($from IS NULL OR n.startDay >= $from)
  AND ($to IS NULL OR n.startDay <= $to)
  AND ($text = '' OR any(f IN [n.id, n.name, n.summary] + coalesce(n.aliases, [])
        WHERE f IS NOT NULL AND toLower(f) CONTAINS $text))
WITH n ORDER BY n.start IS NULL, n.start, n.id
WITH collect(properties(n)) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`,
		map[string]any{"targets": emptyIfNil(f.Targets), "from": dayParam(f.From, false), "to": dayParam(f.To, true),
			"text": strings.ToLower(f.Text)}, p, decodeNode[*normgraph.Incident](ctx, labelIncident))
}

// Attributions implements normgraph.Reader.
func (s *Store) Attributions(ctx context.Context, f normgraph.AttributionFilter, p normgraph.Page) (normgraph.List[*normgraph.Attribution], error) {
	return paged(ctx, s, `
MATCH (n:Attribution)
WHERE (size($attributors) = 0 OR any(a IN coalesce(n.attributors, []) WHERE a IN $attributors))
  AND (size($blamed) = 0 OR n.blamedState IN $blamed)
  AND (size($forms) = 0 OR n.form IN $forms)
  AND (size($incidents) = 0 OR any(x IN coalesce(n.incidents, []) WHERE x IN $incidents))
  AND (size($invokes) = 0 OR any(x IN coalesce(n.invokes, []) WHERE x IN $invokes))
  AND ($coordinated = '' OR n.coordinated = $coordinated)
  AND ($from IS NULL OR n.dateDay >= $from)
  AND ($to IS NULL OR n.dateDay <= $to)
WITH n ORDER BY n.date, n.id
WITH collect(properties(n)) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`,
		map[string]any{"attributors": emptyIfNil(f.Attributors), "blamed": emptyIfNil(f.Blamed), "forms": strs(f.Forms),
			"incidents": emptyIfNil(f.Incidents), "invokes": emptyIfNil(f.Invokes), "coordinated": f.Coordinated,
			"from": dayParam(f.From, false), "to": dayParam(f.To, true)}, p, decodeNode[*normgraph.Attribution](ctx, labelAttribution))
}

// Implementations implements normgraph.Reader.
func (s *Store) Implementations(ctx context.Context, f normgraph.ImplementationFilter, p normgraph.Page) (normgraph.List[*normgraph.Implementation], error) {
	return paged(ctx, s, `
MATCH (n:Implementation)
WHERE (size($actors) = 0 OR n.actor IN $actors)
  AND (size($covers) = 0 OR any(x IN coalesce(n.norms, []) + coalesce(n.initiatives, []) WHERE x IN $covers))
  AND (size($kinds) = 0 OR n.kind IN $kinds)
  AND ($basis = '' OR n.basis = $basis)
WITH n ORDER BY n.actor, n.date, n.id
WITH collect(properties(n)) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`,
		map[string]any{"actors": emptyIfNil(f.Actors), "covers": emptyIfNil(f.Covers), "kinds": strs(f.Kinds),
			"basis": string(f.Basis)}, p, decodeNode[*normgraph.Implementation](ctx, labelImplementation))
}

// The batch readers: one statement for all parents, one row per parent that has any.

// AttributionsOfIncidents implements normgraph.Reader.
func (s *Store) AttributionsOfIncidents(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return s.attributionsWhere(ctx, `(n:Attribution)-[:CONCERNS]->(:Incident {id: $ids[i]})`, ids)
}

// AttributionsByActors implements normgraph.Reader.
func (s *Store) AttributionsByActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return s.attributionsWhere(ctx, `(n:Attribution)-[:ATTRIBUTED_BY]->(:Actor {id: $ids[i]})`, ids)
}

// AttributionsAgainstActors implements normgraph.Reader.
func (s *Store) AttributionsAgainstActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return s.attributionsWhere(ctx, `(n:Attribution)-[:BLAMES]->(:Actor {id: $ids[i]})`, ids)
}

// attributionsWhere lists, for each parent id, the attributions the pattern (one of the
// constants above, never user input) matches for it, by date and id.
func (s *Store) attributionsWhere(ctx context.Context, pattern string, ids []string) ([][]*normgraph.Attribution, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH `+pattern+`
WITH i, n ORDER BY i, n.date, n.id
RETURN i, collect(properties(n)) AS items`, ids, decodeNode[*normgraph.Attribution](ctx, labelAttribution))
}

// AttributionsInvoking implements normgraph.Reader. International law has no node, so the
// statement reads the attributions' `invokes` lists rather than INVOKES relationships.
func (s *Store) AttributionsInvoking(ctx context.Context, targets []string) ([][]*normgraph.Attribution, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Attribution) WHERE $ids[i] IN n.invokes
WITH i, n ORDER BY i, n.date, n.id
RETURN i, collect(properties(n)) AS items`, targets, decodeNode[*normgraph.Attribution](ctx, labelAttribution))
}

// ImplementationsOfActors implements normgraph.Reader.
func (s *Store) ImplementationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Implementation)-[:IMPLEMENTED_BY]->(:Actor {id: $ids[i]})
WITH i, n ORDER BY i, n.actor, n.date, n.id
RETURN i, collect(properties(n)) AS items`, ids, decodeNode[*normgraph.Implementation](ctx, labelImplementation))
}

// ImplementationsCovering implements normgraph.Reader.
func (s *Store) ImplementationsCovering(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (n:Implementation)-[:COVERS]->(:Entity {id: $ids[i]})
WITH i, n ORDER BY i, n.actor, n.date, n.id
RETURN i, collect(properties(n)) AS items`, ids, decodeNode[*normgraph.Implementation](ctx, labelImplementation))
}
