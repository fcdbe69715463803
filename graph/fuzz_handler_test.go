package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// FuzzHandler sends arbitrary POST bodies and GET query strings through the real handler: the
// answer is never a 5xx, always a JSON object with errors or data, never INTERNAL.
func FuzzHandler(f *testing.F) {
	store, err := memory.New(storetest.Fixture(f))
	if err != nil {
		f.Fatal(err)
	}
	h := graph.NewHandler(store, graph.Options{})
	for _, seed := range []string{
		`{"query":"{ stats { norms } }"}`,
		`{"query":"{ initiative(id: \"alpha\") { name norms(first: 2) { edges { cursor node { id } } } } }"}`,
		`{"query":"{ ...F } fragment F on Query { ...F }"}`,
		`{"query":"query($n: Int) { norms(first: $n) { totalCount } }","variables":{"n":"x"}}`,
		`{"query":"{ themes(after: \"bzo5\") { totalCount } }"}`,
		`[]`, ``, `{"query": 1}`, `{"query":"{"}`,
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, input string, usePost bool) {
		var req *http.Request
		if usePost {
			req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(input))
			req.Header.Set("Content-Type", "application/json")
		} else {
			req = httptest.NewRequest(http.MethodGet, "/graphql", nil)
			req.URL.RawQuery = input
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, input, w.Body)
		}
		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("not JSON for %q: %v %s", input, err, w.Body)
		}
		if resp.Data == nil && len(resp.Errors) == 0 {
			t.Fatalf("neither data nor errors for %q: %s", input, w.Body)
		}
		for _, e := range resp.Errors {
			if e.Extensions["code"] == "INTERNAL" || e.Extensions["code"] == nil {
				t.Fatalf("error without a client code for %q: %s", input, w.Body)
			}
		}
	})
}
