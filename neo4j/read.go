package neo4j

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// Every statement below is built from constants only: user input reaches Cypher only as parameters.

func emptyIfNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func asMap(v any) props {
	m, _ := v.(map[string]any)
	return m
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func get(r *n4j.Record, key string) any {
	v, _ := r.Get(key)
	return v
}

// decodeItems decodes the "items" column of a row (a list) and appends what decode accepts.
// Every paged or per-parent read decodes its rows with it.
func decodeItems[T any](r *n4j.Record, decode func(any) (T, bool), out []T) []T {
	for _, it := range asList(get(r, "items")) {
		if v, ok := decode(it); ok {
			out = append(out, v)
		}
	}
	return out
}

// pageFrom decodes a row with a "total" and an "items" column as one page of a list.
func pageFrom[T any](r *n4j.Record, decode func(any) (T, bool)) normgraph.List[T] {
	total, _ := get(r, "total").(int64)
	return normgraph.List[T]{Items: decodeItems(r, decode, []T{}), Total: int(total)}
}

func pageParams(p normgraph.Page, params map[string]any) map[string]any {
	params["offset"] = int64(p.Offset)
	params["end"] = int64(p.Offset + p.Limit)
	return params
}

// paged runs a statement that returns one row (total, items) and decodes its items: the one
// reader of every paged list (nodes, overlaps, timeline entries, search hits, shared actors).
func paged[T any](ctx context.Context, s *Store, cypher string, params map[string]any, p normgraph.Page, decode func(any) (T, bool)) (normgraph.List[T], error) {
	recs, err := s.query(ctx, cypher, pageParams(p, colsParam(ctx, params)))
	if err != nil {
		return normgraph.List[T]{Items: []T{}}, err
	}
	return pageFrom(recs[0], decode), nil
}

// nodesCypher reads nodes by id: whole (properties(n)), or, for the labels $keys names, as
// rows of the wanted properties (see columns) when the caller names the fields it needs.
const nodesCypher = `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH DISTINCT n, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
RETURN n.id AS id, label,
  CASE WHEN $keys[label] IS NULL THEN properties(n) ELSE [n.id] + [k IN $keys[label] | n[k]] END AS props`

// nodeMask is which columns of a label a Nodes read with ctx must fill: those of the fields
// named (normgraph.WithFields; long texts too when named), or all.
func nodeMask(ctx context.Context, c *columns) []bool {
	if normgraph.WantedFields(ctx) == nil {
		w := make([]bool, len(c.props))
		for i := range w {
			w[i] = true
		}
		return w
	}
	return c.wanted(ctx, true)
}

// Nodes implements normgraph.Reader. Under normgraph.WithFields it reads, of the nodes of the
// labels with columns, only the properties of the fields named.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	out := make([]normgraph.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if a := normgraph.AnswersFrom(ctx); a != nil { // nodes read ahead (see ahead.go)
		var rest []string
		for i, id := range ids {
			if v, ok := a.Get(normgraph.AnswerKey{Call: "Nodes", ID: id}); ok && v.(aheadNode).covers(ctx) {
				out[i] = v.(aheadNode).n
				a.MarkServed(1)
			} else {
				rest = append(rest, id)
			}
		}
		if len(rest) == 0 {
			return out, nil
		}
		if len(rest) < len(ids) {
			more, err := s.Nodes(normgraph.WithoutAnswers(ctx), rest)
			if err != nil {
				return nil, err
			}
			for i, j := 0, 0; i < len(ids); i++ {
				if out[i] == nil {
					out[i] = more[j]
					j++
				}
			}
			return out, nil
		}
	}
	keys := map[string]any{}
	layouts := map[string][]int{}
	if normgraph.WantedFields(ctx) != nil {
		for label, c := range nodeColumns {
			w := nodeMask(ctx, c)
			keys[label], layouts[label] = c.keys(w), c.layout(w)
		}
	}
	params := map[string]any{"ids": ids, "keys": keys}
	cypher, aheadLabel, as := nodesCypher, "", []*ahead(nil)
	if typ, fs := normgraph.NodeFollows(ctx); normgraph.AnswersFrom(ctx) != nil && typeLabels[typ] != "" {
		aheadLabel = typeLabels[typ]
		if as = planAhead(ctx, aheadLabel, fs, "a", maxAheadDepth, params); len(as) > 0 {
			params["aheadLabel"] = aheadLabel
			cypher = aheadNodesStatement(as)
		}
	}
	recs, err := s.query(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	found := map[string]normgraph.Node{}
	for _, r := range recs {
		label, _ := get(r, "label").(string)
		if len(as) > 0 && label == aheadLabel {
			if id, ok := get(r, "id").(string); ok {
				keepAnswers(normgraph.AnswersFrom(ctx), as, id, asList(get(r, "ahead")))
			}
		}
		var p stored = asMap(get(r, "props"))
		if row, ok := get(r, "props").([]any); ok && nodeColumns[label] != nil {
			p = &positional{nodeColumns[label], row, layouts[label]}
		}
		if n := nodeFromProps(label, p); n != nil {
			found[n.NodeID()] = n
		}
	}
	for i, id := range ids {
		if n, ok := found[id]; ok {
			out[i] = n
		}
	}
	return out, nil
}

