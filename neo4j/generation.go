package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// Growth past one transaction: a refresh with more changes than RefreshOptions.MaxTxRows does
// not change the graph in place. It writes a complete new generation beside it, in batches of
// their own transactions, under labels no reader matches (readers start from :Initiative,
// :Norm, ... nodes, and every relationship of the new generation joins two of its nodes). One
// short transaction then relabels: the current nodes become :NgRetired and lose their
// labels, the new ones get theirs. Readers see the previous graph until that transaction
// commits and the new one after; a refresh killed before it leaves the previous graph
// untouched, one killed after it the new one. The retired generation is deleted in batches
// afterwards, and whatever a killed refresh left behind is deleted by the next one that
// writes. One refresh at a time: two concurrent ones would share the staging labels, which is
// why a writing refresh holds the refresh lock (lease.go) from before its plan to its end.
const (
	labelStaged  = "NgStaged"  // the generation being written
	labelRetired = "NgRetired" // the generation readers left, being deleted
)

// stagedLabel is the label a staged node of the given label carries until the switch.
func stagedLabel(label string) string { return labelStaged + label }

// replace writes the wanted graph as a new generation and switches readers to it.
func (s *Store) replace(ctx context.Context, wantNodes, wantRels map[string]row, opts RefreshOptions) error {
	byLabel := map[string][]row{}
	for _, r := range wantNodes {
		byLabel[r.label] = append(byLabel[r.label], r)
	}
	// One statement text for every label and type (dynamic labels from constants, never user
	// input), so that batches are full and Neo4j plans each statement once.
	if err := s.batchTx(ctx, opts, "stage", byOrder(byLabel, nodeLabels),
		func(r row) map[string]any {
			return map[string]any{"label": stagedLabel(r.label), "props": map[string]any(r.props)}
		},
		`UNWIND $rows AS row CREATE (n:`+labelStaged+`:$(row.label)) SET n = row.props`); err != nil {
		return err
	}
	byType := map[string][]row{}
	for _, r := range wantRels {
		byType[r.label] = append(byType[r.label], r)
	}
	if err := s.batchTx(ctx, opts, "stage", byOrder(byType, relTypes), func(r row) map[string]any {
		return map[string]any{"from": r.from, "to": r.to, "type": r.label, "props": map[string]any(r.props)}
	}, `UNWIND $rows AS row MATCH (a:`+labelStaged+` {id: row.from}) MATCH (b:`+labelStaged+` {id: row.to})
CREATE (a)-[r:$(row.type)]->(b) SET r = row.props`); err != nil {
		return err
	}
	if err := s.switchGeneration(ctx, opts); err != nil {
		return err
	}
	// Readers are on the new generation: the refresh has succeeded. Deleting the old one may
	// fail or be killed; the next refresh that writes finishes it.
	_ = s.dropGeneration(ctx, labelRetired, opts)
	return nil
}

// switchGeneration moves readers from the current generation to the staged one, in one
// transaction that only relabels nodes.
func (s *Store) switchGeneration(ctx context.Context, opts RefreshOptions) error {
	return s.writeTx(ctx, func(tx runner) error {
		run := func(cypher string) error {
			s.statements.Add(1)
			res, err := tx.Run(ctx, cypher, nil)
			if err != nil {
				return err
			}
			_, err = res.Consume(ctx)
			return err
		}
		if err := run(`MATCH (n:Entity) REMOVE n:Entity:` + strings.Join(nodeLabels, ":") + ` SET n:` + labelRetired); err != nil {
			return fmt.Errorf("switch: %w", err)
		}
		// Each staged node carries NgStaged and NgStaged<Label>: it gets Entity and <Label>.
		if err := run(`MATCH (n:` + labelStaged + `)
WITH n, [l IN labels(n) WHERE l STARTS WITH '` + labelStaged + `' AND l <> '` + labelStaged + `'][0] AS staged
REMOVE n:` + labelStaged + `:$(staged) SET n:Entity:$(substring(staged, ` + fmt.Sprint(len(labelStaged)) + `))`); err != nil {
			return fmt.Errorf("switch: %w", err)
		}
		if opts.Progress != nil {
			return opts.Progress(Progress{Phase: "switch", Done: 1, Total: 1})
		}
		return nil
	})
}

