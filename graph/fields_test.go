package graph_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// sparseReader answers the list reads that honour normgraph.WithFields as sparsely as a store
// may: every field not asked for is emptied (the ids and a correspondence's ends kept), and the
// long texts when texts are not wanted. It counts the reads that were restricted.
type sparseReader struct {
	normgraph.Reader
	restricted *int
}

var longTexts = map[string]bool{"Summary": true, "Definition": true, "Rationale": true}

func sparse[T any](r sparseReader, ctx context.Context, items []*T) []*T {
	if normgraph.WantedFields(ctx) != nil {
		*r.restricted++
	}
	texts := normgraph.TextsWanted(ctx)
	out := make([]*T, len(items))
	for i, it := range items {
		c := *it
		v := reflect.ValueOf(&c).Elem()
		for j := range v.NumField() {
			name := v.Type().Field(j).Name
			if name == "ID" || name == "FromID" || name == "ToID" {
				continue
			}
			if !normgraph.FieldWanted(ctx, name) || (!texts && longTexts[name]) {
				v.Field(j).SetZero()
			}
			if name == "Quote" && !texts && !v.Field(j).IsZero() {
				q := v.Field(j).Interface().(*normgraph.Quotation)
				qc := *q
				qc.Text = ""
				v.Field(j).Set(reflect.ValueOf(&qc))
			}
		}
		out[i] = &c
	}
	return out
}

func sparseList[T any](r sparseReader, ctx context.Context, l normgraph.List[*T], err error) (normgraph.List[*T], error) {
	if err != nil {
		return l, err
	}
	l.Items = sparse(r, ctx, l.Items)
	return l, nil
}

func sparseLists[T any](r sparseReader, ctx context.Context, ls []normgraph.List[*T], err error) ([]normgraph.List[*T], error) {
	if err != nil {
		return ls, err
	}
	out := make([]normgraph.List[*T], len(ls))
	for i, l := range ls {
		out[i] = l
		out[i].Items = sparse(r, ctx, l.Items)
	}
	return out, nil
}

func sparseSlices[T any](r sparseReader, ctx context.Context, ls [][]*T, err error) ([][]*T, error) {
	if err != nil {
		return ls, err
	}
	out := make([][]*T, len(ls))
	for i, l := range ls {
		out[i] = sparse(r, ctx, l)
	}
	return out, nil
}

func (r sparseReader) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	l, err := r.Reader.Initiatives(ctx, f, p)
	return sparseList(r, ctx, l, err)
}

func (r sparseReader) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	l, err := r.Reader.Norms(ctx, f, p)
	return sparseList(r, ctx, l, err)
}

func (r sparseReader) Themes(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Theme], error) {
	l, err := r.Reader.Themes(ctx, p)
	return sparseList(r, ctx, l, err)
}

func (r sparseReader) Actors(ctx context.Context, f normgraph.ActorFilter, p normgraph.Page) (normgraph.List[*normgraph.Actor], error) {
	l, err := r.Reader.Actors(ctx, f, p)
	return sparseList(r, ctx, l, err)
}

func (r sparseReader) Sources(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Source], error) {
	l, err := r.Reader.Sources(ctx, p)
	return sparseList(r, ctx, l, err)
}

func (r sparseReader) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	ls, err := r.Reader.NormsOfInitiatives(ctx, ids, p)
	return sparseLists(r, ctx, ls, err)
}

func (r sparseReader) NormsOfThemes(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	ls, err := r.Reader.NormsOfThemes(ctx, ids, p)
	return sparseLists(r, ctx, ls, err)
}

func (r sparseReader) ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Theme, error) {
	ls, err := r.Reader.ThemesOfInitiatives(ctx, ids)
	return sparseSlices(r, ctx, ls, err)
}

func (r sparseReader) InitiativesOfThemes(ctx context.Context, ids []string) ([][]*normgraph.Initiative, error) {
	ls, err := r.Reader.InitiativesOfThemes(ctx, ids)
	return sparseSlices(r, ctx, ls, err)
}

func (r sparseReader) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	ls, err := r.Reader.CorrespondencesOfNorms(ctx, ids)
	return sparseSlices(r, ctx, ls, err)
}

// TestFieldsSuffice answers the whole corpus of TestFastExecMatchesGQLGen through a store that
// fills only the fields each list read is told are needed (sparseReader) and through the store
// as it is: the same bytes, or the GraphQL layer asked for too few fields. It also requires
// that reads were restricted at all (the shapes of the peer benchmark among them).
func TestFieldsSuffice(t *testing.T) {
	embedded, corpus, names := corpusAndDatasets(t)
	for _, ds := range []*normgraph.Dataset{storetest.Fixture(t), embedded} {
		store, err := memory.New(ds)
		if err != nil {
			t.Fatal(err)
		}
		restricted := 0
		full := graph.NewHandler(store, graph.Options{})
		thin := graph.NewHandler(sparseReader{store, &restricted}, graph.Options{})
		for _, n := range names {
			q := corpus[n]
			_, want := rawPost(full, q)
			_, got := rawPost(thin, q)
			if !sameBody(got, want) {
				t.Errorf("%s: answered differently when reads fill only the fields asked for\nquery: %s\nsparse: %.600s\nfull:   %.600s\nfirst difference at byte %d",
					n, q, got, want, firstDiff(got, want))
			}
		}
		t.Logf("%d reads restricted to named fields", restricted)
		if restricted < 20 {
			t.Errorf("only %d list reads were restricted to named fields", restricted)
		}
	}
}

// Nodes empties, of the nodes of the types whose fields are declared, every field not asked
// for (normgraph.WithFields), as a store may.
func (r sparseReader) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	ns, err := r.Reader.Nodes(ctx, ids)
	if err != nil || normgraph.WantedFields(ctx) == nil {
		return ns, err
	}
	out := make([]normgraph.Node, len(ns))
	for i, n := range ns {
		switch n := n.(type) {
		case *normgraph.Initiative:
			out[i] = sparse(r, ctx, []*normgraph.Initiative{n})[0]
		case *normgraph.Norm:
			out[i] = sparse(r, ctx, []*normgraph.Norm{n})[0]
		case *normgraph.Theme:
			out[i] = sparse(r, ctx, []*normgraph.Theme{n})[0]
		case *normgraph.Actor:
			out[i] = sparse(r, ctx, []*normgraph.Actor{n})[0]
		case *normgraph.Source:
			out[i] = sparse(r, ctx, []*normgraph.Source{n})[0]
		default:
			out[i] = n
		}
	}
	return out, nil
}