// Categories implements normgraph.Reader.
func (s *Store) Categories(ctx context.Context) ([]*normgraph.CategoryInfo, error) {
	recs, err := s.query(ctx, `
MATCH (c:Category)
RETURN properties(c) AS props
ORDER BY CASE c.id WHEN 'offensive' THEN 0 WHEN 'defensive' THEN 1 WHEN 'industry' THEN 2 ELSE 3 END, c.id`, nil)
	if err != nil {
		return nil, err
	}
	out := []*normgraph.CategoryInfo{}
	for _, r := range recs {
		if c, ok := nodeFromProps(labelCategory, asMap(get(r, "props"))).(*normgraph.CategoryInfo); ok {
			out = append(out, c)
		}
	}
	return out, nil
}

var initiativesCypher = `
MATCH (n:Initiative)
WHERE (size($kinds) = 0 OR n.kind IN $kinds)
  AND (size($statuses) = 0 OR n.status IN $statuses)
  AND ($binding IS NULL OR n.binding = $binding)
  AND (size($themes) = 0 OR EXISTS {
        MATCH (n)<-[:PART_OF]-(:Norm)-[:ADDRESSES]->(t:Theme) WHERE t.id IN $themes })
  AND ($from IS NULL OR n.adoptedDay >= $from)
  AND ($to IS NULL OR n.adoptedDay <= $to)
  AND ($text = '' OR any(f IN [n.id, n.name, n.shortName, n.symbol, n.summary]
        WHERE f IS NOT NULL AND toLower(f) CONTAINS $text))
WITH n
ORDER BY
  CASE WHEN $order = 'adopted' THEN n.adopted IS NULL ELSE false END,
  CASE WHEN $order = 'adopted' AND NOT $desc THEN n.adopted END ASC,
  CASE WHEN $order = 'adopted' AND $desc THEN n.adopted END DESC,
  CASE WHEN $order = 'name' AND NOT $desc THEN n.name END ASC,
  CASE WHEN $order = 'name' AND $desc THEN n.name END DESC,
  CASE WHEN $order = 'id' AND $desc THEN n.id END DESC,
  n.id ASC
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelInitiative, "n") + `] AS items`

// allInitiativesCypher is initiativesCypher without a filter, in the default order: what a
// client listing the initiatives sends, planned without the conditions and sort keys it does
// not need.
var allInitiativesCypher = `
MATCH (n:Initiative)
WITH n ORDER BY n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelInitiative, "n") + `] AS items`

// Initiatives implements normgraph.Reader.
func (s *Store) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	order := string(f.OrderBy)
	if order == "" {
		order = string(normgraph.OrderByID)
	}
	params := map[string]any{
		"kinds": strs(f.Kinds), "statuses": strs(f.Statuses), "themes": emptyIfNil(f.Themes),
		"binding": nil, "from": nil, "to": nil, "text": strings.ToLower(f.Text),
		"order": order, "desc": f.Descending,
	}
	if f.Binding != nil {
		params["binding"] = *f.Binding
	}
	if !f.AdoptedFrom.IsZero() {
		params["from"] = f.AdoptedFrom.FirstDay().Format("2006-01-02")
	}
	if !f.AdoptedTo.IsZero() {
		params["to"] = f.AdoptedTo.LastDay().Format("2006-01-02")
	}
	cypher, bare := initiativesCypher, f
	bare.OrderBy = ""
	if order == string(normgraph.OrderByID) && reflect.ValueOf(bare).IsZero() { // no filter, ascending by id
		cypher = allInitiativesCypher
	}
	return pagedAhead(ctx, s, labelInitiative, cypher, params, p, decodeNode[*normgraph.Initiative](ctx, labelInitiative))
}

