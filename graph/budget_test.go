package graph_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

func budgetServer(t *testing.T, opts graph.Options) (*httptest.Server, *graph.Counters) {
	t.Helper()
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	opts.Counters = &graph.Counters{}
	srv := httptest.NewServer(graph.NewHandler(store, opts))
	t.Cleanup(srv.Close)
	return srv, opts.Counters
}

// TestIdenticalRootFieldsReadOnce: a thousand aliases of the same field cost the backend calls
// of one.
func TestIdenticalRootFieldsReadOnce(t *testing.T) {
	srv, c := budgetServer(t, graph.Options{})
	_, one := post(t, srv, `{ stats { initiatives } }`)
	single := c.Backend.Calls.Load()
	if single == 0 {
		t.Fatalf("stats made no backend call: %s", one)
	}
	var q strings.Builder
	q.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&q, " a%d: stats { initiatives }", i)
	}
	q.WriteString(" }")
	_, body := post(t, srv, q.String())
	r := decode(t, body)
	if len(r.Errors) > 0 || len(r.Data) != 1000 {
		t.Fatalf("%d fields, errors %v", len(r.Data), r.Errors)
	}
	if got := c.Backend.Calls.Load() - single; got != single {
		t.Errorf("1,000 aliases made %d backend calls, one alias %d", got, single)
	}
	if c.Backend.Deduplicated.Load() < 999*single {
		t.Errorf("only %d calls deduplicated", c.Backend.Deduplicated.Load())
	}
}

// TestBackendBudget: past the budget a request gets BACKEND_BUDGET_EXCEEDED, and the backend
// sees no more than the budget.
func TestBackendBudget(t *testing.T) {
	srv, c := budgetServer(t, graph.Options{MaxBackendCalls: 2})
	_, body := post(t, srv, `{ a: norms(first: 1) { totalCount } b: norms(first: 2) { totalCount } c: norms(first: 3) { totalCount } d: themes { totalCount } }`)
	r := decode(t, body)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != graph.CodeBudget {
		t.Fatalf("want %s: %s", graph.CodeBudget, body)
	}
	if got := c.Backend.Calls.Load(); got != 2 {
		t.Errorf("the backend saw %d calls, budget 2", got)
	}
	if c.Backend.OverBudget.Load() != 2 {
		t.Errorf("%d calls refused, want 2", c.Backend.OverBudget.Load())
	}
	// The budget is per request: the next one is served.
	_, body = post(t, srv, `{ norms(first: 1) { totalCount } }`)
	if r := decode(t, body); len(r.Errors) > 0 {
		t.Errorf("a request within its budget failed: %s", body)
	}
}

// textsReader leaves norm summaries out of list reads when the context does not want long
// texts, as the Neo4j store does.
type textsReader struct{ normgraph.Reader }

func (r textsReader) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	ls, err := r.Reader.NormsOfInitiatives(ctx, ids, p)
	if err != nil || normgraph.TextsWanted(ctx) {
		return ls, err
	}
	out := make([]normgraph.List[*normgraph.Norm], len(ls))
	for i, l := range ls {
		out[i] = l
		out[i].Items = make([]*normgraph.Norm, len(l.Items))
		for j, n := range l.Items {
			c := *n
			c.Summary = ""
			out[i].Items[j] = &c
		}
	}
	return out, nil
}

// TestMemoKeepsTexts: the same list read for two root fields, one asking for a long text and
// one not, is two reads (the budget's memo of identical calls must not answer the second from
// the first), in either order.
func TestMemoKeepsTexts(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	h := graph.NewHandler(textsReader{store}, graph.Options{})
	bare := `a: initiatives(first: 1) { edges { node { norms(first: 1) { edges { node { id } } } } } }`
	texts := `b: initiatives(first: 1) { edges { node { norms(first: 1) { edges { node { id summary } } } } } }`
	_, want := rawPost(h, "{ "+texts+" }")
	if !bytes.Contains(want, []byte(`"summary":"`)) || bytes.Contains(want, []byte(`"summary":""`)) {
		t.Fatalf("no summary alone: %s", want)
	}
	for _, q := range []string{"{ " + bare + " " + texts + " }", "{ " + texts + " " + bare + " }"} {
		_, body := rawPost(h, q)
		if bytes.Contains(body, []byte(`"summary":""`)) {
			t.Errorf("%s\nlost the summary: %s", q, body)
		}
	}
}
