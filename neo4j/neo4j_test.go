package neo4j_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

func refresh(t *testing.T, s *neo4j.Store, ds *normgraph.Dataset, opts neo4j.RefreshOptions) neo4j.Report {
	t.Helper()
	rep, err := s.Refresh(context.Background(), ds, opts)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	return rep
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, ds *normgraph.Dataset) normgraph.Reader {
		s := neo4jtest.Open(t)
		refresh(t, s, ds, neo4j.RefreshOptions{})
		return s
	})
}

// gqlPost runs a query through the real GraphQL handler and returns the raw response body.
func gqlPost(t testing.TB, h http.Handler, query string) []byte {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK && rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// TestSameResponses runs a fixed set of GraphQL queries against both backends over the same
// dataset and requires byte-identical responses: the graph package's golden queries over the
// fixture, and testdata/parity over the embedded dataset.
func TestSameResponses(t *testing.T) {
	s := neo4jtest.Open(t)
	for _, tc := range []struct {
		name    string
		ds      *normgraph.Dataset
		queries string
	}{
		{"fixture", storetest.Fixture(t), "../graph/testdata/queries/*.graphql"},
		{"embedded", storetest.Embedded(t), "testdata/parity/*.graphql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			refresh(t, s, tc.ds, neo4j.RefreshOptions{})
			mem, err := memory.New(tc.ds)
			if err != nil {
				t.Fatal(err)
			}
			hm := graph.NewHandler(mem, graph.Options{})
			hn := graph.NewHandler(s, graph.Options{})
			files, _ := filepath.Glob(tc.queries)
			if len(files) < 5 {
				t.Fatalf("only %d queries in %s", len(files), tc.queries)
			}
			for _, f := range files {
				q, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				want, got := gqlPost(t, hm, string(q)), gqlPost(t, hn, string(q))
				if !bytes.Equal(got, want) {
					t.Errorf("%s: responses differ\n memory: %s\n neo4j:  %s", filepath.Base(f), want, got)
				}
				if bytes.Contains(want, []byte(`"INTERNAL"`)) {
					t.Errorf("%s: internal error: %s", filepath.Base(f), want)
				}
			}
		})
	}
}

// TestStatementsPerLevel runs the query shapes of storetest.Shapes over the embedded dataset
// and requires exactly the Cypher statements the shape lists (Shape.Statements): one per
// backend call the memory store's counting test asserts (one per relationship and nesting
// level), except the calls read ahead inside a root list's statement, for 5 parent rows as for
// 100.
func TestStatementsPerLevel(t *testing.T) {
	s := neo4jtest.Open(t)
	refresh(t, s, storetest.Embedded(t), neo4j.RefreshOptions{})
	h := graph.NewHandler(s, graph.Options{})
	for _, shape := range storetest.Shapes {
		want := int64(len(strings.Fields(shape.Statements())))
		for _, n := range []int{5, 100} {
			before := s.Statements()
			body := gqlPost(t, h, shape.For(n))
			if bytes.Contains(body, []byte(`"errors"`)) {
				t.Fatalf("%s, first=%d: %s", shape.Name, n, body)
			}
			if got := s.Statements() - before; got != want {
				t.Errorf("%s, first=%d: %d statements, want %d (%s)", shape.Name, n, got, want, shape.Statements())
			}
		}
	}
}

func countNodes(t *testing.T, s *neo4j.Store) map[string]int {
	t.Helper()
	ctx := context.Background()
	out := map[string]int{}
	inits, err := s.Initiatives(ctx, normgraph.InitiativeFilter{}, normgraph.Page{Limit: 0})
	if err != nil {
		t.Fatal(err)
	}
	norms, err := s.Norms(ctx, normgraph.NormFilter{}, normgraph.Page{Limit: 0})
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := s.Sources(ctx, normgraph.Page{Limit: 0})
	if err != nil {
		t.Fatal(err)
	}
	out["Initiative"], out["Norm"], out["Source"] = inits.Total, norms.Total, srcs.Total
	return out
}

