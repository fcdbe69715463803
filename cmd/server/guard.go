package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
)

// maxHeaderBytes bounds the request line and headers: larger requests get 431 from net/http.
const maxHeaderBytes = 64 << 10

// CodeOverloaded is the code of the 503 answer when the server has no room for a request.
const CodeOverloaded = "OVERLOADED"

// admission bounds the requests in flight. A request waits at most `wait` for a slot, then
// gets an immediate 503 with Retry-After, so that overload shows as fast refusals rather than
// as requests timing out in a queue.
type admission struct {
	slots    chan struct{}
	wait     time.Duration
	admitted atomic.Int64
	refused  atomic.Int64
}

func newAdmission(maxInFlight int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, maxInFlight), wait: wait}
}

func (a *admission) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case a.slots <- struct{}{}:
		default:
			t := time.NewTimer(a.wait)
			select {
			case a.slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				a.refused.Add(1)
				w.Header().Set("Retry-After", "1")
				writeError(w, http.StatusServiceUnavailable, CodeOverloaded, "the server is busy; retry later")
				return
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		a.admitted.Add(1)
		defer func() { <-a.slots }()
		next.ServeHTTP(w, r)
	})
}

// writeError answers with one GraphQL-shaped error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	b, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{"message": msg, "extensions": map[string]any{"code": code}}}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// breaker fails backend calls fast while the backend is known to be unreachable. A call that
// fails with normgraph.ErrUnreachable opens it; any other UNAVAILABLE failure (a timeout while
// the driver keeps retrying a dead server, say) starts a probe, which opens it if the backend
// does not answer. While open, calls fail at once with UNAVAILABLE and one goroutine probes with
// backoff; the first successful probe closes it again.
type breaker struct {
	probe    func(context.Context) error
	log      *slog.Logger
	minDelay time.Duration
	maxDelay time.Duration

	open     atomic.Bool
	probing  atomic.Bool
	stop     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup

	failedFast atomic.Int64 // calls refused while open
	probes     atomic.Int64
}

func newBreaker(probe func(context.Context) error, log *slog.Logger) *breaker {
	return &breaker{probe: probe, log: log, minDelay: 250 * time.Millisecond, maxDelay: 5 * time.Second, stop: make(chan struct{})}
}

// errFailFast has no cause: the breaker logged the outage when it opened.
var errFailFast = &normgraph.Error{Code: normgraph.EUNAVAILABLE, Message: "the database cannot be reached; retry later"}

func (b *breaker) interceptor() graph.Interceptor {
	return func(ctx context.Context, call string, args []any, next func(context.Context) (any, error)) (any, error) {
		if b.open.Load() {
			b.failedFast.Add(1)
			return nil, errFailFast
		}
		v, err := next(ctx)
		switch {
		case err == nil || normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE:
		case errors.Is(err, normgraph.ErrUnreachable):
			b.trip(err)
		case ctx.Err() == nil || errors.Is(ctx.Err(), context.DeadlineExceeded):
			b.check() // slow or failing: find out whether the backend is there at all
		}
		return v, err
	}
}

// check probes once, in the background, and opens the breaker if the backend is unreachable.
func (b *breaker) check() {
	if !b.probing.CompareAndSwap(false, true) {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer b.probing.Store(false)
		b.probes.Add(1)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := b.probe(ctx)
		cancel()
		if err != nil && (errors.Is(err, normgraph.ErrUnreachable) || errors.Is(err, context.DeadlineExceeded)) {
			b.trip(err)
		}
	}()
}

func (b *breaker) trip(cause error) {
	if !b.open.CompareAndSwap(false, true) {
		return
	}
	b.log.Warn("backend unreachable: failing requests fast until it answers", "err", normgraph.ErrorDetail(cause))
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		delay := b.minDelay
		for {
			select {
			case <-b.stop:
				return
			case <-time.After(delay):
			}
			b.probes.Add(1)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			err := b.probe(ctx)
			cancel()
			if err == nil {
				b.open.Store(false)
				b.log.Info("backend answers again")
				return
			}
			delay = min(2*delay, b.maxDelay)
		}
	}()
}

// close stops the probes and waits for them.
func (b *breaker) close() {
	b.stopOnce.Do(func() { close(b.stop) })
	b.wg.Wait()
}

// limitFlags are the request-path limits of the server (see docs/operations.md).
type limitFlags struct {
	limits          graph.Limits
	maxBackendCalls int
	maxBodyBytes    int64
	maxURLBytes     int
	maxInFlight     int
	admissionWait   time.Duration
}

// positive parses a positive integer flag value.
func positive(name, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, errors.New("-" + name + ": want a positive integer, got " + strconv.Quote(v))
	}
	return n, nil
}
