// Package storetest is the contract suite every normgraph backend must pass: the same fixture
// dataset, the same questions, the same answers.
package storetest

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"reflect"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/loader"
)

//go:embed testdata/fixture
var fixtureFS embed.FS

// FixtureFS is the fixture dataset's files (a small, invented dataset that exercises every
// feature of the format).
func FixtureFS() fs.FS {
	sub, err := fs.Sub(fixtureFS, "testdata/fixture")
	if err != nil {
		panic(err)
	}
	return sub
}

// Fixture loads the fixture dataset, failing the test if it does not load.
func Fixture(t testing.TB) *normgraph.Dataset {
	t.Helper()
	ds, err := loader.Load(FixtureFS())
	if err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return ds
}

// Embedded loads the embedded dataset (data/), as the server does, failing the test if it does
// not load.
func Embedded(t testing.TB) *normgraph.Dataset {
	t.Helper()
	ds, err := loader.Load(data.FS)
	if err != nil {
		t.Fatalf("load the embedded dataset: %v", err)
	}
	return ds
}

// Opener returns a Reader that holds exactly the given dataset.
type Opener func(t *testing.T, ds *normgraph.Dataset) normgraph.Reader

// Run runs the contract suite against the backend that open returns.
func Run(t *testing.T, open Opener) {
	ds := Fixture(t)
	r := open(t, ds)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, context.Context, normgraph.Reader, *normgraph.Dataset)
	}{
		{"Nodes", testNodes},
		{"NodeValues", testNodeValues},
		{"Categories", testCategories},
		{"Initiatives", testInitiatives},
		{"Norms", testNorms},
		{"Guidance", testGuidance},
		{"Lists", testLists},
		{"NormsOfInitiatives", testNormsOfInitiatives},
		{"NormsOfThemes", testNormsOfThemes},
		{"ThemesAndInitiatives", testThemesAndInitiatives},
		{"Correspondences", testCorrespondences},
		{"Links", testLinks},
		{"Participations", testParticipations},
		{"Overlaps", testOverlaps},
		{"Timeline", testTimeline},
		{"Neighbors", testNeighbors},
		{"Search", testSearch},
		{"WithoutTexts", testWithoutTexts},
		{"Stats", testStats},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, ctx, r, ds) })
	}
	for _, tc := range complianceTests() {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, ctx, r, ds) })
	}
}

func ids[T normgraph.Node](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.NodeID()
	}
	return out
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

// must fails the test on an error and otherwise returns the value: must(r.Nodes(ctx, ids))(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func testNodes(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	in := []string{"alpha", "alpha/1a", "nope", "critical-infrastructure", "src-beta-call", "state-ala", "offensive", ""}
	got := must(r.Nodes(ctx, in))(t)
	if len(got) != len(in) {
		t.Fatalf("Nodes returned %d values for %d ids", len(got), len(in))
	}
	types := make([]string, len(got))
	for i, n := range got {
		types[i] = "<nil>"
		if n == nil || reflect.ValueOf(n).IsNil() {
			continue
		}
		types[i] = reflect.TypeOf(n).String()
		if n.NodeID() != in[i] {
			t.Errorf("Nodes[%d] has id %q, want %q", i, n.NodeID(), in[i])
		}
	}
	check(t, "node types", types, []string{"*normgraph.Initiative", "*normgraph.Norm", "<nil>",
		"*normgraph.Theme", "*normgraph.Source", "*normgraph.Actor", "*normgraph.CategoryInfo", "<nil>"})
	if got := must(r.Nodes(ctx, nil))(t); len(got) != 0 {
		t.Errorf("Nodes(nil) = %v, want empty", got)
	}
}

// testNodeValues checks that every node reads back exactly as the dataset holds it.
func testNodeValues(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	want := ds.Nodes()
	got := must(r.Nodes(ctx, ids(want)))(t)
	for i := range want {
		check(t, "node "+want[i].NodeID(), got[i], want[i])
	}
}

