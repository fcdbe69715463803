package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/export"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

func fixtureGraph(t *testing.T) (*memory.Store, *normgraph.Graph) {
	t.Helper()
	s, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	g, err := normgraph.Subgraph(t.Context(), s, normgraph.SubgraphQuery{RootIDs: []string{"beta"}, Depth: 2, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) < 10 || len(g.Edges) < 15 {
		t.Fatalf("fixture subgraph too small: %d nodes, %d edges", len(g.Nodes), len(g.Edges))
	}
	return s, g
}

func ids(g *normgraph.Graph) (nodes, edges []string) {
	for _, n := range g.Nodes {
		nodes = append(nodes, n.NodeID())
	}
	for _, e := range g.Edges {
		edges = append(edges, e.ID)
	}
	slices.Sort(nodes)
	slices.Sort(edges)
	return nodes, edges
}

// external runs a checker under a real parser of the format and decodes what it printed.
// Without the tool it skips (see scripts/test.sh, which installs them), except under CI.
func external(t *testing.T, tool string, args ...string) map[string]any {
	t.Helper()
	if _, err := os.Stat("../tools/exportcheck/node_modules/cytoscape"); err != nil && tool == "node" {
		unavailable(t, "cytoscape (npm ci --prefix tools/exportcheck)")
	}
	if _, err := exec.LookPath(tool); err != nil {
		unavailable(t, tool)
	}
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if e, ok := err.(*exec.ExitError); ok {
			ee = e
		}
		t.Fatalf("%s %v: %v\n%s", tool, args, err, stderrOf(ee))
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("checker output: %v\n%s", err, out)
	}
	return v
}

func stderrOf(e *exec.ExitError) string {
	if e == nil {
		return ""
	}
	return string(e.Stderr)
}

func unavailable(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed, but CI=true: ./scripts/test.sh installs it", what)
	}
	t.Skipf("%s is not installed: ./scripts/test.sh installs it (see README)", what)
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func writeTemp(t *testing.T, name string, write func(io.Writer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func python(t *testing.T) string {
	for _, p := range []string{os.Getenv("NORMGRAPH_PYTHON"), "../.cache/venv/bin/python"} {
		if p == "" {
			continue
		}
		if err := exec.Command(p, "-c", "import networkx").Run(); err == nil {
			return p
		}
	}
	unavailable(t, "python3 with networkx (pip install -r tools/exportcheck/requirements.txt)")
	return ""
}

func TestCytoscapeReadsIt(t *testing.T) {
	_, g := fixtureGraph(t)
	path := writeTemp(t, "g.json", func(w io.Writer) error { return export.Cytoscape(w, g) })
	got := external(t, "node", "../tools/exportcheck/check_cytoscape.js", path)
	nodes, edges := ids(g)
	if !reflect.DeepEqual(strs(got["nodes"]), nodes) || !reflect.DeepEqual(strs(got["edges"]), edges) {
		t.Errorf("cytoscape read %v / %v,\nwant %v / %v", got["nodes"], got["edges"], nodes, edges)
	}
	if !slices.Contains(strs(got["edgeEnds"]), "beta>alpha") {
		t.Errorf("edge ends lost: %v", got["edgeEnds"])
	}
}

func TestGEXFAndGraphMLReadByNetworkX(t *testing.T) {
	_, g := fixtureGraph(t)
	py := python(t)
	nodes, edges := ids(g)
	for name, write := range map[string]func(io.Writer, *normgraph.Graph) error{"g.gexf": export.GEXF, "g.graphml": export.GraphML} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, name, func(w io.Writer) error { return write(w, g) })
			got := external(t, py, "../tools/exportcheck/check_graph.py", path)
			if !reflect.DeepEqual(strs(got["nodes"]), nodes) {
				t.Errorf("nodes %v, want %v", got["nodes"], nodes)
			}
			if got["edgeCount"].(float64) != float64(len(edges)) || got["directed"] != true {
				t.Errorf("edges %v (directed %v), want %d directed", got["edgeCount"], got["directed"], len(edges))
			}
			if !reflect.DeepEqual(strs(got["types"]), []string{"Actor", "Attribution", "Category", "Implementation", "Incident", "Initiative", "Norm", "Theme"}) {
				t.Errorf("node types %v", got["types"])
			}
			if label := got["labels"].(map[string]any)["alpha/1a"]; label != "1(a) Do not attack infrastructure" {
				t.Errorf("label of alpha/1a: %v", label)
			}
		})
	}
}

// TestXMLWellFormed reads both XML exports with Go's XML parser too, and checks the root and
// namespace each format requires.
func TestXMLWellFormed(t *testing.T) {
	_, g := fixtureGraph(t)
	for _, tc := range []struct {
		write     func(io.Writer, *normgraph.Graph) error
		root, ns  string
		nodeCount string
	}{
		{export.GEXF, "gexf", "http://www.gexf.net/1.2draft", "node"},
		{export.GraphML, "graphml", "http://graphml.graphdrawing.org/xmlns", "node"},
	} {
		var b bytes.Buffer
		if err := tc.write(&b, g); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&b)
		var root xml.Name
		count := 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not well-formed: %v", tc.root, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				if root.Local == "" {
					root = se.Name
				}
				if se.Name.Local == tc.nodeCount {
					count++
				}
			}
		}
		if root.Local != tc.root || root.Space != tc.ns || count != len(g.Nodes) {
			t.Errorf("%s: root %v, %d nodes (want %d)", tc.root, root, count, len(g.Nodes))
		}
	}
}

func TestCompareCSV(t *testing.T) {
	s, _ := fixtureGraph(t)
	c, err := normgraph.Compare(t.Context(), s, []string{"alpha", "beta"}, []string{"critical-infrastructure", "public-core"})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.CompareCSV(&b, c); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	want := [][]string{
		{"theme", "alpha", "beta"},
		{"critical-infrastructure", "alpha/1a; alpha/1b", "beta/1"},
		{"public-core", "", "beta/1"},
		{"(no compared theme)", "alpha/1c", "beta/2"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
}

func TestHandler(t *testing.T) {
	s, _ := fixtureGraph(t)
	srv := httptest.NewServer(export.Handler(s))
	defer srv.Close()
	for _, tc := range []struct {
		path, contentType, contains string
		status                      int
	}{
		{"/export/subgraph.json?root=beta&depth=2", "application/json", `"id": "beta/1"`, 200},
		{"/export/subgraph.gexf?root=beta&type=norm&type=Initiative", "application/gexf+xml", `<node id="beta/2"`, 200},
		{"/export/subgraph.graphml?root=alpha&limit=2", "application/graphml+xml", `<graphml`, 200},
		{"/export/compare.csv?initiative=alpha&initiative=beta", "text/csv; charset=utf-8", "theme,alpha,beta", 200},
		{"/export/subgraph.json?root=beta&depth=9", "text/plain; charset=utf-8", "depth must be between 0 and 3", 400},
		{"/export/subgraph.json", "text/plain; charset=utf-8", "give 1 to 50 root ids", 400},
		{"/export/subgraph.gexf?root=beta&limit=x", "text/plain; charset=utf-8", "limit must be a number", 400},
		{"/export/subgraph.gexf?root=beta&type=planet", "text/plain; charset=utf-8", "unknown node type", 400},
		{"/export/compare.csv?initiative=nope", "text/plain; charset=utf-8", `no initiative "nope"`, 400},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != tc.contentType || !strings.Contains(string(body), tc.contains) {
			t.Errorf("GET %s: %d %s\n%.300s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}