// normsCypher reads norms; with a text, normsTextCypher finds them through the TEXT index on
// their search property (normSearch) first.
var normsCypher = normsFrom(`MATCH (n:Norm)
WHERE ($text = '' OR any(f IN [n.code, n.title, n.summary, n.quoteText]
        WHERE f IS NOT NULL AND toLower(f) CONTAINS $text))`)

var normsTextCypher = normsFrom(`MATCH (n:Norm)
WHERE n.search CONTAINS $text`)

func normsFrom(match string) string {
	return `
` + match + `
  AND (size($initiatives) = 0 OR n.initiative IN $initiatives)
  AND (size($categories) = 0 OR n.category IN $categories)
  AND (size($addressees) = 0 OR n.addressee IN $addressees)
  AND (size($themes) = 0 OR any(t IN n.themeIds WHERE t IN $themes))
WITH n ORDER BY n.initiative, n.position, n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelNorm, "n") + `] AS items`
}

// Norms implements normgraph.Reader.
func (s *Store) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	params := map[string]any{
		"initiatives": emptyIfNil(f.Initiatives), "categories": strs(f.Categories),
		"addressees": strs(f.Addressees), "themes": emptyIfNil(f.Themes), "text": strings.ToLower(f.Text),
	}
	cypher := normsCypher
	if t := params["text"].(string); t != "" && !strings.Contains(t, searchSep) {
		cypher = normsTextCypher
	}
	return pagedAhead(ctx, s, labelNorm, cypher, params, p, decodeNode[*normgraph.Norm](ctx, labelNorm))
}

var themesCypher = `
MATCH (n:Theme) WITH n ORDER BY n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelTheme, "n") + `] AS items`

// Themes implements normgraph.Reader.
func (s *Store) Themes(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Theme], error) {
	return paged(ctx, s, themesCypher, map[string]any{}, p, decodeNode[*normgraph.Theme](ctx, labelTheme))
}

