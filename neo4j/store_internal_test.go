package neo4j

import (
	"context"
	"errors"
	"strings"
	"testing"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// TestTranslatePoolExhausted: a driver that waited in vain for a pooled connection is reported
// as busy, not as unreachable (which would open the server's outage breaker).
func TestTranslatePoolExhausted(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://db.internal:7687", Username: "reader", Password: "pw"}}
	for _, msg := range []string{
		"Timeout while waiting for connection to any of [db.internal:7687]: context deadline",
		"No idle connections on any of [db.internal:7687]",
	} {
		err := s.translate("read", errors.New(msg))
		if normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE || errors.Is(err, normgraph.ErrUnreachable) {
			t.Errorf("%s: %v (unreachable %v)", msg, err, errors.Is(err, normgraph.ErrUnreachable))
		}
		if m := err.Error(); m != "the database is busy: no free connection; retry later" {
			t.Errorf("%s: client message %q", msg, m)
		}
		if d := normgraph.ErrorDetail(err); !strings.Contains(d, "db.internal:7687") || strings.Contains(d, "pw") {
			t.Errorf("%s: log detail %q", msg, d)
		}
	}
}

// TestTranslateRetriesExhausted: the driver giving up after connection failures is an outage;
// after other transient errors it is not (the outage breaker must not open under mere load).
func TestTranslateRetriesExhausted(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://db.internal:7687"}}
	down := &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&n4j.ConnectivityError{Inner: errors.New("connection refused")}}}
	busy := &n4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&n4j.Neo4jError{Code: "Neo.TransientError.General.MemoryPoolOutOfMemoryError", Msg: "x"}}}
	if err := s.translate("read", down); !errors.Is(err, normgraph.ErrUnreachable) {
		t.Errorf("retries exhausted on connection errors: %v", err)
	}
	if err := s.translate("read", busy); errors.Is(err, normgraph.ErrUnreachable) || normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE {
		t.Errorf("retries exhausted on transient errors: %v (unreachable %v)", err, errors.Is(err, normgraph.ErrUnreachable))
	}
}

// TestTranslateDeadlineWhileConnecting: the driver reports the request's deadline met while
// connecting as a ConnectivityError; that is a timeout, not an outage.
func TestTranslateDeadlineWhileConnecting(t *testing.T) {
	s := &Store{cfg: Config{URI: "bolt://db.internal:7687"}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := s.translate("read", withContext(ctx, &n4j.ConnectivityError{Inner: errors.New("context canceled")}))
	if errors.Is(err, normgraph.ErrUnreachable) || normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE {
		t.Errorf("deadline while connecting: %v (unreachable %v)", err, errors.Is(err, normgraph.ErrUnreachable))
	}
	live := context.Background()
	if err := s.translate("read", withContext(live, &n4j.ConnectivityError{Inner: errors.New("connection refused")})); !errors.Is(err, normgraph.ErrUnreachable) {
		t.Errorf("connection refused: %v", err)
	}
}
