package graph

import (
	"context"
	"encoding/json"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/normgraph/normgraph"
)

// CodeBudget refuses the backend calls of a request past its budget.
const CodeBudget = "BACKEND_BUDGET_EXCEEDED"

// DefaultBackendCalls is the default budget of backend calls (Cypher statements or store reads)
// of one GraphQL request.
const DefaultBackendCalls = 200

// Interceptor sees every backend call: its method name and arguments, and next to make it.
// It returns next's result, or an error instead of calling it.
type Interceptor func(ctx context.Context, call string, args []any, next func(context.Context) (any, error)) (any, error)

// Intercept returns a Reader that passes every call of r through i. intercepted embeds no
// Reader, so a method added to the Reader interface does not compile until it is listed here
// (no backend call can bypass the budget).
func Intercept(r normgraph.Reader, i Interceptor) normgraph.Reader {
	return &intercepted{next: r, icpt: i}
}

type intercepted struct {
	next normgraph.Reader
	icpt Interceptor
}

// ReadsAhead implements normgraph.AheadReader: an interceptor reads ahead when its backend
// does (the calls answered from what was read ahead still pass through it, one by one).
func (g *intercepted) ReadsAhead() bool {
	ar, ok := g.next.(normgraph.AheadReader)
	return ok && ar.ReadsAhead()
}

func through[T any](ctx context.Context, g *intercepted, call string, args []any, f func(context.Context) (T, error)) (T, error) {
	v, err := g.icpt(ctx, call, args, func(ctx context.Context) (any, error) { return f(ctx) })
	t, _ := v.(T)
	return t, err
}

// BackendCounters count the backend calls made through the handler's budget, for tests and
// the load command.
type BackendCounters struct {
	Calls        atomic.Int64 // calls that reached the backend
	Deduplicated atomic.Int64 // calls answered by an identical call of the same request
	OverBudget   atomic.Int64 // calls refused because the request had used its budget
}

// requestBudget is one request's allowance of backend calls and its memo of identical calls.
type requestBudget struct {
	limit int
	mu    sync.Mutex
	calls int
	memo  map[callKeyHash]*memoEntry
}

// callKeyHash identifies a call by its name and a 64-bit hash of its arguments' JSON form
// (hashed as it is encoded, so a call with hundreds of ids costs no key of that size). With at
// most a few hundred calls per request, two different calls share a hash with a probability
// far below 10⁻¹⁴ per request.
type callKeyHash struct {
	call string
	hash uint64
}

var memoSeed = maphash.MakeSeed()

func memoKey(call string, args []any) (callKeyHash, error) {
	var h maphash.Hash
	h.SetSeed(memoSeed)
	if err := json.NewEncoder(&h).Encode(args); err != nil {
		return callKeyHash{}, err
	}
	return callKeyHash{call, h.Sum64()}, nil
}

type memoEntry struct {
	done chan struct{}
	val  any
	err  error
}

type budgetKey struct{}

func withBudget(ctx context.Context, limit int) context.Context {
	return context.WithValue(ctx, budgetKey{}, &requestBudget{limit: limit, memo: map[callKeyHash]*memoEntry{}})
}

// budgetInterceptor makes each distinct call of a request once (identical root fields, such as
// a thousand aliases of the same field, share one backend call) and refuses calls past the
// request's budget with CodeBudget. Calls outside a request (no budget in ctx) pass through.
func budgetInterceptor(c *BackendCounters) Interceptor {
	return func(ctx context.Context, call string, args []any, next func(context.Context) (any, error)) (any, error) {
		b, _ := ctx.Value(budgetKey{}).(*requestBudget)
		if b == nil {
			c.Calls.Add(1)
			return next(ctx)
		}
		// What a call returns depends on its arguments and on what the context asks of a list
		// read (long texts or not, which fields): all are in the key, so that two aliases asking for
		// different parts of the same list are not answered from one read.
		k, err := memoKey(call, append(args, normgraph.TextsWanted(ctx), normgraph.WantedFields(ctx)))
		b.mu.Lock()
		if e, ok := b.memo[k]; ok && err == nil {
			b.mu.Unlock()
			c.Deduplicated.Add(1)
			select {
			case <-e.done:
				return e.val, e.err
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if b.calls >= b.limit {
			// The refusal is remembered like a result: the same call again in this request (when
			// gqlgen answers an operation the fast executor gave up on) is refused without
			// counting twice.
			e := &memoEntry{done: make(chan struct{}), err: normgraph.Errorf(CodeBudget, "the request needs more than %d backend calls (limit -max-backend-calls); ask for fewer fields or smaller pages", b.limit)}
			close(e.done)
			if err == nil {
				b.memo[k] = e
			}
			b.mu.Unlock()
			c.OverBudget.Add(1)
			return nil, e.err
		}
		b.calls++
		e := &memoEntry{done: make(chan struct{})}
		if err == nil {
			b.memo[k] = e
		}
		b.mu.Unlock()
		c.Calls.Add(1)
		e.val, e.err = next(ctx)
		close(e.done)
		return e.val, e.err
	}
}

func (g *intercepted) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	return through(ctx, g, "Nodes", []any{ids}, func(ctx context.Context) ([]normgraph.Node, error) { return g.next.Nodes(ctx, ids) })
}

func (g *intercepted) Stats(ctx context.Context) (normgraph.Stats, error) {
	return through(ctx, g, "Stats", []any{}, func(ctx context.Context) (normgraph.Stats, error) { return g.next.Stats(ctx) })
}

func (g *intercepted) Categories(ctx context.Context) ([]*normgraph.CategoryInfo, error) {
	return through(ctx, g, "Categories", []any{}, func(ctx context.Context) ([]*normgraph.CategoryInfo, error) { return g.next.Categories(ctx) })
}

func (g *intercepted) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	return through(ctx, g, "Initiatives", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Initiative], error) {
		return g.next.Initiatives(ctx, f, p)
	})
}