var actorsCypher = `
MATCH (n:Actor)
WHERE (size($types) = 0 OR n.type IN $types)
  AND ($text = '' OR toLower(n.id) CONTAINS $text OR toLower(n.name) CONTAINS $text)
WITH n ORDER BY n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelActor, "n") + `] AS items`

// Actors implements normgraph.Reader.
func (s *Store) Actors(ctx context.Context, f normgraph.ActorFilter, p normgraph.Page) (normgraph.List[*normgraph.Actor], error) {
	return paged(ctx, s, actorsCypher,
		map[string]any{"types": strs(f.Types), "text": strings.ToLower(f.Text)}, p, decodeNode[*normgraph.Actor](ctx, labelActor))
}

var sourcesCypher = `
MATCH (n:Source) WITH n ORDER BY n.id
WITH collect(n) AS rows
RETURN size(rows) AS total, [n IN rows[$offset..$end] | ` + nodeRow(labelSource, "n") + `] AS items`

// Sources implements normgraph.Reader.
func (s *Store) Sources(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Source], error) {
	return paged(ctx, s, sourcesCypher, map[string]any{}, p, decodeNode[*normgraph.Source](ctx, labelSource))
}

// pagedByParent runs a statement that returns one row (i, total, items) per parent index and
// decodes the items.
func pagedByParent[T any](ctx context.Context, s *Store, cypher string, params map[string]any, ids []string, p normgraph.Page, decode func(any) (T, bool)) ([]normgraph.List[T], error) {
	out := make([]normgraph.List[T], len(ids))
	for i := range out {
		out[i].Items = []T{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	params["ids"] = ids
	recs, err := s.query(ctx, cypher, pageParams(p, colsParam(ctx, params)))
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		i, _ := get(r, "i").(int64)
		out[i] = pageFrom(r, decode)
	}
	return out, nil
}

// normsOfInitiativesCypher and normsOfThemesCypher return one row: for each id, in order, the
// number of its norms and the rows of the page (see pagedPerID). One row with a COLLECT
// subquery per id costs Neo4j less than a row per parent grouped by an aggregation
// (docs/performance.md).
var normsOfInitiativesCypher = `
RETURN [id IN $ids | [rows IN [COLLECT { MATCH (n:Norm {initiative: id}) WITH n ORDER BY n.position, n.id RETURN n }] |
  [size(rows), [n IN rows[$offset..$end] | ` + nodeRow(labelNorm, "n") + `]]][0]] AS items`

// NormsOfInitiatives implements normgraph.Reader.
func (s *Store) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	if out, ok := answered[normgraph.List[*normgraph.Norm]](ctx, "NormsOfInitiatives",
		normsArgs(p, nodeColumns[labelNorm].wanted(ctx, normgraph.TextsWanted(ctx))), ids); ok {
		return out, nil
	}
	return pagedPerID(ctx, s, normsOfInitiativesCypher, ids, p, decodeNode[*normgraph.Norm](ctx, labelNorm))
}

var normsOfThemesCypher = `
RETURN [id IN $ids | [rows IN [COLLECT { MATCH (n:Norm)-[:ADDRESSES]->(:Theme {id: id}) WITH n ORDER BY n.initiative, n.position, n.id RETURN n }] |
  [size(rows), [n IN rows[$offset..$end] | ` + nodeRow(labelNorm, "n") + `]]][0]] AS items`

// NormsOfThemes implements normgraph.Reader.
func (s *Store) NormsOfThemes(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	return pagedPerID(ctx, s, normsOfThemesCypher, ids, p, decodeNode[*normgraph.Norm](ctx, labelNorm))
}

// pagedPerID runs a statement that returns one row whose items column holds, for each id in
// order, [total, rows of the page], and decodes them.
func pagedPerID[T any](ctx context.Context, s *Store, cypher string, ids []string, p normgraph.Page, decode func(any) (T, bool)) ([]normgraph.List[T], error) {
	out := make([]normgraph.List[T], len(ids))
	for i := range out {
		out[i].Items = []T{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, cypher, pageParams(p, colsParam(ctx, map[string]any{"ids": ids})))
	if err != nil {
		return nil, err
	}
	for i, v := range asList(get(recs[0], "items")) {
		if l, ok := pairPage(v, decode); ok && i < len(out) {
			out[i] = l
		}
	}
	return out, nil
}

// pairPage decodes a page sent as [total, items], each item through item (which may refuse it).
func pairPage[T any](v any, item func(any) (T, bool)) (normgraph.List[T], bool) {
	pair := asList(v)
	if len(pair) != 2 {
		return normgraph.List[T]{}, false
	}
	total, _ := pair[0].(int64)
	l := normgraph.List[T]{Items: []T{}, Total: int(total)}
	for _, it := range asList(pair[1]) {
		if x, ok := item(it); ok {
			l.Items = append(l.Items, x)
		}
	}
	return l, true
}

// listsByParent runs a statement that returns one row (i, items) per parent index.
func listsByParent[T any](ctx context.Context, s *Store, cypher string, ids []string, decode func(any) (T, bool)) ([][]T, error) {
	out := make([][]T, len(ids))
	for i := range out {
		out[i] = []T{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, cypher, colsParam(ctx, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		i, _ := get(r, "i").(int64)
		out[i] = decodeItems(r, decode, out[i])
	}
	return out, nil
}

// decodeNode decodes a node of a label from its properties (a map) or its row (a list, see
// columns) as a read with ctx returns it.
func decodeNode[T normgraph.Node](ctx context.Context, label string) func(any) (T, bool) {
	var at []int
	if cols := nodeColumns[label]; cols != nil {
		at = cols.layoutFor(ctx)
	}
	return decodeRow[T](label, at)
}

// decodeRow decodes a node of a label from its properties (a map) or its row (a list, see
// columns) with the given layout.
func decodeRow[T normgraph.Node](label string, at []int) func(any) (T, bool) {
	cols := nodeColumns[label]
	return func(v any) (T, bool) {
		var p stored = asMap(v)
		if row, ok := v.([]any); ok && cols != nil {
			p = &positional{cols, row, at}
		}
		t, ok := nodeFromProps(label, p).(T)
		return t, ok
	}
}

var themesOfInitiativesCypher = `
UNWIND range(0, size($ids) - 1) AS i
MATCH (:Initiative {id: $ids[i]})<-[:PART_OF]-(:Norm)-[:ADDRESSES]->(t:Theme)
WITH DISTINCT i, t ORDER BY i, t.id
RETURN i, collect(` + nodeRow(labelTheme, "t") + `) AS items`

// ThemesOfInitiatives implements normgraph.Reader.
func (s *Store) ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Theme, error) {
	return listsByParent(ctx, s, themesOfInitiativesCypher, ids, decodeNode[*normgraph.Theme](ctx, labelTheme))
}

var initiativesOfThemesCypher = `
UNWIND range(0, size($ids) - 1) AS i
MATCH (:Theme {id: $ids[i]})<-[:ADDRESSES]-(:Norm)-[:PART_OF]->(n:Initiative)
WITH DISTINCT i, n ORDER BY i, n.id
RETURN i, collect(` + nodeRow(labelInitiative, "n") + `) AS items`

// InitiativesOfThemes implements normgraph.Reader.
func (s *Store) InitiativesOfThemes(ctx context.Context, ids []string) ([][]*normgraph.Initiative, error) {
	return listsByParent(ctx, s, initiativesOfThemesCypher, ids, decodeNode[*normgraph.Initiative](ctx, labelInitiative))
}

func relSources(p props) []string { return getList(p, "sources") }

// correspondencesCypher returns each crosswalk entry touching any of $ids once, as a row
// [from, to] + its columns (see correspondenceColumns), all in one list: an entry between two
// of the norms is sent once, not once per end, and the statement neither groups nor sorts;
// CorrespondencesOfNorms does both.
var correspondencesCypher = `
UNWIND $ids AS id
MATCH (:Norm {id: id})-[c:CORRESPONDS_TO]-(:Norm)
WITH DISTINCT c
RETURN collect([startNode(c).id, endNode(c).id] + ` + correspondenceColumns.row("c") + `) AS items`

// CorrespondencesOfNorms implements normgraph.Reader.
func (s *Store) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	out := make([][]*normgraph.Correspondence, len(ids))
	for i := range out {
		out[i] = []*normgraph.Correspondence{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	cols := correspondenceColumns
	wanted := cols.wanted(ctx, normgraph.TextsWanted(ctx))
	if out, ok := answered[[]*normgraph.Correspondence](ctx, "CorrespondencesOfNorms", colsArgs(wanted), ids); ok {
		return out, nil
	}
	recs, err := s.query(ctx, correspondencesCypher, map[string]any{"ids": ids, cols.param: cols.keys(wanted)})
	if err != nil {
		return nil, err
	}
	at := make(map[string][]int, len(ids)) // an id may be asked for more than once
	for i, id := range ids {
		at[id] = append(at[id], i)
	}
	lay := cols.layout(wanted)
	for _, v := range asList(get(recs[0], "items")) {
		c := correspondenceFromRow(v, lay)
		if c == nil {
			continue
		}
		for _, i := range at[c.FromID] {
			out[i] = append(out[i], c)
		}
		if c.ToID != c.FromID {
			for _, i := range at[c.ToID] {
				out[i] = append(out[i], c)
			}
		}
	}
	for _, cs := range out {
		sortCorrespondences(cs)
	}
	return out, nil
}

// correspondenceFromRow decodes a row [from, to] + correspondenceColumns with the given layout
// (nil if malformed).
func correspondenceFromRow(v any, at []int) *normgraph.Correspondence {
	r, _ := v.([]any)
	if len(r) < 2 {
		return nil
	}
	from, _ := r[0].(string)
	to, _ := r[1].(string)
	p := &positional{correspondenceColumns, r[2:], at}
	return &normgraph.Correspondence{FromID: from, ToID: to, Kind: normgraph.CorrespondenceKind(getStr(p, "kind")),
		Rationale: getStr(p, "rationale"), Basis: normgraph.Basis(getStr(p, "basis")), SourceIDs: getList(p, "sources")}
}

// sortCorrespondences orders a norm's correspondences as CorrespondencesOfNorms returns them.
func sortCorrespondences(cs []*normgraph.Correspondence) {
	slices.SortFunc(cs, func(a, b *normgraph.Correspondence) int {
		return cmp.Or(strings.Compare(a.FromID, b.FromID), strings.Compare(a.ToID, b.ToID))
	})
}

// LinksOfInitiatives implements normgraph.Reader.
func (s *Store) LinksOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Link, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (:Initiative {id: $ids[i]})-[l:BUILDS_ON|SUPERSEDES|REFERENCES]-(:Initiative)
WITH i, l, startNode(l).id AS from, endNode(l).id AS to, type(l) AS type
ORDER BY i, from, CASE type WHEN 'BUILDS_ON' THEN 'builds-on' WHEN 'REFERENCES' THEN 'references' ELSE 'supersedes' END, to
RETURN i, collect({from: from, to: to, type: type, props: properties(l)}) AS items`, ids,
		func(v any) (*normgraph.Link, bool) {
			m := asMap(v)
			p := asMap(m["props"])
			return &normgraph.Link{FromID: getStr(m, "from"), ToID: getStr(m, "to"), Kind: linkKind(getStr(m, "type")),
				Note: getStr(p, "note"), SourceIDs: relSources(p)}, true
		})
}

