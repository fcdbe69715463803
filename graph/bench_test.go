package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/memory"
)

// cpuTime returns the CPU time the process has used (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkShapes runs the query shapes of the peer benchmark (bench/queries) through the
// handler over the embedded dataset in memory, reporting CPU time per request besides time and
// allocations:
//
//	go test -run '^$' -bench Shapes -benchmem ./graph/
func BenchmarkShapes(b *testing.B) {
	ds, err := loader.Load(data.FS)
	if err != nil {
		b.Fatal(err)
	}
	mem, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	h := graph.NewHandler(mem, graph.Options{})
	files, _ := filepath.Glob("../bench/queries/*.graphql")
	if len(files) < 4 {
		b.Fatalf("only %d queries in bench/queries", len(files))
	}
	for _, f := range files {
		q, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := json.Marshal(map[string]string{"query": string(q)})
		b.Run(strings.TrimSuffix(filepath.Base(f), ".graphql"), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body.String())
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}
