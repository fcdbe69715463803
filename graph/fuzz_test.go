package graph

import (
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
)

// FuzzDecodeCursor: any string decodes to an offset in [0, MaxOffset] or to INVALID_ARGUMENT
// with a short message; offsets round-trip.
func FuzzDecodeCursor(f *testing.F) {
	for _, s := range []string{"", encodeCursor(0), encodeCursor(41), encodeCursor(MaxOffset), "bzo5MjIzMzcyMDM2ODU0Nzc1MDAw", "%%%", "o:1", strings.Repeat("A", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		n, err := decodeCursor(c)
		if err != nil {
			if normgraph.ErrorCode(err) != normgraph.EINVALID {
				t.Fatalf("%q: code %s", c, normgraph.ErrorCode(err))
			}
			if len(err.Error()) > 200 {
				t.Fatalf("%q: message of %d bytes", c, len(err.Error()))
			}
			return
		}
		if n < 0 || n > MaxOffset {
			t.Fatalf("%q decoded to %d", c, n)
		}
		if m, err := decodeCursor(encodeCursor(n)); err != nil || m != n {
			t.Fatalf("offset %d does not round-trip: %d %v", n, m, err)
		}
	})
}