// dropGeneration deletes the nodes with the label and their relationships, in batches.
func (s *Store) dropGeneration(ctx context.Context, label string, opts RefreshOptions) error {
	for _, cypher := range []string{
		`MATCH (:` + label + `)-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS n`,
		`MATCH (n:` + label + `) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS n`,
	} {
		for done := 0; ; {
			var n int64
			err := s.writeTx(ctx, func(tx runner) error {
				s.statements.Add(1)
				var err error
				n, err = countOf(ctx, tx, cypher, map[string]any{"limit": opts.BatchSize * 10})
				return err
			})
			if err != nil {
				return fmt.Errorf("drop %s: %w", label, err)
			}
			if n == 0 {
				break
			}
			done += int(n)
			if opts.Progress != nil {
				if err := opts.Progress(Progress{Phase: "drop " + label, Done: done, Total: done}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// batchTx writes rows in batches, each in a transaction of its own.
func (s *Store) batchTx(ctx context.Context, opts RefreshOptions, phase string, rows []row, param func(row) map[string]any, cypher string) error {
	return eachBatch(rows, opts, phase, param, func(batch []map[string]any) error {
		return s.writeTx(ctx, func(tx runner) error {
			s.statements.Add(1)
			res, err := tx.Run(ctx, cypher, map[string]any{"rows": batch})
			if err != nil {
				return err
			}
			_, err = res.Consume(ctx)
			return err
		})
	})
}

// writeTx runs work in an explicit write transaction and commits it; the driver retries
// nothing.
func (s *Store) writeTx(ctx context.Context, work func(tx runner) error) error {
	defer s.enter()()
	sess := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: n4j.AccessModeWrite, DatabaseName: s.cfg.Database})
	defer sess.Close(context.WithoutCancel(ctx))
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return err
	}
	defer tx.Close(context.WithoutCancel(ctx))
	if err := work(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// Neo4j status codes a refresh reports as what they are.
const (
	codeMemoryPool     = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
	codeTxMemory       = "Neo.ClientError.General.TransactionOutOfMemoryError"
	codeHeap           = "Neo.TransientError.General.OutOfMemoryError"
	codeConstraint     = "Neo.ClientError.Schema.ConstraintValidationFailed"
	codeTxTimedOut     = "Neo.ClientError.Transaction.TransactionTimedOut"
	codeTxTimedOutConf = "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"
)

// classify says what went wrong in terms the operator can act on: "cannot be reached" only when the
// server could not be reached (EUNAVAILABLE), and for what Neo4j refused, which limit or
// constraint and which setting to change. The driver's "retries exhausted" is looked through
// to the error it gave up on.
func (s *Store) classify(op string, err error) error {
	var tel *n4j.TransactionExecutionLimit
	if errors.As(err, &tel) && len(tel.Errors) > 0 {
		err = tel.Errors[len(tel.Errors)-1]
	}
	var ne *n4j.Neo4jError
	if !errors.As(err, &ne) {
		return s.translate(op, err)
	}
	msg := redact(ne.Msg, s.cfg)
	switch ne.Code {
	case codeMemoryPool:
		return fmt.Errorf("neo4j %s: the server's transaction memory pool is exhausted (%s); raise dbms.memory.transaction.total.max (and the heap), "+
			"or lower -max-tx-rows so that fewer changes are made in one transaction", op, msg)
	case codeTxMemory:
		return fmt.Errorf("neo4j %s: the transaction needs more memory than one transaction may use (%s); raise db.memory.transaction.max, "+
			"or lower -max-tx-rows so that fewer changes are made in one transaction", op, msg)
	case codeHeap:
		return fmt.Errorf("neo4j %s: the server ran out of heap (%s); raise server.memory.heap.max_size, or lower -batch-size", op, msg)
	case codeConstraint:
		return fmt.Errorf("neo4j %s: a uniqueness constraint refused the write (%s); another writer, or nodes normgraph did not write, hold the same id", op, msg)
	case codeTxTimedOut, codeTxTimedOutConf:
		return fmt.Errorf("neo4j %s: the server's transaction timeout ended it (%s); raise db.transaction.timeout", op, msg)
	}
	if tr := s.translate(op, err); normgraph.ErrorCode(tr) == normgraph.EUNAVAILABLE {
		return tr
	}
	return fmt.Errorf("neo4j %s: %s (%s)", op, msg, ne.Code)
}

// Leftovers counts the nodes of a generation that a killed refresh left behind (readers never
// see them; the next refresh that writes deletes them).
func (s *Store) Leftovers(ctx context.Context) (int64, error) {
	recs, err := s.query(ctx, `MATCH (n) WHERE n:`+labelStaged+` OR n:`+labelRetired+` RETURN count(n) AS n`, nil)
	if err != nil {
		return 0, err
	}
	n, _ := get(recs[0], "n").(int64)
	return n, nil
}

// countOf runs a write statement that returns one row with a count n, and returns n.
func countOf(ctx context.Context, tx runner, cypher string, params map[string]any) (int64, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := get(rec, "n").(int64)
	return n, nil
}
