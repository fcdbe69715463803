package neo4j

import (
	"context"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RunWrite runs one write statement, for tests that need a graph the loader would not write.
func (s *Store) RunWrite(ctx context.Context, cypher string) error {
	return s.writeTx(ctx, func(tx runner) error {
		res, err := tx.Run(ctx, cypher, nil)
		if err != nil {
			return err
		}
		_, err = res.Consume(ctx)
		return err
	})
}

// ReadQuery runs one read statement as the store's readers do.
func (s *Store) ReadQuery(ctx context.Context, cypher string) error {
	_, err := s.query(ctx, cypher, nil)
	return err
}

// ReadManaged runs one read statement in a managed read transaction (ExecuteQuery: BEGIN, RUN,
// PULL, COMMIT, with the driver's retries), as the store's readers did before.
func (s *Store) ReadManaged(ctx context.Context, cypher string) error {
	_, err := n4j.ExecuteQuery(ctx, s.driver, cypher, nil, n4j.EagerResultTransformer,
		n4j.ExecuteQueryWithReadersRouting(), n4j.ExecuteQueryWithDatabase(s.cfg.Database))
	return err
}

// ReadAutoCommit runs one read statement in an auto-commit transaction without a bookmark
// manager.
func (s *Store) ReadAutoCommit(ctx context.Context, cypher string) error {
	sess := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: n4j.AccessModeRead, DatabaseName: s.cfg.Database})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, cypher, nil)
	if err != nil {
		return err
	}
	_, err = res.Collect(ctx)
	return err
}

// Retried returns how many reads failed as auto-commit transactions with a retryable error and
// ran again as managed ones.
func (s *Store) Retried() int64 { return s.retried.Load() }

// KillOtherConnections closes every Bolt connection to the server but the newest, which it
// runs on (the store has just connected), and returns how many it closed.
func (s *Store) KillOtherConnections(ctx context.Context) (int, error) {
	res, err := n4j.ExecuteQuery(ctx, s.driver, `
CALL dbms.listConnections() YIELD connectionId, connectTime
WITH connectionId ORDER BY connectTime DESC
WITH collect(connectionId) AS ids
CALL dbms.killConnections(ids[1..]) YIELD connectionId, message
RETURN count(*) AS n`, nil, n4j.EagerResultTransformer)
	if err != nil {
		return 0, err
	}
	n, _ := res.Records[0].Get("n")
	k, _ := n.(int64)
	return int(k), nil
}
