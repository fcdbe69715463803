package storetest

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/normgraph/normgraph"
)

// Counting is a Reader that records every call it passes on to another Reader, in order.
type Counting struct {
	normgraph.Reader
	mu    sync.Mutex
	calls []string
}

// NewCounting wraps r.
func NewCounting(r normgraph.Reader) *Counting { return &Counting{Reader: r} }

func (c *Counting) hit(method string) {
	c.mu.Lock()
	c.calls = append(c.calls, method)
	c.mu.Unlock()
}

// Calls returns the methods called so far, in order, separated by spaces, and forgets them.
func (c *Counting) Calls() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := strings.Join(c.calls, " ")
	c.calls = nil
	return s
}

// Nodes implements normgraph.Reader.
func (c *Counting) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	c.hit("Nodes")
	return c.Reader.Nodes(ctx, ids)
}

// Categories implements normgraph.Reader.
func (c *Counting) Categories(ctx context.Context) ([]*normgraph.CategoryInfo, error) {
	c.hit("Categories")
	return c.Reader.Categories(ctx)
}

// Initiatives implements normgraph.Reader.
func (c *Counting) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	c.hit("Initiatives")
	return c.Reader.Initiatives(ctx, f, p)
}

// Norms implements normgraph.Reader.
func (c *Counting) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	c.hit("Norms")
	return c.Reader.Norms(ctx, f, p)
}

// Themes implements normgraph.Reader.
func (c *Counting) Themes(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Theme], error) {
	c.hit("Themes")
	return c.Reader.Themes(ctx, p)
}

// Actors implements normgraph.Reader.
func (c *Counting) Actors(ctx context.Context, f normgraph.ActorFilter, p normgraph.Page) (normgraph.List[*normgraph.Actor], error) {
	c.hit("Actors")
	return c.Reader.Actors(ctx, f, p)
}

// Sources implements normgraph.Reader.
func (c *Counting) Sources(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Source], error) {
	c.hit("Sources")
	return c.Reader.Sources(ctx, p)
}

// NormsOfInitiatives implements normgraph.Reader.
func (c *Counting) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	c.hit("NormsOfInitiatives")
	return c.Reader.NormsOfInitiatives(ctx, ids, p)
}

// NormsOfThemes implements normgraph.Reader.
func (c *Counting) NormsOfThemes(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	c.hit("NormsOfThemes")
	return c.Reader.NormsOfThemes(ctx, ids, p)
}

// ThemesOfInitiatives implements normgraph.Reader.
func (c *Counting) ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Theme, error) {
	c.hit("ThemesOfInitiatives")
	return c.Reader.ThemesOfInitiatives(ctx, ids)
}

// InitiativesOfThemes implements normgraph.Reader.
func (c *Counting) InitiativesOfThemes(ctx context.Context, ids []string) ([][]*normgraph.Initiative, error) {
	c.hit("InitiativesOfThemes")
	return c.Reader.InitiativesOfThemes(ctx, ids)
}

// CorrespondencesOfNorms implements normgraph.Reader.
func (c *Counting) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	c.hit("CorrespondencesOfNorms")
	return c.Reader.CorrespondencesOfNorms(ctx, ids)
}

// LinksOfInitiatives implements normgraph.Reader.
func (c *Counting) LinksOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Link, error) {
	c.hit("LinksOfInitiatives")
	return c.Reader.LinksOfInitiatives(ctx, ids)
}

// ParticipationsOfInitiatives implements normgraph.Reader.
func (c *Counting) ParticipationsOfInitiatives(ctx context.Context, ids []string, f normgraph.ParticipationFilter, p normgraph.Page) ([]normgraph.List[*normgraph.Participation], error) {
	c.hit("ParticipationsOfInitiatives")
	return c.Reader.ParticipationsOfInitiatives(ctx, ids, f, p)
}

// ParticipationsOfActors implements normgraph.Reader.
func (c *Counting) ParticipationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Participation, error) {
	c.hit("ParticipationsOfActors")
	return c.Reader.ParticipationsOfActors(ctx, ids)
}

// MembershipsOfActors implements normgraph.Reader.
func (c *Counting) MembershipsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Membership, error) {
	c.hit("MembershipsOfActors")
	return c.Reader.MembershipsOfActors(ctx, ids)
}

// SharedActors implements normgraph.Reader.
func (c *Counting) SharedActors(ctx context.Context, a, b string, f normgraph.ParticipationFilter, p normgraph.Page) (normgraph.List[*normgraph.SharedActor], error) {
	c.hit("SharedActors")
	return c.Reader.SharedActors(ctx, a, b, f, p)
}

// Overlap implements normgraph.Reader.
func (c *Counting) Overlap(ctx context.Context, a, b string) (*normgraph.Overlap, error) {
	c.hit("Overlap")
	return c.Reader.Overlap(ctx, a, b)
}

// Overlaps implements normgraph.Reader.
func (c *Counting) Overlaps(ctx context.Context, f normgraph.OverlapFilter, p normgraph.Page) (normgraph.List[*normgraph.Overlap], error) {
	c.hit("Overlaps")
	return c.Reader.Overlaps(ctx, f, p)
}

