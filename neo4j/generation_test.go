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

// holds reports whether the graph is exactly the dataset: a dry run finds nothing to change.
func holds(t *testing.T, s *neo4j.Store, ds *normgraph.Dataset) bool {
	t.Helper()
	rep, err := s.Refresh(context.Background(), ds, neo4j.RefreshOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep.Changes() == 0
}

func leftovers(t *testing.T, s *neo4j.Store) int64 {
	t.Helper()
	n, err := s.Leftovers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRefreshReplace: more changes than MaxTxRows are written as a new generation and
// switched to; the report is the same as the in-place plan's, and nothing is left behind.
func TestRefreshReplace(t *testing.T) {
	s := neo4jtest.Open(t)
	old, ds := storetest.Fixture(t), storetest.Embedded(t)
	refresh(t, s, old, neo4j.RefreshOptions{})
	dry := refresh(t, s, ds, neo4j.RefreshOptions{DryRun: true})
	rep := refresh(t, s, ds, neo4j.RefreshOptions{MaxTxRows: 100, BatchSize: 500})
	if !rep.Replaced || dry.Replaced {
		t.Errorf("replaced: %v (dry run %v), want true with %d changes above 100", rep.Replaced, dry.Replaced, rep.Changes())
	}
	if rep.Changes() != dry.Changes() || rep.Nodes["Norm"] != dry.Nodes["Norm"] || rep.Relationships["OVERLAPS"] != dry.Relationships["OVERLAPS"] {
		t.Errorf("report %+v differs from the plan %+v", rep, dry)
	}
	if !holds(t, s, ds) || leftovers(t, s) != 0 {
		t.Fatalf("after the replacement: holds %v, %d leftover nodes", holds(t, s, ds), leftovers(t, s))
	}
	back := refresh(t, s, old, neo4j.RefreshOptions{MaxTxRows: 10})
	if !back.Replaced || !holds(t, s, old) {
		t.Errorf("back to the fixture: replaced %v, holds %v", back.Replaced, holds(t, s, old))
	}
}

// TestRefreshReplaceAborted aborts a replacement at each of its phases: before the switch the
// previous graph stays, whole, with the abandoned generation invisible beside it; after the
// switch the new one is served. The next refresh that writes deletes what was left behind.
func TestRefreshReplaceAborted(t *testing.T) {
	s := neo4jtest.Open(t)
	old, ds := storetest.Fixture(t), storetest.Embedded(t)
	refresh(t, s, old, neo4j.RefreshOptions{})
	boom := errors.New("injected failure")
	for _, tc := range []struct {
		phase   string
		wantNew bool
	}{{"stage Norm", false}, {"stage PARTICIPATES_IN", false}, {"switch", false}, {"drop NgRetired", true}} {
		t.Run(tc.phase, func(t *testing.T) {
			_, err := s.Refresh(context.Background(), ds, neo4j.RefreshOptions{MaxTxRows: 100, BatchSize: 100,
				Progress: func(p neo4j.Progress) error {
					if p.Phase == tc.phase {
						return boom
					}
					return nil
				}})
			if tc.wantNew {
				if err != nil || !holds(t, s, ds) {
					t.Fatalf("aborted after the switch: %v; holds the new dataset: %v", err, holds(t, s, ds))
				}
				if leftovers(t, s) == 0 {
					t.Errorf("no retired generation left behind: the abort came too late to test anything")
				}
			} else {
				if err == nil || !strings.Contains(err.Error(), "injected failure") {
					t.Fatalf("refresh error %v, want the injected failure", err)
				}
				if !holds(t, s, old) {
					t.Fatal("the previous graph changed")
				}
				if got := countNodes(t, s); got["Norm"] != len(old.Norms) || got["Initiative"] != len(old.Initiatives) {
					t.Errorf("readers see %v, want the previous graph's counts", got)
				}
				if leftovers(t, s) == 0 {
					t.Errorf("no staged generation left behind: the abort came too early to test anything")
				}
			}
			// Back to the previous dataset in place: it deletes what was left behind.
			if tc.wantNew {
				refresh(t, s, old, neo4j.RefreshOptions{})
			} else {
				changed := *old.Norms[0]
				changed.Summary = "A changed summary."
				edited := *old
				edited.Norms = append([]*normgraph.Norm{&changed}, old.Norms[1:]...)
				if rep := refresh(t, s, &edited, neo4j.RefreshOptions{}); rep.Replaced || rep.Changes() != 1 {
					t.Errorf("a one-norm change: %+v", rep)
				}
				refresh(t, s, old, neo4j.RefreshOptions{})
			}
			if n := leftovers(t, s); n != 0 || !holds(t, s, old) {
				t.Errorf("after the next refresh: %d leftover nodes; holds the previous dataset: %v", n, holds(t, s, old))
			}
		})
	}
}

// TestRefreshConstraintViolation: a node normgraph did not write holds the id of a norm the
// refresh creates. The refresh fails once (no blind retry: no batch is reported twice), says it
// is a constraint, not "cannot be reached", and leaves the previous graph.
func TestRefreshConstraintViolation(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	old := storetest.Fixture(t)
	refresh(t, s, old, neo4j.RefreshOptions{})
	if err := s.RunWrite(ctx, `CREATE (:Norm {id: 'beta/9'})`); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.RunWrite(ctx, `MATCH (n:Norm) WHERE NOT n:Entity DELETE n`); err != nil {
			t.Error(err)
		}
	}()
	ds := storetest.Fixture(t)
	var beta *normgraph.Norm
	for _, n := range ds.Norms {
		if n.InitiativeID == "beta" {
			beta = n
		}
	}
	added := *beta
	added.ID, added.Code = "beta/9", "9"
	ds.Norms = append(ds.Norms, &added)
	reported := map[neo4j.Progress]int{}
	_, err := s.Refresh(ctx, ds, neo4j.RefreshOptions{BatchSize: 1, Progress: func(p neo4j.Progress) error {
		reported[p]++
		return nil
	}})
	if err == nil || !strings.Contains(err.Error(), "uniqueness constraint") || strings.Contains(err.Error(), "cannot be reached") ||
		normgraph.ErrorCode(err) == normgraph.EUNAVAILABLE {
		t.Fatalf("refresh error %v (code %s), want a constraint violation", err, normgraph.ErrorCode(err))
	}
	for p, n := range reported {
		if n > 1 {
			t.Errorf("%+v reported %d times: the refresh was retried", p, n)
		}
	}
	if !holds(t, s, old) {
		t.Error("the previous graph changed")
	}
}
