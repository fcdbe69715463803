// Package neo4j is the Neo4j 5 backend: it reads the graph for the GraphQL API (read
// transactions, parameters only) and refreshes it from a dataset for the loader, atomically
// for readers (one write transaction, or a new generation switched to: see generation.go). It
// is the only package that imports the Neo4j driver.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	n4j "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/normgraph/normgraph"
)

// Config says how to reach a Neo4j database.
type Config struct {
	URI      string // bolt://, neo4j://, bolt+s://, neo4j+s:// …
	Username string
	Password string
	Database string // "" selects the server's default database
	// MaxConnectionPoolSize bounds the driver's connection pool; 0 keeps the driver default.
	MaxConnectionPoolSize int
}

// RedactedURI returns the URI without any user information, safe to log.
func (c Config) RedactedURI() string {
	u, err := url.Parse(c.URI)
	if err != nil {
		return "(unparsable URI)"
	}
	u.User = nil
	return u.String()
}

// Store is a Neo4j backend. It is safe for concurrent use.
type Store struct {
	driver     n4j.DriverWithContext
	cfg        Config
	statements atomic.Int64
	retried    atomic.Int64   // reads run again as a managed transaction (see query)
	inflight   sync.WaitGroup // calls into the driver; Close waits for them
	warm       atomic.Bool    // the driver has been called once
	firstMu    sync.Mutex     // makes the first call into the driver run alone
	trace      atomic.Pointer[func(cypher string, params map[string]any)]
}

// SetTrace registers a function called with every read statement before it runs (nil removes
// it). Tests and benchmarks use it to see which statements a request costs.
func (s *Store) SetTrace(f func(cypher string, params map[string]any)) {
	if f == nil {
		s.trace.Store(nil)
		return
	}
	s.trace.Store(&f)
}

var _ normgraph.Reader = (*Store)(nil)

// Open creates a driver for the database. It does not contact the server: call Ping to check
// that it answers. It returns an EINVALID error for a malformed URI.
func Open(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, normgraph.Errorf(normgraph.EINVALID, "no Neo4j URI: set NEO4J_URI (e.g. neo4j://localhost:7687)")
	}
	d, err := n4j.NewDriverWithContext(cfg.URI, n4j.BasicAuth(cfg.Username, cfg.Password, ""), func(c *n4j.Config) {
		if cfg.MaxConnectionPoolSize > 0 {
			c.MaxConnectionPoolSize = cfg.MaxConnectionPoolSize
		}
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 10 * time.Second
		c.MaxTransactionRetryTime = 10 * time.Second
	})
	if err != nil {
		return nil, normgraph.Errorf(normgraph.EINVALID, "invalid Neo4j URI %s: %s", cfg.RedactedURI(), redact(err.Error(), cfg))
	}
	return &Store{driver: d, cfg: cfg}, nil
}

// enter marks the start of a call into the driver; the returned function marks its end.
//
// The driver initializes its connector lazily, without synchronization, on the first connection
// it makes (a data race that `go test -race` reports when two first calls start at once), so the
// very first call runs alone. Close waits for the calls in flight.
func (s *Store) enter() func() {
	s.inflight.Add(1)
	if s.warm.Load() {
		return s.inflight.Done
	}
	s.firstMu.Lock()
	if s.warm.Load() {
		s.firstMu.Unlock()
		return s.inflight.Done
	}
	return func() {
		s.warm.Store(true)
		s.firstMu.Unlock()
		s.inflight.Done()
	}
}

// Close waits for the calls in flight (at most until ctx ends), then closes the driver and its
// connections.
func (s *Store) Close(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("close neo4j driver: %w", err)
	}
	return nil
}

// Ping checks that the database answers with these credentials. It returns an EUNAVAILABLE
// error saying why not (unreachable, refused credentials, timeout).
func (s *Store) Ping(ctx context.Context) error {
	leave := s.enter()
	err := s.driver.VerifyConnectivity(ctx)
	leave()
	if err != nil {
		return s.translate("connect", withContext(ctx, err))
	}
	_, err = s.query(ctx, "RETURN 1 AS ok", nil)
	return err
}

// Statements returns how many Cypher statements the store has run since it was opened. Tests
// and benchmarks use it to count round-trips.
func (s *Store) Statements() int64 { return s.statements.Load() }

