package storetest

import (
	"context"
	"testing"

	"github.com/normgraph/normgraph"
)

// The compliance layer's part of the contract suite, on the fixture's compliance.yaml.

func complianceTests() []struct {
	name string
	fn   func(*testing.T, context.Context, normgraph.Reader, *normgraph.Dataset)
} {
	return []struct {
		name string
		fn   func(*testing.T, context.Context, normgraph.Reader, *normgraph.Dataset)
	}{
		{"ComplianceNodes", testComplianceNodes},
		{"Incidents", testIncidents},
		{"Attributions", testAttributions},
		{"Implementations", testImplementations},
		{"AttributionsOf", testAttributionsOf},
		{"ImplementationsOf", testImplementationsOf},
		{"ComplianceSearch", testComplianceSearch},
	}
}

func testComplianceNodes(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	var want []normgraph.Node
	for _, x := range ds.Incidents {
		want = append(want, x)
	}
	for _, x := range ds.Attributions {
		want = append(want, x)
	}
	for _, x := range ds.Implementations {
		want = append(want, x)
	}
	if len(want) != 8 {
		t.Fatalf("fixture holds %d compliance nodes, want 8", len(want))
	}
	got := must(r.Nodes(ctx, ids(want)))(t)
	for i := range want {
		check(t, "node "+want[i].NodeID(), got[i], want[i])
	}
}

func testIncidents(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	all := normgraph.Page{Limit: 10}
	for _, tc := range []struct {
		name  string
		f     normgraph.IncidentFilter
		p     normgraph.Page
		want  []string
		total int
	}{
		{"all", normgraph.IncidentFilter{}, all, []string{"incident-frostbite", "incident-gale"}, 2},
		{"page", normgraph.IncidentFilter{}, normgraph.Page{Offset: 1, Limit: 5}, []string{"incident-gale"}, 2},
		{"target", normgraph.IncidentFilter{Targets: []string{"state-bvt", "nope"}}, all, []string{"incident-frostbite"}, 1},
		{"alias text", normgraph.IncidentFilter{Text: "ICEB"}, all, []string{"incident-frostbite"}, 1},
		{"summary text", normgraph.IncidentFilter{Text: "ministries"}, all, []string{"incident-gale"}, 1},
		{"from", normgraph.IncidentFilter{From: normgraph.MustDate("2016-04")}, all, []string{"incident-gale"}, 1},
		{"to", normgraph.IncidentFilter{To: normgraph.MustDate("2016")}, all, []string{"incident-frostbite"}, 1},
	} {
		got := must(r.Incidents(ctx, tc.f, tc.p))(t)
		check(t, tc.name, ids(got.Items), tc.want)
		check(t, tc.name+" total", got.Total, tc.total)
	}
}

func testAttributions(t *testing.T, ctx context.Context, r normgraph.Reader, ds *normgraph.Dataset) {
	const (
		a17 = "attribution-2017-02-01-ala-frostbite"
		aj  = "attribution-2020-05-05-joint-gale"
		aa  = "attribution-2020-05-05-alliance-gale"
		a21 = "attribution-2021-ala-gale"
	)
	all := normgraph.Page{Limit: 10}
	for _, tc := range []struct {
		name  string
		f     normgraph.AttributionFilter
		p     normgraph.Page
		want  []string
		total int
	}{
		{"all by date then id", normgraph.AttributionFilter{}, all, []string{a17, aa, aj, a21}, 4},
		{"page", normgraph.AttributionFilter{}, normgraph.Page{Offset: 1, Limit: 2}, []string{aa, aj}, 4},
		{"attributor of a joint act", normgraph.AttributionFilter{Attributors: []string{"state-bvt"}}, all, []string{aj}, 1},
		{"blamed", normgraph.AttributionFilter{Blamed: []string{"state-bvt"}}, all, []string{a21}, 1},
		{"form", normgraph.AttributionFilter{Forms: []normgraph.AttributionForm{normgraph.FormSanctions, normgraph.FormAdvisory}}, all, []string{aa, a21}, 2},
		{"invokes a norm", normgraph.AttributionFilter{Invokes: []string{"alpha/1a"}}, all, []string{a17, aj}, 2},
		{"invokes international law", normgraph.AttributionFilter{Invokes: []string{normgraph.InternationalLaw}}, all, []string{a17}, 1},
		{"invokes an initiative", normgraph.AttributionFilter{Invokes: []string{"alpha"}}, all, []string{aj}, 1},
		{"incident", normgraph.AttributionFilter{Incidents: []string{"incident-frostbite"}}, all, []string{a17, aj}, 2},
		{"from a year", normgraph.AttributionFilter{From: normgraph.MustDate("2020-05-05")}, all, []string{aa, aj, a21}, 3},
		{"to a month", normgraph.AttributionFilter{To: normgraph.MustDate("2020-05")}, all, []string{a17, aa, aj}, 3},
		{"all fields", normgraph.AttributionFilter{Attributors: []string{"state-ala"}, Blamed: []string{"state-cck"},
			Forms: []normgraph.AttributionForm{normgraph.FormJointStatement}, Invokes: []string{"alpha"},
			From: normgraph.MustDate("2020"), To: normgraph.MustDate("2020")}, all, []string{aj}, 1},
		{"coordinated", normgraph.AttributionFilter{Coordinated: "coordinated-2020-05-05"}, all, []string{aa, aj}, 2},
		{"nothing", normgraph.AttributionFilter{Blamed: []string{"state-ala"}}, all, []string{}, 0},
	} {
		got := must(r.Attributions(ctx, tc.f, tc.p))(t)
		check(t, tc.name, ids(got.Items), tc.want)
		check(t, tc.name+" total", got.Total, tc.total)
	}
	got := must(r.Attributions(ctx, normgraph.AttributionFilter{Attributors: []string{"state-bvt"}}, all))(t)
	check(t, "joint act values", got.Items, []*normgraph.Attribution{ds.Attributions[1]})
}

