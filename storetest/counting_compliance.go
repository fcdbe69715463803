package storetest

import (
	"context"

	"github.com/normgraph/normgraph"
)

// Incidents implements normgraph.Reader.
func (c *Counting) Incidents(ctx context.Context, f normgraph.IncidentFilter, p normgraph.Page) (normgraph.List[*normgraph.Incident], error) {
	c.hit("Incidents")
	return c.Reader.Incidents(ctx, f, p)
}

// Attributions implements normgraph.Reader.
func (c *Counting) Attributions(ctx context.Context, f normgraph.AttributionFilter, p normgraph.Page) (normgraph.List[*normgraph.Attribution], error) {
	c.hit("Attributions")
	return c.Reader.Attributions(ctx, f, p)
}

// Implementations implements normgraph.Reader.
func (c *Counting) Implementations(ctx context.Context, f normgraph.ImplementationFilter, p normgraph.Page) (normgraph.List[*normgraph.Implementation], error) {
	c.hit("Implementations")
	return c.Reader.Implementations(ctx, f, p)
}

// AttributionsOfIncidents implements normgraph.Reader.
func (c *Counting) AttributionsOfIncidents(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	c.hit("AttributionsOfIncidents")
	return c.Reader.AttributionsOfIncidents(ctx, ids)
}

// AttributionsByActors implements normgraph.Reader.
func (c *Counting) AttributionsByActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	c.hit("AttributionsByActors")
	return c.Reader.AttributionsByActors(ctx, ids)
}

// AttributionsAgainstActors implements normgraph.Reader.
func (c *Counting) AttributionsAgainstActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	c.hit("AttributionsAgainstActors")
	return c.Reader.AttributionsAgainstActors(ctx, ids)
}

// AttributionsInvoking implements normgraph.Reader.
func (c *Counting) AttributionsInvoking(ctx context.Context, targets []string) ([][]*normgraph.Attribution, error) {
	c.hit("AttributionsInvoking")
	return c.Reader.AttributionsInvoking(ctx, targets)
}

// ImplementationsOfActors implements normgraph.Reader.
func (c *Counting) ImplementationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	c.hit("ImplementationsOfActors")
	return c.Reader.ImplementationsOfActors(ctx, ids)
}

// ImplementationsCovering implements normgraph.Reader.
func (c *Counting) ImplementationsCovering(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	c.hit("ImplementationsCovering")
	return c.Reader.ImplementationsCovering(ctx, ids)
}

// The compliance layer's query shapes (see Shapes).
func init() {
	Shapes = append(Shapes,
		Shape{"attributions → attributors, incidents, blamed state", `{ attributions(first: %d) { edges { node { id
		attributors { id name attributionsMade { id } implementations { id } }
		incidents { id name attributions { id } }
		invocations { targetId target { id } quoteSource { title } }
		blamed { state { name attributionsReceived { id } } } } } } }`,
			"Attributions Nodes AttributionsByActors ImplementationsOfActors AttributionsOfIncidents AttributionsAgainstActors"},
		Shape{"norms → invocations, compliance, implementations", `{ norms(filter: { initiative: ["un-gge-2015"] }, first: %d) { edges { node { id
		invocations { basis attribution { id attributors { name } } }
		compliance { total target { id } byAttributor { actor { name } count } }
		implementations { actor { name } } } } } }`,
			"Norms AttributionsInvoking ImplementationsCovering Nodes"},
		Shape{"initiatives → compliance, invocations, implementations", `{ initiatives(first: %d) { edges { node { id
		compliance { targetId total target { id } } invocations { attribution { id } } implementations { id } } } } }`,
			"Initiatives NormsOfInitiatives AttributionsInvoking AttributionsInvoking ImplementationsCovering"},
		Shape{"incidents → targets, attributions, sources", `{ incidents(first: %d) { edges { node { id
		targets { name } attributions { id form blamed { state { id } } } sources { title } } } } }`,
			"Incidents AttributionsOfIncidents Nodes"},
		Shape{"invocation ranking → targets, attributors", `{ invocationRanking(first: %d) { targetId
		target { id ... on Norm { title } } byAttributor { actor { name } count } } }`,
			"Attributions Nodes"},
	)
}
