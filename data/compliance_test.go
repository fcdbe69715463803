package data_test

import (
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/storetest"
)

// TestComplianceData checks the compliance layer against issue 13's minimums (at least 20
// incidents from 2014 to 2025, at least 40 attribution acts, at least 15 states with
// implementation evidence) and that every secondary source it cites says so in its title.
func TestComplianceData(t *testing.T) {
	ds := storetest.Embedded(t)
	incidents := 0
	for _, x := range ds.Incidents {
		if y := x.Start.Year; y >= 2014 && y <= 2025 {
			incidents++
		}
	}
	if incidents < 20 {
		t.Errorf("%d incidents started 2014-2025, want at least 20", incidents)
	}
	if n := len(ds.Attributions); n < 40 {
		t.Errorf("%d attribution acts, want at least 40", n)
	}
	actors := map[string]*normgraph.Actor{}
	for _, a := range ds.Actors {
		actors[a.ID] = a
	}
	states := map[string]bool{}
	for _, x := range ds.Implementations {
		if a := actors[x.ActorID]; a != nil && a.Type == normgraph.ActorState {
			states[x.ActorID] = true
		}
	}
	if len(states) < 15 {
		t.Errorf("%d states with implementation evidence, want at least 15", len(states))
	}
	sources := map[string]*normgraph.Source{}
	for _, s := range ds.Sources {
		sources[s.ID] = s
	}
	cited := map[string]bool{}
	for _, x := range ds.Attributions {
		for _, id := range x.SourceIDs {
			cited[id] = true
		}
	}
	for _, x := range ds.Incidents {
		for _, id := range x.SourceIDs {
			cited[id] = true
		}
	}
	for _, x := range ds.Implementations {
		for _, id := range x.SourceIDs {
			cited[id] = true
		}
	}
	for id := range cited {
		s := sources[id]
		if s.Kind == normgraph.SourceSecondary && !strings.Contains(strings.ToLower(s.Title), "secondary") {
			t.Errorf("source %s is secondary but its title does not say so: %q", id, s.Title)
		}
	}
}
