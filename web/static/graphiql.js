// Starts GraphiQL (React, ReactDOM and GraphiQL are the embedded UMD bundles loaded before this
// file) against this server's /graphql, with a first query worth running.
const defaultQuery = `# normgraph: cybersecurity-norm initiatives as a graph.
# Run with Ctrl-Enter or ▶; the Docs pane lists the schema.
# The explorer at /explore uses this same API.

query ParisCallAndWhatOverlapsIt {
  initiative(id: "paris-call") {
    name
    adopted
    norms(first: 3) {
      totalCount
      edges {
        node {
          code
          title
          quote { text source { title url } }
        }
      }
    }
  }
  overlaps(initiative: "paris-call", first: 5) {
    edges {
      node { a { id } b { id } score themeScore actorScore }
    }
  }
}
`;

const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).href });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false,
  }),
);
