package normgraph

import (
	"reflect"
	"testing"
)

func TestSummarizeInvocations(t *testing.T) {
	d := MustDate
	acts := []*Attribution{
		{ID: "a1", Date: d("2018-10-04"), Form: FormStatement, AttributorIDs: []string{"gbr"}, Blamed: Blamed{StateID: "rus"},
			Invocations: []*Invocation{{Target: "n", Basis: BasisStated}, {Target: InternationalLaw, Basis: BasisDerived}}},
		{ID: "a2", Date: d("2018"), Form: FormJointStatement, AttributorIDs: []string{"gbr", "nld"}, Blamed: Blamed{StateID: "rus"},
			Invocations: []*Invocation{{Target: "n", Basis: BasisDerived}}},
		{ID: "a3", Date: d("2021-07"), Form: FormStatement, AttributorIDs: []string{"usa"}, Blamed: Blamed{StateID: "chn"},
			Invocations: []*Invocation{{Target: "n", Basis: BasisStated}}},
		{ID: "a4", Date: d("2016"), Form: FormSanctions, AttributorIDs: []string{"usa"}, Blamed: Blamed{StateID: "rus"}},
	}
	got := SummarizeInvocations("n", acts)
	want := &InvocationSummary{Target: "n", Total: 3, Stated: 2, Derived: 1, First: d("2018"), Last: d("2021-07"),
		ByYear:       []Count{{"2018", 2}, {"2021", 1}},
		ByAttributor: []Count{{"gbr", 2}, {"nld", 1}, {"usa", 1}},
		ByBlamed:     []Count{{"rus", 2}, {"chn", 1}},
		ByForm:       []Count{{"statement", 2}, {"joint-statement", 1}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summary:\n got %+v\nwant %+v", got, want)
	}
	if got := SummarizeInvocations("nothing", acts); got.Total != 0 || len(got.ByYear) != 0 || !got.First.IsZero() {
		t.Errorf("summary of an uninvoked target: %+v", got)
	}
	c := CountAttributions(acts)
	wantYF := []YearFormCount{{"2016", FormSanctions, 1}, {"2018", FormJointStatement, 1}, {"2018", FormStatement, 1}, {"2021", FormStatement, 1}}
	if c.Total != 4 || !reflect.DeepEqual(c.ByYearAndForm, wantYF) || c.First != d("2016") {
		t.Errorf("counts: %+v", c)
	}
	if got := InvocationTargets(acts); !reflect.DeepEqual(got, []string{InternationalLaw, "n"}) {
		t.Errorf("targets: %v", got)
	}
}

func TestAttributionFilter(t *testing.T) {
	a := &Attribution{Date: MustDate("2020-07"), Form: FormSanctions, AttributorIDs: []string{"eu"},
		Blamed: Blamed{StateID: "rus"}, IncidentIDs: []string{"i"}, Invocations: []*Invocation{{Target: "n"}}}
	for _, tc := range []struct {
		f    AttributionFilter
		want bool
	}{
		{AttributionFilter{}, true},
		{AttributionFilter{Attributors: []string{"x", "eu"}}, true},
		{AttributionFilter{Attributors: []string{"x"}}, false},
		{AttributionFilter{Blamed: []string{"chn"}}, false},
		{AttributionFilter{Invokes: []string{"n"}, Forms: []AttributionForm{FormSanctions}}, true},
		{AttributionFilter{Invokes: []string{InternationalLaw}}, false},
		{AttributionFilter{Incidents: []string{"i"}, From: MustDate("2020-07-31")}, false}, // a month is judged by its first day
		{AttributionFilter{Incidents: []string{"i"}, From: MustDate("2020-07")}, true},
		{AttributionFilter{From: MustDate("2020-08")}, false},
		{AttributionFilter{To: MustDate("2020-06-30")}, false},
		{AttributionFilter{To: MustDate("2020")}, true},
	} {
		if got := tc.f.Matches(a); got != tc.want {
			t.Errorf("%+v matches: got %v, want %v", tc.f, got, tc.want)
		}
	}
}
