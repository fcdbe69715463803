package neo4j

import (
	"context"
	"reflect"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/storetest"
)

// readKeys is a stored map that remembers which properties a decoder asked for.
type readKeys struct {
	props
	read map[string]bool
}

func (r *readKeys) prop(k string) any {
	r.read[k] = true
	return r.props[k]
}

// TestColumnsDecodeAsProperties: for every node of the embedded dataset whose label has
// columns, the decoder reads no property outside them, and the node decoded from its row is
// the node decoded from its properties, with the long texts (texts wanted) and without them
// (texts not wanted: the text columns are null, as the statements make them).
func TestColumnsDecodeAsProperties(t *testing.T) {
	ds := storetest.Embedded(t)
	nodes := ds.Nodes() // categories have no columns and are skipped
	seen := map[string]int{}
	for _, n := range nodes {
		label, p := nodeProps(n)
		c := nodeColumns[label]
		if c == nil {
			continue
		}
		seen[label]++
		r := &readKeys{props: p, read: map[string]bool{}}
		nodeFromProps(label, r)
		for k := range r.read {
			if _, ok := c.index[k]; !ok {
				t.Fatalf("%s %s: the decoder reads %q, which is not a column", label, n.NodeID(), k)
			}
		}
		// rowOf is the row a statement sends with the wanted columns w: the id, then the
		// properties keys names (see columns.row), decoded with their layout.
		rowOf := func(w []bool) *positional {
			row := []any{p["id"]}
			for _, k := range c.keys(w) {
				row = append(row, p[k])
			}
			return &positional{c, row, c.layout(w)}
		}
		// Every column, in column order (rowParam without a parameter: the nodes read ahead
		// through a reference, which stand for what Nodes reads from properties(n)).
		full := make([]any, len(c.props))
		for i, name := range c.props {
			full[i] = p[name]
		}
		if got, want := nodeFromProps(label, &positional{c, full, nil}), nodeFromProps(label, p); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s %s: from its full row %+v, from its properties %+v", label, n.NodeID(), got, want)
		}
		for _, texts := range []bool{true, false} {
			ctx := context.Background()
			if !texts {
				ctx = normgraph.WithoutTexts(ctx)
			}
			bare := props{}
			for i, name := range c.props {
				if v, ok := p[name]; ok && (texts || !c.text[i]) {
					bare[name] = v
				}
			}
			want := nodeFromProps(label, bare)
			got := nodeFromProps(label, rowOf(c.wanted(ctx, normgraph.TextsWanted(ctx))))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s %s (texts %v): from its row %+v, from its properties %+v", label, n.NodeID(), texts, got, want)
			}
			if !texts && hasLongText(got) {
				t.Fatalf("%s %s: a long text is left in without texts: %+v", label, n.NodeID(), got)
			}
		}
		// Each field alone (normgraph.WithFields) is filled as from all properties, and the id
		// always.
		all := reflect.ValueOf(nodeFromProps(label, p)).Elem()
		for i := range all.NumField() {
			f := all.Type().Field(i).Name
			ctx := normgraph.WithFields(context.Background(), f)
			got := reflect.ValueOf(nodeFromProps(label, rowOf(c.wanted(ctx, true)))).Elem()
			if !reflect.DeepEqual(got.Field(i).Interface(), all.Field(i).Interface()) {
				t.Fatalf("%s %s: with only %s wanted, it is %v, not %v", label, n.NodeID(), f, got.Field(i), all.Field(i))
			}
			if got.FieldByName("ID").Interface() != all.FieldByName("ID").Interface() {
				t.Fatalf("%s %s: with only %s wanted, no id", label, n.NodeID(), f)
			}
		}
	}
	for label := range nodeColumns {
		if seen[label] == 0 {
			t.Errorf("no %s in the embedded dataset: its columns are untested", label)
		}
	}
}

// hasLongText reports whether a node holds one of the long texts normgraph.WithoutTexts lets a
// list read leave out (summaries, quoted texts, definitions).
func hasLongText(n normgraph.Node) bool {
	switch x := n.(type) {
	case *normgraph.Initiative:
		return x.Summary != ""
	case *normgraph.Norm:
		return x.Summary != "" || x.Quote != nil
	case *normgraph.Theme:
		return x.Definition != ""
	}
	return false
}
