package export

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/normgraph/normgraph"
)

// Reader is what the export handler reads.
type Reader interface {
	normgraph.Neighborer
	Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error)
}

// Handler serves the exports, with the parameters of the GraphQL subgraph and compare queries:
//
//	GET /export/subgraph.json     Cytoscape.js elements  ?root=ID&root=ID&depth=1&type=Norm&limit=100&overlapsPerNode=2&minOverlap=0
//	GET /export/subgraph.gexf     GEXF (Gephi)           same parameters
//	GET /export/subgraph.graphml  GraphML                same parameters
//	GET /export/compare.csv       the crosswalk table    ?initiative=ID&initiative=ID&theme=ID
//
// Bad parameters answer 400 with the reason; backend outages 503.
func Handler(r Reader) http.Handler {
	mux := http.NewServeMux()
	sub := func(contentType string, write func(*bytes.Buffer, *normgraph.Graph) error) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			q, err := subgraphQuery(req)
			if err != nil {
				fail(w, err)
				return
			}
			g, err := normgraph.Subgraph(req.Context(), r, q)
			if err != nil {
				fail(w, err)
				return
			}
			var b bytes.Buffer
			if err := write(&b, g); err != nil {
				fail(w, err)
				return
			}
			w.Header().Set("Content-Type", contentType)
			_, _ = w.Write(b.Bytes())
		}
	}
	mux.HandleFunc("GET /export/subgraph.json", sub("application/json", func(b *bytes.Buffer, g *normgraph.Graph) error { return Cytoscape(b, g) }))
	mux.HandleFunc("GET /export/subgraph.gexf", sub("application/gexf+xml", func(b *bytes.Buffer, g *normgraph.Graph) error { return GEXF(b, g) }))
	mux.HandleFunc("GET /export/subgraph.graphml", sub("application/graphml+xml", func(b *bytes.Buffer, g *normgraph.Graph) error { return GraphML(b, g) }))
	mux.HandleFunc("GET /export/compare.csv", func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		c, err := normgraph.Compare(req.Context(), r, q["initiative"], q["theme"])
		if err != nil {
			fail(w, err)
			return
		}
		var b bytes.Buffer
		if err := CompareCSV(&b, c); err != nil {
			fail(w, err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="compare.csv"`)
		_, _ = w.Write(b.Bytes())
	})
	return mux
}

// DefaultOverlapsPerNode is how many OVERLAPS edges each node keeps in a subgraph unless asked
// otherwise (the GraphQL subgraph query's default too).
const DefaultOverlapsPerNode = 2

func subgraphQuery(req *http.Request) (normgraph.SubgraphQuery, error) {
	v := req.URL.Query()
	q := normgraph.SubgraphQuery{RootIDs: v["root"], Depth: 1, Limit: 100, OverlapsPerNode: DefaultOverlapsPerNode}
	var err error
	if s := v.Get("depth"); s != "" {
		if q.Depth, err = strconv.Atoi(s); err != nil {
			return q, normgraph.Errorf(normgraph.EINVALID, "depth must be a number, got %q", s)
		}
	}
	if s := v.Get("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil {
			return q, normgraph.Errorf(normgraph.EINVALID, "limit must be a number, got %q", s)
		}
	}
	if s := v.Get("overlapsPerNode"); s != "" {
		if q.OverlapsPerNode, err = strconv.Atoi(s); err != nil {
			return q, normgraph.Errorf(normgraph.EINVALID, "overlapsPerNode must be a number, got %q", s)
		}
	}
	if s := v.Get("minOverlap"); s != "" {
		if q.MinOverlap, err = strconv.ParseFloat(s, 64); err != nil {
			return q, normgraph.Errorf(normgraph.EINVALID, "minOverlap must be a number, got %q", s)
		}
	}
	for _, t := range v["type"] {
		q.Types = append(q.Types, normgraph.NodeType(strings.ToUpper(t[:min(1, len(t))])+strings.ToLower(t[min(1, len(t)):])))
	}
	return q, nil
}

func fail(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch normgraph.ErrorCode(err) {
	case normgraph.EINVALID:
		status = http.StatusBadRequest
	case normgraph.EUNAVAILABLE:
		status = http.StatusServiceUnavailable
	}
	http.Error(w, normgraph.ErrorMessage(err), status)
}
