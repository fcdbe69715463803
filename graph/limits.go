package graph

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Error codes of the refusals decided before a query runs.
const (
	// CodeTooComplex refuses a document that is too large in tokens, fields or depth; it is
	// decided before validation, in time linear in the document.
	CodeTooComplex = "QUERY_TOO_COMPLEX"
	// CodeComplexity refuses a valid operation whose cost exceeds the complexity limit.
	CodeComplexity = "COMPLEXITY_LIMIT_EXCEEDED"
)

// Limits bound the shape and cost of one GraphQL request. Zero fields take the defaults.
type Limits struct {
	// Tokens bounds the parser tokens of the query document (default 10,000).
	Tokens int
	// Fields bounds the fields one operation selects, every alias counting as a field and a
	// fragment counting once per spread (default 2,000).
	Fields int
	// Depth bounds the nesting of fields (default 15; the GraphiQL introspection query needs 13).
	Depth int
	// Repeats bounds how often one response name (alias or field name) occurs in one selection
	// set, fragments included (default 32). Validation compares such fields pairwise, so 660
	// aliases `a:` with differing arguments took 2.3 s to refuse.
	Repeats int
	// Cost bounds the cost of the operation: each field costs 1, connection fields multiply
	// their children's cost by `first` (default 100,000).
	Cost int
}

// DefaultLimits are the limits used for zero fields of Limits.
var DefaultLimits = Limits{Tokens: 10_000, Fields: 2_000, Depth: 15, Repeats: 32, Cost: 100_000}

func (l Limits) withDefaults() Limits {
	if l.Tokens <= 0 {
		l.Tokens = DefaultLimits.Tokens
	}
	if l.Fields <= 0 {
		l.Fields = DefaultLimits.Fields
	}
	if l.Depth <= 0 {
		l.Depth = DefaultLimits.Depth
	}
	if l.Repeats <= 0 {
		l.Repeats = DefaultLimits.Repeats
	}
	if l.Cost <= 0 {
		l.Cost = DefaultLimits.Cost
	}
	return l
}

// WalkCounters count the work of the shape and cost walks, so that tests can prove each
// fragment is walked once per request (gqlgen's own complexity walk re-expands a fragment at
// every spread, which is exponential in fragment nesting).
type WalkCounters struct {
	ShapeFragmentWalks atomic.Int64 // fragment definitions walked by the shape check
	CostFragmentWalks  atomic.Int64 // fragment definitions walked by the cost walk
	Refused            atomic.Int64 // requests refused by a limit
}

// shape is what the linear walk learns about a selection set, fragments expanded.
type shape struct {
	fields  int64 // saturating
	depth   int
	repeats int            // the most occurrences of one response name in any selection set
	names   map[string]int // response names of this selection set, fragments merged in
}

const maxCount = int64(1) << 62

func satAdd(a, b int64) int64 {
	if a+b > maxCount || a+b < 0 {
		return maxCount
	}
	return a + b
}

// shapeWalker measures a parsed, not yet validated, document. Each fragment definition is
// walked at most once; spreads reuse the memoized result, and a cycle is reported instead of
// followed.
type shapeWalker struct {
	frags    map[string]*ast.FragmentDefinition
	memo     map[string]shape
	visiting map[string]bool
	cycle    string
	walks    int64
}

func newShapeWalker(doc *ast.QueryDocument) *shapeWalker {
	w := &shapeWalker{frags: map[string]*ast.FragmentDefinition{}, memo: map[string]shape{}, visiting: map[string]bool{}}
	for _, f := range doc.Fragments {
		if _, ok := w.frags[f.Name]; !ok {
			w.frags[f.Name] = f
		}
	}
	return w
}

func (w *shapeWalker) set(ss ast.SelectionSet) shape {
	s := shape{names: map[string]int{}}
	merge := func(c shape) {
		s.fields = satAdd(s.fields, c.fields)
		s.depth = max(s.depth, c.depth)
		s.repeats = max(s.repeats, c.repeats)
		for n, k := range c.names {
			s.names[n] += k
		}
	}
	for _, sel := range ss {
		switch x := sel.(type) {
		case *ast.Field:
			c := w.set(x.SelectionSet)
			s.fields = satAdd(s.fields, satAdd(1, c.fields))
			s.depth = max(s.depth, 1+c.depth)
			s.repeats = max(s.repeats, c.repeats)
			name := x.Alias
			if name == "" {
				name = x.Name
			}
			s.names[name]++
		case *ast.InlineFragment:
			merge(w.set(x.SelectionSet))
		case *ast.FragmentSpread:
			merge(w.fragment(x.Name))
		}
	}
	for _, k := range s.names {
		s.repeats = max(s.repeats, k)
	}
	return s
}

func (w *shapeWalker) fragment(name string) shape {
	if s, ok := w.memo[name]; ok {
		return s
	}
	f, ok := w.frags[name]
	if !ok { // unknown: the validator reports it
		return shape{}
	}
	if w.visiting[name] {
		if w.cycle == "" {
			w.cycle = name
		}
		return shape{}
	}
	w.visiting[name] = true
	w.walks++
	s := w.set(f.SelectionSet)
	delete(w.visiting, name)
	w.memo[name] = s
	return s
}

