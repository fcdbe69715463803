package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
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
// handler over the embedded dataset in memory, with the fast executor (fast) and with gqlgen's
// alone (gqlgen), reporting CPU time per request besides time and allocations:
//
//	go test -run '^$' -bench Shapes -benchmem ./graph/
func BenchmarkShapes(b *testing.B) {
	ds := storetest.Embedded(b)
	mem, err := memory.New(ds)
	if err != nil {
		b.Fatal(err)
	}
	// The memory store builds its full-text index in the background; a search waits for it, so
	// that its allocations are not counted against whichever shape runs first (or alone).
	if _, err := mem.Search(context.Background(), "norm", nil, normgraph.Page{Limit: 1}); err != nil {
		b.Fatal(err)
	}
	handlers := []struct {
		name string
		h    http.Handler
	}{
		{"fast", graph.NewHandler(mem, graph.Options{})},
		{"gqlgen", graph.NewHandler(mem, graph.Options{GQLGenOnly: true})},
	}
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
		for _, hh := range handlers {
			h := hh.h
			b.Run(strings.TrimSuffix(filepath.Base(f), ".graphql")+"/"+hh.name, func(b *testing.B) {
				b.ReportAllocs()
				start := cpuTime()
				for b.Loop() {
					req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					var w headWriter
					h.ServeHTTP(&w, req)
					if w.code != http.StatusOK || w.n < 100 || !bytes.HasPrefix(w.head, []byte(`{"data":{`)) {
						b.Fatalf("%d %d bytes: %s", w.code, w.n, w.head)
					}
				}
				b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}

// headWriter is a ResponseWriter that keeps the status, the body's length and its first bytes
// only, as a network connection would cost the server nothing more: the benchmark measures the
// handler's allocations, not a recorder's growing copy of the body.
type headWriter struct {
	header http.Header
	code   int
	n      int
	head   []byte
}

func (w *headWriter) Header() http.Header {
	if w.header == nil {
		w.header = http.Header{}
	}
	return w.header
}

func (w *headWriter) WriteHeader(code int) { w.code = code }

func (w *headWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	if len(w.head) < 64 {
		w.head = append(w.head, b[:min(len(b), 64-len(w.head))]...)
	}
	w.n += len(b)
	return len(b), nil
}
