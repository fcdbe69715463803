package graph

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph"
)

// The prefetcher reads everything a request needs level by level, with no timer: when a root
// field has its value, it walks the query's selection below it, one nesting level at a time.
// At each level it collects the parents of every relationship field (see fieldSpec) and makes
// one backend call per relationship, and one Nodes call for every node referenced by id whose
// fields beyond `id` are asked for. The resolvers then find their values in the request's
// cache and return at once. A resolver whose value was not prefetched (a path the walk cannot
// see) fetches it for its own parent and walks on from there.
//
// A field is one of three kinds:
//   - a relation: its value comes from a batched Reader call (Initiative.norms, Norm.correspondences);
//   - a reference: the parent holds the ids of the nodes it points to (Norm.themes, Norm.initiative);
//     when only `id` (and `__typename`) is selected, no node is read at all;
//   - anything else is walked through: the value is on the parent (a struct field of the same
//     name, or an embed function for values that a resolver computes).
//
// A new relationship costs one entry in specs and a one-line resolver calling related, refs or ref.

// relation is a field whose value comes from one batched Reader call per nesting level.
type relation struct {
	// call names the Reader call; fields with the same call and group share one call.
	call string
	// group derives the part of the field's arguments the call depends on (a page, a filter);
	// nil when the call takes none. It must return a comparable value.
	group func(args map[string]any) (any, error)
	// keys returns the ids the call is asked for on behalf of one parent, and cacheKey the key
	// of the parent's value (by default its only key). key, when set, is the one id of a
	// relation asking one id per parent (keys then returns it alone).
	keys     func(parent any) []string
	key      func(parent any) string
	cacheKey func(parent any) string
	// load makes the call: one result per id, in order.
	load func(ctx context.Context, r normgraph.Reader, ids []string, group any) ([]any, error)
	// value builds the field's value for one parent from the results for its keys.
	value func(parent any, results []any, group any, args map[string]any) (any, error)
}

// fieldSpec says how the prefetcher treats one field (by parent type and field name).
type fieldSpec struct {
	// args is the field's generated argument parser, for fields with arguments: the prefetcher
	// reads arguments exactly as the resolver receives them.
	args func(ec *executionContext, ctx context.Context, raw map[string]any) (map[string]any, error)
	rel  *relation
	// ref returns the ids of the nodes the field points to.
	ref func(parent any) []string
	// embed returns a value the field's resolver computes without I/O, for the walk.
	embed func(parent any, args map[string]any) any
}

// request is the per-request state: the values prefetched for relation fields and the nodes
// read by id. It is safe for concurrent use.
type request struct {
	reader normgraph.Reader

	mu sync.Mutex
	// values holds one map per batch of prefetched values, each made at its final size (a
	// level's parents are known before its values are stored), so no map grows by rehashing.
	values []map[valueKey]result
	nodes  map[string]nodeResult
	// needs caches, per reference field of the query, the Go fields its selection reads of
	// the nodes (see nodeNeed).
	needs map[*ast.Field][]string
}

type valueKey struct {
	field  *ast.Field
	parent string
}

type result struct {
	v   any
	err error
}

type nodeResult struct {
	n   normgraph.Node
	err error
	// fields are the Go fields the read was asked to fill (normgraph.WithFields); nil when it
	// read the whole node. A node read for some fields serves only selections that need no
	// others (covers).
	fields map[string]bool
}

// covers reports whether a node read for the fields have (nil: whole) has the fields need
// (nil: every field).
func covers(have map[string]bool, need []string) bool {
	if have == nil {
		return true
	}
	if need == nil {
		return false
	}
	for _, f := range need {
		if !have[f] {
			return false
		}
	}
	return true
}

// nodeNeed returns the Go fields that a selection on nodes of GraphQL type typ reads (the id
// always), or nil when it reads something undeclared or typ is not a node type whose fields
// are declared (an interface, the compliance types): then the nodes are read whole.
func nodeNeed(op *graphql.OperationContext, typ string, sel ast.SelectionSet) []string {
	if goTypes[typ] == nil || typ == "Correspondence" {
		return nil
	}
	set := map[string]bool{"ID": true}
	if !neededFields(op, typ, typ, sel, set) {
		return nil
	}
	return sortedKeys(set)
}

