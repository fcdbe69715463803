// The one way the explorer talks to the server: POST /graphql, the public API.

export class APIError extends Error {}

// gql runs a query with variables and returns its data; GraphQL errors become an APIError
// carrying the server's messages (which never hold internals).
export async function gql(query, variables = {}) {
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new APIError('The server did not answer: ' + e.message);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new APIError(`The server answered ${res.status} without JSON`);
  }
  if (body.errors?.length) throw new APIError(body.errors.map((e) => e.message).join('; '));
  if (!res.ok) throw new APIError(`The server answered ${res.status}`);
  return body.data;
}

// all follows a connection's pages: get(after) returns the connection; at most max nodes.
export async function all(get, max = 1000) {
  const nodes = [];
  let after = null;
  for (;;) {
    const conn = await get(after);
    nodes.push(...conn.edges.map((e) => e.node));
    if (!conn.pageInfo.hasNextPage || nodes.length >= max) return nodes;
    after = conn.pageInfo.endCursor;
  }
}
