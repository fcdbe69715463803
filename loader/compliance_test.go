package loader_test

import (
	"reflect"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/storetest"
)

// TestLoadCompliance decodes the compliance sections of the contract suite's fixture.
func TestLoadCompliance(t *testing.T) {
	ds, err := loader.Load(storetest.FixtureFS())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(ds.Incidents) != 2 || len(ds.Attributions) != 4 || len(ds.Implementations) != 2 {
		t.Fatalf("got %d incidents, %d attributions, %d implementations; want 2, 4, 2",
			len(ds.Incidents), len(ds.Attributions), len(ds.Implementations))
	}
	wantIncident := &normgraph.Incident{ID: "incident-frostbite", Name: "Frostbite", Aliases: []string{"Icebite"},
		Start: normgraph.Date{Year: 2016, Month: 3}, End: normgraph.Date{Year: 2016, Month: 4, Day: 2},
		Summary: "An invented wiper campaign against power grids.", TargetIDs: []string{"state-ala", "state-bvt"},
		SourceIDs: []string{"src-x-ala-statement"}}
	if !reflect.DeepEqual(ds.Incidents[0], wantIncident) {
		t.Errorf("incident:\n got %+v\nwant %+v", ds.Incidents[0], wantIncident)
	}
	a := ds.Attributions[1]
	wantAttr := &normgraph.Attribution{ID: "attribution-2020-05-05-joint-gale", Date: normgraph.Date{Year: 2020, Month: 5, Day: 5},
		Form: normgraph.FormJointStatement, AttributorIDs: []string{"state-ala", "state-bvt"}, Coordinated: "coordinated-2020-05-05",
		Blamed: normgraph.Blamed{StateID: "state-cck"}, IncidentIDs: []string{"incident-frostbite", "incident-gale"},
		SourceIDs: []string{"src-x-joint-statement"}, Invocations: []*normgraph.Invocation{
			{Target: "alpha/1a", Basis: normgraph.BasisDerived, Rationale: "Power grids are critical infrastructure."},
			{Target: "alpha", Basis: normgraph.BasisStated, Quote: "the framework of the Alpha report",
				QuoteSourceID: "src-x-joint-statement", Translated: true}}}
	if !reflect.DeepEqual(a, wantAttr) {
		t.Errorf("attribution:\n got %+v\nwant %+v", a, wantAttr)
	}
	if b := ds.Attributions[0].Blamed; b.Organ != "Cocos Intelligence Office" || !reflect.DeepEqual(b.Aliases, []string{"Snow Fox", "Team Frost"}) {
		t.Errorf("blamed: got %+v", b)
	}
	if got := ds.Attributions[2].Instrument; got != "Decision 2020/1" {
		t.Errorf("instrument: got %q", got)
	}
	im := ds.Implementations[1]
	if im.Kind != normgraph.ImplMeasuredConformance || im.Basis != normgraph.EvidenceMeasured ||
		!reflect.DeepEqual(im.InitiativeIDs, []string{"gamma"}) || im.NormIDs != nil || im.Date.String() != "2022" {
		t.Errorf("implementation: got %+v", im)
	}
}