func (g *intercepted) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	return through(ctx, g, "Norms", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Norm], error) { return g.next.Norms(ctx, f, p) })
}

func (g *intercepted) Themes(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Theme], error) {
	return through(ctx, g, "Themes", []any{p}, func(ctx context.Context) (normgraph.List[*normgraph.Theme], error) { return g.next.Themes(ctx, p) })
}

func (g *intercepted) Actors(ctx context.Context, f normgraph.ActorFilter, p normgraph.Page) (normgraph.List[*normgraph.Actor], error) {
	return through(ctx, g, "Actors", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Actor], error) { return g.next.Actors(ctx, f, p) })
}

func (g *intercepted) Sources(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Source], error) {
	return through(ctx, g, "Sources", []any{p}, func(ctx context.Context) (normgraph.List[*normgraph.Source], error) { return g.next.Sources(ctx, p) })
}

func (g *intercepted) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	return through(ctx, g, "NormsOfInitiatives", []any{ids, p}, func(ctx context.Context) ([]normgraph.List[*normgraph.Norm], error) {
		return g.next.NormsOfInitiatives(ctx, ids, p)
	})
}

func (g *intercepted) NormsOfThemes(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	return through(ctx, g, "NormsOfThemes", []any{ids, p}, func(ctx context.Context) ([]normgraph.List[*normgraph.Norm], error) {
		return g.next.NormsOfThemes(ctx, ids, p)
	})
}

func (g *intercepted) ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Theme, error) {
	return through(ctx, g, "ThemesOfInitiatives", []any{ids}, func(ctx context.Context) ([][]*normgraph.Theme, error) { return g.next.ThemesOfInitiatives(ctx, ids) })
}

func (g *intercepted) InitiativesOfThemes(ctx context.Context, ids []string) ([][]*normgraph.Initiative, error) {
	return through(ctx, g, "InitiativesOfThemes", []any{ids}, func(ctx context.Context) ([][]*normgraph.Initiative, error) {
		return g.next.InitiativesOfThemes(ctx, ids)
	})
}

func (g *intercepted) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	return through(ctx, g, "CorrespondencesOfNorms", []any{ids}, func(ctx context.Context) ([][]*normgraph.Correspondence, error) {
		return g.next.CorrespondencesOfNorms(ctx, ids)
	})
}

func (g *intercepted) LinksOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Link, error) {
	return through(ctx, g, "LinksOfInitiatives", []any{ids}, func(ctx context.Context) ([][]*normgraph.Link, error) { return g.next.LinksOfInitiatives(ctx, ids) })
}

func (g *intercepted) ParticipationsOfInitiatives(ctx context.Context, ids []string, f normgraph.ParticipationFilter, p normgraph.Page) ([]normgraph.List[*normgraph.Participation], error) {
	return through(ctx, g, "ParticipationsOfInitiatives", []any{ids, f, p}, func(ctx context.Context) ([]normgraph.List[*normgraph.Participation], error) {
		return g.next.ParticipationsOfInitiatives(ctx, ids, f, p)
	})
}

func (g *intercepted) ParticipationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Participation, error) {
	return through(ctx, g, "ParticipationsOfActors", []any{ids}, func(ctx context.Context) ([][]*normgraph.Participation, error) {
		return g.next.ParticipationsOfActors(ctx, ids)
	})
}

func (g *intercepted) MembershipsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Membership, error) {
	return through(ctx, g, "MembershipsOfActors", []any{ids}, func(ctx context.Context) ([][]*normgraph.Membership, error) {
		return g.next.MembershipsOfActors(ctx, ids)
	})
}

