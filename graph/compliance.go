package graph

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// The compliance layer's fields, for the prefetcher (see relations.go and prefetch.go): one
// Reader call per relationship and nesting level.
func init() {
	for k, v := range complianceSpecs {
		specs[k] = v
	}
}

var complianceSpecs = map[specKey]fieldSpec{
	{"Incident", "targets"}:      {ref: func(p any) []string { return p.(*normgraph.Incident).TargetIDs }},
	{"Incident", "sources"}:      {ref: func(p any) []string { return p.(*normgraph.Incident).SourceIDs }},
	{"Incident", "attributions"}: {rel: relOne(attributionsOfIncidents, nil, incidentID, same[*normgraph.Incident, []*normgraph.Attribution])},

	{"Attribution", "attributors"}: {ref: func(p any) []string { return p.(*normgraph.Attribution).AttributorIDs }},
	{"Attribution", "incidents"}:   {ref: func(p any) []string { return p.(*normgraph.Attribution).IncidentIDs }},
	{"Attribution", "sources"}:     {ref: func(p any) []string { return p.(*normgraph.Attribution).SourceIDs }},
	{"Attribution", "blamed"}:      {embed: func(p any, _ map[string]any) any { return &p.(*normgraph.Attribution).Blamed }},
	{"Attribution", "invocations"}: {embed: func(p any, _ map[string]any) any { return invocationsOfAct(p.(*normgraph.Attribution)) }},
	{"Blamed", "state"}:            {ref: func(p any) []string { return []string{p.(*normgraph.Blamed).StateID} }},

	{"Invocation", "target"}: {ref: func(p any) []string { return targetIDs(p.(*normgraph.AttributionInvocation).Invocation.Target) }},
	{"Invocation", "quoteSource"}: {ref: func(p any) []string {
		if id := p.(*normgraph.AttributionInvocation).Invocation.QuoteSourceID; id != "" {
			return []string{id}
		}
		return nil
	}},
	{"InvocationSummary", "target"}:       {ref: func(p any) []string { return targetIDs(p.(*normgraph.InvocationSummary).Target) }},
	{"InvocationSummary", "byAttributor"}: {embed: func(p any, _ map[string]any) any { return counts(p.(*normgraph.InvocationSummary).ByAttributor) }},
	{"InvocationSummary", "byBlamed"}:     {embed: func(p any, _ map[string]any) any { return counts(p.(*normgraph.InvocationSummary).ByBlamed) }},
	{"AttributionCounts", "byAttributor"}: {embed: func(p any, _ map[string]any) any { return counts(p.(*normgraph.AttributionCounts).ByAttributor) }},
	{"AttributionCounts", "byBlamed"}:     {embed: func(p any, _ map[string]any) any { return counts(p.(*normgraph.AttributionCounts).ByBlamed) }},
	{"ActorCount", "actor"}:               {ref: func(p any) []string { return []string{p.(*normgraph.Count).Key} }},

	{"Implementation", "actor"}:       {ref: func(p any) []string { return []string{p.(*normgraph.Implementation).ActorID} }},
	{"Implementation", "norms"}:       {ref: func(p any) []string { return p.(*normgraph.Implementation).NormIDs }},
	{"Implementation", "initiatives"}: {ref: func(p any) []string { return p.(*normgraph.Implementation).InitiativeIDs }},
	{"Implementation", "sources"}:     {ref: func(p any) []string { return p.(*normgraph.Implementation).SourceIDs }},

	{"Actor", "attributionsMade"}:     {rel: relOne(attributionsByActors, nil, actorID, same[*normgraph.Actor, []*normgraph.Attribution])},
	{"Actor", "attributionsReceived"}: {rel: relOne(attributionsAgainstActors, nil, actorID, same[*normgraph.Actor, []*normgraph.Attribution])},
	{"Actor", "implementations"}:      {rel: relOne(implementationsOfActors, nil, actorID, same[*normgraph.Actor, []*normgraph.Implementation])},

	{"Norm", "invocations"}: {rel: relOne(attributionsInvoking, nil, normID,
		func(n *normgraph.Norm, attrs []*normgraph.Attribution, _ any, _ map[string]any) (any, error) {
			return normgraph.InvocationsOf(n.ID, attrs), nil
		})},
	{"Norm", "compliance"}: {rel: relOne(attributionsInvoking, nil, normID,
		func(n *normgraph.Norm, attrs []*normgraph.Attribution, _ any, _ map[string]any) (any, error) {
			return normgraph.SummarizeInvocations(n.ID, attrs), nil
		})},
	{"Norm", "implementations"}: {rel: relOne(implementationsCovering, nil, normID, same[*normgraph.Norm, []*normgraph.Implementation])},
	{"Initiative", "invocations"}: {rel: relOne(attributionsInvoking, nil, initiativeID,
		func(in *normgraph.Initiative, attrs []*normgraph.Attribution, _ any, _ map[string]any) (any, error) {
			return normgraph.InvocationsOf(in.ID, attrs), nil
		})},
	{"Initiative", "compliance"}:      {rel: relOne(complianceOfInitiatives, nil, initiativeID, same[*normgraph.Initiative, []*normgraph.InvocationSummary])},
	{"Initiative", "implementations"}: {rel: relOne(implementationsCovering, nil, initiativeID, same[*normgraph.Initiative, []*normgraph.Implementation])},
}

