package normgraph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
)

// TimelineEntry is an initiative by its adoption date, an incident by its start, an
// attribution act by its date or a source document by its date.
type TimelineEntry struct {
	Date        Date
	Initiative  *Initiative // exactly one of Initiative, Incident, Attribution and Source is set
	Incident    *Incident
	Attribution *Attribution
	Source      *Source
}

// Kind ranks the entry's type on one date: initiatives, incidents, attributions, sources.
func (e *TimelineEntry) Kind() int {
	switch {
	case e.Initiative != nil:
		return 0
	case e.Incident != nil:
		return 1
	case e.Attribution != nil:
		return 2
	}
	return 3
}

// Node returns the entry's node.
func (e *TimelineEntry) Node() Node {
	switch {
	case e.Initiative != nil:
		return e.Initiative
	case e.Incident != nil:
		return e.Incident
	case e.Attribution != nil:
		return e.Attribution
	}
	return e.Source
}

// TimelineOrder orders entries by date, then by kind (initiatives, incidents, attributions,
// sources), then by id.
func TimelineOrder(a, b *TimelineEntry) int {
	return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Kind(), b.Kind()), strings.Compare(a.Node().NodeID(), b.Node().NodeID()))
}

// InRange reports whether a known date lies within [from, to] (zero bounds are open), judged by
// the first day the date can stand for.
func InRange(d, from, to Date) bool {
	if d.IsZero() {
		return false
	}
	day := d.FirstDay()
	return (from.IsZero() || !day.Before(from.FirstDay())) && (to.IsZero() || !day.After(to.LastDay()))
}

// SearchHit is one full-text search result.
type SearchHit struct {
	Node  Node
	Score float64 // the backend's relevance score; comparable only within one result list
}

// NodeType names a node type in graph views: Initiative, Norm, Theme, Actor, Source, Category,
// Incident, Attribution, Implementation.
type NodeType string

// The node types.
const (
	TypeInitiative NodeType = "Initiative"
	TypeNorm       NodeType = "Norm"
	TypeTheme      NodeType = "Theme"
	TypeActor      NodeType = "Actor"
	TypeSource     NodeType = "Source"
	TypeCategory   NodeType = "Category"

	TypeIncident       NodeType = "Incident"
	TypeAttribution    NodeType = "Attribution"
	TypeImplementation NodeType = "Implementation"
)

// NodeTypes lists the node types.
var NodeTypes = []NodeType{TypeInitiative, TypeNorm, TypeTheme, TypeActor, TypeSource, TypeCategory,
	TypeIncident, TypeAttribution, TypeImplementation}

// TypeOf returns the type of a node.
func TypeOf(n Node) NodeType {
	switch n.(type) {
	case *Initiative:
		return TypeInitiative
	case *Norm:
		return TypeNorm
	case *Theme:
		return TypeTheme
	case *Actor:
		return TypeActor
	case *Source:
		return TypeSource
	case *CategoryInfo:
		return TypeCategory
	case *Incident:
		return TypeIncident
	case *Attribution:
		return TypeAttribution
	case *Implementation:
		return TypeImplementation
	}
	return ""
}

// LabelOf returns a short human-readable label of a node, for drawing it.
func LabelOf(n Node) string {
	switch x := n.(type) {
	case *Initiative:
		return cmp.Or(x.ShortName, x.Name)
	case *Norm:
		return x.Code + " " + x.Title
	case *Theme:
		return x.Name
	case *Actor:
		return x.Name
	case *Source:
		return x.Title
	case *CategoryInfo:
		return x.Name
	case *Incident:
		return x.Name
	case *Attribution:
		by := ""
		if len(x.AttributorIDs) > 0 {
			by = " by " + x.AttributorIDs[0]
			if n := len(x.AttributorIDs) - 1; n > 0 {
				by += fmt.Sprintf(" and %d more", n)
			}
		}
		return x.Date.String() + " " + string(x.Form) + by
	case *Implementation:
		return x.ActorID + " " + string(x.Kind) + " " + x.Date.String()
	}
	return ""
}