func testCategories(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	got := must(r.Categories(ctx))(t)
	check(t, "category order", ids(got), []string{"offensive", "defensive", "industry"})
}

func testInitiatives(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	all := normgraph.Page{Limit: 100}
	no := false
	for _, tc := range []struct {
		name string
		f    normgraph.InitiativeFilter
		p    normgraph.Page
		want []string
		tot  int
	}{
		{"all by id", normgraph.InitiativeFilter{}, all, []string{"alpha", "beta", "gamma"}, 3},
		{"by id desc", normgraph.InitiativeFilter{Descending: true}, all, []string{"gamma", "beta", "alpha"}, 3},
		{"kind", normgraph.InitiativeFilter{Kinds: []normgraph.InitiativeKind{normgraph.KindIndustry, normgraph.KindTreaty}}, all, []string{"gamma"}, 1},
		{"status", normgraph.InitiativeFilter{Statuses: []normgraph.Status{normgraph.StatusActive}}, all, []string{"beta", "gamma"}, 2},
		{"binding", normgraph.InitiativeFilter{Binding: &no}, all, []string{"alpha", "beta", "gamma"}, 3},
		{"theme", normgraph.InitiativeFilter{Themes: []string{"public-core"}}, all, []string{"beta"}, 1},
		{"themes any", normgraph.InitiativeFilter{Themes: []string{"public-core", "vulnerability-handling"}}, all, []string{"alpha", "beta"}, 2},
		{"text ignores case", normgraph.InitiativeFilter{Text: "EXPERTS"}, all, []string{"alpha"}, 1},
		{"text in symbol", normgraph.InitiativeFilter{Text: "a/00/"}, all, []string{"alpha"}, 1},
		{"adopted from", normgraph.InitiativeFilter{AdoptedFrom: normgraph.MustDate("2016")}, all, []string{"beta"}, 1},
		{"adopted to", normgraph.InitiativeFilter{AdoptedTo: normgraph.MustDate("2015-12")}, all, []string{"alpha"}, 1},
		{"adopted range", normgraph.InitiativeFilter{AdoptedFrom: normgraph.MustDate("2015-07-22"), AdoptedTo: normgraph.MustDate("2018-01-01")}, all, []string{"alpha", "beta"}, 2},
		{"by adopted", normgraph.InitiativeFilter{OrderBy: normgraph.OrderByAdopted}, all, []string{"alpha", "beta", "gamma"}, 3},
		{"by adopted desc, unknown last", normgraph.InitiativeFilter{OrderBy: normgraph.OrderByAdopted, Descending: true}, all, []string{"beta", "alpha", "gamma"}, 3},
		{"by name desc", normgraph.InitiativeFilter{OrderBy: normgraph.OrderByName, Descending: true}, all, []string{"gamma", "beta", "alpha"}, 3},
		{"page", normgraph.InitiativeFilter{}, normgraph.Page{Offset: 1, Limit: 1}, []string{"beta"}, 3},
		{"past the end", normgraph.InitiativeFilter{}, normgraph.Page{Offset: 5, Limit: 10}, []string{}, 3},
		{"empty page", normgraph.InitiativeFilter{}, normgraph.Page{Limit: 0}, []string{}, 3},
		{"nothing matches", normgraph.InitiativeFilter{Text: "zzz"}, all, []string{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := must(r.Initiatives(ctx, tc.f, tc.p))(t)
			check(t, "ids", ids(got.Items), tc.want)
			check(t, "total", got.Total, tc.tot)
		})
	}
}

