package neo4j

import "context"

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
