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
	benchQuery(b, `{ initiatives(first: 40) { edges { node { id
		norms(first: 20) { edges { node { id code themes { id name } correspondences { kind to { id } } } } } } } } }`)
}

// BenchmarkComplianceQuery runs one compliance query (every act with its attributors, incidents
// and invocations; the GGE 2015 norms with their compliance view) through the handler on both
// backends, over the embedded dataset:
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench ComplianceQuery ./neo4j/
func BenchmarkComplianceQuery(b *testing.B) {
	benchQuery(b, `{
	  attributions(first: 100) { edges { node { id date form attributors { id name } blamed { state { name } organ }
	    incidents { id name } invocations { targetId basis quote } } } }
	  initiative(id: "un-gge-2015") { compliance { targetId total stated derived byAttributor { actor { id } count } }
	    norms(first: 11) { edges { node { id invocations { attribution { id } } implementations { actor { id } } } } } } }`)
}

// benchQuery loads the embedded dataset into memory and into the test Neo4j and runs query
// through the handler on each, failing on any error in the response.
func benchQuery(b *testing.B, query string) {
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
	body, _ := json.Marshal(map[string]string{"query": query})
	for _, c := range []struct {
		name string
		r    normgraph.Reader
	}{{"memory", mem}, {"neo4j", s}} {
		h := graph.NewHandler(c.r, graph.Options{})
		b.Run(c.name, func(b *testing.B) {
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
