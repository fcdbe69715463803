// Package graph is normgraph's GraphQL transport: the gqlgen handler, thin resolvers that read
// through per-request batch loaders, and the error presenter.
package graph

import "github.com/normgraph/normgraph"

// Resolver is the root resolver. It holds only the backend reader.
type Resolver struct {
	reader normgraph.Reader
}
