package neo4j_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

// TestReadAhead reads a page of initiatives announcing the calls that follow (their norms, the
// norms' correspondences and themes, the initiatives' sources) and then makes those calls:
// each must cost no statement and answer exactly what the same call answers from its own
// statement; a call asking for anything else (another page, other fields, an id not read)
// must run its own statement and answer the same as without reading ahead.
func TestReadAhead(t *testing.T) {
	s := neo4jtest.Open(t)
	refresh(t, s, storetest.Embedded(t), neo4j.RefreshOptions{})
	base := normgraph.WithAnswers(context.Background())
	norms := normgraph.Follow{Call: "NormsOfInitiatives", Page: normgraph.Page{Offset: 1, Limit: 4}, Fields: []string{"ID", "Title", "ThemeIDs"},
		Then: []normgraph.Follow{
			{Call: "CorrespondencesOfNorms", Texts: true},
			{Call: "Nodes", Ref: "ThemeIDs", Type: "Theme", Fields: []string{"ID", "Name"}},
		}}
	sources := normgraph.Follow{Call: "Nodes", Ref: "SourceIDs", Type: "Source"}
	before := s.Statements()
	page, err := s.Initiatives(normgraph.WithFollows(base, []normgraph.Follow{norms, sources}), normgraph.InitiativeFilter{}, normgraph.Page{Limit: 12})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Statements() - before; got != 1 {
		t.Fatalf("the list read with its calls read ahead cost %d statements, want 1", got)
	}
	plain, err := s.Initiatives(normgraph.WithoutAnswers(base), normgraph.InitiativeFilter{}, normgraph.Page{Limit: 12})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(page, plain) {
		t.Fatalf("the page read with its calls ahead differs:\n%+v\n%+v", page, plain)
	}
	var ids, srcIDs []string
	for _, in := range page.Items {
		ids = append(ids, in.ID)
		srcIDs = append(srcIDs, in.SourceIDs...)
	}

	// same checks that a call costs want statements and answers as without reading ahead.
	same := func(name string, want int64, call func(ctx context.Context) (any, error)) any {
		t.Helper()
		before := s.Statements()
		got, err := call(base)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := s.Statements() - before; n != want {
			t.Errorf("%s: %d statements, want %d", name, n, want)
		}
		alone, err := call(normgraph.WithoutAnswers(base))
		if err != nil {
			t.Fatalf("%s alone: %v", name, err)
		}
		if !reflect.DeepEqual(got, alone) {
			t.Errorf("%s: answered\n%+v\nfrom its own statement\n%+v", name, got, alone)
		}
		return got
	}
	normsCtx := func(ctx context.Context) context.Context { return norms.Context(ctx) }
	got := same("NormsOfInitiatives as announced", 0, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normsCtx(ctx), ids, norms.Page)
	}).([]normgraph.List[*normgraph.Norm])
	var normIDs, themeIDs []string
	for _, l := range got {
		for _, n := range l.Items {
			normIDs = append(normIDs, n.ID)
			themeIDs = append(themeIDs, n.ThemeIDs...)
		}
	}
	if len(normIDs) == 0 || len(themeIDs) == 0 {
		t.Fatalf("no norms or themes read ahead (%d, %d): nothing below is tested", len(normIDs), len(themeIDs))
	}
	same("NormsOfInitiatives, another page", 1, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normsCtx(ctx), ids, normgraph.Page{Offset: 1, Limit: 5})
	})
	same("NormsOfInitiatives, other fields", 1, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normgraph.WithFields(normgraph.WithoutTexts(ctx), "ID", "Code"), ids, norms.Page)
	})
	same("NormsOfInitiatives, texts wanted but none among the fields", 0, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normgraph.WithFields(ctx, "ID", "Title", "ThemeIDs"), ids, norms.Page)
	})
	same("NormsOfInitiatives, with a summary", 1, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normgraph.WithFields(ctx, "ID", "Title", "ThemeIDs", "Summary"), ids, norms.Page)
	})
	same("NormsOfInitiatives, an initiative not read", 1, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normsCtx(ctx), append(slices.Clone(ids), "un-gge-2021"), norms.Page)
	})
	same("CorrespondencesOfNorms as announced", 0, func(ctx context.Context) (any, error) {
		return s.CorrespondencesOfNorms(norms.Then[0].Context(ctx), normIDs)
	})
	same("CorrespondencesOfNorms without texts", 1, func(ctx context.Context) (any, error) {
		return s.CorrespondencesOfNorms(normgraph.WithoutTexts(ctx), normIDs)
	})
	same("Nodes of the themes, their names", 0, func(ctx context.Context) (any, error) {
		return s.Nodes(normgraph.WithFields(ctx, "ID", "Name"), themeIDs)
	})
	same("Nodes of the themes, their definitions too", 1, func(ctx context.Context) (any, error) {
		return s.Nodes(normgraph.WithFields(ctx, "ID", "Name", "Definition"), themeIDs)
	})
	same("Nodes of the themes, whole", 1, func(ctx context.Context) (any, error) { return s.Nodes(ctx, themeIDs) })
	same("Nodes of the sources", 0, func(ctx context.Context) (any, error) { return s.Nodes(ctx, srcIDs) })
	same("Nodes, one not read", 1, func(ctx context.Context) (any, error) {
		return s.Nodes(normgraph.WithFields(ctx, "ID", "Name"), append(slices.Clone(themeIDs), "un-gge-2021"))
	})
	if n := normgraph.AnswersFrom(base).Served(); n < len(ids)+len(normIDs)+len(themeIDs) {
		t.Errorf("%d answers served from what was read ahead, want at least %d", n, len(ids)+len(normIDs)+len(themeIDs))
	}
	// The node of a root field by id reads ahead the same way, in its Nodes statement.
	byID := normgraph.WithAnswers(context.Background())
	before = s.Statements()
	one, err := s.Nodes(normgraph.WithNodeFollows(byID, "Initiative", []normgraph.Follow{norms}), []string{"un-gge-2015"})
	if err != nil || len(one) != 1 || one[0] == nil {
		t.Fatalf("Nodes with calls read ahead: %v %v", one, err)
	}
	base = byID
	same("NormsOfInitiatives of the node read by id", 0, func(ctx context.Context) (any, error) {
		return s.NormsOfInitiatives(normsCtx(ctx), []string{"un-gge-2015"}, norms.Page)
	})
	if got := s.Statements() - before; got != 2 {
		t.Errorf("a node by id with its norms read ahead, then its norms from its own statement: %d statements, want 2", got)
	}
	base = normgraph.WithAnswers(context.Background())
	// A node read with some fields has those, and the others empty.
	ns, err := s.Nodes(normgraph.WithFields(normgraph.WithoutAnswers(base), "ID", "Name"), themeIDs[:1])
	if err != nil {
		t.Fatal(err)
	}
	if th := ns[0].(*normgraph.Theme); th.Name == "" || th.Definition != "" || th.SourceIDs != nil {
		t.Errorf("a theme read for its name: %+v", th)
	}
}