func participation(v any) (*normgraph.Participation, bool) {
	m := asMap(v)
	p := asMap(m["props"])
	return &normgraph.Participation{ActorID: getStr(m, "actor"), InitiativeID: getStr(m, "initiative"),
		Role: normgraph.Role(getStr(p, "role")), Since: getDate(p, "since"), Until: getDate(p, "until"),
		Note: getStr(p, "note"), SourceIDs: relSources(p), Via: getStr(p, "via")}, true
}

func participationParams(f normgraph.ParticipationFilter, params map[string]any) map[string]any {
	params["types"] = strs(f.Types)
	params["derived"] = nil
	if f.Derived != nil {
		params["derived"] = *f.Derived
	}
	return params
}

const participationWhere = `(size($types) = 0 OR a.type IN $types) AND ($derived IS NULL OR (p.via IS NOT NULL) = $derived)`

// ParticipationsOfInitiatives implements normgraph.Reader.
func (s *Store) ParticipationsOfInitiatives(ctx context.Context, ids []string, f normgraph.ParticipationFilter, pg normgraph.Page) ([]normgraph.List[*normgraph.Participation], error) {
	return pagedByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
OPTIONAL MATCH (a:Actor)-[p:PARTICIPATES_IN]->(:Initiative {id: $ids[i]})
WHERE `+participationWhere+`
WITH i, a, p ORDER BY i, a.id, p.role
WITH i, collect(CASE WHEN p IS NULL THEN null ELSE {actor: a.id, initiative: $ids[i], props: properties(p)} END) AS rows
RETURN i, size(rows) AS total, rows[$offset..$end] AS items`, participationParams(f, map[string]any{}), ids, pg, participation)
}

// ParticipationsOfActors implements normgraph.Reader.
func (s *Store) ParticipationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Participation, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (:Actor {id: $ids[i]})-[p:PARTICIPATES_IN]->(n:Initiative)
WITH i, p, n ORDER BY i, n.id, p.role
RETURN i, collect({actor: $ids[i], initiative: n.id, props: properties(p)}) AS items`, ids, participation)
}

