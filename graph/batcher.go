package graph

import (
	"context"
	"sync"
	"time"
)

// batcher collects the keys that concurrent resolvers ask for and fetches them in one call.
// Unlike a fixed window counted from the first key (which splits a level in two when the
// machine is busy and resolvers start late), it dispatches once no new key has arrived for
// `quiet`, or `limit` after the first key at the latest. Results are cached for the request.
type batcher[K comparable, V any] struct {
	fetch func(context.Context, []K) ([]V, error)
	quiet time.Duration
	limit time.Duration

	mu    sync.Mutex
	cache map[K]*result[V]
	cur   *pending[K, V]
}

type result[V any] struct {
	done chan struct{}
	val  V
	err  error
}

type pending[K comparable, V any] struct {
	keys    []K
	results []*result[V]
	timer   *time.Timer
	first   time.Time
}

func newBatcher[K comparable, V any](quiet time.Duration, fetch func(context.Context, []K) ([]V, error)) *batcher[K, V] {
	return &batcher[K, V]{fetch: fetch, quiet: quiet, limit: 25 * quiet, cache: map[K]*result[V]{}}
}

// Load returns the value for one key, waiting for the batch it joins.
func (b *batcher[K, V]) Load(ctx context.Context, key K) (V, error) {
	r := b.enqueue(ctx, key)
	select {
	case <-r.done:
		return r.val, r.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// LoadAll returns the values for several keys, in order.
func (b *batcher[K, V]) LoadAll(ctx context.Context, keys []K) ([]V, error) {
	rs := make([]*result[V], len(keys))
	for i, k := range keys {
		rs[i] = b.enqueue(ctx, k)
	}
	out := make([]V, len(keys))
	for i, r := range rs {
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			return nil, r.err
		}
		out[i] = r.val
	}
	return out, nil
}

func (b *batcher[K, V]) enqueue(ctx context.Context, key K) *result[V] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if r, ok := b.cache[key]; ok {
		if b.cur != nil && !r.isDone() {
			b.cur.extend(b.quiet, b.limit) // this level is still asking: keep collecting
		}
		return r
	}
	r := &result[V]{done: make(chan struct{})}
	b.cache[key] = r
	if b.cur == nil {
		p := &pending[K, V]{first: time.Now()}
		p.timer = time.AfterFunc(b.quiet, func() { b.dispatch(ctx, p) }) // the request's context
		b.cur = p
	} else {
		b.cur.extend(b.quiet, b.limit) // still arriving: wait for the rest of this level
	}
	b.cur.keys = append(b.cur.keys, key)
	b.cur.results = append(b.cur.results, r)
	return r
}

func (b *batcher[K, V]) dispatch(ctx context.Context, p *pending[K, V]) {
	b.mu.Lock()
	if b.cur != p { // already dispatched
		b.mu.Unlock()
		return
	}
	b.cur = nil
	b.mu.Unlock()
	vals, err := b.fetch(ctx, p.keys)
	for i, r := range p.results {
		if err == nil && i < len(vals) {
			r.val = vals[i]
		}
		r.err = err
		close(r.done)
	}
}

func (r *result[V]) isDone() bool {
	select {
	case <-r.done:
		return true
	default:
		return false
	}
}

// extend postpones the dispatch by quiet, unless the batch has waited limit already.
func (p *pending[K, V]) extend(quiet, limit time.Duration) {
	if time.Since(p.first) < limit {
		p.timer.Reset(quiet)
	}
}
