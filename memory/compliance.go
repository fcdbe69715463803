package memory

import (
	"context"
	"slices"

	"github.com/normgraph/normgraph"
)

// compliance indexes the compliance layer: incidents, attribution acts and implementation
// evidence, each list in its domain order.
type compliance struct {
	incidents       []*normgraph.Incident
	attributions    []*normgraph.Attribution
	implementations []*normgraph.Implementation

	attrsOfIncident map[string][]*normgraph.Attribution
	attrsByActor    map[string][]*normgraph.Attribution
	attrsAgainst    map[string][]*normgraph.Attribution
	attrsInvoking   map[string][]*normgraph.Attribution
	implsOfActor    map[string][]*normgraph.Implementation
	implsCovering   map[string][]*normgraph.Implementation
}

// indexCompliance indexes the compliance layer of ds and adds its nodes to nodes.
func indexCompliance(ds *normgraph.Dataset, nodes map[string]normgraph.Node) *compliance {
	c := &compliance{
		incidents:       sorted(ds.Incidents, normgraph.IncidentOrder),
		attributions:    sorted(ds.Attributions, normgraph.AttributionOrder),
		implementations: sorted(ds.Implementations, normgraph.ImplementationOrder),
		attrsOfIncident: map[string][]*normgraph.Attribution{}, attrsByActor: map[string][]*normgraph.Attribution{},
		attrsAgainst: map[string][]*normgraph.Attribution{}, attrsInvoking: map[string][]*normgraph.Attribution{},
		implsOfActor: map[string][]*normgraph.Implementation{}, implsCovering: map[string][]*normgraph.Implementation{},
	}
	add := func(m map[string][]*normgraph.Attribution, keys []string, a *normgraph.Attribution) {
		seen := map[string]bool{}
		for _, k := range keys {
			if !seen[k] {
				seen[k] = true
				m[k] = append(m[k], a)
			}
		}
	}
	for _, x := range c.incidents {
		nodes[x.ID] = x
	}
	for _, a := range c.attributions {
		nodes[a.ID] = a
		add(c.attrsOfIncident, a.IncidentIDs, a)
		add(c.attrsByActor, a.AttributorIDs, a)
		add(c.attrsAgainst, []string{a.Blamed.StateID}, a)
		targets := make([]string, len(a.Invocations))
		for i, v := range a.Invocations {
			targets[i] = v.Target
		}
		add(c.attrsInvoking, targets, a)
	}
	for _, x := range c.implementations {
		nodes[x.ID] = x
		c.implsOfActor[x.ActorID] = append(c.implsOfActor[x.ActorID], x)
		for _, id := range append(slices.Clone(x.NormIDs), x.InitiativeIDs...) {
			c.implsCovering[id] = append(c.implsCovering[id], x)
		}
	}
	return c
}

// Incidents implements normgraph.Reader.
func (s *Store) Incidents(ctx context.Context, f normgraph.IncidentFilter, p normgraph.Page) (normgraph.List[*normgraph.Incident], error) {
	return page(filter(s.compliance.incidents, f.Matches), p), nil
}

// Attributions implements normgraph.Reader.
func (s *Store) Attributions(ctx context.Context, f normgraph.AttributionFilter, p normgraph.Page) (normgraph.List[*normgraph.Attribution], error) {
	return page(filter(s.compliance.attributions, f.Matches), p), nil
}

// Implementations implements normgraph.Reader.
func (s *Store) Implementations(ctx context.Context, f normgraph.ImplementationFilter, p normgraph.Page) (normgraph.List[*normgraph.Implementation], error) {
	return page(filter(s.compliance.implementations, f.Matches), p), nil
}

func lists[T any](m map[string][]T, ids []string) [][]T {
	return each(ids, func(id string) []T { return nonNil(m[id]) })
}

// AttributionsOfIncidents implements normgraph.Reader.
func (s *Store) AttributionsOfIncidents(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return lists(s.compliance.attrsOfIncident, ids), nil
}

// AttributionsByActors implements normgraph.Reader.
func (s *Store) AttributionsByActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return lists(s.compliance.attrsByActor, ids), nil
}

// AttributionsAgainstActors implements normgraph.Reader.
func (s *Store) AttributionsAgainstActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return lists(s.compliance.attrsAgainst, ids), nil
}

// AttributionsInvoking implements normgraph.Reader.
func (s *Store) AttributionsInvoking(ctx context.Context, targets []string) ([][]*normgraph.Attribution, error) {
	return lists(s.compliance.attrsInvoking, targets), nil
}

// ImplementationsOfActors implements normgraph.Reader.
func (s *Store) ImplementationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return lists(s.compliance.implsOfActor, ids), nil
}

// ImplementationsCovering implements normgraph.Reader.
func (s *Store) ImplementationsCovering(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return lists(s.compliance.implsCovering, ids), nil
}
