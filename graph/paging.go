package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// MaxFirst bounds every connection's `first` argument.
const MaxFirst = 100

// MaxOffset bounds the position a cursor may encode, far above any list of the dataset, so
// that offset+first never overflows and both stores receive the same, small page.
const MaxOffset = 1_000_000

// maxCursorBytes bounds the length of a cursor; ours are at most 12 bytes.
const maxCursorBytes = 32

// pageArgs turns Relay arguments into a backend page. Cursors are opaque to clients; they
// encode the position after which the next page starts.
func pageArgs(first *int, after *string, def int) (normgraph.Page, error) {
	p := normgraph.Page{Limit: def}
	if first != nil {
		p.Limit = *first
	}
	if p.Limit < 0 || p.Limit > MaxFirst {
		return p, normgraph.Errorf(normgraph.EINVALID, "first must be between 0 and %d, got %d", MaxFirst, p.Limit)
	}
	if after != nil && *after != "" {
		off, err := decodeCursor(*after)
		if err != nil {
			return p, err
		}
		p.Offset = off
	}
	return p, nil
}

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

// decodeCursor returns the offset a cursor encodes: an INVALID_ARGUMENT error, the same on
// every store, for anything but a cursor of ours with an offset in [0, MaxOffset]. The error
// echoes at most a short prefix of the cursor.
func decodeCursor(c string) (int, error) {
	if len(c) > maxCursorBytes {
		return 0, normgraph.Errorf(normgraph.EINVALID, "malformed cursor %q (longer than %d bytes)", truncate(c, 16), maxCursorBytes)
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	s, ok := strings.CutPrefix(string(b), "o:")
	if err != nil || !ok || len(s) == 0 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, normgraph.Errorf(normgraph.EINVALID, "malformed cursor %q", c)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > MaxOffset { // Atoi fails only on overflow here
		return 0, normgraph.Errorf(normgraph.EINVALID, "cursor %q is out of range (offsets go up to %d)", c, MaxOffset)
	}
	return n, nil
}

// connection builds the edges and page info of one page of a list.
func connection[T any, E any](l normgraph.List[T], p normgraph.Page, edge func(T, string) E) ([]E, *model.PageInfo) {
	edges := make([]E, len(l.Items))
	for i, item := range l.Items {
		edges[i] = edge(item, encodeCursor(p.Offset+i+1))
	}
	info := &model.PageInfo{
		HasPreviousPage: p.Offset > 0,
		HasNextPage:     p.Offset+len(l.Items) < l.Total,
	}
	if n := len(l.Items); n > 0 {
		start, end := encodeCursor(p.Offset+1), encodeCursor(p.Offset+n)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return edges, info
}

func normConnection(l normgraph.List[*normgraph.Norm], p normgraph.Page) *model.NormConnection {
	edges, info := connection(l, p, func(n *normgraph.Norm, c string) *model.NormEdge {
		return &model.NormEdge{Node: n, Cursor: c}
	})
	return &model.NormConnection{Edges: edges, PageInfo: info, TotalCount: l.Total}
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
