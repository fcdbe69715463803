package neo4j

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/normgraph/normgraph"
)

// Reading ahead (see normgraph.Follow). A root list read told which batched calls will follow
// for its items answers them in its own statement: each is a subquery expression (COLLECT { … })
// per item of the page, in an extra "ahead" column, and the answers go to the request's
// normgraph.Answers. The calls that follow are then answered from there, without a statement,
// when they ask for exactly what was read: the same ids, page and wanted columns
// (AnswerKey.Args). One statement instead of one per level saves Neo4j a statement's fixed cost
// and the seek of every parent by id again (docs/performance.md).
//
// The same holds for the one node a root field reads by id (initiative(id:), norm(id:)…:
// normgraph.WithNodeFollows), in the statement of its Nodes read.
//
// What is inlined: the norms of an initiative (NormsOfInitiatives), the correspondences of a
// norm (CorrespondencesOfNorms), and the nodes a reference property points to (Nodes: a
// norm's initiative, themes and sources, the sources of other nodes), to maxAheadDepth levels
// below the root's items and one call of each kind per level (planAhead); any other announced
// call is made as before. The statement text is built from constants only (labels, properties and
// parameter names from fixed tables and positions), so the texts a client can cause are the
// few combinations of those, each planned once.

// ReadsAhead implements normgraph.AheadReader.
func (s *Store) ReadsAhead() bool { return true }

// maxAheadDepth is how many levels below the root's items are read ahead.
const maxAheadDepth = 2

type aheadKind int

const (
	aheadNorms           aheadKind = iota // NormsOfInitiatives below an initiative
	aheadCorrespondences                  // CorrespondencesOfNorms below a norm
	aheadNodes                            // Nodes through a reference property
)

// ahead is one call read ahead, below items of a label.
type ahead struct {
	kind  aheadKind
	call  string
	param string // prefix of its parameters
	label string // the label of what it reads
	prop  string // aheadNodes: the items' property holding the ids
	list  bool   // aheadNodes: prop holds a list of ids
	args  string // normgraph.AnswerKey.Args
	at    []int  // the layout of its rows (see columns)
	cols  []bool // aheadNodes: the columns read
	then  []*ahead
}

// refProps are the reference properties Nodes reads through: by item label and Go field.
var refProps = map[[2]string]struct {
	prop string
	list bool
}{
	{labelNorm, "InitiativeID"}:    {"initiative", false},
	{labelNorm, "ThemeIDs"}:        {"themeIds", true},
	{labelNorm, "SourceIDs"}:       {"sourceIds", true},
	{labelInitiative, "SourceIDs"}: {"sourceIds", true},
	{labelTheme, "SourceIDs"}:      {"sourceIds", true},
	{labelActor, "SourceIDs"}:      {"sourceIds", true},
}

// typeLabels are the labels of the GraphQL types a reference may point to.
var typeLabels = map[string]string{"Initiative": labelInitiative, "Norm": labelNorm, "Theme": labelTheme,
	"Actor": labelActor, "Source": labelSource}

// planAhead returns the calls of fs that the store reads ahead below items of label, adding
// their parameters to params. At most one call of each slot (the norms, the correspondences,
// the nodes through one property) is read ahead per level, in a fixed order of slots, so that
// the statement texts a client can cause are the few subsets of those (a call beyond its
// slot's first is made on its own, as without reading ahead).
func planAhead(ctx context.Context, label string, fs []normgraph.Follow, prefix string, depth int, params map[string]any) []*ahead {
	if depth == 0 {
		return nil
	}
	type slotted struct {
		slot string
		f    normgraph.Follow
	}
	var picked []slotted
	taken := map[string]bool{}
	for _, f := range fs {
		var slot string
		switch {
		case label == labelInitiative && f.Call == "NormsOfInitiatives":
			slot = "0"
		case label == labelNorm && f.Call == "CorrespondencesOfNorms":
			slot = "1"
		case f.Call == "Nodes":
			rp, ok := refProps[[2]string{label, f.Ref}]
			if !ok || nodeColumns[typeLabels[f.Type]] == nil {
				continue
			}
			slot = "2" + rp.prop
		default:
			continue
		}
		if !taken[slot] {
			taken[slot] = true
			picked = append(picked, slotted{slot, f})
		}
	}
	slices.SortFunc(picked, func(a, b slotted) int { return strings.Compare(a.slot, b.slot) })
	out := make([]*ahead, 0, len(picked))
	for i, x := range picked {
		f, p := x.f, prefix+strconv.Itoa(i)+"_"
		fctx := f.Context(ctx)
		texts := normgraph.TextsWanted(fctx)
		switch x.slot[0] {
		case '0':
			c := nodeColumns[labelNorm]
			cols := c.wanted(fctx, texts)
			a := &ahead{kind: aheadNorms, call: f.Call, param: p, label: labelNorm, args: normsArgs(f.Page, cols), at: c.layout(cols)}
			params[p+"keys"], params[p+"offset"], params[p+"end"] = c.keys(cols), int64(f.Page.Offset), int64(f.Page.Offset+f.Page.Limit)
			a.then = planAhead(ctx, labelNorm, f.Then, p, depth-1, params)
			out = append(out, a)
		case '1':
			c := correspondenceColumns
			cols := c.wanted(fctx, texts)
			params[p+"keys"] = c.keys(cols)
			out = append(out, &ahead{kind: aheadCorrespondences, call: f.Call, param: p, args: colsArgs(cols), at: c.layout(cols)})
		default:
			rp := refProps[[2]string{label, f.Ref}]
			c := nodeColumns[typeLabels[f.Type]]
			cols := nodeMask(fctx, c)
			params[p+"keys"] = c.keys(cols)
			out = append(out, &ahead{kind: aheadNodes, call: f.Call, param: p, label: typeLabels[f.Type], prop: rp.prop, list: rp.list,
				cols: cols, at: c.layout(cols)})
		}
	}
	return out
}

