package graph

import (
	"context"
	"strings"
	"time"

	"github.com/normgraph/normgraph"
)

// groupKey asks for one parent's children; keys with the same group (page, filter) share a
// backend call.
type groupKey[G comparable] struct {
	id    string
	group G
}

type pageKey = groupKey[normgraph.Page]

// partGroup is a comparable form of a participants page and filter.
type partGroup struct {
	page    normgraph.Page
	types   string // comma-joined actor types
	derived int8   // 0 any, 1 derived, -1 curated
}

func newPartGroup(f normgraph.ParticipationFilter, p normgraph.Page) partGroup {
	g := partGroup{page: p, types: strings.Join(strs(f.Types), ",")}
	if f.Derived != nil {
		g.derived = -1
		if *f.Derived {
			g.derived = 1
		}
	}
	return g
}

func (g partGroup) filter() normgraph.ParticipationFilter {
	var f normgraph.ParticipationFilter
	if g.types != "" {
		for _, t := range strings.Split(g.types, ",") {
			f.Types = append(f.Types, normgraph.ActorType(t))
		}
	}
	if g.derived != 0 {
		d := g.derived > 0
		f.Derived = &d
	}
	return f
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// loaders batch the reads of one GraphQL request: every resolver at one nesting level that asks
// for the same kind of data joins one backend call, so a request costs a bounded number of
// round-trips whatever the number of parent rows.
type loaders struct {
	nodes        *batcher[string, normgraph.Node]
	normsOfInit  *batcher[pageKey, normgraph.List[*normgraph.Norm]]
	normsOfTheme *batcher[pageKey, normgraph.List[*normgraph.Norm]]
	themesOfInit *batcher[string, []*normgraph.Theme]
	initsOfTheme *batcher[string, []*normgraph.Initiative]
	corrsOfNorm  *batcher[string, []*normgraph.Correspondence]
	linksOfInit  *batcher[string, []*normgraph.Link]
	partsOfInit  *batcher[groupKey[partGroup], normgraph.List[*normgraph.Participation]]
	memberships  *batcher[string, []*normgraph.Membership]
	partsOfActor *batcher[string, []*normgraph.Participation]
	compliance   *complianceLoaders // compliance.go
}

func newLoaders(r normgraph.Reader, wait time.Duration) *loaders {
	return &loaders{
		nodes:        newBatcher(wait, r.Nodes),
		normsOfInit:  newBatcher(wait, byGroup(r.NormsOfInitiatives)),
		normsOfTheme: newBatcher(wait, byGroup(r.NormsOfThemes)),
		themesOfInit: newBatcher(wait, r.ThemesOfInitiatives),
		initsOfTheme: newBatcher(wait, r.InitiativesOfThemes),
		corrsOfNorm:  newBatcher(wait, r.CorrespondencesOfNorms),
		linksOfInit:  newBatcher(wait, r.LinksOfInitiatives),
		partsOfInit: newBatcher(wait, byGroup(func(ctx context.Context, ids []string, g partGroup) ([]normgraph.List[*normgraph.Participation], error) {
			return r.ParticipationsOfInitiatives(ctx, ids, g.filter(), g.page)
		})),
		memberships:  newBatcher(wait, r.MembershipsOfActors),
		partsOfActor: newBatcher(wait, r.ParticipationsOfActors),
		compliance:   newComplianceLoaders(r, wait),
	}
}

// byGroup adapts a grouped Reader batch method: keys of the same group share one call.
func byGroup[G comparable, V any](f func(context.Context, []string, G) ([]V, error)) func(context.Context, []groupKey[G]) ([]V, error) {
	return func(ctx context.Context, keys []groupKey[G]) ([]V, error) {
		out := make([]V, len(keys))
		groups := map[G][]int{}
		var order []G
		for i, k := range keys {
			if _, ok := groups[k.group]; !ok {
				order = append(order, k.group)
			}
			groups[k.group] = append(groups[k.group], i)
		}
		for _, p := range order {
			idx := groups[p]
			ids := make([]string, len(idx))
			for j, i := range idx {
				ids[j] = keys[i].id
			}
			vs, err := f(ctx, ids, p)
			if err != nil {
				return nil, err
			}
			for j, i := range idx {
				out[i] = vs[j]
			}
		}
		return out, nil
	}
}

type loadersKey struct{}

func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

func loadersFrom(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

// loadNode returns the node with the id if it has type T, or the zero T.
func loadNode[T normgraph.Node](ctx context.Context, id string) (T, error) {
	var zero T
	n, err := loadersFrom(ctx).nodes.Load(ctx, id)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, nil
	}
	return t, nil
}

// mustLoadNode is loadNode for references the dataset guarantees: a missing node is an
// internal error (the backend holds a dangling reference).
func mustLoadNode[T normgraph.Node](ctx context.Context, id string) (T, error) {
	t, err := loadNode[T](ctx, id)
	if err == nil && any(t) == any(*new(T)) {
		err = normgraph.Errorf(normgraph.EINTERNAL, "dangling reference to %q", id)
	}
	return t, err
}

// loadNodes returns the nodes with the ids that have type T, in order, skipping the others.
func loadNodes[T normgraph.Node](ctx context.Context, ids []string) ([]T, error) {
	out := make([]T, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ns, err := loadersFrom(ctx).nodes.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}