// Timeline implements normgraph.Reader.
func (c *Counting) Timeline(ctx context.Context, from, to normgraph.Date, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.TimelineEntry], error) {
	c.hit("Timeline")
	return c.Reader.Timeline(ctx, from, to, types, p)
}

// Search implements normgraph.Reader.
func (c *Counting) Search(ctx context.Context, q string, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.SearchHit], error) {
	c.hit("Search")
	return c.Reader.Search(ctx, q, types, p)
}

// Neighbors implements normgraph.Reader.
func (c *Counting) Neighbors(ctx context.Context, ids []string) ([]normgraph.Edge, error) {
	c.hit("Neighbors")
	return c.Reader.Neighbors(ctx, ids)
}

// Stats implements normgraph.Reader.
func (c *Counting) Stats(ctx context.Context) (normgraph.Stats, error) {
	c.hit("Stats")
	return c.Reader.Stats(ctx)
}

// Shape is a GraphQL query over the embedded dataset with the backend calls it must cost, in
// order, one per relationship and nesting level whatever the number of parent rows: %d in the
// query is replaced by a small and a large page size.
type Shape struct {
	Name  string
	Query string
	Calls string
}

// Statements returns the Cypher statements the Neo4j store sends for the shape, by the Reader
// call each begins with: one per call, except that the calls it reads ahead inside a root
// list's statement (normgraph.Follow; readAhead) cost none of their own.
func (s Shape) Statements() string {
	if st, ok := readAhead[s.Name]; ok {
		return st
	}
	return s.Calls
}

// readAhead are the statements of the shapes some of whose calls the Neo4j store answers
// inside the statement of the read before them: the norms of initiatives, the correspondences
// of norms and the nodes a norm's references point to, below the initiatives or norms of a
// root list or the node of a root field by id.
var readAhead = map[string]string{
	"initiative by id":    "Nodes",
	"initiatives → norms": "Initiatives",
	"initiatives → norms → themes ids, correspondence ends": "Initiatives",
	"norms by text → initiative":                            "Norms",
	"four levels":                                           "Initiatives NormsOfThemes",
	"links, participants, itemization":                      "Initiatives LinksOfInitiatives ParticipationsOfInitiatives Nodes",
}

// For returns the query with page size n.
func (s Shape) For(n int) string { return strings.ReplaceAll(s.Query, "%d", strconv.Itoa(n)) }

// Shapes are the query shapes whose calls the GraphQL layer's tests count, over the memory
// store (graph) and as Cypher statements (neo4j).
var Shapes = []Shape{
	{"initiative by id", `{ initiative(id: "un-gge-2015") { id name shortName adopted norms(first: %d) { totalCount } } }`,
		"Nodes NormsOfInitiatives"},
	{"initiatives → norms", `{ initiatives(first: %d) { edges { node { id norms(first: 100) { edges { node { id title } } } } } } }`,
		"Initiatives NormsOfInitiatives"},
	{"initiatives → norms → themes ids, correspondence ends", `{ initiatives(first: %d) { edges { node { id
		norms(first: 50) { edges { node { id themes { id } correspondences { from { id } to { id } } } } } } } } }`,
		"Initiatives NormsOfInitiatives CorrespondencesOfNorms"},
	{"norms by text → initiative", `{ norms(filter: { text: "vulnerab" }, first: %d) { edges { node { id title initiative { id name } } } } }`,
		"Norms Nodes"},
	{"four levels", `{ initiatives(first: %d) { edges { node { id
		norms(first: 20) { edges { node { id themes { id name norms(first: 5) { edges { node { id initiative { id } } } } } } } } } } } }`,
		"Initiatives NormsOfInitiatives Nodes NormsOfThemes"},
	{"the same relationship on two levels", `{ themes(first: %d) { edges { node { id
		norms(first: 3) { edges { node { id themes { name norms(first: 2) { totalCount edges { node { code } } } } } } } } } } }`,
		"Themes NormsOfThemes Nodes NormsOfThemes"},
	{"overlaps with correspondences", `{ overlaps(first: %d) { edges { node { a { id name } b { shortName } score
		correspondences { kind from { id title } to { id } sources { title } } } } } }`,
		"Overlaps CorrespondencesOfNorms Nodes Nodes"},
	{"links, participants, itemization", `{ initiatives(first: %d) { edges { node { id itemization { count }
		links { kind from { name } to { id } sources { url } }
		participants(first: 3) { totalCount edges { node { actor { name } via { id } } } } } } } }`,
		"Initiatives NormsOfInitiatives LinksOfInitiatives ParticipationsOfInitiatives Nodes"},
	{"actors with memberships and participations", `{ actors(first: %d, filter: { type: [INTERNATIONAL_ORGANIZATION] }) { edges { node { id
		members { actor { name } since } memberships { organization { id } } participations(derived: false) { initiative { id name } } } } } }`,
		"Actors MembershipsOfActors ParticipationsOfActors Nodes"},
	{"stats", `{ stats { initiatives norms themes actors sources overlaps } }`, "Stats"},
	{"search → node", `{ search(query: "critical infrastructure", types: [NORM], first: %d) { edges { node { score node { id
		... on Norm { initiative { shortName } themes { id } } ... on Initiative { themes { name } } } } } } }`,
		"Search Nodes"},
}