// Edge is one relationship of the graph, as views draw it. ID is stable across loads.
type Edge struct {
	ID     string
	Type   string // PART_OF, ADDRESSES, CORRESPONDS_TO, BUILDS_ON, SUPERSEDES, REFERENCES, PARTICIPATES_IN, MEMBER_OF, OVERLAPS, IN_CATEGORY, TARGETS, ATTRIBUTED_BY, BLAMES, CONCERNS, INVOKES, IMPLEMENTED_BY, COVERS
	Source string
	Target string
	Label  string // the kind of a correspondence, the role of a participation, a score …
}

// EdgeID builds the stable id of an edge from its type, ends and discriminator (the role of a
// participation, the start of a membership).
func EdgeID(typ, source, target, disc string) string {
	id := typ + ":" + source + "->" + target
	if disc != "" {
		id += ":" + disc
	}
	return id
}

// Graph is a bounded part of the knowledge graph, for frontends.
type Graph struct {
	Nodes     []Node
	Edges     []Edge
	Truncated bool // the limit cut the expansion short
}

// SubgraphQuery says which part of the graph to take: the nodes within Depth steps of the
// roots, of the given Types (all when empty), at most Limit nodes.
type SubgraphQuery struct {
	RootIDs []string
	Depth   int
	Types   []NodeType
	Limit   int
}

// Subgraph limits.
const (
	MaxSubgraphNodes = 500
	MaxSubgraphDepth = 3
	MaxSubgraphRoots = 50
)

// Neighborer is the one read a subgraph needs beyond Nodes: the edges touching some nodes.
type Neighborer interface {
	Nodes(ctx context.Context, ids []string) ([]Node, error)
	// Neighbors returns the edges touching any of the ids, ordered by edge id.
	Neighbors(ctx context.Context, ids []string) ([]Edge, error)
}

// Subgraph expands breadth-first from the roots, one backend call per level, keeping nodes of
// the wanted types until Limit nodes are reached (Truncated then says so). Edges are those among
// the kept nodes. It returns an EINVALID error for out-of-range arguments.
func Subgraph(ctx context.Context, r Neighborer, q SubgraphQuery) (*Graph, error) {
	switch {
	case len(q.RootIDs) == 0 || len(q.RootIDs) > MaxSubgraphRoots:
		return nil, Errorf(EINVALID, "give 1 to %d root ids, got %d", MaxSubgraphRoots, len(q.RootIDs))
	case q.Depth < 0 || q.Depth > MaxSubgraphDepth:
		return nil, Errorf(EINVALID, "depth must be between 0 and %d, got %d", MaxSubgraphDepth, q.Depth)
	case q.Limit < 1 || q.Limit > MaxSubgraphNodes:
		return nil, Errorf(EINVALID, "limit must be between 1 and %d, got %d", MaxSubgraphNodes, q.Limit)
	}
	for _, t := range q.Types {
		if !slices.Contains(NodeTypes, t) {
			return nil, Errorf(EINVALID, "unknown node type %q", t)
		}
	}
	wanted := func(n Node) bool { return len(q.Types) == 0 || slices.Contains(q.Types, TypeOf(n)) }
	g := &Graph{}
	kept := map[string]bool{}
	roots, err := r.Nodes(ctx, q.RootIDs)
	if err != nil {
		return nil, err
	}
	var frontier []string
	// keep adds the nodes (roots: whatever their type) until the limit, and returns them as
	// the next frontier.
	keep := func(nodes []Node, roots bool) []string {
		var added []string
		for _, n := range nodes {
			if isNil(n) || kept[n.NodeID()] || (!roots && !wanted(n)) {
				continue
			}
			if len(g.Nodes) == q.Limit {
				g.Truncated = true
				break
			}
			kept[n.NodeID()] = true
			g.Nodes = append(g.Nodes, n)
			added = append(added, n.NodeID())
		}
		return added
	}
	frontier = keep(roots, true)
	edges := map[string]Edge{}
	for depth := 0; depth < q.Depth && len(frontier) > 0 && !g.Truncated; depth++ {
		es, err := r.Neighbors(ctx, frontier)
		if err != nil {
			return nil, err
		}
		var next []string
		seen := map[string]bool{}
		for _, e := range es {
			for _, id := range []string{e.Source, e.Target} {
				if !kept[id] && !seen[id] {
					seen[id] = true
					next = append(next, id)
				}
			}
			edges[e.ID] = e
		}
		nodes, err := r.Nodes(ctx, next)
		if err != nil {
			return nil, err
		}
		frontier = keep(nodes, false)
	}
	if q.Depth > 0 && len(g.Nodes) > 1 {
		// Edges among kept nodes, including those between the last level's nodes.
		es, err := r.Neighbors(ctx, frontier)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			edges[e.ID] = e
		}
	}
	for _, e := range edges {
		if kept[e.Source] && kept[e.Target] {
			g.Edges = append(g.Edges, e)
		}
	}
	slices.SortFunc(g.Edges, func(a, b Edge) int { return strings.Compare(a.ID, b.ID) })
	return g, nil
}

