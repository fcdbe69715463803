package normgraph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/storetest"
)

func TestDeriveParticipations(t *testing.T) {
	ds := storetest.Fixture(t)
	var got []string
	for _, p := range normgraph.DeriveParticipations(ds) {
		got = append(got, fmt.Sprintf("%s %s %s via %s since %s until %s sources %v",
			p.InitiativeID, p.ActorID, p.Role, p.Via, p.Since, p.Until, p.SourceIDs))
	}
	want := []string{
		// state-bvt was a member when alpha was adopted (2015-07-22); state-cck joined later;
		// state-ala takes part in alpha directly, so nothing is derived for it.
		"alpha state-bvt member via org-alliance since 2015-07-22 until  sources [src-alpha-report]",
		// beta (2018) was endorsed by the alliance: both members then are committed.
		"beta state-bvt member via org-alliance since 2018 until  sources [src-beta-call src-alpha-report]",
		"beta state-cck member via org-alliance since 2018 until 2020-06 sources [src-beta-call]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("derived participations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(normgraph.AllParticipations(ds)); n != len(ds.Participations)+3 {
		t.Errorf("AllParticipations: %d", n)
	}
}

// TestDeriveSkipsTreatySignatures: an organisation's signature of a treaty commits the
// organisation, not its members; the same signature of a non-treaty text commits them.
func TestDeriveSkipsTreatySignatures(t *testing.T) {
	for _, kind := range []normgraph.InitiativeKind{normgraph.KindTreaty, normgraph.KindMultilateral} {
		ds := storetest.Fixture(t)
		for _, p := range ds.Participations {
			if p.ActorID == "org-alliance" && p.InitiativeID == "beta" {
				p.Role = normgraph.RoleSignatory
			}
		}
		for _, in := range ds.Initiatives {
			if in.ID == "beta" {
				in.Kind = kind
			}
		}
		n := 0
		for _, p := range normgraph.DeriveParticipations(ds) {
			if p.InitiativeID == "beta" {
				n++
			}
		}
		if want := map[bool]int{true: 0, false: 2}[kind == normgraph.KindTreaty]; n != want {
			t.Errorf("alliance signed beta (%s): %d derived participations, want %d", kind, n, want)
		}
	}
}