// sortedKeys returns the members of a set of fields, sorted.
func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// need is nodeNeed for a reference field of the query, remembered for the request.
func (q *request) need(ctx context.Context, f graphql.CollectedField) []string {
	if f.Field == nil || f.Definition == nil {
		return nil
	}
	q.mu.Lock()
	n, ok := q.needs[f.Field]
	q.mu.Unlock()
	if ok {
		return n
	}
	n = nodeNeed(graphql.GetOperationContext(ctx), f.Definition.Type.Name(), f.Selections)
	q.mu.Lock()
	if q.needs == nil {
		q.needs = map[*ast.Field][]string{}
	}
	q.needs[f.Field] = n
	q.mu.Unlock()
	return n
}

// unionNeed is the fields a read must fill for several needs (nil if any is nil: whole).
func unionNeed(needs [][]string) []string {
	set := map[string]bool{}
	for _, n := range needs {
		if n == nil {
			return nil
		}
		for _, f := range n {
			set[f] = true
		}
	}
	return sortedKeys(set)
}

func newRequest(r normgraph.Reader) *request {
	return &request{reader: r, nodes: map[string]nodeResult{}}
}

type requestKey struct{}

func withRequest(ctx context.Context, q *request) context.Context {
	return context.WithValue(ctx, requestKey{}, q)
}

func requestFrom(ctx context.Context) *request {
	return ctx.Value(requestKey{}).(*request)
}

// task is a group of objects of one GraphQL type at one nesting level, with the fields
// selected on them.
type task struct {
	typ    string
	objs   []any
	fields []graphql.CollectedField
}

// prefetched walks the selection below the current (root) field once its value v is known.
func prefetched[T any](ctx context.Context, v T, err error) (T, error) {
	if err == nil {
		fc := graphql.GetFieldContext(ctx)
		q := requestFrom(ctx)
		q.run(ctx, q.tasks(ctx, fc.Field.Definition.Type.Name(), flatten(v), fc.Field.Selections, nil))
	}
	return v, err
}

// related returns the prefetched value of the current relation field on parent.
func related[T any](ctx context.Context, parent any) (T, error) {
	fc := graphql.GetFieldContext(ctx)
	spec := specs[specKey{fc.Object, fc.Field.Name}].rel
	q := requestFrom(ctx)
	k := valueKey{fc.Field.Field, spec.parentKey(parent)}
	res, ok := q.value(k)
	if !ok { // not prefetched: fetch for this parent alone and walk on from it
		q.run(ctx, []task{{typ: fc.Object, objs: []any{parent}, fields: []graphql.CollectedField{fc.Field}}})
		res, _ = q.value(k)
	}
	v, _ := res.v.(T)
	return v, res.err
}

