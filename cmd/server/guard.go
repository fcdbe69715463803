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

// breaker fails backend calls fast while the backend is known to be unreachable. It starts
// open (nothing is known yet) and its first probe runs at once. A call that fails with
// normgraph.ErrUnreachable opens it; a call still running after slowAfter, or failing with any
// other UNAVAILABLE error, starts a probe, which opens it if the backend cannot be reached.
// Opening cancels the calls in flight, which then fail like the calls after them: at once, with
// UNAVAILABLE. While open, one goroutine probes with backoff; the first probe that gets an
// answer closes the breaker.
type breaker struct {
	probe     func(context.Context) error
	log       *slog.Logger
	minDelay  time.Duration
	maxDelay  time.Duration
	slowAfter time.Duration

	open     atomic.Bool
	probing  atomic.Bool
	stop     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup

	mu       sync.Mutex
	inflight map[*int]context.CancelFunc

	failedFast atomic.Int64 // calls refused while open
	canceled   atomic.Int64 // calls in flight canceled when it opened
	probes     atomic.Int64
}

func newBreaker(probe func(context.Context) error, log *slog.Logger) *breaker {
	return &breaker{probe: probe, log: log, minDelay: 250 * time.Millisecond, maxDelay: 5 * time.Second,
		slowAfter: time.Second, stop: make(chan struct{}), inflight: map[*int]context.CancelFunc{}}
}

// errFailFast has no cause: the breaker logged the outage when it opened.
var errFailFast = &normgraph.Error{Code: normgraph.EUNAVAILABLE, Message: "the database cannot be reached; retry later"}

// probeTimeout is longer than the driver's connect timeout (5s), so that a server that does not
// answer at all shows as unreachable rather than as slow.
const probeTimeout = 8 * time.Second

func (b *breaker) interceptor() graph.Interceptor {
	return func(ctx context.Context, call string, args []any, next func(context.Context) (any, error)) (any, error) {
		if b.open.Load() {
			b.failedFast.Add(1)
			return nil, errFailFast
		}
		cctx, cancel := context.WithCancel(ctx)
		token := new(int)
		b.mu.Lock()
		b.inflight[token] = cancel
		b.mu.Unlock()
		slow := time.AfterFunc(b.slowAfter, b.check)
		v, err := next(cctx)
		slow.Stop()
		b.mu.Lock()
		delete(b.inflight, token)
		b.mu.Unlock()
		canceledByTrip := cctx.Err() != nil && ctx.Err() == nil
		cancel()
		switch {
		case err == nil || normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE:
		case errors.Is(err, normgraph.ErrUnreachable):
			b.trip(err)
		case canceledByTrip:
			return nil, errFailFast
		default:
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
		ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		err := b.probe(ctx)
		cancel()
		if errors.Is(err, normgraph.ErrUnreachable) {
			b.trip(err)
		}
	}()
}

// startOpen opens the breaker without a warning and probes at once: at start nothing is known.
func (b *breaker) startOpen() {
	if b.open.CompareAndSwap(false, true) {
		b.recover(0)
	}
}

func (b *breaker) trip(cause error) {
	if !b.open.CompareAndSwap(false, true) {
		return
	}
	b.log.Warn("backend unreachable: failing requests fast until it answers", "err", normgraph.ErrorDetail(cause))
	b.mu.Lock()
	for _, cancel := range b.inflight {
		cancel()
		b.canceled.Add(1)
	}
	b.mu.Unlock()
	b.recover(b.minDelay)
}

// recover probes with backoff, from delay, until the backend answers, then closes the breaker.
func (b *breaker) recover(delay time.Duration) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		first := true
		for {
			select {
			case <-b.stop:
				return
			case <-time.After(delay):
			}
			b.probes.Add(1)
			ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
			err := b.probe(ctx)
			cancel()
			if err == nil {
				b.open.Store(false)
				if !first || delay > 0 {
					b.log.Info("backend answers again")
				}
				return
			}
			if !first || delay > 0 {
				b.log.Warn("backend still unreachable", "err", normgraph.ErrorDetail(err), "retry_in", min(max(2*delay, b.minDelay), b.maxDelay))
			}
			first = false
			delay = min(max(2*delay, b.minDelay), b.maxDelay)
		}
	}()
}

// ready is the readiness check: a ping, which closes the breaker when it succeeds.
func (b *breaker) ready(ctx context.Context) error {
	err := b.probe(ctx)
	if err == nil {
		b.open.Store(false)
	}
	return err
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
