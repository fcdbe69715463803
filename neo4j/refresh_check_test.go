package neo4j_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

// TestRefreshFindsEditsByHand edits the graph outside the loader, one edit at a time, and
// requires the next refresh of the unchanged dataset to find exactly that edit (the section
// summaries of sections.go, not a comparison of stored digests, which none of these edits
// touch) and to repair it; a same-length text edit, which the summaries cannot see, is found by
// a verifying refresh.
func TestRefreshFindsEditsByHand(t *testing.T) {
	s := neo4jtest.Open(t)
	ds := storetest.Fixture(t)
	ctx := context.Background()
	refresh(t, s, ds, neo4j.RefreshOptions{})
	for _, tc := range []struct {
		name, edit string
		verify     bool
		nodes      map[string]neo4j.Change
		rels       map[string]neo4j.Change
	}{
		{"a title made longer", `MATCH (n:Norm {id: 'alpha/1a'}) SET n.title = n.title + ' (edited)'`, false,
			map[string]neo4j.Change{"Norm": {Updated: 1}}, nil},
		{"a property added", `MATCH (n:Theme) WITH n LIMIT 1 SET n.extra = 'x'`, false,
			map[string]neo4j.Change{"Theme": {Updated: 1}}, nil},
		{"a property removed", `MATCH (n:Initiative {id: 'alpha'}) REMOVE n.name`, false,
			map[string]neo4j.Change{"Initiative": {Updated: 1}}, nil},
		{"a number changed", `MATCH (n:Norm {id: 'alpha/1a'}) SET n.position = n.position + 1`, false,
			map[string]neo4j.Change{"Norm": {Updated: 1}}, nil},
		{"a digest edited", `MATCH (n:Norm {id: 'alpha/1a'}) SET n.ngDigest = 5`, false,
			map[string]neo4j.Change{"Norm": {Updated: 1}}, nil},
		{"a relationship deleted", `MATCH (:Norm {id: 'alpha/1a'})-[r:PART_OF]->() DELETE r`, false,
			nil, map[string]neo4j.Change{"PART_OF": {Created: 1}}},
		{"a relationship moved, properties and digest copied", `MATCH (n:Norm {id: 'alpha/1a'})-[r:PART_OF]->(i)
MATCH (other:Initiative) WHERE other <> i WITH n, r, other LIMIT 1
CREATE (n)-[c:PART_OF]->(other) SET c = properties(r) DELETE r`, false,
			nil, map[string]neo4j.Change{"PART_OF": {Created: 1, Deleted: 1}}},
		{"a node relabelled", `MATCH (n:Theme) WITH n LIMIT 1 REMOVE n:Theme SET n:Source`, false,
			map[string]neo4j.Change{"Theme": {Created: 1}, "Source": {Deleted: 1}}, nil},
		{"a title replaced by one of the same length", `MATCH (n:Norm {id: 'alpha/1a'}) SET n.title = reverse(n.title)`, true,
			map[string]neo4j.Change{"Norm": {Updated: 1}}, nil},
		{"a relationship property changed in value", `MATCH (:Norm {id: 'alpha/1a'})-[r:ADDRESSES]->() SET r.rank = r.rank + 10`, true,
			nil, map[string]neo4j.Change{"ADDRESSES": {Updated: 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.RunWrite(ctx, tc.edit); err != nil {
				t.Fatal(err)
			}
			if tc.verify {
				if rep := refresh(t, s, ds, neo4j.RefreshOptions{DryRun: true}); rep.Changes() != 0 {
					t.Logf("the section summaries found it too: %+v", rep.Nodes) // not promised
				}
			}
			rep := refresh(t, s, ds, neo4j.RefreshOptions{Verify: tc.verify})
			for label, c := range tc.nodes {
				if rep.Nodes[label] != c {
					t.Errorf("%s: %+v, want %+v", label, rep.Nodes[label], c)
				}
			}
			for typ, c := range tc.rels {
				if rep.Relationships[typ] != c {
					t.Errorf("%s: %+v, want %+v", typ, rep.Relationships[typ], c)
				}
			}
			want := 0
			for _, c := range tc.nodes {
				want += c.Created + c.Updated + c.Deleted
			}
			for _, c := range tc.rels {
				want += c.Created + c.Updated + c.Deleted
			}
			// A relabelled node is recreated: its relationships go and come back with it.
			if tc.name != "a node relabelled" && rep.Changes() != want {
				t.Errorf("%d changes, want %d: %+v %+v", rep.Changes(), want, rep.Nodes, rep.Relationships)
			}
			if again := refresh(t, s, ds, neo4j.RefreshOptions{Verify: true}); again.Changes() != 0 {
				t.Errorf("not repaired: %+v %+v", again.Nodes, again.Relationships)
			}
		})
	}
}

// TestRefreshLock races two refreshes: the second starts while the first holds the lock (from
// the first one's progress callback, after its first batch) and is refused with
// ErrRefreshLocked, having written nothing; the first completes, and releases the lock. A lease
// left by a refresh that died is taken over once expired, and refused while it lasts.
func TestRefreshLock(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	old, ds := storetest.Fixture(t), storetest.Embedded(t)
	refresh(t, s, old, neo4j.RefreshOptions{})
	for _, maxTx := range []int{0, 100} { // in place, and as a new generation
		var second error
		var secondRep neo4j.Report
		batches, refused := 0, 0
		rep, err := s.Refresh(ctx, ds, neo4j.RefreshOptions{MaxTxRows: maxTx, BatchSize: 200, Progress: func(neo4j.Progress) error {
			if batches++; batches == 1 {
				secondRep, second = s.Refresh(ctx, old, neo4j.RefreshOptions{})
				if errors.Is(second, normgraph.ErrRefreshLocked) {
					refused++
				}
			}
			return nil
		}})
		if err != nil || rep.Changes() == 0 || rep.Replaced != (maxTx > 0) {
			t.Fatalf("max-tx-rows %d: first refresh: %v, %d changes, replaced %v", maxTx, err, rep.Changes(), rep.Replaced)
		}
		if refused != 1 || secondRep.Changes() != 0 || !strings.Contains(second.Error(), "has held the lock") {
			t.Errorf("max-tx-rows %d: second refresh: %v (%d changes planned)", maxTx, second, secondRep.Changes())
		}
		if !holds(t, s, ds) {
			t.Errorf("max-tx-rows %d: the graph is not the first refresh's dataset", maxTx)
		}
		// The lock was released: the next refresh runs.
		refresh(t, s, old, neo4j.RefreshOptions{})
	}
	dead := `CREATE (:NgLease {id: 'refresh', owner: 'dead', holder: 'pid 1 on elsewhere', since: timestamp() - 120000, expires: timestamp() - 1})`
	if err := s.RunWrite(ctx, dead); err != nil {
		t.Fatal(err)
	}
	if rep := refresh(t, s, ds, neo4j.RefreshOptions{}); rep.Changes() == 0 {
		t.Error("the refresh after an expired lease changed nothing")
	}
	alive := `CREATE (:NgLease {id: 'refresh', owner: 'alive', holder: 'pid 2 on elsewhere', since: timestamp(), expires: timestamp() + 3600000})`
	if err := s.RunWrite(ctx, alive); err != nil {
		t.Fatal(err)
	}
	_, err := s.Refresh(ctx, old, neo4j.RefreshOptions{})
	if !errors.Is(err, normgraph.ErrRefreshLocked) || !strings.Contains(err.Error(), "pid 2 on elsewhere") {
		t.Errorf("refresh under a live lease: %v", err)
	}
	if !holds(t, s, ds) {
		t.Error("a refused refresh changed the graph")
	}
	if err := s.RunWrite(ctx, `MATCH (l:NgLease) DELETE l`); err != nil {
		t.Fatal(err)
	}
}