func isNil(n Node) bool {
	if n == nil {
		return true
	}
	switch x := n.(type) {
	case *Initiative:
		return x == nil
	case *Norm:
		return x == nil
	case *Theme:
		return x == nil
	case *Actor:
		return x == nil
	case *Source:
		return x == nil
	case *CategoryInfo:
		return x == nil
	case *Incident:
		return x == nil
	case *Attribution:
		return x == nil
	case *Implementation:
		return x == nil
	}
	return false
}

// Edges lists every relationship the dataset makes, with stable ids: the same edges the neo4j
// backend stores (citations and quotations aside, which views do not draw).
func Edges(d *Dataset) []Edge {
	var out []Edge
	add := func(typ, from, to, disc, label string) {
		out = append(out, Edge{ID: EdgeID(typ, from, to, disc), Type: typ, Source: from, Target: to, Label: label})
	}
	categories := map[Category]bool{}
	for _, c := range d.Categories {
		categories[c.ID] = true
	}
	for _, n := range d.Norms {
		add("PART_OF", n.ID, n.InitiativeID, "", "part of")
		for _, t := range n.ThemeIDs {
			add("ADDRESSES", n.ID, t, "", "addresses")
		}
		if categories[n.Category] {
			add("IN_CATEGORY", n.ID, string(n.Category), "", string(n.Category))
		}
	}
	for _, c := range d.Correspondences {
		add("CORRESPONDS_TO", c.FromID, c.ToID, "", string(c.Kind))
	}
	for _, l := range d.Links {
		add(strings.ToUpper(strings.ReplaceAll(string(l.Kind), "-", "_")), l.FromID, l.ToID, "", string(l.Kind))
	}
	for _, p := range AllParticipations(d) {
		label := string(p.Role)
		if p.Derived() {
			label += " (via " + p.Via + ")"
		}
		add("PARTICIPATES_IN", p.ActorID, p.InitiativeID, string(p.Role)+viaSuffix(p.Via), label)
	}
	for _, m := range d.Memberships {
		add("MEMBER_OF", m.ActorID, m.OrganizationID, m.Since.String(), "member")
	}
	for _, o := range SelectOverlaps(d) {
		add("OVERLAPS", o.A, o.B, "", "overlap")
	}
	for _, x := range d.Incidents {
		for _, t := range x.TargetIDs {
			add("TARGETS", x.ID, t, "", "targets")
		}
	}
	for _, x := range d.Attributions {
		for _, a := range x.AttributorIDs {
			add("ATTRIBUTED_BY", x.ID, a, "", "attributed by")
		}
		add("BLAMES", x.ID, x.Blamed.StateID, "", "blames")
		for _, in := range x.IncidentIDs {
			add("CONCERNS", x.ID, in, "", "concerns")
		}
		for _, v := range x.Invocations {
			if v.Target != InternationalLaw { // international law is no node
				add("INVOKES", x.ID, v.Target, "", string(v.Basis))
			}
		}
	}
	for _, x := range d.Implementations {
		add("IMPLEMENTED_BY", x.ID, x.ActorID, "", "implemented by")
		for _, id := range append(slices.Clone(x.NormIDs), x.InitiativeIDs...) {
			add("COVERS", x.ID, id, "", "covers")
		}
	}
	slices.SortFunc(out, func(a, b Edge) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func viaSuffix(via string) string {
	if via == "" {
		return ""
	}
	return "/" + via
}

// Comparison is the crosswalk table of some initiatives over some themes: a row per theme, a
// column per initiative, the norms in each cell; and the norms that address none of the themes.
type Comparison struct {
	Initiatives []*Initiative
	Themes      []*Theme
	Cells       [][][]*Norm // [theme][initiative] → norms
	Unmatched   []*Norm     // norms of the initiatives that address no compared theme
}

// Compare limits.
const (
	MaxCompareInitiatives = 12
	MaxCompareThemes      = 40
	maxCompareNorms       = 2000
)

// ComparisonReader is what Compare reads.
type ComparisonReader interface {
	Nodes(ctx context.Context, ids []string) ([]Node, error)
	Norms(ctx context.Context, f NormFilter, p Page) (List[*Norm], error)
}

// Compare builds the crosswalk table. With no themes it uses every theme the initiatives'
// norms address (at most MaxCompareThemes, by number of initiatives then id). It returns an
// EINVALID error for unknown ids or too many of them.
func Compare(ctx context.Context, r ComparisonReader, initiativeIDs, themeIDs []string) (*Comparison, error) {
	if len(initiativeIDs) == 0 || len(initiativeIDs) > MaxCompareInitiatives {
		return nil, Errorf(EINVALID, "compare 1 to %d initiatives, got %d", MaxCompareInitiatives, len(initiativeIDs))
	}
	if len(themeIDs) > MaxCompareThemes {
		return nil, Errorf(EINVALID, "compare at most %d themes, got %d", MaxCompareThemes, len(themeIDs))
	}
	c := &Comparison{}
	nodes, err := r.Nodes(ctx, append(slices.Clone(initiativeIDs), themeIDs...))
	if err != nil {
		return nil, err
	}
	for i, id := range initiativeIDs {
		in, ok := nodes[i].(*Initiative)
		if !ok || in == nil {
			return nil, Errorf(EINVALID, "no initiative %q", id)
		}
		if slices.Contains(c.Initiatives, in) {
			return nil, Errorf(EINVALID, "initiative %q is listed twice", id)
		}
		c.Initiatives = append(c.Initiatives, in)
	}
	for i, id := range themeIDs {
		t, ok := nodes[len(initiativeIDs)+i].(*Theme)
		if !ok || t == nil {
			return nil, Errorf(EINVALID, "no theme %q", id)
		}
		c.Themes = append(c.Themes, t)
	}
	norms, err := r.Norms(ctx, NormFilter{Initiatives: initiativeIDs}, Page{Limit: maxCompareNorms})
	if err != nil {
		return nil, err
	}
	if len(c.Themes) == 0 {
		spread := map[string]map[string]bool{}
		for _, n := range norms.Items {
			for _, t := range n.ThemeIDs {
				if spread[t] == nil {
					spread[t] = map[string]bool{}
				}
				spread[t][n.InitiativeID] = true
			}
		}
		ids := make([]string, 0, len(spread))
		for t := range spread {
			ids = append(ids, t)
		}
		slices.SortFunc(ids, func(a, b string) int {
			return cmp.Or(cmp.Compare(len(spread[b]), len(spread[a])), strings.Compare(a, b))
		})
		if len(ids) > MaxCompareThemes {
			ids = ids[:MaxCompareThemes]
		}
		ts, err := r.Nodes(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if th, ok := t.(*Theme); ok && th != nil {
				c.Themes = append(c.Themes, th)
			}
		}
	}
	row := map[string]int{}
	for i, t := range c.Themes {
		row[t.ID] = i
	}
	col := map[string]int{}
	for i, in := range c.Initiatives {
		col[in.ID] = i
	}
	c.Cells = make([][][]*Norm, len(c.Themes))
	for i := range c.Cells {
		c.Cells[i] = make([][]*Norm, len(c.Initiatives))
		for j := range c.Cells[i] {
			c.Cells[i][j] = []*Norm{}
		}
	}
	c.Unmatched = []*Norm{}
	for _, n := range norms.Items {
		matched := false
		for _, t := range n.ThemeIDs {
			if i, ok := row[t]; ok {
				c.Cells[i][col[n.InitiativeID]] = append(c.Cells[i][col[n.InitiativeID]], n)
				matched = true
			}
		}
		if !matched {
			c.Unmatched = append(c.Unmatched, n)
		}
	}
	return c, nil
}