func testImplementations(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	all := normgraph.Page{Limit: 10}
	for _, tc := range []struct {
		name  string
		f     normgraph.ImplementationFilter
		want  []string
		total int
	}{
		{"all by actor", normgraph.ImplementationFilter{}, []string{"implementation-corp-gamma", "implementation-ala-2019-report"}, 2},
		{"actor", normgraph.ImplementationFilter{Actors: []string{"state-ala"}}, []string{"implementation-ala-2019-report"}, 1},
		{"covers a norm", normgraph.ImplementationFilter{Covers: []string{"alpha/1b"}}, []string{"implementation-ala-2019-report"}, 1},
		{"covers an initiative", normgraph.ImplementationFilter{Covers: []string{"gamma"}}, []string{"implementation-corp-gamma"}, 1},
		{"kind", normgraph.ImplementationFilter{Kinds: []normgraph.ImplementationKind{normgraph.ImplNationalReport}}, []string{"implementation-ala-2019-report"}, 1},
		{"basis", normgraph.ImplementationFilter{Basis: normgraph.EvidenceMeasured}, []string{"implementation-corp-gamma"}, 1},
	} {
		got := must(r.Implementations(ctx, tc.f, all))(t)
		check(t, tc.name, ids(got.Items), tc.want)
		check(t, tc.name+" total", got.Total, tc.total)
	}
}

func attrIDs(ls [][]*normgraph.Attribution) [][]string {
	out := make([][]string, len(ls))
	for i, l := range ls {
		out[i] = ids(l)
	}
	return out
}

func testAttributionsOf(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	const (
		a17 = "attribution-2017-02-01-ala-frostbite"
		aj  = "attribution-2020-05-05-joint-gale"
		aa  = "attribution-2020-05-05-alliance-gale"
		a21 = "attribution-2021-ala-gale"
	)
	check(t, "of incidents", attrIDs(must(r.AttributionsOfIncidents(ctx, []string{"incident-gale", "nope", "incident-frostbite"}))(t)),
		[][]string{{aa, aj, a21}, {}, {a17, aj}})
	check(t, "by actors", attrIDs(must(r.AttributionsByActors(ctx, []string{"state-ala", "state-cck", "example-corp"}))(t)),
		[][]string{{a17, aj}, {a21}, {}})
	check(t, "against actors", attrIDs(must(r.AttributionsAgainstActors(ctx, []string{"state-cck", "state-bvt", "state-ala"}))(t)),
		[][]string{{a17, aa, aj}, {a21}, {}})
	check(t, "invoking", attrIDs(must(r.AttributionsInvoking(ctx, []string{"alpha/1a", normgraph.InternationalLaw, "alpha", "beta/1"}))(t)),
		[][]string{{a17, aj}, {a17}, {aj}, {}})
	check(t, "none", attrIDs(must(r.AttributionsInvoking(ctx, nil))(t)), [][]string{})
}

func testImplementationsOf(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	idsOf := func(ls [][]*normgraph.Implementation) [][]string {
		out := make([][]string, len(ls))
		for i, l := range ls {
			out[i] = ids(l)
		}
		return out
	}
	check(t, "of actors", idsOf(must(r.ImplementationsOfActors(ctx, []string{"example-corp", "state-bvt", "state-ala"}))(t)),
		[][]string{{"implementation-corp-gamma"}, {}, {"implementation-ala-2019-report"}})
	check(t, "covering", idsOf(must(r.ImplementationsCovering(ctx, []string{"alpha/1a", "gamma", "alpha", "alpha/1c"}))(t)),
		[][]string{{"implementation-ala-2019-report"}, {"implementation-corp-gamma"}, {}, {}})
}

func testComplianceSearch(t *testing.T, ctx context.Context, r normgraph.Reader, _ *normgraph.Dataset) {
	top := func(q string, types []normgraph.NodeType) []string {
		got := must(r.Search(ctx, q, types, normgraph.Page{Limit: 5}))(t)
		var out []string
		for _, h := range got.Items {
			out = append(out, h.Node.NodeID())
		}
		return out
	}
	check(t, "incident by alias", top("Icebite", nil), []string{"incident-frostbite"})
	check(t, "attribution by group alias", top("Snow Fox", []normgraph.NodeType{normgraph.TypeAttribution}),
		[]string{"attribution-2017-02-01-ala-frostbite"})
	check(t, "attribution by quote", top("framework", nil), []string{"attribution-2020-05-05-joint-gale"})
	check(t, "implementation by summary", top("conformance", []normgraph.NodeType{normgraph.TypeImplementation}),
		[]string{"implementation-corp-gamma"})
}
