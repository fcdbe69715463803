package normgraph

import (
	"context"
	"sync"
)

// Reading ahead. After a root list read the GraphQL layer makes, one nesting level at a time,
// one batched call per relationship for the items that read returned (NormsOfInitiatives for
// the initiatives of a page, CorrespondencesOfNorms for their norms, Nodes for the initiative a
// norm points to…). A backend that pays a fixed cost per round trip (the Neo4j store: one
// Cypher statement each) may answer those calls inside the list read itself, when the caller
// says in advance which calls will follow (WithFollows): it stores the answers in the
// request's Answers, and the later calls, made exactly as before, are answered from there
// without another statement. The calls, their order, their arguments and their results stay
// what they would be; only the number of round trips changes. A backend that gains nothing
// from it (the memory store) ignores both.
//
// The calls answered from what was read ahead still pass through the request's budget of
// backend calls one by one, and a call it refuses is refused. The work read ahead happens
// before the budget counts those calls: it is bounded by the same pages and the same depth
// limits as the query, and is what those calls do when the budget allows them, in one round
// trip (at most two levels and one call of each kind per level, see neo4j/ahead.go).

// Follow is a Reader call the GraphQL layer will make for the items of a list read (or of
// another Follow), one batch for all of them, right after the read.
type Follow struct {
	// Call is the Reader method: "NormsOfInitiatives", "CorrespondencesOfNorms", "Nodes"…
	Call string
	// Page is the page a paged call asks for (NormsOfInitiatives, NormsOfThemes).
	Page Page
	// Texts and Fields are what the call's context will say (TextsWanted, WithFields; Fields
	// nil when every field is wanted).
	Texts  bool
	Fields []string
	// Ref, for Nodes, is the Go field of the items that holds the ids of the nodes read
	// ("InitiativeID", "ThemeIDs"), and Type the GraphQL type of those nodes.
	Ref, Type string
	// Then are the calls that follow for the items this call returns.
	Then []Follow
}

// Context returns ctx marked as the call's own context will be: whether it wants long texts
// and which fields, whatever ctx (a list read's) said of its own.
func (f Follow) Context(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, withoutTextsKey{}, !f.Texts)
	if f.Fields == nil {
		return context.WithValue(ctx, fieldsKey{}, nil) // every field, whatever ctx said
	}
	return WithFields(ctx, f.Fields...)
}

type followsKey struct{}

// WithFollows marks the context of a list read with the calls that will follow it.
func WithFollows(ctx context.Context, fs []Follow) context.Context {
	if len(fs) == 0 {
		return ctx
	}
	return context.WithValue(ctx, followsKey{}, fs)
}

// Follows returns the calls that will follow a list read (see WithFollows).
func Follows(ctx context.Context) []Follow {
	fs, _ := ctx.Value(followsKey{}).([]Follow)
	return fs
}

type nodeFollowsKey struct{}

type nodeFollows struct {
	typ string
	fs  []Follow
}

// WithNodeFollows marks the context of a Nodes read of a root field (initiative(id:), norm(id:)…)
// with the calls that will follow for the node if it has GraphQL type typ.
func WithNodeFollows(ctx context.Context, typ string, fs []Follow) context.Context {
	if len(fs) == 0 {
		return ctx
	}
	return context.WithValue(ctx, nodeFollowsKey{}, nodeFollows{typ, fs})
}

// NodeFollows returns the type and the calls of WithNodeFollows.
func NodeFollows(ctx context.Context) (string, []Follow) {
	n, _ := ctx.Value(nodeFollowsKey{}).(nodeFollows)
	return n.typ, n.fs
}

// AnswerKey identifies the answer for one id of a batched call: the call, what it depends on
// besides the id (a page, the backend's form of the wanted fields), and the id.
type AnswerKey struct {
	Call, Args, ID string
}

// Answers holds, for one request, the answers a backend read ahead (see Follow). It is safe
// for concurrent use.
type Answers struct {
	mu     sync.Mutex
	m      map[AnswerKey]any
	served int // answers given from here instead of a read
}

// Served returns how many answers were given from here instead of a read.
func (a *Answers) Served() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.served
}

// Put stores an answer.
func (a *Answers) Put(k AnswerKey, v any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[AnswerKey]any{}
	}
	a.m[k] = v
}

// All returns the answers for every id of a call (args as in AnswerKey), or false when any is
// missing.
func (a *Answers) All(call, args string, ids []string) ([]any, bool) {
	if a == nil || len(ids) == 0 {
		return nil, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]any, len(ids))
	for i, id := range ids {
		v, ok := a.m[AnswerKey{call, args, id}]
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	a.served += len(ids)
	return out, true
}

type answersKey struct{}

// WithAnswers gives a request's context a place for the answers read ahead.
func WithAnswers(ctx context.Context) context.Context {
	return context.WithValue(ctx, answersKey{}, &Answers{})
}

// WithoutAnswers hides the request's answers read ahead from a call.
func WithoutAnswers(ctx context.Context) context.Context {
	return context.WithValue(ctx, answersKey{}, (*Answers)(nil))
}

// AnswersFrom returns the request's answers read ahead (nil without WithAnswers).
func AnswersFrom(ctx context.Context) *Answers {
	a, _ := ctx.Value(answersKey{}).(*Answers)
	return a
}

// Get returns the answer for one id (see AnswerKey); it does not count as served.
func (a *Answers) Get(k AnswerKey) (any, bool) {
	if a == nil {
		return nil, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.m[k]
	return v, ok
}

// MarkServed counts n answers given (after Get, once the caller has used them).
func (a *Answers) MarkServed(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.served += n
}

// AheadReader is a Reader that answers the calls following a list read inside the read when
// told which will follow (see Follow).
type AheadReader interface {
	Reader
	ReadsAhead() bool
}
