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

// BenchmarkComplianceQuery runs one compliance query (every act with its attributors, incidents
// and invocations; the GGE 2015 norms with their compliance view) through the handler on both
// backends, over the embedded dataset:
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench ComplianceQuery ./neo4j/
func BenchmarkComplianceQuery(b *testing.B) {
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
	body, _ := json.Marshal(map[string]string{"query": `{
	  attributions(first: 100) { edges { node { id date form attributors { id name } blamed { state { name } organ }
	    incidents { id name } invocations { targetId basis quote } } } }
	  initiative(id: "un-gge-2015") { compliance { targetId total stated derived byAttributor { actor { id } count } }
	    norms(first: 11) { edges { node { id invocations { attribution { id } } implementations { actor { id } } } } } } }`})
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
