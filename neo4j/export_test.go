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

// ReadQuery runs one read statement as the store's readers do (a managed read transaction).
func (s *Store) ReadQuery(ctx context.Context, cypher string) error {
	_, err := s.query(ctx, cypher, nil)
	return err
}

// ReadAutoCommit runs one read statement in an auto-commit transaction (no COMMIT round trip,
// no retries), for the benchmark that compares the two.
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