// checkShape parses the query with the token limit and measures every operation and fragment
// of it, in time linear in the document. It returns a coded error for a document over a limit.
func checkShape(query string, l Limits, counters *WalkCounters) *gqlerror.Error {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, l.Tokens)
	if err != nil {
		var gqlErr *gqlerror.Error
		if e, ok := err.(*gqlerror.Error); ok {
			gqlErr = e
		} else {
			gqlErr = gqlerror.Errorf("%s", err)
		}
		if gqlErr.Message == fmt.Sprintf("exceeded token limit of %d", l.Tokens) {
			return tooComplex("the query has more than %d tokens (limit -max-tokens)", l.Tokens)
		}
		errcode.Set(gqlErr, errcode.ParseFailed)
		return gqlErr
	}
	w := newShapeWalker(doc)
	var worst shape
	for _, op := range doc.Operations {
		s := w.set(op.SelectionSet)
		worst.fields, worst.depth, worst.repeats = max(worst.fields, s.fields), max(worst.depth, s.depth), max(worst.repeats, s.repeats)
	}
	for _, f := range doc.Fragments {
		s := w.fragment(f.Name)
		worst.fields, worst.depth, worst.repeats = max(worst.fields, s.fields), max(worst.depth, s.depth), max(worst.repeats, s.repeats)
	}
	if counters != nil {
		counters.ShapeFragmentWalks.Add(w.walks)
	}
	switch {
	case w.cycle != "":
		e := gqlerror.Errorf("Cannot spread fragment %q within itself.", truncate(w.cycle, 64))
		errcode.Set(e, errcode.ValidationFailed)
		return e
	case worst.fields > int64(l.Fields):
		return tooComplex("the query selects more than %d fields, counting aliases and each fragment spread (limit -max-fields)", l.Fields)
	case worst.depth > l.Depth:
		return tooComplex("the query nests fields %d deep, more than %d (limit -max-depth)", worst.depth, l.Depth)
	case worst.repeats > l.Repeats:
		return tooComplex("one selection set repeats a field or alias %d times, more than %d (limit -max-repeats)", worst.repeats, l.Repeats)
	}
	return nil
}

func tooComplex(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	errcode.Set(e, CodeTooComplex)
	return e
}

// costWalker computes the cost of a validated operation like gqlgen's complexity package
// (the same per-field functions, the worst implementor for interface fields, introspection of
// __schema free), but walks each fragment definition once: a fragment's cost does not depend on
// where it is spread, since arguments come from the operation's variables.
type costWalker struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	memo   map[string]int64
	walks  int64
}

func (c *costWalker) set(ss ast.SelectionSet) int64 {
	var total int64
	for _, sel := range ss {
		switch x := sel.(type) {
		case *ast.Field:
			if x.Definition == nil || x.ObjectDefinition == nil {
				continue
			}
			def := c.schema.Types[x.Definition.Type.Name()]
			if def == nil || def.Name == "__Schema" {
				continue
			}
			var child int64
			switch def.Kind {
			case ast.Object, ast.Interface, ast.Union:
				child = c.set(x.SelectionSet)
			}
			args := x.ArgumentMap(c.vars)
			var cost int64
			if x.ObjectDefinition.Kind == ast.Interface {
				for _, t := range c.schema.GetPossibleTypes(x.ObjectDefinition) {
					cost = max(cost, c.field(t, def.Kind, x.Name, child, args))
				}
			} else {
				cost = c.field(x.ObjectDefinition, def.Kind, x.Name, child, args)
			}
			total = satAdd(total, cost)
		case *ast.InlineFragment:
			total = satAdd(total, c.set(x.SelectionSet))
		case *ast.FragmentSpread:
			if v, ok := c.memo[x.Name]; ok {
				total = satAdd(total, v)
				continue
			}
			if x.Definition == nil {
				continue
			}
			c.walks++
			c.memo[x.Name] = 0 // a cycle (refused by validation already) ends here
			v := c.set(x.Definition.SelectionSet)
			c.memo[x.Name] = v
			total = satAdd(total, v)
		}
	}
	return total
}

func (c *costWalker) field(def *ast.Definition, kind ast.DefinitionKind, name string, child int64, args map[string]any) int64 {
	childInt := int(min(child, int64(1)<<31)) // the per-field functions take int; keep them from overflowing
	if v, ok := c.es.Complexity(c.ctx, def.Name, name, childInt, args); ok && v >= 1 {
		if child > int64(1)<<31 {
			return maxCount
		}
		return int64(v)
	}
	return satAdd(1, child)
}

// limitsExtension refuses over-limit requests: the shape check runs on the raw query before
// gqlgen parses and validates it (validation is superlinear in aliases), the cost walk after.
type limitsExtension struct {
	limits   Limits
	counters *WalkCounters
	es       graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &limitsExtension{}

func (e *limitsExtension) ExtensionName() string { return "NormgraphLimits" }

func (e *limitsExtension) Validate(es graphql.ExecutableSchema) error {
	e.es = es
	return nil
}

func (e *limitsExtension) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := checkShape(p.Query, e.limits, e.counters); err != nil {
		if errcode.GetErrorKind(gqlerror.List{err}) != errcode.KindProtocol || err.Extensions["code"] == CodeTooComplex {
			e.counters.Refused.Add(1)
		}
		return err
	}
	return nil
}

func (e *limitsExtension) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	w := &costWalker{ctx: ctx, es: e.es, schema: e.es.Schema(), vars: op.Variables, memo: map[string]int64{}}
	cost := w.set(op.Operation.SelectionSet)
	e.counters.CostFragmentWalks.Add(w.walks)
	if cost > int64(e.limits.Cost) {
		e.counters.Refused.Add(1)
		err := gqlerror.Errorf("the query costs more than %d (limit -complexity-limit; connections multiply by first)", e.limits.Cost)
		errcode.Set(err, CodeComplexity)
		return err
	}
	return nil
}

// truncate shortens s to at most n bytes (on a rune boundary), marking the cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + fmt.Sprintf("…(%d bytes more)", len(s)-cut)
}
