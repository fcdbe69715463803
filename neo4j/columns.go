package neo4j

import (
	"context"
	"strconv"
	"strings"

	"github.com/normgraph/normgraph"
)

// columns is the fixed list of stored properties a list read returns for a node of one label
// (or a relationship of one type), as a positional list ([n.id, n.name, …]) rather than a map
// (properties(n)): no property name is sent, decoded or hashed per node, no map is built on
// the Go side, and properties that no decoder reads (the write path's digests) stay in the
// database.
//
// Every column but the id is read only when the statement's parameter
// $cols<Label> (a list of booleans, one per column; see colsParam) says so: when the caller
// wants the Go field it fills (normgraph.WithFields) and, for a long text, wants texts
// (normgraph.WithoutTexts). Statements stay constant, so Neo4j plans each once; a column not
// wanted costs neither a property read nor more than a null on the wire.
//
// Every property nodeFromProps reads for the label must be a column, and every field of the
// node type must name its columns; TestColumnsDecodeAsProperties checks both on every node of
// the embedded dataset.
type columns struct {
	param string   // the statement parameter, without $
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
	c := &columns{param: "cols" + name, index: map[string]int{}}
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

// row is the Cypher expression of the row of variable v (a constant of the statement): a
// list of the columns, each null unless wanted (the id always read).
func (c *columns) row(v string) string { return c.rowParam(v, c.param) }

// rowParam is row with the wanted columns in parameter param (a statement's reads ahead each
// have their own, see ahead.go); an empty param reads every column.
func (c *columns) rowParam(v, param string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, p := range c.props {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.always(i) || param == "" {
			b.WriteString(v + "." + p)
		} else {
			b.WriteString("CASE WHEN $" + param + "[" + strconv.Itoa(i) + "] THEN " + v + "." + p + " END")
		}
	}
	b.WriteByte(']')
	return b.String()
}

// nodeRow is the row of node variable v of a label with columns.
func nodeRow(label, v string) string { return nodeColumns[label].row(v) }

// colsParam adds the parameters the rows of the labels with columns read: for each, which
// columns the caller wants (see columns).
func colsParam(ctx context.Context, params map[string]any) map[string]any {
	texts := normgraph.TextsWanted(ctx)
	for _, c := range nodeColumns {
		params[c.param] = c.wanted(ctx, texts)
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

// positional is a row, read by property name.
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