// MembershipsOfActors implements normgraph.Reader.
func (s *Store) MembershipsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Membership, error) {
	return listsByParent(ctx, s, `
UNWIND range(0, size($ids) - 1) AS i
MATCH (:Actor {id: $ids[i]})-[m:MEMBER_OF]-(:Actor)
WITH i, m, startNode(m).id AS actor, endNode(m).id AS org
ORDER BY i, org, actor, coalesce(m.since, '')
RETURN i, collect({actor: actor, org: org, props: properties(m)}) AS items`, ids,
		func(v any) (*normgraph.Membership, bool) {
			m := asMap(v)
			p := asMap(m["props"])
			return &normgraph.Membership{ActorID: getStr(m, "actor"), OrganizationID: getStr(m, "org"),
				Since: getDate(p, "since"), Until: getDate(p, "until"), Note: getStr(p, "note"), SourceIDs: relSources(p)}, true
		})
}

// SharedActors implements normgraph.Reader.
func (s *Store) SharedActors(ctx context.Context, a, b string, f normgraph.ParticipationFilter, pg normgraph.Page) (normgraph.List[*normgraph.SharedActor], error) {
	return paged(ctx, s, `
MATCH (a:Actor)-[p:PARTICIPATES_IN]->(:Initiative {id: $a})
WHERE `+participationWhere+`
WITH a, p ORDER BY p.role
WITH a, collect({actor: a.id, initiative: $a, props: properties(p)}) AS inA
MATCH (a)-[p:PARTICIPATES_IN]->(:Initiative {id: $b})
WHERE `+participationWhere+`
WITH a, inA, p ORDER BY p.role
WITH a, inA, collect({actor: a.id, initiative: $b, props: properties(p)}) AS inB
ORDER BY a.id
WITH collect({actor: properties(a), inA: inA, inB: inB}) AS rows
RETURN size(rows) AS total, rows[$offset..$end] AS items`, participationParams(f, map[string]any{"a": a, "b": b}), pg,
		func(v any) (*normgraph.SharedActor, bool) {
			m := asMap(v)
			actor, _ := nodeFromProps(labelActor, asMap(m["actor"])).(*normgraph.Actor)
			return &normgraph.SharedActor{Actor: actor, InA: participations(m["inA"]), InB: participations(m["inB"])}, true
		})
}