func testNorms(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	all := normgraph.Page{Limit: 100}
	for _, tc := range []struct {
		name string
		f    normgraph.NormFilter
		p    normgraph.Page
		want []string
		tot  int
	}{
		{"all in document order", normgraph.NormFilter{}, all, []string{"alpha/1a", "alpha/1c", "alpha/1b", "beta/1", "beta/2"}, 5},
		{"initiative", normgraph.NormFilter{Initiatives: []string{"beta"}}, all, []string{"beta/1", "beta/2"}, 2},
		{"category", normgraph.NormFilter{Categories: []normgraph.Category{normgraph.Offensive}}, all, []string{"alpha/1a", "beta/1"}, 2},
		{"theme", normgraph.NormFilter{Themes: []string{"capacity-building"}}, all, []string{"alpha/1b", "beta/2"}, 2},
		{"addressee", normgraph.NormFilter{Addressees: []normgraph.Addressee{normgraph.AddresseeAllStakeholders}}, all, []string{"beta/1", "beta/2"}, 2},
		{"text in summary", normgraph.NormFilter{Text: "VULNERAB"}, all, []string{"alpha/1c"}, 1},
		{"text in quote", normgraph.NormFilter{Text: "should not attack"}, all, []string{"alpha/1a"}, 1},
		{"text in code", normgraph.NormFilter{Text: "1(b)"}, all, []string{"alpha/1b"}, 1},
		{"all fields", normgraph.NormFilter{Initiatives: []string{"alpha"}, Categories: []normgraph.Category{normgraph.Defensive}, Themes: []string{"critical-infrastructure"}}, all, []string{"alpha/1b"}, 1},
		{"page", normgraph.NormFilter{}, normgraph.Page{Offset: 2, Limit: 2}, []string{"alpha/1b", "beta/1"}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := must(r.Norms(ctx, tc.f, tc.p))(t)
			check(t, "ids", ids(got.Items), tc.want)
			check(t, "total", got.Total, tc.tot)
		})
	}
}

// testGuidance checks that a norm reads back with the guidance later initiatives give on it, in
// dataset order, and a norm without guidance with none.
func testGuidance(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	got := must(r.Nodes(ctx, []string{"alpha/1a", "alpha/1c", "alpha/1b"}))(t)
	var lines []string
	for _, n := range got {
		for _, g := range n.(*normgraph.Norm).Guidance {
			lines = append(lines, fmt.Sprintf("%s from %s at %q: text %q summary %q (%s)",
				g.NormID, g.InitiativeID, g.Locator, g.Text, g.Summary, g.SourceID))
		}
	}
	check(t, "guidance", lines, []string{
		`alpha/1a from beta at "Beta call, para. 3": text "Beta reads 1(a) as covering hospitals." summary "" (src-beta-call)`,
		`alpha/1a from gamma at "Gamma accord, section 1": text "" summary "Gamma supports 1(a)." (src-gamma-accord)`,
		`alpha/1c from gamma at "Gamma accord, section 2": text "" summary "Gamma asks companies to help states with 1(c)." (src-gamma-accord)`,
	})
	if g := got[2].(*normgraph.Norm).Guidance; g != nil {
		t.Errorf("alpha/1b has no guidance, got %v", g)
	}
}

func testLists(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	themes := must(r.Themes(ctx, normgraph.Page{Offset: 1, Limit: 2}))(t)
	check(t, "themes", ids(themes.Items), []string{"critical-infrastructure", "public-core"})
	check(t, "themes total", themes.Total, 4)
	sources := must(r.Sources(ctx, normgraph.Page{Limit: 10}))(t)
	check(t, "sources", ids(sources.Items), []string{"src-alpha-report", "src-beta-call", "src-crosswalk", "src-gamma-accord",
		"src-x-ala-report", "src-x-ala-statement", "src-x-joint-statement"})
	var kinds []normgraph.SourceKind
	for _, s := range sources.Items {
		kinds = append(kinds, s.Kind)
	}
	check(t, "source kinds", kinds, []normgraph.SourceKind{normgraph.SourcePrimary, normgraph.SourceOfficial,
		normgraph.SourceSecondary, normgraph.SourcePrimary, normgraph.SourcePrimary, normgraph.SourcePrimary, normgraph.SourceOfficial})
	actors := must(r.Actors(ctx, normgraph.ActorFilter{}, normgraph.Page{Limit: 10}))(t)
	check(t, "actors", ids(actors.Items), []string{"example-corp", "org-alliance", "state-ala", "state-bvt", "state-cck"})
	companies := must(r.Actors(ctx, normgraph.ActorFilter{Types: []normgraph.ActorType{normgraph.ActorCompany}}, normgraph.Page{Limit: 10}))(t)
	check(t, "companies", ids(companies.Items), []string{"example-corp"})
	named := must(r.Actors(ctx, normgraph.ActorFilter{Text: "ALAND"}, normgraph.Page{Limit: 10}))(t)
	check(t, "actors by name", ids(named.Items), []string{"state-ala"})
}

