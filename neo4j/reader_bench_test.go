package neo4j_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

// BenchmarkReader replays, one sub-benchmark per call, the Reader calls the GraphQL handler
// makes for each query shape of the peer benchmark (bench/queries/), with the same arguments
// and context (texts wanted or not), over the embedded dataset in Neo4j. Beside the Go side's
// time and allocations (decoding included), it reports the Neo4j server's CPU time per call
// (neo4j-cpu-ms/op), when the server runs on this machine. The calls of shapes 2–4 also run
// as ".../fields", under normgraph.WithFields naming only the fields the shape's query needs
// (projectedFields), which the GraphQL layer does not set yet:
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench Reader -benchmem ./neo4j/
func BenchmarkReader(b *testing.B) {
	s := neo4jtest.Open(b)
	if _, err := s.Refresh(b.Context(), storetest.Embedded(b), neo4j.RefreshOptions{}); err != nil {
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
			name := fmt.Sprintf("%s/%d-%s", shape, i+1, c.name)
			fields, project := projectedFields[shape+"/"+c.name]
			variants := []string{""}
			if project {
				variants = append(variants, "/fields")
			}
			for _, v := range variants {
				b.Run(name+v, func(b *testing.B) {
					ctx := b.Context()
					if v != "" {
						ctx = normgraph.WithFields(ctx, fields...)
					}
					benchCall(b, cpu, func() error { return c.run(ctx, s) })
				})
			}
		}
	}
	// A short page of a long list: the statements read the columns of that page only.
	ctx := normgraph.WithoutTexts(b.Context())
	all, err := s.Initiatives(ctx, normgraph.InitiativeFilter{}, normgraph.Page{Limit: 1000})
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for _, in := range all.Items {
		ids = append(ids, in.ID)
	}
	page := normgraph.Page{Limit: 5}
	b.Run("page/Initiatives-first-5", func(b *testing.B) {
		benchCall(b, cpu, func() error { _, err := s.Initiatives(ctx, normgraph.InitiativeFilter{}, page); return err })
	})
	b.Run("page/NormsOfInitiatives-first-5", func(b *testing.B) {
		benchCall(b, cpu, func() error { _, err := s.NormsOfInitiatives(ctx, ids, page); return err })
	})
}

// projectedFields are the fields of what each call returns that the query of a shape needs:
// the fields it selects and the ids the GraphQL layer reads relations and references by.
var projectedFields = map[string][]string{
	"2/Initiatives": {}, "2/NormsOfInitiatives": {"Title"},
	"3/Initiatives": {}, "3/NormsOfInitiatives": {"ThemeIDs"}, "3/CorrespondencesOfNorms": {},
	"4/Norms": {"Title", "InitiativeID"},
}

// benchCall runs call b.N times and reports the CPU time per call of this process
// (go-cpu-ms/op: the driver and the decoding, garbage collection included) and, when cpu reads
// it, of the Neo4j server (neo4j-cpu-ms/op).
func benchCall(b *testing.B, cpu func() time.Duration, call func() error) {
	var db0 time.Duration
	if cpu != nil {
		db0 = cpu()
	}
	own0 := processCPU(b)
	for b.Loop() {
		if err := call(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU(b)-own0)/float64(time.Millisecond)/float64(b.N), "go-cpu-ms/op")
	if cpu != nil {
		b.ReportMetric(float64(cpu()-db0)/float64(time.Millisecond)/float64(b.N), "neo4j-cpu-ms/op")
	}
}

// processCPU is the CPU time (user + system) this process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// BenchmarkTransactionMode compares the fixed cost of a read statement in a managed read
// transaction (BEGIN, RUN, PULL, COMMIT, with the driver's retries), in an auto-commit one (RUN,
// PULL) and as the store runs it (auto-commit with ExecuteQuery's bookmark manager, falling
// back to a managed transaction on retryable errors):
//
//	scripts/neo4j.sh run -- go test -run '^$' -bench TransactionMode -benchmem ./neo4j/
func BenchmarkTransactionMode(b *testing.B) {
	s := neo4jtest.Open(b)
	cpu := neo4jtest.ServerCPU(b)
	for _, mode := range []struct {
		name string
		run  func(ctx context.Context, cypher string) error
	}{{"managed", s.ReadManaged}, {"autocommit", s.ReadAutoCommit}, {"store", s.ReadQuery}} {
		b.Run(mode.name, func(b *testing.B) {
			benchCall(b, cpu, func() error { return mode.run(b.Context(), "RETURN 1 AS ok") })
		})
	}
}