// colsArgs and normsArgs are the AnswerKey.Args of a call: what its answer depends on besides
// the id.
func colsArgs(cols []bool) string {
	b := make([]byte, len(cols))
	for i, w := range cols {
		b[i] = '0'
		if w {
			b[i] = '1'
		}
	}
	return string(b)
}

func normsArgs(p normgraph.Page, cols []bool) string {
	return strconv.Itoa(p.Offset) + ":" + strconv.Itoa(p.Limit) + ":" + colsArgs(cols)
}

// expr is the Cypher expression of the answer for item variable v, at depth d (1 below the root).
func (a *ahead) expr(v string, d int) string {
	n := strconv.Itoa(d)
	switch a.kind {
	case aheadNorms:
		m, ms := "m"+n, "ms"+n
		return "[" + ms + " IN [COLLECT { MATCH (" + v + ")<-[:PART_OF]-(" + m + ":Norm) WITH " + m +
			" ORDER BY " + m + ".position, " + m + ".id RETURN " + m + " }] | [size(" + ms + "), [" + m + " IN " + ms +
			"[$" + a.param + "offset..$" + a.param + "end] | [" + nodeColumns[labelNorm].rowParam(m, a.param+"keys") +
			", " + aheadList(a.then, m, d+1) + "]]]][0]"
	case aheadCorrespondences:
		c := "c" + n
		return "COLLECT { MATCH (" + v + ")-[" + c + ":CORRESPONDS_TO]-(:Norm) WITH DISTINCT " + c +
			" RETURN [startNode(" + c + ").id, endNode(" + c + ").id] + " + correspondenceColumns.rowParam(c, a.param+"keys") + " }"
	default:
		r, x := "r"+n, "x"+n
		row := nodeColumns[a.label].rowParam(r, a.param+"keys")
		if a.list {
			return "COLLECT { UNWIND coalesce(" + v + "." + a.prop + ", []) AS " + x + " MATCH (" + r + ":" + a.label +
				" {id: " + x + "}) RETURN " + row + " }"
		}
		return "COLLECT { MATCH (" + r + ":" + a.label + " {id: " + v + "." + a.prop + "}) RETURN " + row + " }"
	}
}

