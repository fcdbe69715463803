package graph

import (
	"context"
	"time"

	"github.com/normgraph/normgraph"
)

// pageKey asks for one page of a parent's children.
type pageKey struct {
	id   string
	page normgraph.Page
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
	partsOfInit  *batcher[pageKey, normgraph.List[*normgraph.Participation]]
	partsOfActor *batcher[string, []*normgraph.Participation]
}

func newLoaders(r normgraph.Reader, wait time.Duration) *loaders {
	return &loaders{
		nodes:        newBatcher(wait, r.Nodes),
		normsOfInit:  newBatcher(wait, byPage(r.NormsOfInitiatives)),
		normsOfTheme: newBatcher(wait, byPage(r.NormsOfThemes)),
		themesOfInit: newBatcher(wait, r.ThemesOfInitiatives),
		initsOfTheme: newBatcher(wait, r.InitiativesOfThemes),
		corrsOfNorm:  newBatcher(wait, r.CorrespondencesOfNorms),
		linksOfInit:  newBatcher(wait, r.LinksOfInitiatives),
		partsOfInit:  newBatcher(wait, byPage(r.ParticipationsOfInitiatives)),
		partsOfActor: newBatcher(wait, r.ParticipationsOfActors),
	}
}

// byPage adapts a paged Reader batch method: keys asking for the same page share one call.
func byPage[V any](f func(context.Context, []string, normgraph.Page) ([]V, error)) func(context.Context, []pageKey) ([]V, error) {
	return func(ctx context.Context, keys []pageKey) ([]V, error) {
		out := make([]V, len(keys))
		groups := map[normgraph.Page][]int{}
		var order []normgraph.Page
		for i, k := range keys {
			if _, ok := groups[k.page]; !ok {
				order = append(order, k.page)
			}
			groups[k.page] = append(groups[k.page], i)
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