func (g *intercepted) SharedActors(ctx context.Context, a string, b string, f normgraph.ParticipationFilter, p normgraph.Page) (normgraph.List[*normgraph.SharedActor], error) {
	return through(ctx, g, "SharedActors", []any{a, b, f, p}, func(ctx context.Context) (normgraph.List[*normgraph.SharedActor], error) {
		return g.next.SharedActors(ctx, a, b, f, p)
	})
}

func (g *intercepted) Overlap(ctx context.Context, a string, b string) (*normgraph.Overlap, error) {
	return through(ctx, g, "Overlap", []any{a, b}, func(ctx context.Context) (*normgraph.Overlap, error) { return g.next.Overlap(ctx, a, b) })
}

func (g *intercepted) Overlaps(ctx context.Context, f normgraph.OverlapFilter, p normgraph.Page) (normgraph.List[*normgraph.Overlap], error) {
	return through(ctx, g, "Overlaps", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Overlap], error) {
		return g.next.Overlaps(ctx, f, p)
	})
}

func (g *intercepted) Timeline(ctx context.Context, from normgraph.Date, to normgraph.Date, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.TimelineEntry], error) {
	return through(ctx, g, "Timeline", []any{from, to, types, p}, func(ctx context.Context) (normgraph.List[*normgraph.TimelineEntry], error) {
		return g.next.Timeline(ctx, from, to, types, p)
	})
}

func (g *intercepted) Incidents(ctx context.Context, f normgraph.IncidentFilter, p normgraph.Page) (normgraph.List[*normgraph.Incident], error) {
	return through(ctx, g, "Incidents", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Incident], error) {
		return g.next.Incidents(ctx, f, p)
	})
}

func (g *intercepted) Attributions(ctx context.Context, f normgraph.AttributionFilter, p normgraph.Page) (normgraph.List[*normgraph.Attribution], error) {
	return through(ctx, g, "Attributions", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Attribution], error) {
		return g.next.Attributions(ctx, f, p)
	})
}

func (g *intercepted) Implementations(ctx context.Context, f normgraph.ImplementationFilter, p normgraph.Page) (normgraph.List[*normgraph.Implementation], error) {
	return through(ctx, g, "Implementations", []any{f, p}, func(ctx context.Context) (normgraph.List[*normgraph.Implementation], error) {
		return g.next.Implementations(ctx, f, p)
	})
}

func (g *intercepted) AttributionsOfIncidents(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return through(ctx, g, "AttributionsOfIncidents", []any{ids}, func(ctx context.Context) ([][]*normgraph.Attribution, error) {
		return g.next.AttributionsOfIncidents(ctx, ids)
	})
}

func (g *intercepted) AttributionsByActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return through(ctx, g, "AttributionsByActors", []any{ids}, func(ctx context.Context) ([][]*normgraph.Attribution, error) {
		return g.next.AttributionsByActors(ctx, ids)
	})
}

func (g *intercepted) AttributionsAgainstActors(ctx context.Context, ids []string) ([][]*normgraph.Attribution, error) {
	return through(ctx, g, "AttributionsAgainstActors", []any{ids}, func(ctx context.Context) ([][]*normgraph.Attribution, error) {
		return g.next.AttributionsAgainstActors(ctx, ids)
	})
}

func (g *intercepted) AttributionsInvoking(ctx context.Context, targets []string) ([][]*normgraph.Attribution, error) {
	return through(ctx, g, "AttributionsInvoking", []any{targets}, func(ctx context.Context) ([][]*normgraph.Attribution, error) {
		return g.next.AttributionsInvoking(ctx, targets)
	})
}

func (g *intercepted) ImplementationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return through(ctx, g, "ImplementationsOfActors", []any{ids}, func(ctx context.Context) ([][]*normgraph.Implementation, error) {
		return g.next.ImplementationsOfActors(ctx, ids)
	})
}

func (g *intercepted) ImplementationsCovering(ctx context.Context, ids []string) ([][]*normgraph.Implementation, error) {
	return through(ctx, g, "ImplementationsCovering", []any{ids}, func(ctx context.Context) ([][]*normgraph.Implementation, error) {
		return g.next.ImplementationsCovering(ctx, ids)
	})
}

func (g *intercepted) Search(ctx context.Context, query string, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.SearchHit], error) {
	return through(ctx, g, "Search", []any{query, types, p}, func(ctx context.Context) (normgraph.List[*normgraph.SearchHit], error) {
		return g.next.Search(ctx, query, types, p)
	})
}

func (g *intercepted) Neighbors(ctx context.Context, ids []string) ([]normgraph.Edge, error) {
	return through(ctx, g, "Neighbors", []any{ids}, func(ctx context.Context) ([]normgraph.Edge, error) { return g.next.Neighbors(ctx, ids) })
}