// aheadList is the list of the answers of as for item variable v.
func aheadList(as []*ahead, v string, d int) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.expr(v, d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// signature identifies the statement text of a plan.
func signature(as []*ahead) string {
	var b strings.Builder
	for _, a := range as {
		b.WriteString(strconv.Itoa(int(a.kind)) + a.label + "." + a.prop + "(" + signature(a.then) + ")")
	}
	return b.String()
}

var aheadTexts sync.Map // base statement + signature → statement

// aheadStatement is a paged list statement (ending in its items column) with the answers of
// as for each item of the page in an "ahead" column.
func aheadStatement(base string, as []*ahead) string {
	return aheadText(base, as, func(list string) string {
		return base + ",\n  [n IN rows[$offset..$end] | " + list + "] AS ahead"
	})
}

// aheadNodesStatement is nodesCypher with the answers of as for each node of the label
// $aheadLabel in an "ahead" column (null for nodes of other labels).
func aheadNodesStatement(as []*ahead) string {
	return aheadText(nodesCypher, as, func(list string) string {
		return nodesCypher + ",\n  CASE WHEN label = $aheadLabel THEN " + list + " END AS ahead"
	})
}

// aheadText returns the statement build makes from the answers of as for item variable n,
// built once per base statement and plan (aheadTexts).
func aheadText(base string, as []*ahead, build func(list string) string) string {
	key := signature(as) + "\x00" + base
	if t, ok := aheadTexts.Load(key); ok {
		return t.(string)
	}
	t := build(aheadList(as, "n", 1))
	aheadTexts.Store(key, t)
	return t
}

// pagedAhead is paged for a root list of label: when calls are announced that it can read
// ahead, it answers them in the same statement.
func pagedAhead[T any](ctx context.Context, s *Store, label, cypher string, params map[string]any, p normgraph.Page, decode func(any) (T, bool)) (normgraph.List[T], error) {
	answers := normgraph.AnswersFrom(ctx)
	fs := normgraph.Follows(ctx)
	if answers == nil || len(fs) == 0 {
		return paged(ctx, s, cypher, params, p, decode)
	}
	as := planAhead(ctx, label, fs, "a", maxAheadDepth, params)
	if len(as) == 0 {
		return paged(ctx, s, cypher, params, p, decode)
	}
	recs, err := s.query(ctx, aheadStatement(cypher, as), pageParams(p, colsParam(ctx, params)))
	if err != nil {
		return normgraph.List[T]{Items: []T{}}, err
	}
	rows, vals := asList(get(recs[0], "items")), asList(get(recs[0], "ahead"))
	for i, row := range rows {
		if id, ok := firstString(row); ok && i < len(vals) {
			keepAnswers(answers, as, id, asList(vals[i]))
		}
	}
	return pageFrom(recs[0], decode), nil
}

func firstString(row any) (string, bool) {
	r := asList(row)
	if len(r) == 0 {
		return "", false
	}
	s, ok := r[0].(string)
	return s, ok
}

// keepAnswers stores the answers read ahead for the item with id parent.
func keepAnswers(answers *normgraph.Answers, as []*ahead, parent string, vals []any) {
	for j, a := range as {
		if j >= len(vals) {
			return
		}
		switch a.kind {
		case aheadNorms:
			decode := decodeRow[*normgraph.Norm](labelNorm, a.at)
			l, ok := pairPage(vals[j], func(it any) (*normgraph.Norm, bool) { // [row, [answers below]]
				r := asList(it)
				if len(r) != 2 {
					return nil, false
				}
				n, ok := decode(r[0])
				if ok {
					keepAnswers(answers, a.then, n.ID, asList(r[1]))
				}
				return n, ok
			})
			if ok {
				answers.Put(normgraph.AnswerKey{Call: a.call, Args: a.args, ID: parent}, l)
			}
		case aheadCorrespondences:
			cs := []*normgraph.Correspondence{}
			for _, v := range asList(vals[j]) {
				if c := correspondenceFromRow(v, a.at); c != nil {
					cs = append(cs, c)
				}
			}
			sortCorrespondences(cs)
			answers.Put(normgraph.AnswerKey{Call: a.call, Args: a.args, ID: parent}, cs)
		case aheadNodes:
			cols := nodeColumns[a.label]
			for _, v := range asList(vals[j]) {
				if n := nodeFromProps(a.label, &positional{cols, asList(v), a.at}); n != nil {
					answers.Put(normgraph.AnswerKey{Call: a.call, ID: n.NodeID()}, aheadNode{n, a.label, a.cols})
				}
			}
		}
	}
}

// answered returns the answers read ahead for every id of a call, if there are.
func answered[T any](ctx context.Context, call, args string, ids []string) ([]T, bool) {
	vals, ok := normgraph.AnswersFrom(ctx).All(call, args, ids)
	if !ok {
		return nil, false
	}
	out := make([]T, len(vals))
	for i, v := range vals {
		t, ok := v.(T)
		if !ok {
			return nil, false
		}
		out[i] = t
	}
	return out, true
}

// aheadNode is a node read ahead through a reference, with the columns read.
type aheadNode struct {
	n     normgraph.Node
	label string
	cols  []bool
}

// covers reports whether the node has every column a Nodes read with ctx must fill.
func (a aheadNode) covers(ctx context.Context) bool {
	for i, w := range nodeMask(ctx, nodeColumns[a.label]) {
		if w && !a.cols[i] {
			return false
		}
	}
	return true
}