func listIDs[T normgraph.Node](ls []normgraph.List[T]) ([][]string, []int) {
	var out [][]string
	var tot []int
	for _, l := range ls {
		out = append(out, ids(l.Items))
		tot = append(tot, l.Total)
	}
	return out, tot
}

func testNormsOfInitiatives(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	got, tot := listIDs(must(r.NormsOfInitiatives(ctx, []string{"alpha", "gamma", "nope", "beta"}, normgraph.Page{Limit: 2}))(t))
	check(t, "norms", got, [][]string{{"alpha/1a", "alpha/1c"}, {}, {}, {"beta/1", "beta/2"}})
	check(t, "totals", tot, []int{3, 0, 0, 2})
	got, tot = listIDs(must(r.NormsOfInitiatives(ctx, []string{"alpha"}, normgraph.Page{Offset: 2, Limit: 5}))(t))
	check(t, "second page", got, [][]string{{"alpha/1b"}})
	check(t, "second page total", tot, []int{3})
}

func testNormsOfThemes(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	got, tot := listIDs(must(r.NormsOfThemes(ctx, []string{"critical-infrastructure", "public-core", "nope"}, normgraph.Page{Limit: 10}))(t))
	check(t, "norms", got, [][]string{{"alpha/1a", "alpha/1b", "beta/1"}, {"beta/1"}, {}})
	check(t, "totals", tot, []int{3, 1, 0})
}

func testThemesAndInitiatives(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	themes := must(r.ThemesOfInitiatives(ctx, []string{"alpha", "beta", "gamma"}))(t)
	var got [][]string
	for _, ts := range themes {
		got = append(got, ids(ts))
	}
	check(t, "themes", got, [][]string{
		{"capacity-building", "critical-infrastructure", "vulnerability-handling"},
		{"capacity-building", "critical-infrastructure", "public-core"},
		{},
	})
	inits := must(r.InitiativesOfThemes(ctx, []string{"critical-infrastructure", "public-core", "nope"}))(t)
	got = nil
	for _, is := range inits {
		got = append(got, ids(is))
	}
	check(t, "initiatives", got, [][]string{{"alpha", "beta"}, {"beta"}, {}})
}

func testCorrespondences(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	got := must(r.CorrespondencesOfNorms(ctx, []string{"alpha/1a", "beta/2", "alpha/1c"}))(t)
	want := [][]*normgraph.Correspondence{{ds.Correspondences[0]}, {ds.Correspondences[1]}, {}}
	check(t, "correspondences", got, want)
}

func testLinks(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	got := must(r.LinksOfInitiatives(ctx, []string{"beta", "alpha", "nope"}))(t)
	want := [][]*normgraph.Link{{ds.Links[0], ds.Links[1]}, {ds.Links[0]}, {}}
	check(t, "links", got, want)
}

