package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// TestAdmission: with every slot taken, a request is refused with 503 and Retry-After instead
// of waiting, and counted; a freed slot serves the next.
func TestAdmission(t *testing.T) {
	a := newAdmission(1, 0)
	entered, release := make(chan struct{}), make(chan struct{})
	h := a.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("block") {
			entered <- struct{}{}
			<-release
		}
		_, _ = io.WriteString(w, "served")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		resp, err := http.Get(srv.URL + "/?block")
		if err == nil {
			resp.Body.Close()
		}
	}()
	<-entered
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !containsCode(body, CodeOverloaded) {
		t.Errorf("overloaded: %d Retry-After=%q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	close(release)
	<-done
	resp, err = http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after the slot was freed: %d", resp.StatusCode)
	}
	if a.refused.Load() != 1 || a.admitted.Load() != 2 {
		t.Errorf("refused %d admitted %d, want 1 and 2", a.refused.Load(), a.admitted.Load())
	}
}

func containsCode(body []byte, code string) bool {
	return strings.Contains(string(body), `"code":"`+code+`"`)
}

// faultyReader is the memory store behind a switch that makes every call fail as a dead
// Neo4j's would; it counts the calls that reach it.
type faultyReader struct {
	hang    atomic.Bool // wait until the call is canceled
	down    atomic.Bool
	slow    atomic.Bool // fail like a timeout while the driver retries, not as unreachable
	reached atomic.Int64
}

func (f *faultyReader) wrap(r normgraph.Reader) normgraph.Reader {
	return graph.Intercept(r, func(ctx context.Context, _ string, _ []any, next func(context.Context) (any, error)) (any, error) {
		f.reached.Add(1)
		if f.hang.Load() {
			<-ctx.Done()
			return nil, normgraph.Errorf(normgraph.EUNAVAILABLE, "neo4j read: canceled")
		}
		if f.slow.Load() {
			return nil, normgraph.Errorf(normgraph.EUNAVAILABLE, "neo4j read: timed out")
		}
		if f.down.Load() {
			return nil, f.err()
		}
		return next(ctx)
	})
}

func (f *faultyReader) err() error {
	return &normgraph.Error{Code: normgraph.EUNAVAILABLE, Message: "the database cannot be reached; retry later", Err: normgraph.ErrUnreachable}
}

func (f *faultyReader) probe(context.Context) error {
	if f.down.Load() {
		return f.err()
	}
	return nil
}

// waitFor polls a condition (synchronisation only: what the test asserts are counters).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestBreakerFailsFastAndRecovers: once a call finds the backend unreachable, calls fail with
// UNAVAILABLE without reaching it, until a probe finds it back.
func TestBreakerFailsFastAndRecovers(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	f := &faultyReader{}
	b := newBreaker(f.probe, slog.New(slog.DiscardHandler))
	b.minDelay, b.maxDelay = time.Millisecond, time.Millisecond
	defer b.close()
	r := graph.Intercept(f.wrap(store), b.interceptor())
	ctx := context.Background()
	if _, err := r.Nodes(ctx, []string{"alpha"}); err != nil {
		t.Fatal(err)
	}
	f.down.Store(true)
	if _, err := r.Nodes(ctx, []string{"alpha"}); normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE {
		t.Fatalf("first call in the outage: %v", err)
	}
	reached := f.reached.Load()
	for range 100 {
		_, err := r.Categories(ctx)
		if normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE || normgraph.ErrorMessage(err) != "the database cannot be reached; retry later" {
			t.Fatalf("during the outage: %v", err)
		}
	}
	if got := f.reached.Load() - reached; got != 0 {
		t.Errorf("%d calls reached the dead backend while the breaker was open", got)
	}
	if b.failedFast.Load() != 100 {
		t.Errorf("%d calls failed fast, want 100", b.failedFast.Load())
	}
	f.down.Store(false)
	waitFor(t, "the breaker to close", func() bool { return !b.open.Load() })
	if _, err := r.Nodes(ctx, []string{"alpha"}); err != nil {
		t.Errorf("after recovery: %v", err)
	}

	// A timeout (the driver still retrying a dead server) makes the breaker probe, and the
	// probe opens it.
	f.slow.Store(true)
	f.down.Store(true)
	_, _ = r.Nodes(ctx, []string{"alpha"})
	waitFor(t, "the probe to open the breaker", func() bool { return b.open.Load() })
	f.slow.Store(false)
	reached = f.reached.Load()
	if _, err := r.Nodes(ctx, []string{"alpha"}); normgraph.ErrorCode(err) != normgraph.EUNAVAILABLE || f.reached.Load() != reached {
		t.Errorf("after the probe failed: %v, %d calls reached the backend", err, f.reached.Load()-reached)
	}
	f.down.Store(false)
	waitFor(t, "the breaker to close", func() bool { return !b.open.Load() })
}

// TestMaxInFlightDefault: the in-flight limit follows GOMAXPROCS, higher on neo4j whose
// requests mostly wait; an explicit value wins.
func TestMaxInFlightDefault(t *testing.T) {
	none := func(string) string { return "" }
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, 4 * runtime.GOMAXPROCS(0)},
		{[]string{"-store", "neo4j"}, 16 * runtime.GOMAXPROCS(0)},
		{[]string{"-store", "neo4j", "-max-in-flight", "3"}, 3},
	} {
		c, err := parseConfig(tc.args, none, io.Discard)
		if err != nil || c.lim.maxInFlight != tc.want {
			t.Errorf("%v: %d, %v; want %d", tc.args, c.lim.maxInFlight, err, tc.want)
		}
	}
	if _, err := parseConfig([]string{"-max-in-flight", "0"}, none, io.Discard); err == nil {
		t.Error("-max-in-flight 0 accepted")
	}
}

// TestBreakerStartsOpenAndCancelsInFlight: at start the breaker fails calls fast until its first
// probe answers; when it opens, the calls in flight are canceled and fail fast too.
func TestBreakerStartsOpenAndCancelsInFlight(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	f := &faultyReader{}
	f.down.Store(true)
	b := newBreaker(f.probe, slog.New(slog.DiscardHandler))
	b.minDelay, b.maxDelay, b.slowAfter = time.Millisecond, time.Millisecond, time.Hour
	defer b.close()
	r := graph.Intercept(f.wrap(store), b.interceptor())
	ctx := context.Background()
	b.startOpen()
	for range 10 {
		if _, err := r.Nodes(ctx, []string{"alpha"}); err != errFailFast {
			t.Fatalf("before the first successful probe: %v", err)
		}
	}
	if f.reached.Load() != 0 {
		t.Errorf("%d calls reached the backend before it was known to answer", f.reached.Load())
	}
	f.down.Store(false)
	waitFor(t, "the first successful probe", func() bool { return !b.open.Load() })

	f.hang.Store(true)
	done := make(chan error, 1)
	go func() { _, err := r.Nodes(ctx, []string{"alpha"}); done <- err }()
	waitFor(t, "the call to be in flight", func() bool { b.mu.Lock(); defer b.mu.Unlock(); return len(b.inflight) == 1 })
	f.hang.Store(false)
	f.down.Store(true)
	if _, err := r.Nodes(ctx, []string{"beta"}); !errors.Is(err, normgraph.ErrUnreachable) {
		t.Fatalf("the call that finds the outage: %v", err)
	}
	if err := <-done; err != errFailFast {
		t.Errorf("the call in flight when the breaker opened: %v", err)
	}
	if b.canceled.Load() != 1 {
		t.Errorf("%d calls canceled, want 1", b.canceled.Load())
	}
}
