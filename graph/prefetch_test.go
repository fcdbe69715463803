package graph_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// TestCallsPerLevel counts the backend calls of each query shape over the embedded dataset in
// memory: one call per relationship and nesting level, in level order, the same for 5 parent
// rows as for 100, and the same when many requests run at once (no timing involved).
func TestCallsPerLevel(t *testing.T) {
	ds := storetest.Embedded(t)
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range storetest.Shapes {
		t.Run(s.Name, func(t *testing.T) {
			ids := map[int]int{}
			for _, n := range []int{5, 100} {
				c := storetest.NewCounting(mem)
				srv := newServerFor(t, c, graph.Options{})
				_, body := post(t, srv, s.For(n))
				if bytes.Contains(body, []byte(`"errors"`)) {
					t.Fatalf("first=%d: %s", n, body)
				}
				if got := c.Calls(); got != s.Calls {
					t.Errorf("first=%d: calls %q, want %q", n, got, s.Calls)
				}
				ids[n] = bytes.Count(body, []byte(`"id"`)) + bytes.Count(body, []byte(`"name"`))
			}
			if ids[100] <= ids[5] && strings.Contains(s.Query, "first: %d)") && s.Name != "initiative by id" {
				t.Errorf("100 parent rows answered no more than 5 (%d vs %d ids and names)", ids[100], ids[5])
			}
			// Concurrent requests: each request's calls are its own and the same.
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					c := storetest.NewCounting(mem)
					srv := newServerFor(t, c, graph.Options{})
					post(t, srv, s.For(100))
					if got := c.Calls(); got != s.Calls {
						t.Errorf("concurrent: calls %q, want %q", got, s.Calls)
					}
				})
			}
			wg.Wait()
		})
	}
}
