package graph

import (
	"context"
	"time"

	"github.com/vikstrous/dataloadgen"

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
	nodes        *dataloadgen.Loader[string, normgraph.Node]
	normsOfInit  *dataloadgen.Loader[pageKey, normgraph.List[*normgraph.Norm]]
	normsOfTheme *dataloadgen.Loader[pageKey, normgraph.List[*normgraph.Norm]]
	themesOfInit *dataloadgen.Loader[string, []*normgraph.Theme]
	initsOfTheme *dataloadgen.Loader[string, []*normgraph.Initiative]
	corrsOfNorm  *dataloadgen.Loader[string, []*normgraph.Correspondence]
	linksOfInit  *dataloadgen.Loader[string, []*normgraph.Link]
	partsOfInit  *dataloadgen.Loader[pageKey, normgraph.List[*normgraph.Participation]]
	partsOfActor *dataloadgen.Loader[string, []*normgraph.Participation]
}

func newLoaders(r normgraph.Reader, wait time.Duration) *loaders {
	opt := dataloadgen.WithWait(wait)
	return &loaders{
		nodes:        dataloadgen.NewLoader(batch(r.Nodes), opt),
		normsOfInit:  dataloadgen.NewLoader(byPage(r.NormsOfInitiatives), opt),
		normsOfTheme: dataloadgen.NewLoader(byPage(r.NormsOfThemes), opt),
		themesOfInit: dataloadgen.NewLoader(batch(r.ThemesOfInitiatives), opt),
		initsOfTheme: dataloadgen.NewLoader(batch(r.InitiativesOfThemes), opt),
		corrsOfNorm:  dataloadgen.NewLoader(batch(r.CorrespondencesOfNorms), opt),
		linksOfInit:  dataloadgen.NewLoader(batch(r.LinksOfInitiatives), opt),
		partsOfInit:  dataloadgen.NewLoader(byPage(r.ParticipationsOfInitiatives), opt),
		partsOfActor: dataloadgen.NewLoader(batch(r.ParticipationsOfActors), opt),
	}
}

// batch adapts a Reader batch method to a loader fetch function.
func batch[V any](f func(context.Context, []string) ([]V, error)) func(context.Context, []string) ([]V, []error) {
	return func(ctx context.Context, ids []string) ([]V, []error) {
		vs, err := f(ctx, ids)
		if err != nil {
			return nil, []error{err}
		}
		return vs, nil
	}
}

// byPage adapts a paged Reader batch method: keys asking for the same page share one call.
func byPage[V any](f func(context.Context, []string, normgraph.Page) ([]V, error)) func(context.Context, []pageKey) ([]V, []error) {
	return func(ctx context.Context, keys []pageKey) ([]V, []error) {
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
				return nil, []error{err}
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