func testParticipations(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	// Curated: 0 ala member alpha; 1 corp signatory gamma; 2 ala supporter beta;
	// 3 alliance author alpha; 4 alliance endorser beta. Derived: 0 bvt alpha; 1 bvt beta; 2 cck beta.
	p, d := ds.Participations, normgraph.DeriveParticipations(ds)
	if len(p) != 5 || len(d) != 3 {
		t.Fatalf("fixture changed: %d curated, %d derived participations", len(p), len(d))
	}
	type list = normgraph.List[*normgraph.Participation]
	ps := func(xs ...*normgraph.Participation) list {
		return list{Items: append([]*normgraph.Participation{}, xs...), Total: len(xs)}
	}
	yes, no := true, false
	all := normgraph.Page{Limit: 10}
	ids := []string{"alpha", "beta", "gamma", "nope"}
	for _, tc := range []struct {
		name string
		f    normgraph.ParticipationFilter
		p    normgraph.Page
		want []list
	}{
		{"all", normgraph.ParticipationFilter{}, all, []list{ps(p[3], p[0], d[0]), ps(p[4], p[2], d[1], d[2]), ps(p[1]), ps()}},
		{"derived", normgraph.ParticipationFilter{Derived: &yes}, all, []list{ps(d[0]), ps(d[1], d[2]), ps(), ps()}},
		{"curated", normgraph.ParticipationFilter{Derived: &no}, all, []list{ps(p[3], p[0]), ps(p[4], p[2]), ps(p[1]), ps()}},
		{"states", normgraph.ParticipationFilter{Types: []normgraph.ActorType{normgraph.ActorState}}, all, []list{ps(p[0], d[0]), ps(p[2], d[1], d[2]), ps(), ps()}},
		{"page", normgraph.ParticipationFilter{}, normgraph.Page{Offset: 1, Limit: 2}, []list{
			{Items: []*normgraph.Participation{p[0], d[0]}, Total: 3}, {Items: []*normgraph.Participation{p[2], d[1]}, Total: 4},
			{Items: []*normgraph.Participation{}, Total: 1}, {Items: []*normgraph.Participation{}, Total: 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, "participations of initiatives", must(r.ParticipationsOfInitiatives(ctx, ids, tc.f, tc.p))(t), tc.want)
		})
	}
	byActor := must(r.ParticipationsOfActors(ctx, []string{"state-ala", "state-bvt", "nope"}))(t)
	check(t, "participations of actors", byActor, [][]*normgraph.Participation{{p[0], p[2]}, {d[0], d[1]}, {}})

	m := ds.Memberships // 0 ala, 1 bvt, 2 cck, all of org-alliance
	mems := must(r.MembershipsOfActors(ctx, []string{"org-alliance", "state-cck", "example-corp"}))(t)
	check(t, "memberships", mems, [][]*normgraph.Membership{{m[0], m[1], m[2]}, {m[2]}, {}})
	check(t, "membership note", mems[1][0].Note, "Left the alliance; the alliance disputes the withdrawal.")

	shared := must(r.SharedActors(ctx, "alpha", "beta", normgraph.ParticipationFilter{}, all))(t)
	var got []string
	for _, s := range shared.Items {
		got = append(got, fmt.Sprintf("%s %d %d", s.Actor.ID, len(s.InA), len(s.InB)))
	}
	check(t, "shared actors", got, []string{"org-alliance 1 1", "state-ala 1 1", "state-bvt 1 1"})
	check(t, "shared total", shared.Total, 3)
	if len(shared.Items) == 3 {
		check(t, "shared derived", shared.Items[2].InB, []*normgraph.Participation{d[1]})
	}
	curated := must(r.SharedActors(ctx, "alpha", "beta", normgraph.ParticipationFilter{Derived: &no}, normgraph.Page{Offset: 1, Limit: 5}))(t)
	check(t, "shared curated, second page", len(curated.Items), 1)
	check(t, "shared curated total", curated.Total, 2)
	none := must(r.SharedActors(ctx, "alpha", "gamma", normgraph.ParticipationFilter{}, all))(t)
	check(t, "nothing shared", none.Total, 0)
}