// refs returns the nodes the current reference field of parent points to, in order.
func refs[T normgraph.Node](ctx context.Context, parent any) ([]T, error) {
	fc := graphql.GetFieldContext(ctx)
	ids := specs[specKey{fc.Object, fc.Field.Name}].ref(parent)
	out := make([]T, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if idOnly(fc.Field.Selections) {
		for _, id := range ids {
			out = append(out, stub[T](id))
		}
		return out, nil
	}
	q := requestFrom(ctx)
	ns, err := q.nodesByID(ctx, ids, q.need(ctx, fc.Field))
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// ref returns the node the current reference field of parent points to: nil when the parent
// holds no id, an internal error when the id is dangling.
func ref[T normgraph.Node](ctx context.Context, parent any) (T, error) {
	var zero T
	fc := graphql.GetFieldContext(ctx)
	ids := specs[specKey{fc.Object, fc.Field.Name}].ref(parent)
	if len(ids) == 0 || ids[0] == "" {
		return zero, nil
	}
	if idOnly(fc.Field.Selections) {
		return stub[T](ids[0]), nil
	}
	q := requestFrom(ctx)
	ns, err := q.nodesByID(ctx, ids[:1], q.need(ctx, fc.Field))
	if err != nil {
		return zero, err
	}
	t, ok := ns[0].(T)
	if !ok {
		return zero, normgraph.Errorf(normgraph.EINTERNAL, "dangling reference to %q", ids[0])
	}
	return t, nil
}

// idOnly reports whether a selection asks for nothing but id and __typename, which a node
// reference answers without reading the node.
func idOnly(sel ast.SelectionSet) bool {
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok || (f.Name != "id" && f.Name != "__typename") {
			return false
		}
	}
	return len(sel) > 0
}

// stub returns a node of type T that holds only its id.
func stub[T normgraph.Node](id string) T {
	var n normgraph.Node
	switch any(*new(T)).(type) {
	case *normgraph.Initiative:
		n = &normgraph.Initiative{ID: id}
	case *normgraph.Norm:
		n = &normgraph.Norm{ID: id}
	case *normgraph.Theme:
		n = &normgraph.Theme{ID: id}
	case *normgraph.Actor:
		n = &normgraph.Actor{ID: id}
	case *normgraph.Source:
		n = &normgraph.Source{ID: id}
	case *normgraph.CategoryInfo:
		n = &normgraph.CategoryInfo{ID: normgraph.Category(id)}
	case *normgraph.Incident:
		n = &normgraph.Incident{ID: id}
	case *normgraph.Attribution:
		n = &normgraph.Attribution{ID: id}
	case *normgraph.Implementation:
		n = &normgraph.Implementation{ID: id}
	default:
		panic("graph: no stub for " + reflect.TypeFor[T]().String())
	}
	return n.(T)
}

func (q *request) value(k valueKey) (result, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := len(q.values) - 1; i >= 0; i-- {
		if r, ok := q.values[i][k]; ok {
			return r, true
		}
	}
	return result{}, false
}

// nodesByID returns the nodes with the ids (nil where there is none) with at least the fields
// need (nil: whole), reading those the request has not read yet (or not with those fields) in
// one call.
func (q *request) nodesByID(ctx context.Context, ids []string, need []string) ([]normgraph.Node, error) {
	out := make([]normgraph.Node, len(ids))
	var missing []string
	q.mu.Lock()
	for i, id := range ids {
		r, ok := q.nodes[id]
		if !ok || (r.err == nil && !covers(r.fields, need)) {
			missing = append(missing, id)
			continue
		}
		if r.err != nil {
			q.mu.Unlock()
			return nil, r.err
		}
		out[i] = r.n
	}
	q.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	if err := q.readNodes(ctx, missing, q.widen(missing, need)); err != nil {
		return nil, err
	}
	return q.nodesByID(ctx, ids, need)
}

// widen returns need with the fields the request already read of any of the ids added (nil
// stays nil): a node read again for more fields keeps those it was read with, so that the
// selections it already serves still find them.
func (q *request) widen(ids []string, need []string) []string {
	if need == nil {
		return nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	var set map[string]bool
	for _, id := range ids {
		if r, ok := q.nodes[id]; ok && r.fields != nil {
			if set == nil {
				set = map[string]bool{}
				for _, f := range need {
					set[f] = true
				}
			}
			for f := range r.fields {
				set[f] = true
			}
		}
	}
	if set == nil {
		return need
	}
	return sortedKeys(set)
}

// readNodes reads nodes by id in one call, with the fields need (nil: whole), and remembers
// them (and failures) for the request.
func (q *request) readNodes(ctx context.Context, ids []string, need []string) error {
	callCtx := ctx
	var fields map[string]bool
	if need != nil {
		callCtx = normgraph.WithFields(ctx, need...)
		fields = make(map[string]bool, len(need))
		for _, f := range need {
			fields[f] = true
		}
	}
	ns, err := q.reader.Nodes(callCtx, ids)
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, id := range ids {
		if err != nil {
			q.nodes[id] = nodeResult{err: err}
		} else {
			q.nodes[id] = nodeResult{n: ns[i], fields: fields}
		}
	}
	return err
}

type specKey struct{ typ, field string }

func (r *relation) parentKey(parent any) string {
	switch {
	case r.cacheKey != nil:
		return r.cacheKey(parent)
	case r.key != nil:
		return r.key(parent)
	}
	return r.keys(parent)[0]
}

// call is one pending backend call of a level: the ids it asks for and the fields waiting.
type call struct {
	rel       *relation
	group     any
	ids       []string
	index     map[string]int // position of each id in ids
	consumers []consumer
}

func (c *call) add(id string) {
	if _, ok := c.index[id]; !ok {
		c.index[id] = len(c.ids)
		c.ids = append(c.ids, id)
	}
}

type consumer struct {
	rel     *relation
	typ     string
	field   graphql.CollectedField
	args    map[string]any
	parents []any
}

type callKey struct {
	call  string
	group any
}

// refUse is a reference field of one level whose nodes are read, to walk on below them.
type refUse struct {
	field   graphql.CollectedField
	typ     string
	parents []any
	spec    fieldSpec
}

// run walks the tasks level by level: one call per relation and level, one Nodes call per level.
func (q *request) run(ctx context.Context, level []task) {
	for len(level) > 0 {
		var calls []*call
		byKey := map[callKey]*call{}
		var uses []refUse
		var refNeeds [][]string
		for i := 0; i < len(level); i++ { // level grows as embedded values are walked
			t := level[i]
			for _, f := range t.fields {
				spec := specs[specKey{t.typ, f.Name}]
				switch {
				case spec.rel != nil:
					args, err := spec.fieldArgs(ctx, f)
					if err != nil {
						q.fail(f.Field, spec.rel, t.objs, err)
						continue
					}
					var group any
					if spec.rel.group != nil {
						g, err := spec.rel.group(args)
						if err != nil {
							q.fail(f.Field, spec.rel, t.objs, err)
							continue
						}
						group = g
					}
					k := callKey{spec.rel.call, group}
					c := byKey[k]
					if c == nil {
						c = &call{rel: spec.rel, group: group, index: make(map[string]int, len(t.objs))}
						byKey[k] = c
						calls = append(calls, c)
					}
					for _, p := range t.objs {
						if spec.rel.key != nil {
							c.add(spec.rel.key(p))
							continue
						}
						for _, id := range spec.rel.keys(p) {
							c.add(id)
						}
					}
					c.consumers = append(c.consumers, consumer{rel: spec.rel, typ: t.typ, field: f, args: args, parents: t.objs})
				case spec.ref != nil:
					if idOnly(f.Selections) || !composite(f) {
						continue
					}
					uses = append(uses, refUse{field: f, typ: t.typ, parents: t.objs, spec: spec})
					refNeeds = append(refNeeds, q.need(ctx, f))
				default:
					if !composite(f) {
						continue
					}
					args, err := spec.fieldArgs(ctx, f)
					if err != nil {
						continue // the resolver reports it
					}
					var children []any
					for _, p := range t.objs {
						var v any
						if spec.embed != nil {
							v = spec.embed(p, args)
						} else {
							v = structField(p, f.Name)
						}
						children = appendFlat(children, v)
					}
					level = append(level, q.tasks(ctx, f.Definition.Type.Name(), children, f.Selections, nil)...)
				}
			}
		}
		var next []task
		for _, c := range calls {
			var results []any
			var err error
			if len(c.ids) > 0 {
				callCtx := ctx
				if !c.wantsTexts() {
					callCtx = normgraph.WithoutTexts(ctx)
				}
				uses := make([]fieldUse, len(c.consumers))
				for i, u := range c.consumers {
					uses[i] = fieldUse{u.field.Definition.Type.Name(), u.field.Selections}
				}
				callCtx = withFields(callCtx, c.rel.call, uses)
				results, err = c.rel.load(callCtx, q.reader, c.ids, c.group)
			}
			size := 0
			for _, u := range c.consumers {
				size += len(u.parents)
			}
			vals := make(map[valueKey]result, size)
			q.mu.Lock()
			q.values = append(q.values, vals)
			q.mu.Unlock()
			for _, u := range c.consumers {
				if err != nil {
					q.fail(u.field.Field, u.rel, u.parents, err)
					continue
				}
				var children []any
				q.mu.Lock()
				var one [1]any
				for _, p := range u.parents {
					var rs []any
					if u.rel.key != nil {
						one[0] = results[c.index[u.rel.key(p)]]
						rs = one[:]
					} else {
						keys := u.rel.keys(p)
						rs = make([]any, len(keys))
						for i, k := range keys {
							rs[i] = results[c.index[k]]
						}
					}
					v, verr := u.rel.value(p, rs, c.group, u.args)
					vals[valueKey{u.field.Field, u.rel.parentKey(p)}] = result{v, verr}
					if verr == nil {
						children = appendFlat(children, v)
					}
				}
				q.mu.Unlock()
				next = append(next, q.tasks(ctx, u.field.Definition.Type.Name(), children, u.field.Selections, nil)...)
			}
		}
		// One Nodes call for the level: the nodes not read yet with the fields the level's
		// references need.
		need := unionNeed(refNeeds)
		var nodeIDs []string
		seenNode := map[string]bool{}
		q.mu.Lock()
		for _, u := range uses {
			for _, p := range u.parents {
				for _, id := range u.spec.ref(p) {
					if r, done := q.nodes[id]; (!done || (r.err == nil && !covers(r.fields, need))) && id != "" && !seenNode[id] {
						seenNode[id] = true
						nodeIDs = append(nodeIDs, id)
					}
				}
			}
		}
		q.mu.Unlock()
		if len(nodeIDs) > 0 {
			_ = q.readNodes(ctx, nodeIDs, q.widen(nodeIDs, need)) // a failure is remembered and reported by the resolvers
		}
		for _, u := range uses {
			var children []any
			q.mu.Lock()
			for _, p := range u.parents {
				for _, id := range u.spec.ref(p) {
					if r := q.nodes[id]; r.n != nil {
						children = append(children, r.n)
					}
				}
			}
			q.mu.Unlock()
			next = append(next, q.tasks(ctx, u.field.Definition.Type.Name(), children, u.field.Selections, nil)...)
		}
		level = next
	}
}

// fieldArgs returns a field's arguments as its resolver receives them (nil without a parser).
func (s fieldSpec) fieldArgs(ctx context.Context, f graphql.CollectedField) (map[string]any, error) {
	if s.args == nil {
		return nil, nil
	}
	opCtx := graphql.GetOperationContext(ctx)
	return s.args(newExecutionContext(opCtx, nil, nil), ctx, f.ArgumentMap(opCtx.Variables))
}

// wantsTexts reports whether any field waiting for a call selects a long text below it.
func (c *call) wantsTexts() bool {
	for _, u := range c.consumers {
		if wantsTexts(u.field.Selections) {
			return true
		}
	}
	return false
}

// textFields are the fields whose values are long texts that list reads may leave out.
var textFields = map[string]bool{"summary": true, "quote": true, "definition": true, "rationale": true}

// wantsTexts reports whether a selection (fragments included, at any depth) names a text field.
func wantsTexts(sel ast.SelectionSet) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if textFields[s.Name] || wantsTexts(s.SelectionSet) {
				return true
			}
		case *ast.InlineFragment:
			if wantsTexts(s.SelectionSet) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || wantsTexts(s.Definition.SelectionSet) {
				return true
			}
		}
	}
	return false
}

