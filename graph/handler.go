package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// CodeBadRequest marks a request that is not a GraphQL-over-HTTP request at all (malformed
// JSON, no query, a wrong method or media type); CodeTooLarge one over the body or URL limit.
const (
	CodeBadRequest = "BAD_REQUEST"
	CodeTooLarge   = "REQUEST_TOO_LARGE"
)

// Defaults of the transport limits.
const (
	DefaultMaxBodyBytes = 1 << 20 // POST body
	DefaultMaxURLBytes  = 16 << 10
	DefaultMaxErrors    = 50
	maxMessageBytes     = 512 // error messages echo input (names, cursors): cut them here
	maxLoggedBytes      = 1 << 10
)

// Options tune the GraphQL handler. The zero value is usable.
type Options struct {
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// ComplexityLimit bounds the cost of one query (each field costs 1, connection fields
	// multiply their children's cost by `first`); 0 means Limits.Cost.
	ComplexityLimit int
	// Limits bound the shape of a query (tokens, fields, depth, cost); zero fields take
	// DefaultLimits.
	Limits Limits
	// MaxBackendCalls bounds the backend calls of one request (0: DefaultBackendCalls).
	MaxBackendCalls int
	// MaxBodyBytes bounds a POST body (0: DefaultMaxBodyBytes); larger bodies get 413.
	MaxBodyBytes int64
	// MaxURLBytes bounds the query string of a GET (0: DefaultMaxURLBytes); longer ones get 414.
	MaxURLBytes int
	// MaxErrors bounds the errors of one response (0: DefaultMaxErrors); one more error says
	// how many were left out.
	MaxErrors int
	// Counters, when set, receives the handler's counters (tests read them).
	Counters *Counters
	// GQLGenOnly answers every operation through gqlgen's executor, without the fast executor
	// (fastexec.go); for the tests and benchmarks that compare the two.
	GQLGenOnly bool
}

// Counters are what the handler counts: the work of the limit walks and the backend calls.
type Counters struct {
	Walk    WalkCounters
	Backend BackendCounters
	Exec    ExecCounters
}

// Handler is the GraphQL HTTP handler (GET and POST).
type Handler struct {
	exec     *executor.Executor
	fast     *fastExec
	reader   normgraph.Reader
	ahead    bool // the backend reads ahead (normgraph.AheadReader)
	opts     Options
	counters *Counters
}

// NewHandler returns the GraphQL HTTP handler (POST and GET) over a backend reader. Each request
// is checked against the limits before it is validated, gets a budget of backend calls and a
// fresh prefetcher (one backend call per relationship and nesting level); errors are translated
// once, by the error presenter.
func NewHandler(r normgraph.Reader, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.ComplexityLimit > 0 && opts.Limits.Cost == 0 {
		opts.Limits.Cost = opts.ComplexityLimit
	}
	opts.Limits = opts.Limits.withDefaults()
	if opts.MaxBackendCalls <= 0 {
		opts.MaxBackendCalls = DefaultBackendCalls
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxURLBytes <= 0 {
		opts.MaxURLBytes = DefaultMaxURLBytes
	}
	if opts.MaxErrors <= 0 {
		opts.MaxErrors = DefaultMaxErrors
	}
	counters := opts.Counters
	if counters == nil {
		counters = &Counters{}
	}
	budgeted := Intercept(r, budgetInterceptor(&counters.Backend))
	cfg := Config{Resolvers: &Resolver{reader: budgeted}}
	setComplexity(&cfg.Complexity)
	exec := executor.New(NewExecutableSchema(cfg))
	exec.SetQueryCache(shortQueries{lru.New[*ast.QueryDocument](500)})
	// "Did you mean" suggestions compare every unknown name with every known one (Levenshtein,
	// quadratic in the name): a 900 KB field name took over a second. Errors name the unknown
	// field without them.
	exec.SetDisableSuggestion(true)
	exec.Use(&limitsExtension{limits: opts.Limits, counters: &counters.Walk})
	exec.Use(extension.Introspection{})
	exec.SetErrorPresenter(errorPresenter(opts.Logger))
	exec.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", truncate(fmt.Sprint(v), maxLoggedBytes))
		return normgraph.Errorf(normgraph.EINTERNAL, "internal error")
	})
	fast := newFastExec(cfg.Resolvers.(*Resolver))
	fast.logf = opts.Logger.ErrorContext
	ar, ok := r.(normgraph.AheadReader)
	ahead := ok && ar.ReadsAhead()
	return &Handler{exec: exec, fast: fast, reader: budgeted, ahead: ahead, opts: opts, counters: counters}
}

