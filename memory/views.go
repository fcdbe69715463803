package memory

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
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

// searchIndexes holds the full-text indexes built in this process, by the hash of the
// documents they hold: a process (a server, a test binary) builds the index of a dataset once,
// however many stores it opens over it. Indexes are read-only once built.
var searchIndexes struct {
	mu    sync.Mutex
	byKey map[[sha256.Size]byte]*indexEntry
	built int // how many indexes were built (for tests)
}

type indexEntry struct {
	once sync.Once
	idx  bleve.Index
	err  error
}

// searchIndexesBuilt returns how many full-text indexes this process has built.
func searchIndexesBuilt() int {
	searchIndexes.mu.Lock()
	defer searchIndexes.mu.Unlock()
	return searchIndexes.built
}

// newSearchIndex returns the in-memory full-text index (bleve, BM25 scoring) of the nodes,
// building it unless this process already has one over the same documents.
func newSearchIndex(nodes map[string]normgraph.Node) (bleve.Index, error) {
	docs := make([]searchDoc, 0, len(nodes))
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
		docs = append(docs, d)
	}
	slices.SortFunc(docs, func(a, b searchDoc) int { return strings.Compare(a.ID, b.ID) })
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(docs); err != nil {
		return nil, fmt.Errorf("hash search documents: %w", err)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	searchIndexes.mu.Lock()
	if searchIndexes.byKey == nil {
		searchIndexes.byKey = map[[sha256.Size]byte]*indexEntry{}
	}
	e := searchIndexes.byKey[key]
	if e == nil {
		e = &indexEntry{}
		searchIndexes.byKey[key] = e
	}
	searchIndexes.mu.Unlock()
	e.once.Do(func() {
		e.idx, e.err = buildSearchIndex(docs)
		searchIndexes.mu.Lock()
		searchIndexes.built++
		searchIndexes.mu.Unlock()
	})
	return e.idx, e.err
}

func buildSearchIndex(docs []searchDoc) (bleve.Index, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	doc := bleve.NewDocumentMapping()
	typ := bleve.NewKeywordFieldMapping()
	typ.Analyzer = keyword.Name
	doc.AddFieldMappingsAt("type", typ)
	m.DefaultMapping = doc
	// Scorch in memory (no path) keeps its segments as byte slices: a few large objects, which
	// the garbage collector scans far faster than the pointer-linked treap of NewMemOnly.
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create search index: %w", err)
	}
	b := idx.NewBatch()
	for _, d := range docs {
		if err := b.Index(d.ID, d); err != nil {
			return nil, fmt.Errorf("index %s: %w", d.ID, err)
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
	select {
	case <-s.searchReady:
	case <-ctx.Done():
		return out, ctx.Err()
	}
	if s.searchErr != nil {
		return out, s.searchErr
	}
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
