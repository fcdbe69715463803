package neo4j_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
)

// BenchmarkReader replays, one sub-benchmark per call, the Reader calls the GraphQL handler
// makes for each query shape of the peer benchmark (bench/queries/), with the same arguments
// and context (texts wanted or not), over the embedded dataset in Neo4j. Beside the Go side's
// time and allocations (decoding included), it reports the Neo4j server's CPU time per call
// (neo4j-cpu-ms/op), when the server runs on this machine:
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench Reader -benchmem ./neo4j/
func BenchmarkReader(b *testing.B) {
	s := neo4jtest.Open(b)
	if _, err := s.Refresh(b.Context(), embedded(b), neo4j.RefreshOptions{}); err != nil {
		b.Fatal(err)
	}
	cpu := neo4jtest.ServerCPU(b)
	files, err := filepath.Glob("../bench/queries/*.graphql")
	if err != nil || len(files) == 0 {
		b.Fatalf("no queries in ../bench/queries (%v)", err)
	}
	for _, f := range files {
		q, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		rec := &recorder{Reader: s}
		gqlPost(b, graph.NewHandler(rec, graph.Options{}), string(q))
		shape, _, _ := strings.Cut(filepath.Base(f), "-")
		for i, c := range rec.calls {
			b.Run(fmt.Sprintf("%s/%d-%s", shape, i+1, c.name), func(b *testing.B) {
				var used time.Duration
				for b.Loop() {
					var before time.Duration
					if cpu != nil {
						before = cpu()
					}
					if err := c.run(b.Context(), s); err != nil {
						b.Fatal(err)
					}
					if cpu != nil {
						used += cpu() - before
					}
				}
				if cpu != nil {
					b.ReportMetric(float64(used)/float64(time.Millisecond)/float64(b.N), "neo4j-cpu-ms/op")
				}
			})
		}
	}
}

// recorder is a Reader that remembers the calls the benchmarked query shapes make, with their
// arguments and whether they want long texts, to replay them.
type recorder struct {
	normgraph.Reader
	calls []recorded
}

type recorded struct {
	name string
	run  func(ctx context.Context, r normgraph.Reader) error
}

func (r *recorder) add(ctx context.Context, name string, run func(ctx context.Context, r normgraph.Reader) error) {
	texts := normgraph.TextsWanted(ctx)
	r.calls = append(r.calls, recorded{name, func(ctx context.Context, rd normgraph.Reader) error {
		if !texts {
			ctx = normgraph.WithoutTexts(ctx)
		}
		return run(ctx, rd)
	}})
}

func (r *recorder) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	r.add(ctx, "Nodes", func(ctx context.Context, rd normgraph.Reader) error { _, err := rd.Nodes(ctx, ids); return err })
	return r.Reader.Nodes(ctx, ids)
}

func (r *recorder) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	r.add(ctx, "Initiatives", func(ctx context.Context, rd normgraph.Reader) error { _, err := rd.Initiatives(ctx, f, p); return err })
	return r.Reader.Initiatives(ctx, f, p)
}

func (r *recorder) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	r.add(ctx, "Norms", func(ctx context.Context, rd normgraph.Reader) error { _, err := rd.Norms(ctx, f, p); return err })
	return r.Reader.Norms(ctx, f, p)
}

func (r *recorder) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	r.add(ctx, "NormsOfInitiatives", func(ctx context.Context, rd normgraph.Reader) error {
		_, err := rd.NormsOfInitiatives(ctx, ids, p)
		return err
	})
	return r.Reader.NormsOfInitiatives(ctx, ids, p)
}

func (r *recorder) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	r.add(ctx, "CorrespondencesOfNorms", func(ctx context.Context, rd normgraph.Reader) error {
		_, err := rd.CorrespondencesOfNorms(ctx, ids)
		return err
	})
	return r.Reader.CorrespondencesOfNorms(ctx, ids)
}