func TestRefreshIdempotentAndDryRun(t *testing.T) {
	s := neo4jtest.Open(t)
	ds := storetest.Fixture(t)

	dry := refresh(t, s, ds, neo4j.RefreshOptions{DryRun: true})
	if !dry.DryRun || dry.Nodes["Norm"].Created != 5 || dry.Relationships["CITES"].Created == 0 {
		t.Errorf("dry run report: %+v", dry)
	}
	if got := countNodes(t, s); got["Norm"] != 0 {
		t.Fatalf("dry run wrote: %v", got)
	}

	first := refresh(t, s, ds, neo4j.RefreshOptions{})
	want := map[string]neo4j.Change{"Source": {Created: 7}, "Category": {Created: 3}, "Theme": {Created: 4},
		"Initiative": {Created: 3}, "Norm": {Created: 5}, "Actor": {Created: 5},
		"Incident": {Created: 2}, "Attribution": {Created: 4}, "Implementation": {Created: 2}}
	for label, c := range want {
		if first.Nodes[label] != c {
			t.Errorf("first load %s: %+v, want %+v", label, first.Nodes[label], c)
		}
	}
	if first.Relationships["PART_OF"].Created != 5 || first.Relationships["CORRESPONDS_TO"].Created != 2 ||
		first.Relationships["PARTICIPATES_IN"].Created != 5+3 || first.Relationships["MEMBER_OF"].Created != 3 ||
		first.Relationships["BUILDS_ON"].Created != 1 || first.Relationships["ATTRIBUTED_BY"].Created != 5 ||
		first.Relationships["BLAMES"].Created != 4 || first.Relationships["CONCERNS"].Created != 5 ||
		first.Relationships["INVOKES"].Created != 4 || first.Relationships["TARGETS"].Created != 2 ||
		first.Relationships["IMPLEMENTED_BY"].Created != 2 || first.Relationships["COVERS"].Created != 3 {
		t.Errorf("first load relationships: %+v", first.Relationships)
	}

	second := refresh(t, s, ds, neo4j.RefreshOptions{})
	if second.Changes() != 0 {
		t.Errorf("second load changed %d things: %+v %+v", second.Changes(), second.Nodes, second.Relationships)
	}
	// It only read: the list of indexes (all there: no schema statement), the section summaries
	// of the nodes and of the relationships (all equal: nothing read back), and it took the
	// refresh lock (released after the report is made).
	if reads := int64(1 + 1 + 2); second.Statements != reads {
		t.Errorf("second load ran %d statements, want %d (no writes)", second.Statements, reads)
	}
}

func TestRefreshUpdatesAndDeletes(t *testing.T) {
	s := neo4jtest.Open(t)
	refresh(t, s, storetest.Fixture(t), neo4j.RefreshOptions{})

	ds := storetest.Fixture(t)
	ds.Norms[0].Summary = "A changed summary."
	ds.Norms[2].ThemeIDs = ds.Norms[2].ThemeIDs[:1] // alpha/1b loses capacity-building
	ds.Correspondences = ds.Correspondences[:1]
	ds.Actors = ds.Actors[:4]                   // example-corp leaves, with its participation
	ds.Implementations = ds.Implementations[:1] // and its implementation evidence
	ds.Participations = append(ds.Participations[:1], ds.Participations[2:]...)
	rep := refresh(t, s, ds, neo4j.RefreshOptions{})
	if rep.Nodes["Norm"] != (neo4j.Change{Updated: 2}) {
		t.Errorf("Norm: %+v, want 2 updated (summary, themeIds)", rep.Nodes["Norm"])
	}
	// The actors left behind are updated too: their overlap rarity weights (stored on them for
	// the evidence, see neo4j/overlap.go) depend on who else participates.
	if rep.Nodes["Actor"] != (neo4j.Change{Deleted: 1, Updated: 3}) {
		t.Errorf("Actor: %+v, want 1 deleted, 3 updated (rarity weights)", rep.Nodes["Actor"])
	}
	if rep.Nodes["Implementation"] != (neo4j.Change{Deleted: 1}) {
		t.Errorf("Implementation: %+v, want 1 deleted", rep.Nodes["Implementation"])
	}
	for typ, want := range map[string]neo4j.Change{"ADDRESSES": {Deleted: 1}, "CORRESPONDS_TO": {Deleted: 1},
		"PARTICIPATES_IN": {Deleted: 1}, "CITES": {Deleted: 2}, "IMPLEMENTED_BY": {Deleted: 1}, "COVERS": {Deleted: 1}} {
		if rep.Relationships[typ] != want {
			t.Errorf("%s: %+v, want %+v", typ, rep.Relationships[typ], want)
		}
	}
	ctx := context.Background()
	nodes, err := s.Nodes(ctx, []string{"alpha/1a", "example-corp"})
	if err != nil {
		t.Fatal(err)
	}
	if n := nodes[0].(*normgraph.Norm); n.Summary != "A changed summary." || nodes[1] != nil {
		t.Errorf("after refresh: %+v, %v", nodes[0], nodes[1])
	}
	if again := refresh(t, s, ds, neo4j.RefreshOptions{}); again.Changes() != 0 {
		t.Errorf("refresh after update not idempotent: %+v", again)
	}
}

