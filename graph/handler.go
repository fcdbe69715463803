package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// Options tune the GraphQL handler. The zero value is usable.
type Options struct {
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// ComplexityLimit bounds the cost of one query (each field costs 1, connection fields
	// multiply their children's cost by `first`); 0 means the default of 100,000.
	ComplexityLimit int
}

// NewHandler returns the GraphQL HTTP handler (POST and GET) over a backend reader. Each request
// gets a fresh prefetcher (one backend call per relationship and nesting level); errors are translated once, by the error presenter.
func NewHandler(r normgraph.Reader, opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ComplexityLimit == 0 {
		opts.ComplexityLimit = 100_000
	}
	cfg := Config{Resolvers: &Resolver{reader: r}}
	setComplexity(&cfg.Complexity)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Parsed and validated queries are kept (by query text), so a repeated query is not parsed
	// and validated again.
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(opts.ComplexityLimit))
	srv.SetErrorPresenter(errorPresenter(opts.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", v)
		return normgraph.Errorf(normgraph.EINTERNAL, "internal error")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := withRequest(req.Context(), newRequest(r))
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
}

// errorPresenter gives every error an extensions.code from the error vocabulary. Internal
// errors are logged and shown only as "internal error".
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var domainErr *normgraph.Error
		if !errors.As(err, &domainErr) {
			if _, ok := gqlErr.Extensions["code"]; ok {
				return gqlErr // parser and validation errors already carry a code
			}
			var inner *gqlerror.Error
			if errors.As(err, &inner) && inner.Err == nil && inner.Rule != "" {
				return gqlErr
			}
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			err = normgraph.Errorf(normgraph.EUNAVAILABLE, "the request timed out or was canceled")
		}
		code := normgraph.ErrorCode(err)
		if code == normgraph.EINTERNAL {
			log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", err)
		}
		gqlErr.Message = normgraph.ErrorMessage(err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		gqlErr.Extensions["code"] = code
		return gqlErr
	}
}

// setComplexity makes each connection field cost its children times the page size, so that
// the complexity limit bounds the number of nodes a response can hold.
func setComplexity(c *ComplexityRoot) {
	mul := func(child int, first *int) int { return 1 + child*max(1, deref(first)) }
	paged := func(child int, first *int, _ *string) int { return mul(child, first) }
	c.Query.Initiatives = func(child int, _ *model.InitiativeFilter, _ *model.InitiativeOrder, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Query.Norms = func(child int, _ *model.NormFilter, first *int, _ *string) int { return mul(child, first) }
	c.Query.Actors = func(child int, _ *model.ActorFilter, first *int, _ *string) int { return mul(child, first) }
	c.Query.Sources = paged
	c.Query.Themes = paged
	c.Initiative.Norms = paged
	c.Initiative.Participants = func(child int, _ *model.ParticipationFilter, first *int, _ *string) int { return mul(child, first) }
	c.Query.SharedActors = func(child int, _, _ string, _ *model.ParticipationFilter, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Theme.Norms = paged
	c.Query.Overlaps = func(child int, _ *float64, _ *normgraph.OverlapBasis, _ *string, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Query.Timeline = func(child int, _, _ *normgraph.Date, first *int, _ *string) int { return mul(child, first) }
	c.Query.Search = func(child int, _ string, _ []normgraph.NodeType, first *int, _ *string) int { return mul(child, first) }
	c.Query.Subgraph = func(child int, _ []string, _ *int, _ []normgraph.NodeType, limit *int) int { return mul(child, limit) }
	c.Query.Compare = func(child int, initiatives, _ []string) int { return 1 + child*max(1, len(initiatives))*10 }
	c.Overlap.SharedActors = func(child int, _ *bool, first *int, _ *string) int { return mul(child, first) }
}
