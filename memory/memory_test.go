package memory_test

import (
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, ds *normgraph.Dataset) normgraph.Reader {
		s, err := memory.New(ds)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestNewRejectsInvalidDataset(t *testing.T) {
	ds := storetest.Fixture(t)
	ds.Norms[0].ThemeIDs = []string{"no-such-theme"}
	_, err := memory.New(ds)
	if got := normgraph.ErrorCode(err); got != normgraph.EINVALID {
		t.Fatalf("New with a dangling theme: code %q (err %v), want %q", got, err, normgraph.EINVALID)
	}
}