// TestRefreshAtomic aborts a refresh part-way (after its first written batch) and requires the
// previous graph to be intact and queryable.
func TestRefreshAtomic(t *testing.T) {
	s := neo4jtest.Open(t)
	old := storetest.Fixture(t)
	refresh(t, s, old, neo4j.RefreshOptions{})
	before := countNodes(t, s)

	ds := storetest.Embedded(t)
	boom := errors.New("injected failure")
	batches := 0
	_, err := s.Refresh(context.Background(), ds, neo4j.RefreshOptions{BatchSize: 50, Progress: func(p neo4j.Progress) error {
		batches++
		if batches == 3 {
			return boom
		}
		return nil
	}})
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("refresh error %v, want the injected failure", err)
	}
	if got := countNodes(t, s); !equalCounts(got, before) {
		t.Errorf("after a failed refresh: %v, want the previous %v", got, before)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err = s.Refresh(ctx, ds, neo4j.RefreshOptions{BatchSize: 50, Progress: func(p neo4j.Progress) error {
		cancel()
		return nil
	}})
	if err == nil {
		t.Fatal("a canceled refresh reported success")
	}
	if got := countNodes(t, s); !equalCounts(got, before) {
		t.Errorf("after a canceled refresh: %v, want the previous %v", got, before)
	}
	if again := refresh(t, s, old, neo4j.RefreshOptions{}); again.Changes() != 0 {
		t.Errorf("the previous graph changed: %+v", again)
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func TestUnreachableAndBadCredentials(t *testing.T) {
	cfg := neo4jtest.Config(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	bad := cfg
	bad.Password = "wrong-password-" + cfg.Password
	s, err := neo4j.Open(bad)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	err = s.Ping(ctx)
	if normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE || !strings.Contains(err.Error(), "refused the credentials") {
		t.Errorf("bad credentials: %v (code %s)", err, normgraph.ErrorCode(err))
	}
	if err != nil && strings.Contains(err.Error(), bad.Password) {
		t.Errorf("the error shows the password: %v", err)
	}

	down := neo4j.Config{URI: "bolt://127.0.0.1:1", Username: "neo4j", Password: "secret-pw"}
	s2, err := neo4j.Open(down)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close(ctx)
	err = s2.Ping(ctx)
	if normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE || strings.Contains(err.Error(), "secret-pw") {
		t.Errorf("unreachable: %v (code %s)", err, normgraph.ErrorCode(err))
	}
	// Clients and /readyz get the general reason; the address goes to the log only.
	if !errors.Is(err, normgraph.ErrUnreachable) || strings.Contains(err.Error(), "127.0.0.1:1") ||
		!strings.Contains(normgraph.ErrorDetail(err), "bolt://127.0.0.1:1") || strings.Contains(normgraph.ErrorDetail(err), "secret-pw") {
		t.Errorf("unreachable: message %q, detail %q", err, normgraph.ErrorDetail(err))
	}
	rctx, rcancel := context.WithTimeout(ctx, 3*time.Second)
	defer rcancel()
	_, err = s2.Nodes(rctx, []string{"x"})
	if normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE {
		t.Errorf("read from an unreachable server: %v", err)
	}
}

// TestRoutingScheme reads through a neo4j:// (routing) URI as well as bolt://.
func TestRoutingScheme(t *testing.T) {
	cfg := neo4jtest.Config(t)
	if !strings.HasPrefix(cfg.URI, "bolt://") {
		t.Skipf("NEO4J_URI %s is not a bolt:// URI", cfg.RedactedURI())
	}
	s := neo4jtest.Open(t)
	refresh(t, s, storetest.Fixture(t), neo4j.RefreshOptions{})
	cfg.URI = "neo4j://" + strings.TrimPrefix(cfg.URI, "bolt://")
	r, err := neo4j.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(context.Background())
	nodes, err := r.Nodes(context.Background(), []string{"alpha/1a"})
	if err != nil || nodes[0] == nil || nodes[0].NodeID() != "alpha/1a" {
		t.Fatalf("read through %s: %v, %v", cfg.RedactedURI(), nodes, err)
	}
}

// TestSearchSameTopResults requires the full-text search of both backends (bleve in memory,
// Lucene in Neo4j, the same analyzer) to rank the same top results for the test queries.
func TestSearchSameTopResults(t *testing.T) {
	s := neo4jtest.Open(t)
	ds := storetest.Embedded(t)
	refresh(t, s, ds, neo4j.RefreshOptions{})
	mem, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	top := func(r normgraph.Reader, q string, types []normgraph.NodeType) []string {
		l, err := r.Search(ctx, q, types, normgraph.Page{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range l.Items {
			ids = append(ids, h.Node.NodeID())
		}
		return ids
	}
	norms := []normgraph.NodeType{normgraph.TypeNorm}
	for _, tc := range []struct {
		q     string
		types []normgraph.NodeType
	}{
		{"hack back", nil}, {"public core", norms}, {"electoral", norms}, {"supply chain", norms},
		{"intellectual property", norms}, {"Budapest Convention", []normgraph.NodeType{normgraph.TypeInitiative}},
		{"botnets", norms}, {"Christchurch", []normgraph.NodeType{normgraph.TypeInitiative}},
	} {
		m, n := top(mem, tc.q, tc.types), top(s, tc.q, tc.types)
		t.Logf("%q: memory %v, neo4j %v", tc.q, m, n)
		if len(m) == 0 || !slices.Equal(m[:1], n[:min(1, len(n))]) {
			t.Errorf("%q: top result differs: memory %v, neo4j %v", tc.q, m, n)
		}
		shared := 0
		for _, id := range m {
			if slices.Contains(n, id) {
				shared++
			}
		}
		if shared < min(2, len(m)) || len(m) != len(n) {
			t.Errorf("%q: top three differ beyond a near-tie: memory %v, neo4j %v", tc.q, m, n)
		}
	}
}
