package neo4j_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/neo4j"
)

// BenchmarkNestedQuery runs the same nested GraphQL query through the handler on both backends,
// over the embedded dataset:
//
//	eval "$(scripts/neo4j.sh start)"; go test -run '^$' -bench NestedQuery ./neo4j/
func BenchmarkNestedQuery(b *testing.B) {
	ds, err := loader.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	mem, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	s := neo4jtest.Open(b)
	if _, err := s.Refresh(b.Context(), ds, neo4j.RefreshOptions{}); err != nil {
		b.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"query": `{ initiatives(first: 40) { edges { node { id
		norms(first: 20) { edges { node { id code themes { id name } correspondences { kind to { id } } } } } } } } }`})
	for _, c := range []struct {
		name string
		r    normgraph.Reader
	}{{"memory", mem}, {"neo4j", s}} {
		name, r := c.name, c.r
		h := graph.NewHandler(r, graph.Options{})
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}
