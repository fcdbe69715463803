package neo4j

import "strings"

// columns is the fixed list of stored properties a list read returns for a node of one label,
// as a positional list ([n.id, n.name, …]) rather than a map (properties(n)): no property name
// is sent, decoded or hashed per node, no map is built on the Go side, and properties that no
// decoder reads (the write path's digests) stay in the database. The long texts among them
// (see normgraph.WithoutTexts) are null unless the statement's $texts is true.
//
// Every property nodeFromProps reads for the label must be listed; TestColumnsDecodeAsProperties
// checks it on every node of the embedded dataset.
type columns struct {
	names []string
	texts map[string]bool
	index map[string]int
}

func newColumns(names []string, texts ...string) *columns {
	c := &columns{names: names, texts: map[string]bool{}, index: map[string]int{}}
	for i, n := range names {
		c.index[n] = i
	}
	for _, t := range texts {
		if _, ok := c.index[t]; !ok {
			panic("neo4j: text column " + t + " is not a column")
		}
		c.texts[t] = true
	}
	return c
}

// nodeColumns are the columns of the labels whose list reads return positional rows.
var nodeColumns = map[string]*columns{
	labelInitiative: newColumns([]string{"id", "name", "shortName", "kind", "adopted", "symbol", "binding", "status",
		"addressees", "summary", "url", "itemized", "itemizedNote", "expectedNorms", "gaps", "sourceIds"}, "summary"),
	labelNorm: newColumns([]string{"id", "initiative", "code", "section", "title", "summary", "category", "addressee",
		"themeIds", "sourceIds", "position", "quoteText", "quoteSource", "quoteLocator",
		"guidanceInitiatives", "guidanceTexts", "guidanceSummaries", "guidanceLocators", "guidanceSources"},
		"summary", "quoteText"),
	labelTheme:  newColumns([]string{"id", "name", "definition", "sourceIds"}, "definition"),
	labelActor:  newColumns([]string{"id", "name", "type", "iso3", "country", "stakeholderGroup", "sourceIds"}),
	labelSource: newColumns([]string{"id", "title", "kind", "publisher", "url", "date"}),
}

// nodeRow is the Cypher expression of a node's row: variable v (a constant of the statement)
// of a label with columns.
func nodeRow(label, v string) string {
	c := nodeColumns[label]
	var b strings.Builder
	b.WriteByte('[')
	for i, n := range c.names {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.texts[n] {
			b.WriteString("CASE WHEN $texts THEN " + v + "." + n + " END")
		} else {
			b.WriteString(v + "." + n)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// positional is a node's row, read by property name.
type positional struct {
	c    *columns
	vals []any
}

func (r *positional) prop(k string) any {
	if i, ok := r.c.index[k]; ok && i < len(r.vals) {
		return r.vals[i]
	}
	return nil
}
