package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/normgraph/normgraph"
)

// searchDoc is what the full-text index holds of a node: the same fields as the Neo4j
// full-text index (id, name, short name, title, summary, quoted text, definition).
type searchDoc struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	ShortName  string `json:"shortName"`
	Title      string `json:"title"`
	Summary    string `json:"summary"`
	QuoteText  string `json:"quoteText"`
	Definition string `json:"definition"`
}

var searchFields = []string{"id", "name", "shortName", "title", "summary", "quoteText", "definition"}

// newSearchIndex builds the in-memory full-text index (bleve, BM25 scoring).
func newSearchIndex(nodes map[string]normgraph.Node) (bleve.Index, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	doc := bleve.NewDocumentMapping()
	typ := bleve.NewKeywordFieldMapping()
	typ.Analyzer = keyword.Name
	doc.AddFieldMappingsAt("type", typ)
	m.DefaultMapping = doc
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	b := idx.NewBatch()
	for id, n := range nodes {
		d := searchDoc{Type: string(normgraph.TypeOf(n)), ID: id}
		switch x := n.(type) {
		case *normgraph.Initiative:
			d.Name, d.ShortName, d.Summary = x.Name, x.ShortName, x.Summary
		case *normgraph.Norm:
			d.Title, d.Summary = x.Title, x.Summary
			if x.Quote != nil {
				d.QuoteText = x.Quote.Text
			}
		case *normgraph.Theme:
			d.Name, d.Definition = x.Name, x.Definition
		case *normgraph.Actor:
			d.Name = x.Name
		case *normgraph.Source:
			d.Title = x.Title
		case *normgraph.Incident, *normgraph.Attribution, *normgraph.Implementation:
			f := normgraph.SearchFieldsOf(x)
			d.Name, d.Title, d.Summary, d.QuoteText = f.Name, f.Title, f.Summary, f.QuoteText
		default:
			continue
		}
		if err := b.Index(id, d); err != nil {
			return nil, fmt.Errorf("index %s: %w", id, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	return idx, nil
}

// Search implements normgraph.Reader.
func (s *Store) Search(ctx context.Context, q string, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.SearchHit], error) {
	out := normgraph.List[*normgraph.SearchHit]{Items: []*normgraph.SearchHit{}}
	if strings.TrimSpace(q) == "" {
		return out, nil
	}
	// Like Lucene's multi-field query in Neo4j: each word may match any field; the scores of the
	// fields and words that match add up.
	var words []query.Query
	for _, w := range strings.Fields(q) {
		var fields []query.Query
		for _, f := range searchFields {
			mq := bleve.NewMatchQuery(w)
			mq.SetField(f)
			fields = append(fields, mq)
		}
		words = append(words, bleve.NewDisjunctionQuery(fields...))
	}
	var bq query.Query = bleve.NewDisjunctionQuery(words...)
	if len(types) > 0 {
		var ts []query.Query
		for _, t := range types {
			tq := bleve.NewTermQuery(string(t))
			tq.SetField("type")
			ts = append(ts, tq)
		}
		bq = bleve.NewConjunctionQuery(bq, bleve.NewDisjunctionQuery(ts...))
	}
	req := bleve.NewSearchRequestOptions(bq, p.Offset+p.Limit, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := s.search.SearchInContext(ctx, req)
	if err != nil {
		return out, fmt.Errorf("search: %w", err)
	}
	out.Total = int(res.Total)
	for i, h := range res.Hits {
		if i < p.Offset {
			continue
		}
		out.Items = append(out.Items, &normgraph.SearchHit{Node: s.nodes[h.ID], Score: h.Score})
	}
	return out, nil
}

// Timeline implements normgraph.Reader.
func (s *Store) Timeline(ctx context.Context, from, to normgraph.Date, types []normgraph.NodeType, p normgraph.Page) (normgraph.List[*normgraph.TimelineEntry], error) {
	return page(filter(s.timeline, func(e *normgraph.TimelineEntry) bool {
		return normgraph.InRange(e.Date, from, to) && anyOf(types, normgraph.TypeOf(e.Node()))
	}), p), nil
}

// Neighbors implements normgraph.Reader.
func (s *Store) Neighbors(ctx context.Context, ids []string) ([]normgraph.Edge, error) {
	seen := map[string]bool{}
	out := []normgraph.Edge{}
	for _, id := range ids {
		for _, e := range s.edges[id] {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	slices.SortFunc(out, func(a, b normgraph.Edge) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