func testOverlaps(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	want := normgraph.SelectOverlaps(ds) // alpha–beta only
	if len(want) != 1 {
		t.Fatalf("fixture changed: %d overlaps", len(want))
	}
	check(t, "overlap alpha beta", must(r.Overlap(ctx, "alpha", "beta"))(t), want[0])
	check(t, "overlap beta alpha", must(r.Overlap(ctx, "beta", "alpha"))(t), want[0])
	if got := must(r.Overlap(ctx, "alpha", "gamma"))(t); got != nil {
		t.Errorf("alpha and gamma share nothing, got %+v", got)
	}
	all := normgraph.Page{Limit: 10}
	for _, tc := range []struct {
		name string
		f    normgraph.OverlapFilter
		n    int
	}{
		// alpha–beta scores themes 0.296, curated actors 0.398, correspondences 0.417, tension 0
		// (known: both have norms), combined 0.382.
		{"all", normgraph.OverlapFilter{}, 1},
		{"combined above", normgraph.OverlapFilter{MinScore: ptr(0.7)}, 0},
		{"combined below", normgraph.OverlapFilter{MinScore: ptr(0.35)}, 1},
		{"actors", normgraph.OverlapFilter{MinScore: ptr(0.39), Basis: normgraph.BasisActors}, 1},
		{"actors with derived", normgraph.OverlapFilter{MinScore: ptr(0.01), Basis: normgraph.BasisActors, Actors: normgraph.ActorsWithDerived}, 1},
		{"themes", normgraph.OverlapFilter{MinScore: ptr(0.31), Basis: normgraph.BasisThemes}, 0},
		{"tension known", normgraph.OverlapFilter{MinScore: ptr(0.0), Basis: normgraph.BasisTension}, 1},
		{"tension above", normgraph.OverlapFilter{MinScore: ptr(0.01), Basis: normgraph.BasisTension}, 0},
		{"initiative", normgraph.OverlapFilter{Initiative: "gamma"}, 0},
		{"initiative b", normgraph.OverlapFilter{Initiative: "beta"}, 1},
	} {
		got := must(r.Overlaps(ctx, tc.f, all))(t)
		check(t, tc.name+" total", got.Total, tc.n)
		check(t, tc.name+" items", len(got.Items), tc.n)
	}
}

func ptr[T any](x T) *T { return &x }

func testTimeline(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	id := func(e *normgraph.TimelineEntry) string { return e.Date.String() + " " + e.Node().NodeID() }
	all := normgraph.Page{Limit: 20}
	everything := []string{"2015-07-22 alpha", "2015-07-22 src-alpha-report", "2016-03 incident-frostbite",
		"2017-02-01 attribution-2017-02-01-ala-frostbite", "2018 beta", "2018 src-beta-call", "2019 incident-gale",
		"2019-11 src-crosswalk", "2020-05-05 attribution-2020-05-05-alliance-gale",
		"2020-05-05 attribution-2020-05-05-joint-gale", "2021 attribution-2021-ala-gale"}
	for _, tc := range []struct {
		name     string
		from, to normgraph.Date
		types    []normgraph.NodeType
		p        normgraph.Page
		want     []string
		total    int
	}{
		{"all", normgraph.Date{}, normgraph.Date{}, nil, all, everything, 11},
		{"from", normgraph.MustDate("2016"), normgraph.Date{}, nil, all, everything[2:], 9},
		{"to", normgraph.Date{}, normgraph.MustDate("2018-06"), nil, all, everything[:6], 6},
		{"page", normgraph.Date{}, normgraph.Date{}, nil, normgraph.Page{Offset: 4, Limit: 3}, everything[4:7], 11},
		{"types", normgraph.Date{}, normgraph.MustDate("2020"), []normgraph.NodeType{normgraph.TypeInitiative, normgraph.TypeIncident},
			all, []string{"2015-07-22 alpha", "2016-03 incident-frostbite", "2018 beta", "2019 incident-gale"}, 4},
		{"a type the timeline never holds", normgraph.Date{}, normgraph.Date{}, []normgraph.NodeType{normgraph.TypeNorm}, all, nil, 0},
	} {
		got := must(r.Timeline(ctx, tc.from, tc.to, tc.types, tc.p))(t)
		var ids []string
		for _, e := range got.Items {
			ids = append(ids, id(e))
		}
		check(t, tc.name, ids, tc.want)
		check(t, tc.name+" total", got.Total, tc.total)
	}
}

