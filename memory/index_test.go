package memory

import (
	"context"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/storetest"
)

// TestSearchIndexBuiltOnce opens stores over equal datasets and requires one index build for
// them, and a new build for a dataset whose searchable text differs.
func TestSearchIndexBuiltOnce(t *testing.T) {
	ds := storetest.Fixture(t)
	ds.Norms[0].Title = "A title only this test uses" // a dataset no other test has indexed
	before := searchIndexesBuilt()
	a, err := New(ds)
	if err != nil {
		t.Fatal(err)
	}
	again := storetest.Fixture(t)
	again.Norms[0].Title = ds.Norms[0].Title
	b, err := New(again)
	if err != nil {
		t.Fatal(err)
	}
	<-a.searchReady
	<-b.searchReady
	if got := searchIndexesBuilt() - before; got != 1 {
		t.Errorf("two stores over equal datasets built %d indexes, want 1", got)
	}
	<-a.searchReady
	<-b.searchReady
	if a.search != b.search {
		t.Error("the stores do not share their index")
	}
	other := storetest.Fixture(t)
	other.Norms[0].Title = "Yet another title"
	c, err := New(other)
	if err != nil {
		t.Fatal(err)
	}
	<-c.searchReady
	if got := searchIndexesBuilt() - before; got != 2 {
		t.Errorf("a changed dataset built %d indexes in all, want 2", got)
	}
	hits, err := c.Search(context.Background(), "another", []normgraph.NodeType{normgraph.TypeNorm}, normgraph.Page{Limit: 5})
	if err != nil || len(hits.Items) != 1 || hits.Items[0].Node.NodeID() != other.Norms[0].ID {
		t.Errorf("search over the changed dataset: %+v, %v", hits, err)
	}
}
