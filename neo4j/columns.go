package neo4j

import (
	"context"
	"strings"

	"github.com/normgraph/normgraph"
)

// columns is the fixed list of stored properties a list read returns for a node of one label
// (or a relationship of one type), as a positional list ([n.id, n.name, …]) rather than a map
// (properties(n)): no property name is sent, decoded or hashed per node, no map is built on
// the Go side, and properties that no decoder reads (the write path's digests) stay in the
// database.
//
// A row holds the id, then only the properties the statement's parameter $keys<Label> names
// (see row and colsParam): those whose Go field the caller wants (normgraph.WithFields) and,
// for a long text, only when it wants texts (normgraph.WithoutTexts). Statements stay
// constant, so Neo4j plans each once; a column not wanted costs neither a property read nor a
// byte on the wire nor a value to decode.
//
// Every property nodeFromProps reads for the label must be a column, and every field of the
// node type must name its columns; TestColumnsDecodeAsProperties checks both on every node of
// the embedded dataset.
type columns struct {
	param string   // the statement parameter naming the wanted properties, without $
	props []string // stored property names, in order
	field []string // the Go field each property fills
	text  []bool   // long texts
	index map[string]int
}

// col is one column: a stored property and the Go field it fills; text marks a long text.
type col struct {
	prop, field string
	text        bool
}

func newColumns(name string, cs ...col) *columns {
	c := &columns{param: "keys" + name, index: map[string]int{}}
	for i, x := range cs {
		c.props, c.field, c.text = append(c.props, x.prop), append(c.field, x.field), append(c.text, x.text)
		c.index[x.prop] = i
	}
	return c
}

// nodeColumns are the columns of the labels whose list reads return positional rows.
var nodeColumns = map[string]*columns{
	labelInitiative: newColumns(labelInitiative, col{"id", "ID", false}, col{"name", "Name", false},
		col{"shortName", "ShortName", false}, col{"kind", "Kind", false}, col{"adopted", "Adopted", false},
		col{"symbol", "Symbol", false}, col{"binding", "Binding", false}, col{"status", "Status", false},
		col{"addressees", "Addressees", false}, col{"summary", "Summary", true}, col{"url", "URL", false},
		col{"itemized", "Itemized", false}, col{"itemizedNote", "ItemizedNote", false},
		col{"expectedNorms", "ExpectedNorms", false}, col{"gaps", "Gaps", false}, col{"sourceIds", "SourceIDs", false}),
	labelNorm: newColumns(labelNorm, col{"id", "ID", false}, col{"initiative", "InitiativeID", false},
		col{"code", "Code", false}, col{"section", "Section", false}, col{"title", "Title", false},
		col{"summary", "Summary", true}, col{"category", "Category", false}, col{"addressee", "Addressee", false},
		col{"themeIds", "ThemeIDs", false}, col{"sourceIds", "SourceIDs", false}, col{"position", "Position", false},
		col{"quoteText", "Quote", true}, col{"quoteSource", "Quote", false}, col{"quoteLocator", "Quote", false},
		col{"guidanceInitiatives", "Guidance", false}, col{"guidanceTexts", "Guidance", false},
		col{"guidanceSummaries", "Guidance", false}, col{"guidanceLocators", "Guidance", false},
		col{"guidanceSources", "Guidance", false}),
	labelTheme: newColumns(labelTheme, col{"id", "ID", false}, col{"name", "Name", false},
		col{"definition", "Definition", true}, col{"sourceIds", "SourceIDs", false}),
	labelActor: newColumns(labelActor, col{"id", "ID", false}, col{"name", "Name", false}, col{"type", "Type", false},
		col{"iso3", "ISO3", false}, col{"country", "Country", false}, col{"stakeholderGroup", "StakeholderGroup", false},
		col{"sourceIds", "SourceIDs", false}),
	labelSource: newColumns(labelSource, col{"id", "ID", false}, col{"title", "Title", false}, col{"kind", "Kind", false},
		col{"publisher", "Publisher", false}, col{"url", "URL", false}, col{"date", "Date", false}),
}

// correspondenceColumns are the properties of a CORRESPONDS_TO relationship (see
// CorrespondencesOfNorms, whose rows have the ids of its ends before them).
var correspondenceColumns = newColumns("Correspondence", col{"kind", "Kind", false}, col{"basis", "Basis", false},
	col{"sources", "SourceIDs", false}, col{"rationale", "Rationale", true})

// always reports whether column i is read whatever the caller wants: the id.
func (c *columns) always(i int) bool { return c.field[i] == "ID" }

// row is the Cypher expression of the row of variable v (a constant of the statement): the
// columns always read (the id), then the values of the properties named in the statement's
// parameter $<param> (see keys), in that order: [n.id] + [k IN $keysNorm | n[k]]. A column not
// wanted is neither read (no db hit) nor sent, and the statement text stays the same whatever
// is wanted.
func (c *columns) row(v string) string { return c.rowParam(v, c.param) }

// rowParam is row with the wanted properties in parameter param (a statement's reads ahead
// each have their own, see ahead.go); an empty param reads every column, in column order.
func (c *columns) rowParam(v, param string) string {
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for i, p := range c.props {
		if param == "" || c.always(i) {
			if n > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v + "." + p)
			n++
		}
	}
	b.WriteByte(']')
	if param == "" {
		return b.String()
	}
	return b.String() + " + [k IN $" + param + " | " + v + "[k]]"
}

// nodeRow is the row of node variable v of a label with columns.
func nodeRow(label, v string) string { return nodeColumns[label].row(v) }

// colsParam adds the parameters the rows of the labels with columns read: for each, the
// properties the caller wants (see columns).
func colsParam(ctx context.Context, params map[string]any) map[string]any {
	texts := normgraph.TextsWanted(ctx)
	for _, c := range nodeColumns {
		params[c.param] = c.keys(c.wanted(ctx, texts))
	}
	return params
}

// wanted says, for each column, whether the caller wants it.
func (c *columns) wanted(ctx context.Context, texts bool) []bool {
	w := make([]bool, len(c.props))
	for i := range w {
		w[i] = c.always(i) || ((texts || !c.text[i]) && normgraph.FieldWanted(ctx, c.field[i]))
	}
	return w
}

// keys are the properties a row reads besides the columns always read, as its parameter lists
// them: the wanted ones, in column order.
func (c *columns) keys(w []bool) []string {
	out := make([]string, 0, len(w))
	for i, p := range c.props {
		if w[i] && !c.always(i) {
			out = append(out, p)
		}
	}
	return out
}

// layout says where each column is in a row read with the wanted columns w (see row): its
// index, or -1 when it is not in the row.
func (c *columns) layout(w []bool) []int {
	at := make([]int, len(c.props))
	j := 0
	for i := range c.props {
		at[i] = -1
		if c.always(i) {
			at[i] = j
			j++
		}
	}
	for i := range c.props {
		if w[i] && !c.always(i) {
			at[i] = j
			j++
		}
	}
	return at
}

// layoutFor is the layout of the rows a read with ctx returns.
func (c *columns) layoutFor(ctx context.Context) []int {
	return c.layout(c.wanted(ctx, normgraph.TextsWanted(ctx)))
}

// positional is a row, read by property name: with a layout (see row), or every column in
// column order (at nil: rowParam without a parameter).
type positional struct {
	c    *columns
	vals []any
	at   []int
}

func (r *positional) prop(k string) any {
	i, ok := r.c.index[k]
	if !ok {
		return nil
	}
	if r.at != nil {
		i = r.at[i]
	}
	if i >= 0 && i < len(r.vals) {
		return r.vals[i]
	}
	return nil
}