func testNeighbors(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	got := must(r.Neighbors(ctx, []string{"gamma", "state-cck", "nope"}))(t)
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID+" "+e.Label)
	}
	check(t, "neighbors", ids, []string{
		"ATTRIBUTED_BY:attribution-2021-ala-gale->state-cck attributed by",
		"BLAMES:attribution-2017-02-01-ala-frostbite->state-cck blames",
		"BLAMES:attribution-2020-05-05-alliance-gale->state-cck blames",
		"BLAMES:attribution-2020-05-05-joint-gale->state-cck blames",
		"COVERS:implementation-corp-gamma->gamma covers",
		"MEMBER_OF:state-cck->org-alliance:2016-03 member",
		"PARTICIPATES_IN:example-corp->gamma:signatory signatory",
		"PARTICIPATES_IN:state-cck->beta:member/org-alliance member (via org-alliance)",
		"REFERENCES:gamma->beta references",
	})
	// The whole graph's edges, seen from every node, are exactly normgraph.Edges.
	var all []string
	for _, n := range ds.Initiatives {
		all = append(all, n.ID)
	}
	for _, n := range ds.Actors {
		all = append(all, n.ID)
	}
	for _, n := range ds.Norms {
		all = append(all, n.ID)
	}
	for _, n := range ds.Incidents {
		all = append(all, n.ID)
	}
	check(t, "all edges", must(r.Neighbors(ctx, all))(t), normgraph.Edges(ds))
}

func testSearch(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	top := func(q string, types []normgraph.NodeType, n int) []string {
		got := must(r.Search(ctx, q, types, normgraph.Page{Limit: n}))(t)
		var ids []string
		for _, h := range got.Items {
			ids = append(ids, h.Node.NodeID())
		}
		return ids
	}
	check(t, "vulnerabilities", top("vulnerabilities", nil, 1), []string{"alpha/1c"})
	check(t, "themes only", top("infrastructure", []normgraph.NodeType{normgraph.TypeTheme}, 5), []string{"critical-infrastructure"})
	check(t, "actor", top("Bouvet", nil, 5), []string{"state-bvt"})
	check(t, "special characters are plain text", top(`"core" (AND) OR *`, []normgraph.NodeType{normgraph.TypeTheme}, 5), []string{"public-core"})
	check(t, "nothing", top("zebra", nil, 5), []string(nil))
	check(t, "empty", top("  ", nil, 5), []string(nil))
}