var (
	attributionsOfIncidents = loaderOf("AttributionsOfIncidents", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Attribution, error) {
		return r.AttributionsOfIncidents(ctx, ids)
	})
	attributionsByActors = loaderOf("AttributionsByActors", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Attribution, error) {
		return r.AttributionsByActors(ctx, ids)
	})
	attributionsAgainstActors = loaderOf("AttributionsAgainstActors", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Attribution, error) {
		return r.AttributionsAgainstActors(ctx, ids)
	})
	attributionsInvoking = loaderOf("AttributionsInvoking", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Attribution, error) {
		return r.AttributionsInvoking(ctx, ids)
	})
	implementationsOfActors = loaderOf("ImplementationsOfActors", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Implementation, error) {
		return r.ImplementationsOfActors(ctx, ids)
	})
	implementationsCovering = loaderOf("ImplementationsCovering", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Implementation, error) {
		return r.ImplementationsCovering(ctx, ids)
	})
	// complianceOfInitiatives compares each initiative's norms (and the initiative itself) by
	// the acts invoking them: two calls for all parents, the norms and then the acts.
	complianceOfInitiatives = loaderOf("ComplianceOfInitiatives", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.InvocationSummary, error) {
		norms, err := r.NormsOfInitiatives(ctx, ids, normgraph.Page{Limit: maxInitiativeNorms})
		if err != nil {
			return nil, err
		}
		targets := make([][]string, len(ids))
		var all []string
		for i, id := range ids {
			targets[i] = append([]string{id}, nodeIDs(norms[i].Items)...)
			all = append(all, targets[i]...)
		}
		attrs, err := r.AttributionsInvoking(ctx, all)
		if err != nil {
			return nil, err
		}
		out := make([][]*normgraph.InvocationSummary, len(ids))
		k := 0
		for i := range ids {
			for _, t := range targets[i] {
				out[i] = append(out[i], normgraph.SummarizeInvocations(t, attrs[k]))
				k++
			}
			slices.SortStableFunc(out[i], normgraph.InvocationRankOrder)
		}
		return out, nil
	})
)

func incidentID(x *normgraph.Incident) string { return x.ID }

// maxInitiativeNorms bounds the norms one initiative's compliance view reads (the largest
// initiative holds well under a hundred).
const maxInitiativeNorms = 1000

// maxRankingActs bounds the attribution acts invocationRanking and attributionCounts tally.
const maxRankingActs = 100000

func invocationsOfAct(a *normgraph.Attribution) []*normgraph.AttributionInvocation {
	out := make([]*normgraph.AttributionInvocation, len(a.Invocations))
	for i, v := range a.Invocations {
		out[i] = &normgraph.AttributionInvocation{Attribution: a, Invocation: v}
	}
	return out
}

// targetIDs is the node an invocation target names: none for international law.
func targetIDs(target string) []string {
	if target == normgraph.InternationalLaw {
		return nil
	}
	return []string{target}
}

// targetNode resolves an invocation target (a Norm or an Initiative; nil for international
// law). An id-only selection is answered without reading the node: norm ids hold a slash,
// initiative ids none (validation guarantees both).
func targetNode(ctx context.Context, parent any, target string) (normgraph.Node, error) {
	if target == normgraph.InternationalLaw {
		return nil, nil
	}
	if fc := graphql.GetFieldContext(ctx); fc != nil && idOnly(fc.Field.Selections) {
		if strings.Contains(target, "/") {
			return &normgraph.Norm{ID: target}, nil
		}
		return &normgraph.Initiative{ID: target}, nil
	}
	ns, err := requestFrom(ctx).nodesByID(ctx, []string{target}, nil)
	if err != nil {
		return nil, err
	}
	if ns[0] == nil {
		return nil, normgraph.Errorf(normgraph.EINTERNAL, "dangling reference to %q", target)
	}
	return ns[0], nil
}

