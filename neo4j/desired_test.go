package neo4j

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/normgraph/normgraph/storetest"
)

// BenchmarkDesired measures what the loader computes before it talks to Neo4j (every node and
// relationship with its properties and digest, overlaps included) at 1, 10 and 100 times the
// embedded dataset; heap-MB is the live heap once it is built, which grows linearly:
//
//	go test -run '^$' -bench Desired -benchtime 1x ./neo4j/
func BenchmarkDesired(b *testing.B) {
	ds := storetest.Embedded(b)
	for _, n := range []int{1, 10, 100} {
		scaled := storetest.Scale(ds, n)
		b.Run(fmt.Sprintf("x%d", n), func(b *testing.B) {
			var nodes, rels map[string]row
			for b.Loop() {
				nodes, rels = desired(scaled)
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
			b.ReportMetric(float64(len(nodes)), "nodes")
			b.ReportMetric(float64(len(rels)), "rels")
			var overlapBytes, otherBytes int
			for _, r := range rels {
				if r.label == relOverlaps {
					overlapBytes += r.size
				} else {
					otherBytes += r.size
				}
			}
			for _, r := range nodes {
				otherBytes += r.size
			}
			b.ReportMetric(float64(overlapBytes)/(1<<20), "overlap-prop-MB")
			b.ReportMetric(float64(otherBytes)/(1<<20), "other-prop-MB")
		})
	}
}