func (q *request) fail(field *ast.Field, rel *relation, parents []any, err error) {
	vals := make(map[valueKey]result, len(parents))
	for _, p := range parents {
		vals[valueKey{field, rel.parentKey(p)}] = result{err: err}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.values = append(q.values, vals)
}

// tasks groups objects of a GraphQL type (an interface is split by concrete type) with the
// fields selected on them.
func (q *request) tasks(ctx context.Context, typ string, objs []any, sel ast.SelectionSet, out []task) []task {
	if len(objs) == 0 || len(sel) == 0 {
		return out
	}
	def := parsedSchema.Types[typ]
	if def == nil {
		return out
	}
	opCtx := graphql.GetOperationContext(ctx)
	if def.Kind == ast.Object {
		return append(out, task{typ: typ, objs: objs, fields: graphql.CollectFields(opCtx, sel, implementors(typ))})
	}
	byType := map[string][]any{}
	var order []string
	for _, o := range objs {
		n, ok := o.(normgraph.Node)
		if !ok {
			continue
		}
		t := gqlTypeOf(n)
		if _, seen := byType[t]; !seen {
			order = append(order, t)
		}
		byType[t] = append(byType[t], o)
	}
	for _, t := range order {
		out = append(out, task{typ: t, objs: byType[t], fields: graphql.CollectFields(opCtx, sel, implementors(t))})
	}
	return out
}

// gqlTypeOf returns the GraphQL object type of a node.
func gqlTypeOf(n normgraph.Node) string {
	if t := normgraph.TypeOf(n); t != normgraph.TypeCategory {
		return string(t)
	}
	return "CategoryInfo"
}

var implementorsCache sync.Map // type name → []string

// implementors returns a type's name and the interfaces it implements, as CollectFields wants.
func implementors(typ string) []string {
	if v, ok := implementorsCache.Load(typ); ok {
		return v.([]string)
	}
	out := append([]string{typ}, parsedSchema.Types[typ].Interfaces...)
	implementorsCache.Store(typ, out)
	return out
}

// composite reports whether a field's type is an object, interface or union (worth walking).
func composite(f graphql.CollectedField) bool {
	if f.Definition == nil {
		return false
	}
	def := parsedSchema.Types[f.Definition.Type.Name()]
	return def != nil && (def.Kind == ast.Object || def.Kind == ast.Interface || def.Kind == ast.Union)
}

// flatten returns the non-nil elements of a slice value, or the value itself.
func flatten(v any) []any { return appendFlat(nil, v) }

func appendFlat(out []any, v any) []any {
	if v == nil {
		return out
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice:
		out = slices.Grow(out, rv.Len())
		for i := range rv.Len() {
			e := rv.Index(i)
			if (e.Kind() == reflect.Pointer || e.Kind() == reflect.Interface) && e.IsNil() {
				continue
			}
			out = append(out, e.Interface())
		}
	case reflect.Pointer, reflect.Interface:
		if !rv.IsNil() {
			out = append(out, v)
		}
	default:
		out = append(out, v)
	}
	return out
}

var fieldIndexCache sync.Map // fieldIndexKey → int (-1: none)

type fieldIndexKey struct {
	t    reflect.Type
	name string
}

// structField returns the Go struct field of a pointer to struct whose name matches a GraphQL
// field name (ignoring case), as gqlgen binds them; nil when there is none.
func structField(p any, name string) any {
	rv := reflect.ValueOf(p)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	rv = rv.Elem()
	k := fieldIndexKey{rv.Type(), name}
	idx, ok := fieldIndexCache.Load(k)
	if !ok {
		i := -1
		for j := range rv.NumField() {
			if sf := rv.Type().Field(j); sf.IsExported() && strings.EqualFold(sf.Name, name) {
				i = j
				break
			}
		}
		fieldIndexCache.Store(k, i)
		idx = i
	}
	if idx.(int) < 0 {
		return nil
	}
	return rv.Field(idx.(int)).Interface()
}

// rootNode reads the node with an id for a root field: nil when there is none or it has
// another type.
func rootNode[T normgraph.Node](ctx context.Context, id string) (T, error) {
	var zero T
	ns, err := requestFrom(ctx).nodesByID(rootNodeCtx[T](ctx), []string{id}, nil)
	if err != nil {
		return zero, err
	}
	t, ok := ns[0].(T)
	if !ok {
		return zero, nil
	}
	return prefetched(ctx, t, nil)
}