// query runs one read statement, routed to readers in a cluster. It runs it first as an
// auto-commit transaction (RUN and PULL: one round trip less than a managed transaction's
// BEGIN … COMMIT, about a third of the fixed cost of a statement on both sides; see
// BenchmarkTransactionMode); when that fails with an error worth retrying (a lost connection,
// a transient error), it runs it again as a managed read transaction, which retries as the
// driver does and reports running out of retries as translate expects. Reads are idempotent.
func (s *Store) query(ctx context.Context, cypher string, params map[string]any) ([]*n4j.Record, error) {
	defer s.enter()()
	s.statements.Add(1)
	if f := s.trace.Load(); f != nil {
		(*f)(cypher, params)
	}
	recs, err := s.autoCommit(ctx, cypher, params)
	if err != nil && n4j.IsRetryable(err) && ctx.Err() == nil {
		s.retried.Add(1)
		var res *n4j.EagerResult
		res, err = n4j.ExecuteQuery(ctx, s.driver, cypher, params, n4j.EagerResultTransformer,
			n4j.ExecuteQueryWithReadersRouting(), n4j.ExecuteQueryWithDatabase(s.cfg.Database))
		if err == nil {
			recs = res.Records
		}
	}
	if err != nil {
		return nil, s.translate("read", withContext(ctx, err))
	}
	return recs, nil
}

// autoCommit runs one read statement in an auto-commit transaction, with the bookmarks
// ExecuteQuery would use.
func (s *Store) autoCommit(ctx context.Context, cypher string, params map[string]any) ([]*n4j.Record, error) {
	sess := s.driver.NewSession(ctx, n4j.SessionConfig{AccessMode: n4j.AccessModeRead, DatabaseName: s.cfg.Database,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// withContext marks an error that happened after ctx ended as caused by it: the driver reports
// a deadline met while connecting as a ConnectivityError, which is a timeout, not an outage.
func withContext(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return err
}

// translate maps driver errors onto the error vocabulary. The message says what is wrong in
// general terms (it reaches clients and /readyz); the URI, the user name and the driver's text
// go only into the cause (Err), which is logged. The password never appears in either.
func (s *Store) translate(op string, err error) error {
	var n4jErr *n4j.Neo4jError
	cause := fmt.Errorf("neo4j %s at %s: %s", op, s.cfg.RedactedURI(), redact(err.Error(), s.cfg))
	unavailable := func(msg string, sentinel error) error {
		if sentinel != nil {
			cause = fmt.Errorf("%w: %w", sentinel, cause)
		}
		return &normgraph.Error{Code: normgraph.EUNAVAILABLE, Message: msg, Err: cause}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return unavailable(fmt.Sprintf("neo4j %s: timed out", op), nil)
	case errors.Is(err, context.Canceled):
		return unavailable(fmt.Sprintf("neo4j %s: canceled", op), nil)
	case errors.As(err, &n4jErr) && n4jErr.HasSecurityCode():
		return unavailable("the database refused the credentials (check NEO4J_USERNAME and NEO4J_PASSWORD)", normgraph.ErrUnreachable)
	case errors.As(err, &n4jErr) && n4jErr.Code == "Neo.ClientError.Database.DatabaseNotFound":
		return unavailable("the configured database does not exist (check NEO4J_DATABASE)", normgraph.ErrUnreachable)
	case isPoolExhausted(err):
		return unavailable("the database is busy: no free connection; retry later", nil)
	case n4j.IsConnectivityError(err) || isRetriesExhausted(err, true):
		return unavailable("the database cannot be reached; retry later", normgraph.ErrUnreachable)
	case isRetriesExhausted(err, false): // transient errors for the whole retry time: busy, not down
		return unavailable("the database did not answer in time; retry later", nil)
	}
	return fmt.Errorf("neo4j %s: %s", op, redact(err.Error(), s.cfg))
}

// isPoolExhausted reports whether the driver waited in vain for a free pooled connection. The
// driver's error types for it are internal, so this reads their fixed texts.
func isPoolExhausted(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Timeout while waiting for connection") || strings.Contains(msg, "No idle connections")
}

// redact removes the password from a message, should a driver ever echo it.
func redact(msg string, cfg Config) string {
	if cfg.Password == "" {
		return msg
	}
	return strings.ReplaceAll(msg, cfg.Password, "********")
}

// isRetriesExhausted reports whether the driver gave up retrying a transaction, and whether its
// last attempt failed to connect (unreachable) or with something else (busy, transient).
func isRetriesExhausted(err error, connectivity bool) bool {
	var tel *n4j.TransactionExecutionLimit
	if !errors.As(err, &tel) {
		return false
	}
	last := len(tel.Errors) > 0 && n4j.IsConnectivityError(tel.Errors[len(tel.Errors)-1])
	return last == connectivity
}
