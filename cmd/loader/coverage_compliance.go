package main

import (
	"fmt"
	"io"

	"github.com/normgraph/normgraph"
)

// writeComplianceCoverage reports the compliance layer: incidents, attribution acts and their
// invocations (stated or derived), implementation evidence and the states it covers.
func writeComplianceCoverage(w io.Writer, ds *normgraph.Dataset) {
	stated, derived := 0, 0
	for _, a := range ds.Attributions {
		for _, v := range a.Invocations {
			if v.Basis == normgraph.BasisStated {
				stated++
			} else {
				derived++
			}
		}
	}
	actors := map[string]*normgraph.Actor{}
	for _, a := range ds.Actors {
		actors[a.ID] = a
	}
	states := map[string]bool{}
	for _, x := range ds.Implementations {
		if a := actors[x.ActorID]; a != nil && a.Type == normgraph.ActorState {
			states[a.ID] = true
		}
	}
	fmt.Fprintf(w, "\ncompliance: %d incidents, %d attribution acts with %d invocations (%d stated, %d derived), "+
		"%d implementation records covering %d states\n", len(ds.Incidents), len(ds.Attributions), stated+derived,
		stated, derived, len(ds.Implementations), len(states))
}