func nodeIDs[T normgraph.Node](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.NodeID()
	}
	return out
}

func counts(cs []normgraph.Count) []*normgraph.Count {
	out := make([]*normgraph.Count, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out
}

// invocationRanking ranks every invocation target (or an initiative and its norms) by the
// number of acts invoking it, in one read of the acts.
func invocationRanking(ctx context.Context, r normgraph.Reader, initiative string, first int) ([]*normgraph.InvocationSummary, error) {
	if first < 0 || first > MaxFirst {
		return nil, normgraph.Errorf(normgraph.EINVALID, "first must be between 0 and %d, got %d", MaxFirst, first)
	}
	var targets []string
	f := normgraph.AttributionFilter{}
	if initiative != "" {
		ns, err := r.Nodes(ctx, []string{initiative})
		if err != nil {
			return nil, err
		}
		if in, ok := ns[0].(*normgraph.Initiative); !ok || in == nil {
			return nil, normgraph.Errorf(normgraph.EINVALID, "no initiative %q", initiative)
		}
		norms, err := r.Norms(ctx, normgraph.NormFilter{Initiatives: []string{initiative}}, normgraph.Page{Limit: maxInitiativeNorms})
		if err != nil {
			return nil, err
		}
		targets = append([]string{initiative}, nodeIDs(norms.Items)...)
		f.Invokes = targets
	}
	attrs, err := r.Attributions(ctx, f, normgraph.Page{Limit: maxRankingActs})
	if err != nil {
		return nil, err
	}
	if initiative == "" {
		targets = normgraph.InvocationTargets(attrs.Items)
	}
	out := make([]*normgraph.InvocationSummary, len(targets))
	for i, t := range targets {
		out[i] = normgraph.SummarizeInvocations(t, attrs.Items)
	}
	slices.SortStableFunc(out, normgraph.InvocationRankOrder)
	return out[:min(first, len(out))], nil
}

func yearOf(s string) int {
	y, _ := strconv.Atoi(s) // "YYYY" from a validated date
	return y
}

func dateRange(field string, from, to normgraph.Date) error {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return normgraph.Errorf(normgraph.EINVALID, "%s: to %s is before from %s", field, to, from)
	}
	return nil
}

func incidentFilter(in *model.IncidentFilter) (normgraph.IncidentFilter, error) {
	if in == nil {
		return normgraph.IncidentFilter{}, nil
	}
	f := normgraph.IncidentFilter{Targets: in.Target, Text: deref(in.Text), From: deref(in.From), To: deref(in.To)}
	return f, dateRange("filter", f.From, f.To)
}

func attributionFilter(in *model.AttributionFilter) (normgraph.AttributionFilter, error) {
	if in == nil {
		return normgraph.AttributionFilter{}, nil
	}
	f := normgraph.AttributionFilter{Attributors: in.Attributor, Blamed: in.Blamed, Forms: in.Form, Invokes: in.Norm,
		Incidents: in.Incident, Coordinated: deref(in.Coordinated), From: deref(in.From), To: deref(in.To)}
	return f, dateRange("filter", f.From, f.To)
}

func implementationFilter(in *model.ImplementationFilter) normgraph.ImplementationFilter {
	if in == nil {
		return normgraph.ImplementationFilter{}
	}
	return normgraph.ImplementationFilter{Actors: in.Actor, Covers: in.Norm, Kinds: in.Kind, Basis: deref(in.Basis)}
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// setComplianceComplexity makes the compliance layer's paged fields cost their children
// times the page size, like every other connection.
func setComplianceComplexity(c *ComplexityRoot, mul func(child int, first *int) int) {
	c.Query.Incidents = func(child int, _ *model.IncidentFilter, first *int, _ *string) int { return mul(child, first) }
	c.Query.Attributions = func(child int, _ *model.AttributionFilter, first *int, _ *string) int { return mul(child, first) }
	c.Query.Implementations = func(child int, _ *model.ImplementationFilter, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Query.InvocationRanking = func(child int, _ *string, first *int) int { return mul(child, first) }
}
