package normgraph

// Regenerate the GraphQL code (graph/generated.go, graph/model, resolver stubs) from
// schema.graphqls and gqlgen.yml.
//go:generate go tool gqlgen generate --config gqlgen.yml
