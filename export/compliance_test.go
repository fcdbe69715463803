package export_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/export"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// TestComplianceExport draws an incident's neighbourhood: the exports carry the incident, the
// acts attributing it and the actors it targets, with their types and relationship types.
func TestComplianceExport(t *testing.T) {
	s, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	g, err := normgraph.Subgraph(t.Context(), s, normgraph.SubgraphQuery{RootIDs: []string{"incident-frostbite"}, Depth: 1, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := export.Cytoscape(&buf, g); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Elements struct {
			Nodes, Edges []struct {
				Data struct{ ID, Type, Source, Target string }
			}
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var nodes, edges []string
	for _, n := range doc.Elements.Nodes {
		nodes = append(nodes, n.Data.Type+" "+n.Data.ID)
	}
	for _, e := range doc.Elements.Edges {
		edges = append(edges, e.Data.Type+" "+e.Data.Source+" "+e.Data.Target)
	}
	slices.Sort(nodes)
	wantNodes := []string{"Actor state-ala", "Actor state-bvt",
		"Attribution attribution-2017-02-01-ala-frostbite", "Attribution attribution-2020-05-05-joint-gale",
		"Incident incident-frostbite"}
	if !slices.Equal(nodes, wantNodes) {
		t.Errorf("nodes:\n got %v\nwant %v", nodes, wantNodes)
	}
	for _, want := range []string{"CONCERNS attribution-2017-02-01-ala-frostbite incident-frostbite",
		"TARGETS incident-frostbite state-bvt", "ATTRIBUTED_BY attribution-2020-05-05-joint-gale state-bvt"} {
		if !slices.Contains(edges, want) {
			t.Errorf("edges lack %q: %v", want, edges)
		}
	}
	buf.Reset()
	if err := export.GraphML(&buf, g); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ">Attribution<") || !strings.Contains(buf.String(), ">ATTRIBUTED_BY<") {
		t.Errorf("GraphML lacks the attribution types:\n%s", buf.String())
	}
}
