package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// The refresh lock: one writing refresh at a time per graph. Two would interleave their
// batches, share the staging labels of a new generation and delete each other's. A refresh
// that writes first creates the lease node (:NgLease {id: "refresh"}) in a transaction of its
// own, with a random owner token and an expiry in the server's clock; the uniqueness constraint
// on NgLease.id makes the creation atomic: of two refreshes creating it at once, one fails on
// the constraint and is refused (normgraph.ErrRefreshLocked, the loader's exit code 5). The
// holder renews the expiry while it runs (every third of RefreshOptions.LockTTL) and deletes
// the node when it ends, whatever the outcome; a refresh that died leaves it until it
// expires, and the next refresh deletes an expired lease before creating its own. A holder
// that finds its lease gone or taken stops writing (its context is canceled).
const (
	labelLease = "NgLease"
	leaseID    = "refresh"
)

// Neo4j status codes a contended lease creation may fail with besides the constraint.
const (
	codeEntityNotFound = "Neo.ClientError.Statement.EntityNotFound"
	codeDeadlock       = "Neo.TransientError.Transaction.DeadlockDetected"
)

type lease struct {
	s      *Store
	owner  string
	ttl    time.Duration
	cancel context.CancelCauseFunc
	done   chan struct{}
}

// errLeaseLost is the cause of the cancellation of a refresh whose lease expired and was taken.
var errLeaseLost = errors.New("the refresh lost its lock (it was not renewed in time and another refresh took it)")

// acquireLease takes the refresh lock, waiting up to opts.LockWait for a lease another refresh
// holds. It returns a context canceled if the lease is lost, and the lease to release.
func (s *Store) acquireLease(ctx context.Context, opts RefreshOptions) (context.Context, *lease, error) {
	ttl := opts.LockTTL
	if ttl <= 0 {
		ttl = time.Minute
	}
	token := make([]byte, 16)
	_, _ = rand.Read(token)
	owner := hex.EncodeToString(token)
	host, _ := os.Hostname()
	holder := fmt.Sprintf("pid %d on %s", os.Getpid(), host)
	deadline := time.Now().Add(opts.LockWait)
	for {
		taken, held, err := s.tryLease(ctx, owner, holder, ttl)
		if err != nil {
			return nil, nil, err
		}
		if taken {
			break
		}
		if !time.Now().Before(deadline) {
			return nil, nil, fmt.Errorf("%w: %s; wait for it to end (-lock-wait), or, if it died, for its lock to expire", normgraph.ErrRefreshLocked, held)
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(min(time.Second, time.Until(deadline))):
		}
	}
	lctx, cancel := context.WithCancelCause(ctx)
	l := &lease{s: s, owner: owner, ttl: ttl, cancel: cancel, done: make(chan struct{})}
	go l.renew(lctx)
	return lctx, l, nil
}

// tryLease creates the lease unless another refresh holds one that has not expired; held
// describes that one.
func (s *Store) tryLease(ctx context.Context, owner, holder string, ttl time.Duration) (taken bool, held string, err error) {
	s.statements.Add(1)
	err = s.writeTx(ctx, func(tx runner) error {
		res, err := tx.Run(ctx, `
OPTIONAL MATCH (old:`+labelLease+` {id: $id}) WHERE old.expires <= timestamp()
DELETE old
WITH count(*) AS expired
CREATE (:`+labelLease+` {id: $id, owner: $owner, holder: $holder, since: timestamp(), expires: timestamp() + $ttl})`,
			map[string]any{"id": leaseID, "owner": owner, "holder": holder, "ttl": ttl.Milliseconds()})
		if err != nil {
			return err
		}
		_, err = res.Consume(ctx)
		return err
	})
	var ne *n4j.Neo4jError
	if err == nil {
		return true, "", nil
	}
	if !errors.As(err, &ne) || (ne.Code != codeConstraint && ne.Code != codeEntityNotFound && ne.Code != codeDeadlock) {
		return false, "", err
	}
	recs, err := s.query(ctx, `MATCH (l:`+labelLease+` {id: $id})
RETURN l.holder AS holder, timestamp() - l.since AS age, l.expires - timestamp() AS left`, map[string]any{"id": leaseID})
	if err != nil {
		return false, "", err
	}
	if len(recs) == 0 { // released in the meantime
		return false, "another refresh held the lock a moment ago", nil
	}
	h, _ := get(recs[0], "holder").(string)
	age, _ := get(recs[0], "age").(int64)
	left, _ := get(recs[0], "left").(int64)
	return false, fmt.Sprintf("another refresh (%s) has held the lock for %s; it expires in %s unless renewed",
		h, time.Duration(age)*time.Millisecond, time.Duration(max(left, 0))*time.Millisecond), nil
}

// renew extends the lease every third of its lifetime until released; when the lease is no
// longer this refresh's, it cancels the refresh. Its statements are not counted in the report.
func (l *lease) renew(ctx context.Context) {
	defer close(l.done)
	tick := time.NewTicker(l.ttl / 3)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		var n int64
		err := l.s.writeTx(ctx, func(tx runner) error {
			var err error
			n, err = countOf(ctx, tx, `MATCH (l:`+labelLease+` {id: $id, owner: $owner}) SET l.expires = timestamp() + $ttl RETURN count(l) AS n`,
				map[string]any{"id": leaseID, "owner": l.owner, "ttl": l.ttl.Milliseconds()})
			return err
		})
		if err == nil && n == 0 {
			l.cancel(errLeaseLost)
			return
		}
		// A failed renewal is retried at the next tick; the lease lasts three of them.
	}
}

// release stops the renewals and deletes the lease if it is still this refresh's.
func (l *lease) release(ctx context.Context) error {
	l.cancel(nil)
	<-l.done
	l.s.statements.Add(1)
	ctx = context.WithoutCancel(ctx)
	return l.s.writeTx(ctx, func(tx runner) error {
		res, err := tx.Run(ctx, `MATCH (l:`+labelLease+` {id: $id, owner: $owner}) DELETE l`,
			map[string]any{"id": leaseID, "owner": l.owner})
		if err != nil {
			return err
		}
		_, err = res.Consume(ctx)
		return err
	})
}
