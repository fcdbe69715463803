package neo4j_test

import (
	"context"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

// TestWithFields: a list read under normgraph.WithFields fills the ids and the fields named,
// as a full read does, and leaves the others empty (the Neo4j store does not read them).
func TestWithFields(t *testing.T) {
	s := neo4jtest.Open(t)
	ds := storetest.Fixture(t)
	refresh(t, s, ds, neo4j.RefreshOptions{})
	ctx := context.Background()
	var ids []string
	for _, in := range ds.Initiatives {
		ids = append(ids, in.ID)
	}
	page := normgraph.Page{Limit: 100}
	full, err := s.NormsOfInitiatives(ctx, ids, page)
	if err != nil {
		t.Fatal(err)
	}
	some, err := s.NormsOfInitiatives(normgraph.WithFields(ctx, "Title", "ThemeIDs"), ids, page)
	if err != nil {
		t.Fatal(err)
	}
	var normIDs []string
	n := 0
	for i := range full {
		if len(some[i].Items) != len(full[i].Items) || some[i].Total != full[i].Total {
			t.Fatalf("%s: %d of %d norms with fields, %d of %d without", ids[i], len(some[i].Items), some[i].Total,
				len(full[i].Items), full[i].Total)
		}
		for j, f := range full[i].Items {
			g := some[i].Items[j]
			normIDs = append(normIDs, f.ID)
			n++
			if g.ID != f.ID || g.Title != f.Title || len(g.ThemeIDs) != len(f.ThemeIDs) {
				t.Errorf("%s: with fields %+v, without %+v", f.ID, g, f)
			}
			if g.Code != "" || g.InitiativeID != "" || g.Summary != "" || g.Quote != nil || g.SourceIDs != nil || g.Position != 0 {
				t.Errorf("%s: fields not asked for are filled: %+v", f.ID, g)
			}
			if f.Code == "" || f.InitiativeID == "" || f.SourceIDs == nil {
				t.Errorf("%s: a full read lacks fields: %+v", f.ID, f)
			}
		}
	}
	if n == 0 {
		t.Fatal("the fixture's initiatives have no norms")
	}

	fullC, err := s.CorrespondencesOfNorms(ctx, normIDs)
	if err != nil {
		t.Fatal(err)
	}
	ends, err := s.CorrespondencesOfNorms(normgraph.WithFields(ctx), normIDs)
	if err != nil {
		t.Fatal(err)
	}
	m := 0
	for i := range fullC {
		if len(ends[i]) != len(fullC[i]) {
			t.Fatalf("%s: %d correspondences with no fields, %d with all", normIDs[i], len(ends[i]), len(fullC[i]))
		}
		for j, f := range fullC[i] {
			g := ends[i][j]
			m++
			if g.FromID != f.FromID || g.ToID != f.ToID {
				t.Errorf("%s: ends %s→%s, want %s→%s", normIDs[i], g.FromID, g.ToID, f.FromID, f.ToID)
			}
			if g.Kind != "" || g.Basis != "" || g.Rationale != "" || g.SourceIDs != nil {
				t.Errorf("%s: fields not asked for are filled: %+v", normIDs[i], g)
			}
			if f.Kind == "" {
				t.Errorf("%s: a full read has no kind: %+v", normIDs[i], f)
			}
		}
	}
	if m == 0 {
		t.Fatal("the fixture's norms have no correspondences")
	}
}

// TestReadRetriedAfterLostConnection: a read whose pooled connection the server has closed
// fails as an auto-commit transaction with a retryable error, runs again as a managed one on a
// new connection, and answers; the store counts it.
func TestReadRetriedAfterLostConnection(t *testing.T) {
	s := neo4jtest.Open(t)
	refresh(t, s, storetest.Fixture(t), neo4j.RefreshOptions{})
	ctx := context.Background()
	if _, err := s.Nodes(ctx, []string{"alpha/1a"}); err != nil { // a connection in the pool
		t.Fatal(err)
	}
	killer, err := neo4j.Open(neo4jtest.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)
	killed, err := killer.KillOtherConnections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if killed == 0 {
		t.Fatal("no connection to kill")
	}
	before := s.Retried()
	nodes, err := s.Nodes(ctx, []string{"alpha/1a"})
	if err != nil || nodes[0] == nil {
		t.Fatalf("read after the connection was closed: %v, %v", nodes, err)
	}
	if got := s.Retried() - before; got != 1 {
		t.Errorf("%d reads retried as managed transactions, want 1", got)
	}
}