// testWithoutTexts requires list reads under normgraph.WithoutTexts to return the same nodes
// with the same fields, long texts (summaries, quoted texts, definitions) apart, which a backend
// may leave empty; and the full texts without it.
func testWithoutTexts(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	lean := normgraph.WithoutTexts(ctx)
	if normgraph.TextsWanted(lean) || !normgraph.TextsWanted(ctx) {
		t.Fatal("TextsWanted does not reflect WithoutTexts")
	}
	strip := func(n normgraph.Node) normgraph.Node {
		switch x := n.(type) {
		case *normgraph.Norm:
			c := *x
			c.Summary, c.Quote = "", nil
			return &c
		case *normgraph.Initiative:
			c := *x
			c.Summary = ""
			return &c
		case *normgraph.Theme:
			c := *x
			c.Definition = ""
			return &c
		}
		return n
	}
	same := func(what string, full, got []normgraph.Node) {
		t.Helper()
		if len(full) != len(got) {
			t.Fatalf("%s: %d nodes without texts, %d with", what, len(got), len(full))
		}
		for i := range full {
			if !reflect.DeepEqual(got[i], full[i]) && !reflect.DeepEqual(strip(got[i]), strip(full[i])) {
				t.Errorf("%s[%d] without texts:\n got  %+v\n want %+v (texts aside)", what, i, got[i], full[i])
			}
		}
	}
	nodes := func(xs ...any) []normgraph.Node {
		var out []normgraph.Node
		for _, x := range xs {
			switch l := x.(type) {
			case normgraph.List[*normgraph.Norm]:
				for _, n := range l.Items {
					out = append(out, n)
				}
			case normgraph.List[*normgraph.Initiative]:
				for _, n := range l.Items {
					out = append(out, n)
				}
			case normgraph.List[*normgraph.Theme]:
				for _, n := range l.Items {
					out = append(out, n)
				}
			}
		}
		return out
	}
	all := normgraph.Page{Limit: 100}
	full := nodes(must(r.Norms(ctx, normgraph.NormFilter{}, all))(t), must(r.Initiatives(ctx, normgraph.InitiativeFilter{}, all))(t),
		must(r.Themes(ctx, all))(t))
	got := nodes(must(r.Norms(lean, normgraph.NormFilter{}, all))(t), must(r.Initiatives(lean, normgraph.InitiativeFilter{}, all))(t),
		must(r.Themes(lean, all))(t))
	same("lists", full, got)
	for _, x := range full {
		if n, ok := x.(*normgraph.Norm); ok && (n.Summary == "" || n.Quote == nil) && n.ID == "alpha/1a" {
			t.Errorf("the full read lost the texts of %s: %+v", n.ID, n)
		}
	}
	ids := []string{"alpha", "beta", "gamma"}
	var fullOf, leanOf []normgraph.Node
	for _, l := range must(r.NormsOfInitiatives(ctx, ids, all))(t) {
		fullOf = append(fullOf, nodes(l)...)
	}
	for _, l := range must(r.NormsOfInitiatives(lean, ids, all))(t) {
		leanOf = append(leanOf, nodes(l)...)
	}
	same("norms of initiatives", fullOf, leanOf)
	norms := []string{"alpha/1a", "beta/1"}
	fullCs, leanCs := must(r.CorrespondencesOfNorms(ctx, norms))(t), must(r.CorrespondencesOfNorms(lean, norms))(t)
	for i := range fullCs {
		if len(fullCs[i]) == 0 || len(fullCs[i]) != len(leanCs[i]) {
			t.Fatalf("correspondences of %s: %d without texts, %d with", norms[i], len(leanCs[i]), len(fullCs[i]))
		}
		for j, c := range fullCs[i] {
			if c.Rationale == "" {
				t.Errorf("the full read lost the rationale of %s -> %s", c.FromID, c.ToID)
			}
			got := *leanCs[i][j]
			if got.Rationale != "" && got.Rationale != c.Rationale {
				t.Errorf("rationale of %s -> %s without texts: %q", c.FromID, c.ToID, got.Rationale)
			}
			got.Rationale = c.Rationale
			check(t, "correspondence without texts", &got, c)
		}
	}
}

func testStats(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	got := must(r.Stats(ctx))(t)
	want := normgraph.Stats{Initiatives: len(ds.Initiatives), Norms: len(ds.Norms), Themes: len(ds.Themes),
		Actors: len(ds.Actors), Sources: len(ds.Sources), Overlaps: len(normgraph.ComputeOverlaps(ds)),
		Incidents: len(ds.Incidents), Attributions: len(ds.Attributions), Implementations: len(ds.Implementations)}
	check(t, "stats", got, want)
	if want.Incidents == 0 || want.Attributions == 0 || want.Implementations == 0 {
		t.Fatalf("the fixture has no compliance layer: %+v", want)
	}
	if want.Norms == 0 || want.Overlaps == 0 {
		t.Fatalf("the fixture has no norms or overlaps: %+v", want)
	}
}
