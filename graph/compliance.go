package graph

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// complianceLoaders batch the compliance layer's relationship reads: one backend call per
// relationship and nesting level.
type complianceLoaders struct {
	attrsOfIncident *batcher[string, []*normgraph.Attribution]
	attrsByActor    *batcher[string, []*normgraph.Attribution]
	attrsAgainst    *batcher[string, []*normgraph.Attribution]
	attrsInvoking   *batcher[string, []*normgraph.Attribution]
	implsOfActor    *batcher[string, []*normgraph.Implementation]
	implsCovering   *batcher[string, []*normgraph.Implementation]
}

func newComplianceLoaders(r normgraph.Reader, wait time.Duration) *complianceLoaders {
	return &complianceLoaders{
		attrsOfIncident: newBatcher(wait, r.AttributionsOfIncidents),
		attrsByActor:    newBatcher(wait, r.AttributionsByActors),
		attrsAgainst:    newBatcher(wait, r.AttributionsAgainstActors),
		attrsInvoking:   newBatcher(wait, r.AttributionsInvoking),
		implsOfActor:    newBatcher(wait, r.ImplementationsOfActors),
		implsCovering:   newBatcher(wait, r.ImplementationsCovering),
	}
}

func complianceFrom(ctx context.Context) *complianceLoaders { return loadersFrom(ctx).compliance }

// maxInitiativeNorms bounds the norms one initiative's compliance view reads (the largest
// initiative holds well under a hundred).
const maxInitiativeNorms = 1000

// maxRankingActs bounds the attribution acts invocationRanking tallies.
const maxRankingActs = 100000

// invocationsOf returns the acts invoking target, each with its invocation.
func invocationsOf(ctx context.Context, target string) ([]*normgraph.AttributionInvocation, error) {
	attrs, err := complianceFrom(ctx).attrsInvoking.Load(ctx, target)
	if err != nil {
		return nil, err
	}
	return normgraph.InvocationsOf(target, attrs), nil
}

// summaryOf tallies the acts invoking target.
func summaryOf(ctx context.Context, target string) (*normgraph.InvocationSummary, error) {
	attrs, err := complianceFrom(ctx).attrsInvoking.Load(ctx, target)
	if err != nil {
		return nil, err
	}
	return normgraph.SummarizeInvocations(target, attrs), nil
}

// initiativeCompliance tallies the invocations of an initiative and of each of its norms
// (two batched calls: the norms, then the acts invoking any of them).
func initiativeCompliance(ctx context.Context, in *normgraph.Initiative) ([]*normgraph.InvocationSummary, error) {
	norms, err := loadersFrom(ctx).normsOfInit.Load(ctx, pageKey{id: in.ID, group: normgraph.Page{Limit: maxInitiativeNorms}})
	if err != nil {
		return nil, err
	}
	targets := append([]string{in.ID}, ids(norms.Items)...)
	lists, err := complianceFrom(ctx).attrsInvoking.LoadAll(ctx, targets)
	if err != nil {
		return nil, err
	}
	out := make([]*normgraph.InvocationSummary, len(targets))
	for i, t := range targets {
		out[i] = normgraph.SummarizeInvocations(t, lists[i])
	}
	slices.SortStableFunc(out, normgraph.InvocationRankOrder)
	return out, nil
}

func ids[T normgraph.Node](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.NodeID()
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
		in, err := loadNode[*normgraph.Initiative](ctx, initiative)
		if err != nil {
			return nil, err
		}
		if in == nil {
			return nil, normgraph.Errorf(normgraph.EINVALID, "no initiative %q", initiative)
		}
		norms, err := r.Norms(ctx, normgraph.NormFilter{Initiatives: []string{initiative}}, normgraph.Page{Limit: maxInitiativeNorms})
		if err != nil {
			return nil, err
		}
		targets = append([]string{initiative}, ids(norms.Items)...)
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

// invocationTarget loads the node an invocation names; nil for international law.
func invocationTarget(ctx context.Context, target string) (normgraph.Node, error) {
	if target == normgraph.InternationalLaw {
		return nil, nil
	}
	n, err := loadersFrom(ctx).nodes.Load(ctx, target)
	if err == nil && n == nil {
		err = normgraph.Errorf(normgraph.EINTERNAL, "dangling reference to %q", target)
	}
	return n, err
}

func actorCounts(ctx context.Context, cs []normgraph.Count) ([]*model.ActorCount, error) {
	keys := make([]string, len(cs))
	for i, c := range cs {
		keys[i] = c.Key
	}
	actors, err := loadNodes[*normgraph.Actor](ctx, keys)
	if err != nil {
		return nil, err
	}
	if len(actors) != len(cs) {
		return nil, normgraph.Errorf(normgraph.EINTERNAL, "dangling actor reference in a tally")
	}
	out := make([]*model.ActorCount, len(cs))
	for i, c := range cs {
		out[i] = &model.ActorCount{Actor: actors[i], Count: c.Count}
	}
	return out, nil
}

func yearCounts(cs []normgraph.Count) []*model.YearCount {
	out := make([]*model.YearCount, len(cs))
	for i, c := range cs {
		out[i] = &model.YearCount{Year: yearOf(c.Key), Count: c.Count}
	}
	return out
}

func yearOf(s string) int {
	y, _ := strconv.Atoi(s) // "YYYY" from a validated date
	return y
}

func formCounts(cs []normgraph.Count) []*model.FormCount {
	out := make([]*model.FormCount, len(cs))
	for i, c := range cs {
		out[i] = &model.FormCount{Form: normgraph.AttributionForm(c.Key), Count: c.Count}
	}
	return out
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
		Incidents: in.Incident, From: deref(in.From), To: deref(in.To)}
	return f, dateRange("filter", f.From, f.To)
}

func implementationFilter(in *model.ImplementationFilter) normgraph.ImplementationFilter {
	if in == nil {
		return normgraph.ImplementationFilter{}
	}
	return normgraph.ImplementationFilter{Actors: in.Actor, Covers: in.Norm, Kinds: in.Kind, Basis: deref(in.Basis)}
}

// complianceStats counts the compliance layer's nodes.
func complianceStats(ctx context.Context, r normgraph.Reader, st *model.Stats) error {
	none := normgraph.Page{}
	incidents, err := r.Incidents(ctx, normgraph.IncidentFilter{}, none)
	if err != nil {
		return err
	}
	attrs, err := r.Attributions(ctx, normgraph.AttributionFilter{}, none)
	if err != nil {
		return err
	}
	impls, err := r.Implementations(ctx, normgraph.ImplementationFilter{}, none)
	if err != nil {
		return err
	}
	st.Incidents, st.Attributions, st.Implementations = incidents.Total, attrs.Total, impls.Total
	return nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