// shortQueries caches parsed and validated documents of up to 4 KiB only, so that the cache
// stays small (500 entries) whatever clients send.
type shortQueries struct {
	graphql.Cache[*ast.QueryDocument]
}

func (c shortQueries) Add(ctx context.Context, key string, value *ast.QueryDocument) {
	if len(key) <= 4<<10 {
		c.Cache.Add(ctx, key, value)
	}
}

// The media types of GraphQL over HTTP.
const (
	mediaJSON         = "application/json"
	mediaGraphQLJSON  = "application/graphql-response+json"
	maxVariableBytes  = 64 << 10
	methodsAllowedGQL = "GET, POST"
)

type requestBody struct {
	Query         *string        `json:"query"`
	OperationName *string        `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

// ServeHTTP answers one GraphQL-over-HTTP request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	media := responseMedia(r.Header.Get("Accept"))
	if media == "" {
		h.refuse(w, mediaJSON, http.StatusNotAcceptable, CodeBadRequest, "the Accept header allows neither application/graphql-response+json nor application/json")
		return
	}
	var params graphql.RawParams
	switch r.Method {
	case http.MethodGet:
		if len(r.URL.RawQuery) > h.opts.MaxURLBytes {
			h.refuse(w, media, http.StatusRequestURITooLong, CodeTooLarge, fmt.Sprintf("the query string is longer than %d bytes; use POST", h.opts.MaxURLBytes))
			return
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, "the query string is malformed")
			return
		}
		params.Query, params.OperationName = q.Get("query"), q.Get("operationName")
		for name, dst := range map[string]*map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
			if v := q.Get(name); v != "" {
				if err := decodeJSON(strings.NewReader(v), dst); err != nil {
					h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, name+" is not a JSON object")
					return
				}
			}
		}
		if !q.Has("query") {
			h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, "no query: pass ?query=")
			return
		}
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != mediaJSON {
			h.refuse(w, media, http.StatusUnsupportedMediaType, CodeBadRequest, "the body must be application/json")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				h.refuse(w, media, http.StatusRequestEntityTooLarge, CodeTooLarge, fmt.Sprintf("the body is larger than %d bytes", h.opts.MaxBodyBytes))
				return
			}
			h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, "the body could not be read")
			return
		}
		var rb requestBody
		if err := decodeJSON(bytes.NewReader(body), &rb); err != nil {
			h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, "the body is not a JSON object of query, operationName, variables and extensions")
			return
		}
		if rb.Query == nil {
			h.refuse(w, media, http.StatusBadRequest, CodeBadRequest, "no query in the body")
			return
		}
		params.Query, params.Variables, params.Extensions = *rb.Query, rb.Variables, rb.Extensions
		if rb.OperationName != nil {
			params.OperationName = *rb.OperationName
		}
	default:
		w.Header().Set("Allow", methodsAllowedGQL)
		h.refuse(w, media, http.StatusMethodNotAllowed, CodeBadRequest, "use GET or POST")
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}

	ctx := withRequest(withBudget(r.Context(), h.opts.MaxBackendCalls), newRequest(h.reader))
	if h.ahead {
		ctx = normgraph.WithAnswers(ctx)
	}
	ctx = graphql.StartOperationTrace(ctx)
	opCtx, errs := h.exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		// A request error: nothing ran. application/json answers 200, the newer media type 400.
		status := http.StatusOK
		if media == mediaGraphQLJSON {
			status = http.StatusBadRequest
		}
		h.write(w, media, status, h.exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}
	if r.Method == http.MethodGet && opCtx.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		h.refuse(w, media, http.StatusMethodNotAllowed, CodeBadRequest, "GET runs only queries")
		return
	}
	if !h.opts.GQLGenOnly {
		if body, ok := h.fast.run(ctx, opCtx); ok {
			h.counters.Exec.Fast.Add(1)
			w.Header().Set("Content-Type", media+"; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(*body)
			release(body)
			return
		}
		h.counters.Exec.Fallback.Add(1) // gqlgen answers it, reusing the reads already made
	}
	responses, ctx := h.exec.DispatchOperation(ctx, opCtx)
	resp := responses(ctx)
	if resp == nil { // the client went away
		return
	}
	h.write(w, media, http.StatusOK, resp)
}

// decodeJSON decodes exactly one JSON value into v (numbers as json.Number, like gqlgen).
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// responseMedia picks the response media type from an Accept header: "" when it allows
// neither of GraphQL's.
func responseMedia(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case mediaGraphQLJSON:
			return mediaGraphQLJSON
		case mediaJSON, "*/*", "application/*":
			return mediaJSON
		}
	}
	return ""
}

// response is graphql.Response with data omitted when nothing ran (a request error).
type response struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// refuse answers a request that never reached GraphQL.
func (h *Handler) refuse(w http.ResponseWriter, media string, status int, code, msg string) {
	h.write(w, media, status, &graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{"code": code}}}})
}

// write sends a response with at most MaxErrors errors, each message cut to a bounded length.
func (h *Handler) write(w http.ResponseWriter, media string, status int, resp *graphql.Response) {
	out := response{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions}
	if n := len(out.Errors); n > h.opts.MaxErrors {
		out.Errors = append(out.Errors[:h.opts.MaxErrors:h.opts.MaxErrors], &gqlerror.Error{
			Message:    fmt.Sprintf("%d more errors left out", n-h.opts.MaxErrors),
			Extensions: map[string]any{"code": "TOO_MANY_ERRORS", "leftOut": n - h.opts.MaxErrors},
		})
	}
	for _, e := range out.Errors {
		e.Message = truncate(e.Message, maxMessageBytes)
	}
	b, err := json.Marshal(out)
	if err != nil {
		h.opts.Logger.Error("marshal response", "err", truncate(err.Error(), maxLoggedBytes))
		status, b = http.StatusOK, []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// errorPresenter gives every error an extensions.code from the error vocabulary. Internal
// errors are logged and shown only as "internal error"; backend outages are logged with their
// details and shown in general terms.
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
		switch code {
		case normgraph.EINTERNAL:
			log.ErrorContext(ctx, "internal error", "path", gqlErr.Path.String(), "err", truncate(err.Error(), maxLoggedBytes))
		case normgraph.EUNAVAILABLE:
			// Only errors with a cause: fast failures while the breaker is open say nothing new
			// (the breaker logged the outage once) and would flood the log.
			if detail := normgraph.ErrorDetail(err); detail != normgraph.ErrorMessage(err) {
				log.WarnContext(ctx, "backend unavailable", "path", gqlErr.Path.String(), "err", truncate(detail, maxLoggedBytes))
			}
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
	c.Query.Overlaps = func(child int, _ *float64, _ *normgraph.OverlapBasis, _ *normgraph.ActorMode, _ *bool, _ *string, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Query.Timeline = func(child int, _, _ *normgraph.Date, _ []normgraph.NodeType, first *int, _ *string) int {
		return mul(child, first)
	}
	c.Query.Search = func(child int, _ string, _ []normgraph.NodeType, first *int, _ *string) int { return mul(child, first) }
	c.Query.Subgraph = func(child int, _ []string, _ *int, _ []normgraph.NodeType, limit *int, _ *int, _ *float64) int {
		return mul(child, limit)
	}
	c.Query.Compare = func(child int, initiatives, _ []string) int { return 1 + child*max(1, len(initiatives))*10 }
	c.Overlap.SharedActors = func(child int, _ *bool, first *int, _ *string) int { return mul(child, first) }
	setComplianceComplexity(c, mul) // compliance.go
}
