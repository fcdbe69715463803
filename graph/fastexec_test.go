package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// fastCorpus is every query the repository holds (golden queries, benchmark shapes, parity
// queries, the research questions, the counted shapes) and one generated query per root field
// selecting every field without required arguments, two levels deep.
func fastCorpus(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, glob := range []string{"testdata/queries/*.graphql", "../bench/queries/*.graphql", "../neo4j/testdata/parity/*.graphql"} {
		files, _ := filepath.Glob(glob)
		if len(files) == 0 {
			t.Fatalf("no queries in %s", glob)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = string(b)
		}
	}
	doc, err := os.ReadFile("../docs/research-questions.md")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(doc), -1) {
		out[fmt.Sprintf("research question block %d", i+1)] = m[1]
	}
	for _, s := range storetest.Shapes {
		out["shape "+s.Name] = s.For(5)
	}
	for name, q := range everyField(t) {
		out["every field of "+name] = q
	}
	return out
}

// everyField builds, for each root field, a query selecting every field reachable without
// required arguments, two object levels below the root (connections count as levels).
func everyField(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gerr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gerr != nil {
		t.Fatal(gerr)
	}
	var sel func(typ string, depth int, alias string) string
	sel = func(typ string, depth int, alias string) string {
		def := schema.Types[typ]
		var parts []string
		if def.Kind == ast.Interface {
			parts = append(parts, "__typename")
			for _, impl := range schema.GetPossibleTypes(def) {
				if s := sel(impl.Name, depth, impl.Name+"_"); s != "" {
					parts = append(parts, "... on "+impl.Name+" "+s)
				}
			}
			return "{ " + strings.Join(parts, " ") + " }"
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") || requiredArgs(f) {
				continue
			}
			ft := schema.Types[f.Type.Name()]
			switch ft.Kind {
			case ast.Scalar, ast.Enum:
				parts = append(parts, alias+f.Name+": "+f.Name)
			default:
				if depth == 0 {
					continue
				}
				args := ""
				if f.Arguments.ForName("first") != nil {
					args = "(first: 3)"
				}
				if s := sel(ft.Name, depth-1, ""); s != "" {
					parts = append(parts, alias+f.Name+": "+f.Name+args+" "+s)
				}
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return "{ " + strings.Join(parts, " ") + " }"
	}
	out := map[string]string{}
	for _, f := range schema.Query.Fields {
		if strings.HasPrefix(f.Name, "__") || requiredArgs(f) {
			continue
		}
		args := ""
		if f.Arguments.ForName("first") != nil {
			args = "(first: 4)"
		}
		if s := sel(f.Type.Name(), 3, ""); s != "" {
			out[f.Name] = "{ " + f.Name + args + " " + s + " }"
		}
	}
	// Root fields that need an id, with ids of the fixture.
	for _, q := range []string{
		`initiative(id: "un-gge-2015")`, `norm(id: "un-gge-2015/13a")`, `theme(id: "critical-infrastructure")`,
		`node(id: "un-gge-2015")`, `nodes(ids: ["un-gge-2015", "un-gge-2015/13a", "nope"])`,
	} {
		name := q[:strings.Index(q, "(")]
		f := schema.Query.Fields.ForName(name)
		depth := 3
		if f.Type.Name() == "Node" {
			depth = 1
		}
		if s := sel(f.Type.Name(), depth, ""); s != "" {
			out[q] = "{ " + q + " " + s + " }"
		}
	}
	return out
}

// corpusAndDatasets returns the embedded dataset, the query corpus and its names, sorted.
func corpusAndDatasets(t *testing.T) (*normgraph.Dataset, map[string]string, []string) {
	t.Helper()
	embedded := storetest.Embedded(t)
	corpus := fastCorpus(t)
	names := make([]string, 0, len(corpus))
	for n := range corpus {
		names = append(names, n)
	}
	sort.Strings(names)
	return embedded, corpus, names
}

func requiredArgs(f *ast.FieldDefinition) bool {
	for _, a := range f.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

func rawPost(h http.Handler, query string) (int, []byte) {
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// TestFastExecMatchesGQLGen runs the whole corpus through the handler with the fast executor
// and through gqlgen's alone, over the fixture and the embedded dataset: the bodies must be the
// same bytes, and every query that gqlgen answers without errors must have been answered by the
// fast executor (counted), so that the comparison is not vacuous.
func TestFastExecMatchesGQLGen(t *testing.T) {
	embedded, corpus, names := corpusAndDatasets(t)
	for _, ds := range []struct {
		name string
		ds   *normgraph.Dataset
	}{{"fixture", storetest.Fixture(t)}, {"embedded", embedded}} {
		store, err := memory.New(ds.ds)
		if err != nil {
			t.Fatal(err)
		}
		var c graph.Counters
		fast := graph.NewHandler(store, graph.Options{Counters: &c})
		slow := graph.NewHandler(store, graph.Options{GQLGenOnly: true})
		answered, withErrors := 0, 0
		for _, n := range names {
			q := corpus[n]
			before := c.Exec.Fast.Load()
			code1, got := rawPost(fast, q)
			code2, want := rawPost(slow, q)
			if code1 != code2 || !sameBody(got, want) {
				t.Errorf("%s / %s: the fast executor answered differently\nquery: %s\nfast (%d): %.600s\ngqlgen (%d): %.600s\nfirst difference at byte %d",
					ds.name, n, q, code1, got, code2, want, firstDiff(got, want))
				continue
			}
			if bytes.Contains(want, []byte(`"errors"`)) {
				if os.Getenv("NORMGRAPH_DEBUG_FASTEXEC") != "" {
					t.Logf("ERRQ %s: %.300s", n, want)
				}
				withErrors++
				continue
			}
			if c.Exec.Fast.Load() == before {
				t.Errorf("%s / %s: answered by gqlgen although it has no errors:\n%s", ds.name, n, q)
				continue
			}
			answered++
		}
		t.Logf("%s: %d queries, %d answered by the fast executor, %d with errors (gqlgen's)", ds.name, len(names), answered, withErrors)
		if answered < len(names)*3/4 {
			t.Errorf("%s: only %d of %d queries took the fast path", ds.name, answered, len(names))
		}
	}
}

// sameBody compares two response bodies byte for byte, except that a list of errors may come in
// any order: gqlgen resolves root fields concurrently, so errors of several root fields (which
// only gqlgen ever answers) are listed in the order they happened.
func sameBody(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	if !bytes.Contains(a, []byte(`"errors"`)) {
		return false
	}
	var ra, rb struct {
		Errors []json.RawMessage `json:"errors"`
		Data   json.RawMessage   `json:"data"`
	}
	if json.Unmarshal(a, &ra) != nil || json.Unmarshal(b, &rb) != nil || !bytes.Equal(ra.Data, rb.Data) || len(ra.Errors) != len(rb.Errors) {
		return false
	}
	key := func(e []json.RawMessage) []string {
		out := make([]string, len(e))
		for i := range e {
			out[i] = string(e[i])
		}
		sort.Strings(out)
		return out
	}
	return slices.Equal(key(ra.Errors), key(rb.Errors))
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestFastExecFallsBack: what the fast executor cannot answer as gqlgen does goes to gqlgen,
// with the same answer: resolver errors, a missing node, introspection, @skip/@include, aliases
// and fragments (which it answers itself).
func TestFastExecFallsBack(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		fast  bool
	}{
		{`{ norms(first: -1) { totalCount } }`, false}, // an argument error
		{`{ initiative(id: "nope") { id } }`, true},    // null, nullable
		{`{ __schema { queryType { name } } }`, false}, // introspection
		{`{ __typename a: initiative(id: "un-gge-2015") { __typename x: id y: id } }`, true},
		{`query($s: Boolean!) { initiative(id: "un-gge-2015") { id name @skip(if: $s) ...F } } fragment F on Initiative { adopted }`, true},
		{`{ initiatives(first: 2) { edges { node { id ... @defer { name } } } } }`, false},
	} {
		var c graph.Counters
		fast := graph.NewHandler(store, graph.Options{Counters: &c})
		slow := graph.NewHandler(store, graph.Options{GQLGenOnly: true})
		body, _ := json.Marshal(map[string]any{"query": tc.query, "variables": map[string]any{"s": true}})
		do := func(h http.Handler) []byte {
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Body.Bytes()
		}
		got, want := do(fast), do(slow)
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\nfast:   %s\ngqlgen: %s", tc.query, got, want)
		}
		if fastN := c.Exec.Fast.Load(); (fastN == 1) != tc.fast {
			t.Errorf("%s: fast path used %d times, want fast=%v (fallbacks %d)", tc.query, fastN, tc.fast, c.Exec.Fallback.Load())
		}
	}
}

// TestFastExecAllocations counts (does not time) the allocations of the three-level benchmark
// shape over the embedded dataset: the fast executor must stay far below gqlgen's per-field
// execution (one goroutine per list element and resolver field, a field context per field).
func TestFastExecAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the embedded dataset")
	}
	ds := storetest.Embedded(t)
	store, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	// Wait for the full-text index the store builds in the background: AllocsPerRun counts
	// every allocation of the process.
	if _, err := store.Search(context.Background(), "norm", nil, normgraph.Page{Limit: 1}); err != nil {
		t.Fatal(err)
	}
	q, err := os.ReadFile("../bench/queries/3-initiatives-norms-themes-correspondences.graphql")
	if err != nil {
		t.Fatal(err)
	}
	allocs := func(opts graph.Options) float64 {
		h := graph.NewHandler(store, opts)
		rawPost(h, string(q)) // warm the query cache
		return testing.AllocsPerRun(5, func() {
			if code, body := rawPost(h, string(q)); code != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) {
				t.Fatalf("%d %.200s", code, body)
			}
		})
	}
	fast, slow := allocs(graph.Options{}), allocs(graph.Options{GQLGenOnly: true})
	t.Logf("allocations per request: fast executor %.0f, gqlgen %.0f", fast, slow)
	if fast > 6000 || fast*8 > slow {
		t.Errorf("fast executor %.0f allocations per request, gqlgen %.0f: want ≤ 6,000 and at most 1/8 of gqlgen's", fast, slow)
	}
}