func participations(v any) []*normgraph.Participation {
	var ps []*normgraph.Participation
	for _, x := range asList(v) {
		p, _ := participation(x)
		ps = append(ps, p)
	}
	return ps
}

// Overlap implements normgraph.Reader.
func (s *Store) Overlap(ctx context.Context, a, b string) (*normgraph.Overlap, error) {
	if b < a {
		a, b = b, a
	}
	recs, err := s.query(ctx, `
MATCH (:Initiative {id: $a})-[o:OVERLAPS]->(:Initiative {id: $b})
WITH [{a: $a, b: $b, props: properties(o)}] AS items`+overlapEvidence+`
RETURN items, norms, parts, corrs, themes`, map[string]any{"a": a, "b": b})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	if os := withEvidence(recs[0], decodeItems(recs[0], overlapItem, nil)); len(os) > 0 {
		return os[0], nil
	}
	return nil, nil
}

// Overlaps implements normgraph.Reader.
func (s *Store) Overlaps(ctx context.Context, f normgraph.OverlapFilter, p normgraph.Page) (normgraph.List[*normgraph.Overlap], error) {
	var minScore any // nil: no condition on the score
	if f.MinScore != nil {
		minScore = *f.MinScore
	}
	params := pageParams(p, map[string]any{"field": overlapField(f.Basis, f.Actors), "min": minScore, "family": f.Family,
		"initiative": f.Initiative})
	recs, err := s.query(ctx, `
MATCH (a:Initiative)-[o:OVERLAPS]->(b:Initiative)
WHERE ($min IS NULL OR o[$field] >= $min) AND ($family OR NOT o.family)
  AND ($initiative = '' OR a.id = $initiative OR b.id = $initiative)
WITH o, a, b ORDER BY coalesce(o[$field], -1.0) DESC, a.id, b.id
WITH collect({a: a.id, b: b.id, props: properties(o)}) AS rows
WITH size(rows) AS total, rows[$offset..$end] AS items`+overlapEvidence+`
RETURN total, items, norms, parts, corrs, themes`, params)
	if err != nil {
		return normgraph.List[*normgraph.Overlap]{Items: []*normgraph.Overlap{}}, err
	}
	l := pageFrom(recs[0], overlapItem)
	l.Items = withEvidence(recs[0], l.Items)
	return l, nil
}

// Stats implements normgraph.Reader: one statement, answered from Neo4j's count store.
func (s *Store) Stats(ctx context.Context) (normgraph.Stats, error) {
	recs, err := s.query(ctx, `
RETURN COUNT { (:Initiative) } AS initiatives, COUNT { (:Norm) } AS norms, COUNT { (:Theme) } AS themes,
  COUNT { (:Actor) } AS actors, COUNT { (:Source) } AS sources, COUNT { ()-[:OVERLAPS]->() } AS overlaps,
  COUNT { (:Incident) } AS incidents, COUNT { (:Attribution) } AS attributions, COUNT { (:Implementation) } AS implementations`, nil)
	if err != nil {
		return normgraph.Stats{}, err
	}
	m := props(recs[0].AsMap())
	return normgraph.Stats{Initiatives: getInt(m, "initiatives"), Norms: getInt(m, "norms"), Themes: getInt(m, "themes"),
		Actors: getInt(m, "actors"), Sources: getInt(m, "sources"), Overlaps: getInt(m, "overlaps"),
		Incidents: getInt(m, "incidents"), Attributions: getInt(m, "attributions"),
		Implementations: getInt(m, "implementations")}, nil
}
