package neo4j

import (
	"errors"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// TestClassify: what Neo4j refused is reported as what it is, with the setting to change, even
// when the driver wrapped it in "retries exhausted"; only an unreachable server is EUNAVAILABLE.
func TestClassify(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://127.0.0.1:7687", Username: "neo4j", Password: "pw-secret"}}
	pool := &n4j.Neo4jError{Code: codeMemoryPool, Msg: "The allocation of an extra 2.0 MiB would use more than the limit 256.0 MiB. " +
		"Currently using 255.0 MiB. dbms.memory.transaction.total.max threshold reached"}
	for _, tc := range []struct {
		name string
		err  error
		code string
		want []string
	}{
		{"memory pool", pool, normgraph.EINTERNAL, []string{"transaction memory pool", "dbms.memory.transaction.total.max", "-max-tx-rows"}},
		{"memory pool after retries", &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{pool, pool}},
			normgraph.EINTERNAL, []string{"dbms.memory.transaction.total.max"}},
		{"one transaction's memory", &n4j.Neo4jError{Code: codeTxMemory, Msg: "too much"}, normgraph.EINTERNAL, []string{"db.memory.transaction.max"}},
		{"heap", &n4j.Neo4jError{Code: codeHeap, Msg: "no heap"}, normgraph.EINTERNAL, []string{"server.memory.heap.max_size"}},
		{"constraint", &n4j.Neo4jError{Code: codeConstraint, Msg: "Node(1) already exists with label `Norm` and property `id` = 'x'"},
			normgraph.EINTERNAL, []string{"uniqueness constraint", "already exists"}},
		{"other server error", &n4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "bad"}, normgraph.EINTERNAL,
			[]string{"bad", "Neo.ClientError.Statement.SyntaxError"}},
		{"unreachable", &n4j.ConnectivityError{Inner: errors.New("dial tcp: connection refused")}, normgraph.EUNAVAILABLE, []string{"cannot be reached"}},
		{"unreachable after retries", &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&n4j.ConnectivityError{Inner: errors.New("refused")}}},
			normgraph.EUNAVAILABLE, []string{"cannot be reached"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.classify("refresh", tc.err)
			if code := normgraph.ErrorCode(err); code != tc.code {
				t.Errorf("code %s, want %s: %v", code, tc.code, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if tc.code != normgraph.EUNAVAILABLE && (strings.Contains(err.Error(), "cannot reach") || strings.Contains(err.Error(), "cannot be reached")) {
				t.Errorf("%q says the server cannot be reached", err)
			}
		})
	}
}

// TestSpans: batches are cut at the row count or at about maxBatchBytes, never empty.
func TestSpans(t *testing.T) {
	rows := make([]row, 10)
	for i := range rows {
		rows[i].size = 10
	}
	rows[3].size, rows[7].size = maxBatchBytes, 2*maxBatchBytes // each alone in its batch
	got := spans(rows, 4)
	want := [][2]int{{0, 3}, {3, 4}, {4, 7}, {7, 8}, {8, 10}}
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("spans %v, want %v", got, want)
		}
	}
	if len(spans(nil, 4)) != 0 {
		t.Error("spans of no rows")
	}
}
