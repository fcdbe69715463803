package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// fragmentChain is n fragments, each selecting a field and spreading the next one `fan` times.
func fragmentChain(n, fan int) string {
	var b strings.Builder
	b.WriteString("{ ...F0 } ")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { stats { norms } ", i)
		if i < n-1 {
			b.WriteString(strings.Repeat(fmt.Sprintf("...F%d ", i+1), fan))
		}
		b.WriteString("} ")
	}
	return b.String()
}

func TestShapeWalksEachFragmentOnce(t *testing.T) {
	for _, tc := range []struct {
		n, fan int
		code   string
	}{
		{10, 10, CodeTooComplex}, // 10^10 fields once expanded
		{5, 2, ""},               // 31 spreads of 2 fields
		{30, 1, ""},
	} {
		var c WalkCounters
		err := checkShape(fragmentChain(tc.n, tc.fan), DefaultLimits, &c)
		got := ""
		if err != nil {
			got, _ = err.Extensions["code"].(string)
		}
		if got != tc.code {
			t.Errorf("chain %d×%d: code %q, want %q (%v)", tc.n, tc.fan, got, tc.code, err)
		}
		if w := c.ShapeFragmentWalks.Load(); w != int64(tc.n) {
			t.Errorf("chain %d×%d: %d fragment walks, want %d", tc.n, tc.fan, w, tc.n)
		}
	}
}

func TestShapeLimits(t *testing.T) {
	l := Limits{Tokens: 50, Fields: 10, Depth: 3, Repeats: 2}.withDefaults()
	for _, tc := range []struct{ query, code string }{
		{`{ a b c }`, ""},
		{`{ ` + strings.Repeat("x ", 60) + `}`, CodeTooComplex},                                       // tokens
		{`{ a b c d e f g h i j k }`, CodeTooComplex},                                                 // fields
		{`{ a { b { c } } }`, ""},                                                                     // depth 3
		{`{ a { b { c { d } } } }`, CodeTooComplex},                                                   // depth 4
		{`{ ...A } fragment A on Q { a { ...B } } fragment B on Q { b { c { d } } }`, CodeTooComplex}, // depth through fragments
		{`{ x: a x: b }`, ""},
		{`{ x: a x: b x: c }`, CodeTooComplex},                                       // repeats
		{`{ x: a ...A ... on Q { x: c } } fragment A on Q { x: b }`, CodeTooComplex}, // repeats through fragments
		{`{ ...A } fragment A on Q { ...A }`, "GRAPHQL_VALIDATION_FAILED"},           // cycle, not a loop
		{`{ a `, "GRAPHQL_PARSE_FAILED"},
	} {
		err := checkShape(tc.query, l, nil)
		got := ""
		if err != nil {
			got, _ = err.Extensions["code"].(string)
		}
		if got != tc.code {
			t.Errorf("%s: code %q, want %q (%v)", tc.query, got, tc.code, err)
		}
	}
}

// TestCostMatchesGqlgen checks that the cost walk gives gqlgen's complexity for queries with
// fragments, variables, interfaces and introspection, while walking each fragment once.
func TestCostMatchesGqlgen(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Resolvers: &Resolver{reader: store}}
	setComplexity(&cfg.Complexity)
	es := NewExecutableSchema(cfg)
	for _, q := range []string{
		`{ initiatives(first: 7) { edges { node { id norms(first: 3) { totalCount } } } } }`,
		`query($n: Int) { ...A ...A } fragment A on Query { norms(first: $n) { edges { node { ...B } } } } fragment B on Norm { id themes { id norms(first: 2) { totalCount } } }`,
		`{ node(id: "alpha") { id ... on Initiative { norms(first: 5) { totalCount } } } }`,
		`{ __schema { types { name } } __typename stats { norms } }`,
		fragmentChain(6, 3),
	} {
		doc, errs := gqlparser.LoadQuery(es.Schema(), q)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		op := doc.Operations[0]
		vars := map[string]any{"n": 9}
		want := complexity.Calculate(context.Background(), es, op, vars)
		w := &costWalker{ctx: context.Background(), es: es, schema: es.Schema(), vars: vars, memo: map[string]int64{}}
		if got := w.set(op.SelectionSet); got != int64(want) {
			t.Errorf("%s: cost %d, gqlgen says %d", q, got, want)
		}
		if w.walks != int64(len(doc.Fragments)) {
			t.Errorf("%s: %d fragment walks for %d fragments", q, w.walks, len(doc.Fragments))
		}
	}
	_ = graphql.Now
	_ = ast.Query
}

// BenchmarkShapeFragmentBomb measures the shape check of the 971-byte fragment bomb that made
// gqlgen's complexity walk run for minutes.
func BenchmarkShapeFragmentBomb(b *testing.B) {
	q := fragmentChain(10, 10)
	for b.Loop() {
		if err := checkShape(q, DefaultLimits, nil); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkShapeAliases measures refusing 50,000 aliases of __typename (890 KB).
func BenchmarkShapeAliases(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("{")
	for i := range 50000 {
		fmt.Fprintf(&sb, "a%d:__typename ", i)
	}
	sb.WriteString("}")
	q := sb.String()
	for b.Loop() {
		if err := checkShape(q, DefaultLimits, nil); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkCostFragmentChain compares gqlgen's complexity walk, which re-expands a fragment at
// every spread (10^levels work for a chain of fan-out 10), with the cost walk here (one walk
// per fragment). This is the minimal reproduction of the gqlgen behaviour.
func BenchmarkCostFragmentChain(b *testing.B) {
	store, err := memory.New(storetest.Fixture(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{Resolvers: &Resolver{reader: store}}
	setComplexity(&cfg.Complexity)
	es := NewExecutableSchema(cfg)
	for _, levels := range []int{4, 5, 6} {
		doc, errs := gqlparser.LoadQuery(es.Schema(), fragmentChain(levels, 10))
		if errs != nil {
			b.Fatal(errs)
		}
		op := doc.Operations[0]
		b.Run(fmt.Sprintf("gqlgen/levels=%d", levels), func(b *testing.B) {
			for b.Loop() {
				complexity.Calculate(context.Background(), es, op, nil)
			}
		})
		b.Run(fmt.Sprintf("normgraph/levels=%d", levels), func(b *testing.B) {
			for b.Loop() {
				w := &costWalker{ctx: context.Background(), es: es, schema: es.Schema(), memo: map[string]int64{}}
				w.set(op.SelectionSet)
			}
		})
	}
}
