package neo4j_test

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
)

// TestBoundedComplianceStatements asserts that the compliance fields cost the same number of
// Cypher statements whatever the number of parent rows: one per relationship and level.
func TestBoundedComplianceStatements(t *testing.T) {
	s := neo4jtest.Open(t)
	refresh(t, s, embedded(t), neo4j.RefreshOptions{})
	h := graph.NewHandler(s, graph.Options{BatchWait: 10 * time.Millisecond})
	count := func(first int) (int64, int) {
		q := `{ attributions(first: ` + strconv.Itoa(first) + `) { edges { node { id
		  attributors { id attributionsMade { id } attributionsReceived { id }
		    implementations { id initiatives { id implementations { id } } } }
		  incidents { id targets { id } attributions { id } }
		  invocations { targetId target { id ... on Norm { compliance { total byAttributor { actor { id } count } } implementations { id } } } }
		  blamed { state { id attributionsReceived { id } } } } } } }`
		before := s.Statements()
		body := gqlPost(t, h, q)
		if bytes.Contains(body, []byte(`"errors"`)) {
			t.Fatalf("query failed: %s", body)
		}
		return s.Statements() - before, bytes.Count(body, []byte(`"id"`))
	}
	small, smallIDs := count(3)
	large, largeIDs := count(50)
	t.Logf("compliance query: %d statements for 3 acts (%d ids), %d for 50 (%d ids)", small, smallIDs, large, largeIDs)
	if largeIDs <= smallIDs*3 {
		t.Fatalf("the larger query did not return many more rows (%d vs %d ids)", largeIDs, smallIDs)
	}
	if large != small {
		t.Errorf("statements grew with the parent rows: %d for 3 acts, %d for 50", small, large)
	}
}
