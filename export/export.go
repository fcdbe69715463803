// Package export writes graph views in the formats researchers' tools read: Cytoscape.js
// elements JSON, GEXF (Gephi), GraphML, and the compare table as CSV; and serves them over HTTP.
package export

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/normgraph/normgraph"
)

type cyData struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Type   string `json:"type"`
	Source string `json:"source,omitempty"`
	Target string `json:"target,omitempty"`
	// Weight is the combined score of an OVERLAPS edge.
	Weight *float64 `json:"weight,omitempty"`
}

type cyElement struct {
	Data cyData `json:"data"`
}

// Cytoscape writes the graph as Cytoscape.js JSON: {"elements": {"nodes": [...], "edges": [...]}}
// with data.id, data.label and data.type on every element (and source, target on edges, and
// weight on OVERLAPS edges: the combined overlap score), ready
// for cytoscape({elements: json.elements}).
func Cytoscape(w io.Writer, g *normgraph.Graph) error {
	doc := struct {
		Elements struct {
			Nodes []cyElement `json:"nodes"`
			Edges []cyElement `json:"edges"`
		} `json:"elements"`
		Truncated bool `json:"truncated"`
	}{Truncated: g.Truncated}
	doc.Elements.Nodes = []cyElement{}
	doc.Elements.Edges = []cyElement{}
	for _, n := range g.Nodes {
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyElement{cyData{ID: n.NodeID(), Label: normgraph.LabelOf(n), Type: string(normgraph.TypeOf(n))}})
	}
	for _, e := range g.Edges {
		doc.Elements.Edges = append(doc.Elements.Edges, cyElement{cyData{ID: e.ID, Label: e.Label, Type: e.Type, Source: e.Source, Target: e.Target, Weight: e.Weight}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write cytoscape json: %w", err)
	}
	return nil
}

type xmlAttValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfNode struct {
	ID        string        `xml:"id,attr"`
	Label     string        `xml:"label,attr"`
	AttValues []xmlAttValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID        string        `xml:"id,attr"`
	Source    string        `xml:"source,attr"`
	Target    string        `xml:"target,attr"`
	Label     string        `xml:"label,attr"`
	Weight    string        `xml:"weight,attr,omitempty"`
	AttValues []xmlAttValue `xml:"attvalues>attvalue"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfAttributes struct {
	Class      string          `xml:"class,attr"`
	Attributes []gexfAttribute `xml:"attribute"`
}

type gexfDoc struct {
	XMLName xml.Name `xml:"gexf"`
	XMLNS   string   `xml:"xmlns,attr"`
	Version string   `xml:"version,attr"`
	Meta    struct {
		Creator     string `xml:"creator"`
		Description string `xml:"description"`
	} `xml:"meta"`
	Graph struct {
		DefaultEdgeType string           `xml:"defaultedgetype,attr"`
		Mode            string           `xml:"mode,attr"`
		Attributes      []gexfAttributes `xml:"attributes"`
		Nodes           []gexfNode       `xml:"nodes>node"`
		Edges           []gexfEdge       `xml:"edges>edge"`
	} `xml:"graph"`
}

// weight is an edge's weight as XML text: the overlap score of an OVERLAPS edge, else "".
func weight(e normgraph.Edge) string {
	if e.Weight == nil {
		return ""
	}
	return strconv.FormatFloat(*e.Weight, 'g', -1, 64)
}

// GEXF writes the graph as GEXF 1.2 (Gephi), with a "type" attribute on nodes and edges, and
// the overlap score as the weight of OVERLAPS edges.
func GEXF(w io.Writer, g *normgraph.Graph) error {
	var d gexfDoc
	d.XMLNS, d.Version = "http://www.gexf.net/1.2draft", "1.2"
	d.Meta.Creator = "normgraph"
	d.Meta.Description = "A part of the normgraph knowledge graph of cybersecurity-norm initiatives"
	d.Graph.DefaultEdgeType, d.Graph.Mode = "directed", "static"
	d.Graph.Attributes = []gexfAttributes{
		{Class: "node", Attributes: []gexfAttribute{{ID: "type", Title: "type", Type: "string"}}},
		{Class: "edge", Attributes: []gexfAttribute{{ID: "type", Title: "type", Type: "string"}}},
	}
	for _, n := range g.Nodes {
		d.Graph.Nodes = append(d.Graph.Nodes, gexfNode{ID: n.NodeID(), Label: normgraph.LabelOf(n),
			AttValues: []xmlAttValue{{For: "type", Value: string(normgraph.TypeOf(n))}}})
	}
	for _, e := range g.Edges {
		d.Graph.Edges = append(d.Graph.Edges, gexfEdge{ID: e.ID, Source: e.Source, Target: e.Target, Label: e.Label,
			Weight: weight(e), AttValues: []xmlAttValue{{For: "type", Value: e.Type}}})
	}
	return writeXML(w, d, "gexf")
}

type graphmlKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

type graphmlDoc struct {
	XMLName        xml.Name     `xml:"graphml"`
	XMLNS          string       `xml:"xmlns,attr"`
	XSI            string       `xml:"xmlns:xsi,attr"`
	SchemaLocation string       `xml:"xsi:schemaLocation,attr"`
	Keys           []graphmlKey `xml:"key"`
	Graph          struct {
		ID          string        `xml:"id,attr"`
		EdgeDefault string        `xml:"edgedefault,attr"`
		Nodes       []graphmlNode `xml:"node"`
		Edges       []graphmlEdge `xml:"edge"`
	} `xml:"graph"`
}

// GraphML writes the graph as GraphML with label and type keys on nodes and edges, and a weight
// key (the overlap score) on OVERLAPS edges.
func GraphML(w io.Writer, g *normgraph.Graph) error {
	var d graphmlDoc
	d.XMLNS = "http://graphml.graphdrawing.org/xmlns"
	d.XSI = "http://www.w3.org/2001/XMLSchema-instance"
	d.SchemaLocation = "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
	d.Keys = []graphmlKey{
		{ID: "label", For: "node", AttrName: "label", AttrType: "string"},
		{ID: "type", For: "node", AttrName: "type", AttrType: "string"},
		{ID: "elabel", For: "edge", AttrName: "label", AttrType: "string"},
		{ID: "etype", For: "edge", AttrName: "type", AttrType: "string"},
		{ID: "eweight", For: "edge", AttrName: "weight", AttrType: "double"},
	}
	d.Graph.ID, d.Graph.EdgeDefault = "normgraph", "directed"
	for _, n := range g.Nodes {
		d.Graph.Nodes = append(d.Graph.Nodes, graphmlNode{ID: n.NodeID(), Data: []graphmlData{
			{Key: "label", Value: normgraph.LabelOf(n)}, {Key: "type", Value: string(normgraph.TypeOf(n))}}})
	}
	for _, e := range g.Edges {
		data := []graphmlData{{Key: "elabel", Value: e.Label}, {Key: "etype", Value: e.Type}}
		if w := weight(e); w != "" {
			data = append(data, graphmlData{Key: "eweight", Value: w})
		}
		d.Graph.Edges = append(d.Graph.Edges, graphmlEdge{ID: e.ID, Source: e.Source, Target: e.Target, Data: data})
	}
	return writeXML(w, d, "graphml")
}

func writeXML(w io.Writer, v any, what string) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}

// CompareCSV writes the crosswalk table: a header row ("theme", then each initiative's id),
// a row per theme whose cells list the norm ids separated by "; ", and a last row "(no compared
// theme)" with the norms that address none of the themes.
func CompareCSV(w io.Writer, c *normgraph.Comparison) error {
	cw := csv.NewWriter(w)
	header := []string{"theme"}
	for _, in := range c.Initiatives {
		header = append(header, in.ID)
	}
	rows := [][]string{header}
	ids := func(ns []*normgraph.Norm) string {
		out := make([]string, len(ns))
		for i, n := range ns {
			out[i] = n.ID
		}
		return strings.Join(out, "; ")
	}
	for i, t := range c.Themes {
		row := []string{t.ID}
		for j := range c.Initiatives {
			row = append(row, ids(c.Cells[i][j]))
		}
		rows = append(rows, row)
	}
	unmatched := make([][]*normgraph.Norm, len(c.Initiatives))
	col := map[string]int{}
	for i, in := range c.Initiatives {
		col[in.ID] = i
	}
	for _, n := range c.Unmatched {
		unmatched[col[n.InitiativeID]] = append(unmatched[col[n.InitiativeID]], n)
	}
	last := []string{"(no compared theme)"}
	for _, ns := range unmatched {
		last = append(last, ids(ns))
	}
	rows = append(rows, last)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write compare csv: %w", err)
	}
	return nil
}
