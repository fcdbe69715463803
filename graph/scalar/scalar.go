// Package scalar holds the GraphQL marshalers of normgraph's custom scalars.
package scalar

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/normgraph/normgraph"
)

// MarshalDate writes a Date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", or null when unknown.
func MarshalDate(d normgraph.Date) graphql.Marshaler {
	if d.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads a Date argument; it returns an EINVALID *normgraph.Error when malformed.
func UnmarshalDate(v any) (normgraph.Date, error) {
	s, ok := v.(string)
	if !ok {
		return normgraph.Date{}, normgraph.Errorf(normgraph.EINVALID, "a Date is a string YYYY, YYYY-MM or YYYY-MM-DD, not %T", v)
	}
	d, err := normgraph.ParseDate(s)
	if err != nil {
		return normgraph.Date{}, fmt.Errorf("%w", err)
	}
	return d, nil
}
