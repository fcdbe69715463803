package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden responses in testdata/queries")

func newServer(t *testing.T, opts graph.Options) *httptest.Server {
	t.Helper()
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	return newServerFor(t, store, opts)
}

func newServerFor(t *testing.T, r normgraph.Reader, opts graph.Options) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(graph.NewHandler(r, opts))
	t.Cleanup(srv.Close)
	return srv
}

// post sends a query through the real handler and returns the status and the indented response.
func post(t *testing.T, srv *httptest.Server, query string) (int, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("response is not JSON: %v", err)
	}
	out, _ := json.MarshalIndent(v, "", "  ")
	return resp.StatusCode, append(out, '\n')
}

// TestQueries runs every testdata/queries/*.graphql through the handler over the fixture dataset
// and compares the response with the reviewed golden file beside it (*.json).
func TestQueries(t *testing.T) {
	srv := newServer(t, graph.Options{})
	files, _ := filepath.Glob("testdata/queries/*.graphql")
	if len(files) == 0 {
		t.Fatal("no queries")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".graphql"), func(t *testing.T) {
			q, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, got := post(t, srv, string(q))
			golden := strings.TrimSuffix(f, ".graphql") + ".json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./graph -update and review the result)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("response differs from %s\n got:\n%s\n want:\n%s", golden, got, want)
			}
		})
	}
}

type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func decode(t *testing.T, b []byte) gqlResponse {
	t.Helper()
	var r gqlResponse
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestErrorCodes(t *testing.T) {
	srv := newServer(t, graph.Options{ComplexityLimit: 500})
	for _, tc := range []struct {
		name, query, code, message string
	}{
		{"first too large", `{ norms(first: 101) { totalCount } }`, normgraph.EINVALID, "first must be between 0 and 100, got 101"},
		{"nested first negative", `{ initiative(id: "alpha") { norms(first: -1) { totalCount } } }`, normgraph.EINVALID, "first must be between 0 and 100, got -1"},
		{"bad cursor", `{ themes(after: "%%%") { totalCount } }`, normgraph.EINVALID, `malformed cursor "%%%"`},
		{"bad date", `{ initiatives(filter: {adoptedTo: "July 2015"}) { totalCount } }`, normgraph.EINVALID, "malformed date"},
		{"too many ids", `{ nodes(ids: [` + strings.Repeat(`"a",`, 101) + `]) { id } }`, normgraph.EINVALID, "at most 100 ids, got 101"},
		{"unknown field", `{ initiatives { colour } }`, "GRAPHQL_VALIDATION_FAILED", `Cannot query field "colour"`},
		{"syntax", `{ initiatives { `, "GRAPHQL_PARSE_FAILED", "Expected Name"},
		{"too complex", `{ initiatives(first: 100) { edges { node { norms(first: 100) { edges { node { id } } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED", "the query costs more than 500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body := post(t, srv, tc.query)
			r := decode(t, body)
			if len(r.Errors) == 0 {
				t.Fatalf("no error in %s", body)
			}
			e := r.Errors[0]
			if e.Extensions["code"] != tc.code {
				t.Errorf("code %v, want %s (%s)", e.Extensions["code"], tc.code, body)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message %q does not contain %q", e.Message, tc.message)
			}
		})
	}
}

func TestGET(t *testing.T) {
	srv := newServer(t, graph.Options{})
	resp, err := http.Get(srv.URL + "?query=" + url.QueryEscape(`{ initiative(id: "beta") { shortName adopted norms { totalCount } } }`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data struct {
			Initiative struct {
				ShortName *string
				Adopted   string
				Norms     struct{ TotalCount int }
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	in := r.Data.Initiative
	if in.ShortName != nil || in.Adopted != "2018" || in.Norms.TotalCount != 2 {
		t.Errorf("GET answered %+v, want shortName null, adopted 2018, 2 norms", in)
	}
}

// TestPaginationWalk follows endCursor through every page and must see every norm exactly once.
func TestPaginationWalk(t *testing.T) {
	srv := newServer(t, graph.Options{})
	var seen []string
	after := ""
	for page := 0; page < 10; page++ {
		_, body := post(t, srv, `{ norms(first: 2, after: "`+after+`") { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`)
		var r struct {
			Data struct {
				Norms struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Data.Norms.Edges {
			seen = append(seen, e.Node.ID)
		}
		if !r.Data.Norms.PageInfo.HasNextPage {
			break
		}
		after = r.Data.Norms.PageInfo.EndCursor
	}
	want := "alpha/1a alpha/1c alpha/1b beta/1 beta/2"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("walked %q, want %q", got, want)
	}
}
