package neo4j_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
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

// BenchmarkShapes runs the four query shapes of the peer benchmark (bench/queries/) through the
// handler on both backends, over the embedded dataset, with the CPU time per request of this
// process and of the Neo4j server (see benchCall):
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench Shapes -benchmem ./neo4j/
func BenchmarkShapes(b *testing.B) {
	files, err := filepath.Glob("../bench/queries/*.graphql")
	if err != nil || len(files) == 0 {
		b.Fatalf("no queries in ../bench/queries (%v)", err)
	}
	var queries []string
	for _, f := range files {
		q, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		queries = append(queries, string(q))
	}
	benchQuery(b, queries...)
}

// benchQuery loads the embedded dataset into memory and into the test Neo4j and runs each query
// through the handler on each, failing on any error in the response.
func benchQuery(b *testing.B, queries ...string) {
	ds := storetest.Embedded(b)
	mem, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	s := neo4jtest.Open(b)
	if _, err := s.Refresh(b.Context(), ds, neo4j.RefreshOptions{}); err != nil {
		b.Fatal(err)
	}
	cpu := neo4jtest.ServerCPU(b)
	for i, query := range queries {
		body, _ := json.Marshal(map[string]string{"query": query})
		for _, c := range []struct {
			name string
			r    normgraph.Reader
		}{{"memory", mem}, {"neo4j", s}} {
			h := graph.NewHandler(c.r, graph.Options{})
			name := c.name
			if len(queries) > 1 {
				name = fmt.Sprintf("%d/%s", i+1, c.name)
			}
			b.Run(name, func(b *testing.B) {
				benchCall(b, cpu, func() error {
					req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
						return fmt.Errorf("%d %s", rec.Code, rec.Body.String())
					}
					return nil
				})
			})
		}
	}
}
