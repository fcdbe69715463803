package graph

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph"
)

// The fast executor answers a validated query operation without gqlgen's per-field machinery.
//
// gqlgen executes every field through a field context, a path, middleware and a Marshaler
// value, and every element of a list of objects (and every resolver field) in a goroutine of its
// own: ~70,000 allocations and ~15 ms of CPU for a three-level query of ~1,500 fields, although
// the prefetcher has already read everything the query needs by then. The fast executor walks
// the operation's selection sets itself, in one goroutine, reading values from the objects the
// resolvers return (struct fields and methods found once per type by reflection), from the
// request's prefetched values (relations), and from the ids the parents hold (references whose
// selection is only `id`, written without building a node), and writes the JSON response
// directly into one buffer.
//
// It answers exactly as gqlgen does, byte for byte (the golden queries are run through both and
// compared), and it never answers what it cannot answer the same way: an error of any resolver,
// a null where the schema says non-null, `@defer`, introspection, a field it has no plan for.
// Then it gives up and the same operation runs through gqlgen, which produces the errors and the
// partial data as always. The reads already made are not repeated: the prefetcher's values and
// the per-request budget's cache of identical calls stay in the request's context.

// errFallback makes the fast executor give the operation to gqlgen.
var errFallback = errors.New("graph: fast path not applicable")

// ExecCounters count the operations answered by the fast executor and those given to gqlgen.
type ExecCounters struct {
	Fast, Fallback atomic.Int64
}

type fastExec struct {
	resolver reflect.Value // *Resolver
	query    reflect.Value // QueryResolver
	plans    sync.Map      // planKey → *typePlan
	logf     func(ctx context.Context, msg string, args ...any)
}

func newFastExec(r *Resolver) *fastExec {
	rv := reflect.ValueOf(r)
	return &fastExec{resolver: rv, query: rv.MethodByName("Query").Call(nil)[0]}
}

type fieldKind uint8

const (
	kUnsupported fieldKind = iota
	kStruct                // a struct field of the object
	kMethod                // a method of the object's Go type
	kResolver              // a method of the type's resolver: (ctx, obj) (T, error)
	kRel                   // a relation of specs: the prefetched value
	kRef                   // a reference of specs: the ids the parent holds
	kEmbed                 // a value of specs computed from the parent
)

type fieldPlan struct {
	kind     fieldKind
	index    []int
	method   reflect.Value // kResolver: bound method; kMethod: method of the type (receiver first)
	withCtx  bool          // kMethod: takes a context
	withErr  bool          // kMethod: returns an error too
	spec     fieldSpec
	plainIDs bool // kRef: the target type's id is a plain field, so an id-only selection needs no node
}

type typePlan struct {
	fields map[string]*fieldPlan
}

type planKey struct {
	typ string
	t   reflect.Type
}

var ctxType = reflect.TypeFor[context.Context]()
var errType = reflect.TypeFor[error]()

// plan returns how the fields of a GraphQL object type are read from a Go value of type t.
func (e *fastExec) plan(typ string, t reflect.Type) *typePlan {
	k := planKey{typ, t}
	if p, ok := e.plans.Load(k); ok {
		return p.(*typePlan)
	}
	def := parsedSchema.Types[typ]
	tp := &typePlan{fields: map[string]*fieldPlan{}}
	var typeResolver reflect.Value
	if m := e.resolver.MethodByName(typ); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
		typeResolver = m.Call(nil)[0]
	}
	for _, fd := range def.Fields {
		if strings.HasPrefix(fd.Name, "__") {
			continue
		}
		tp.fields[fd.Name] = e.fieldPlan(typ, fd, t, typeResolver)
	}
	e.plans.Store(k, tp)
	return tp
}

func (e *fastExec) fieldPlan(typ string, fd *ast.FieldDefinition, t reflect.Type, typeResolver reflect.Value) *fieldPlan {
	if spec, ok := specs[specKey{typ, fd.Name}]; ok {
		switch {
		case spec.rel != nil:
			return &fieldPlan{kind: kRel, spec: spec}
		case spec.ref != nil:
			if td := parsedSchema.Types[fd.Type.Name()]; td != nil && td.Kind != ast.Object {
				break // a reference to an interface: its resolver decides the node's type
			}
			return &fieldPlan{kind: kRef, spec: spec, plainIDs: e.idIsField(fd.Type.Name())}
		case spec.embed != nil:
			return &fieldPlan{kind: kEmbed, spec: spec}
		}
	}
	if typeResolver.IsValid() {
		if m := methodFold(typeResolver, fd.Name); m.IsValid() {
			mt := m.Type()
			if len(fd.Arguments) == 0 && mt.NumIn() == 2 && mt.In(0) == ctxType && mt.NumOut() == 2 && mt.Out(1) == errType {
				return &fieldPlan{kind: kResolver, method: m}
			}
			return &fieldPlan{}
		}
	}
	if len(fd.Arguments) > 0 {
		return &fieldPlan{}
	}
	// As gqlgen binds: a method of the model first, then a field (names compared ignoring case).
	for i := range t.NumMethod() {
		m := t.Method(i)
		if !strings.EqualFold(m.Name, fd.Name) {
			continue
		}
		mt := m.Type // receiver first
		p := &fieldPlan{kind: kMethod, method: m.Func}
		in := mt.NumIn()
		switch {
		case in == 1:
		case in == 2 && mt.In(1) == ctxType:
			p.withCtx = true
		default:
			return &fieldPlan{}
		}
		switch {
		case mt.NumOut() == 1:
		case mt.NumOut() == 2 && mt.Out(1) == errType:
			p.withErr = true
		default:
			return &fieldPlan{}
		}
		return p
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		return &fieldPlan{}
	}
	if sf, ok := st.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, fd.Name) }); ok && sf.IsExported() {
		return &fieldPlan{kind: kStruct, index: sf.Index}
	}
	return &fieldPlan{}
}

// idIsField reports whether a node type's `id` is read from a plain struct field named ID, so
// that a reference selecting only `id` can be written from the id itself.
func (e *fastExec) idIsField(typ string) bool {
	def := parsedSchema.Types[typ]
	if def == nil || def.Kind != ast.Object {
		return false
	}
	if m := e.resolver.MethodByName(typ); m.IsValid() {
		if methodFold(m.Call(nil)[0], "id").IsValid() {
			return false
		}
	}
	return true
}

// methodFold returns the method of v whose name equals name ignoring case.
func methodFold(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	for i := range t.NumMethod() {
		if strings.EqualFold(t.Method(i).Name, name) {
			return v.Method(i)
		}
	}
	return reflect.Value{}
}

// exec is the state of one operation on the fast path.
type exec struct {
	e   *fastExec
	ctx context.Context
	op  *graphql.OperationContext
	q   *request
	buf []byte
	// collected caches graphql.CollectFields per selection set and type.
	collected map[collectKey][]graphql.CollectedField
	ctxV      reflect.Value
}

type collectKey struct {
	sel *ast.Selection
	n   int
	typ string
}

var execBufs = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// run answers the operation: the whole response body (`{"data":…}`) and true, or false when
// gqlgen must answer it. The caller returns the buffer with release.
func (e *fastExec) run(ctx context.Context, op *graphql.OperationContext) (body *[]byte, ok bool) {
	if op.Operation == nil || op.Operation.Operation != ast.Query {
		return nil, false
	}
	bp := execBufs.Get().(*[]byte)
	x := &exec{e: e, op: op, q: requestFrom(ctx), buf: (*bp)[:0], collected: map[collectKey][]graphql.CollectedField{}}
	ctx = graphql.WithOperationContext(ctx, op)
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, func(context.Context, any) error { return errFallback })
	x.ctx = ctx
	x.ctxV = reflect.ValueOf(ctx)
	err := x.root()
	if err == nil && len(graphql.GetErrors(ctx)) > 0 {
		err = errFallback
	}
	if err != nil {
		*bp = x.buf[:0]
		execBufs.Put(bp)
		return nil, false
	}
	*bp = x.buf
	return bp, true
}

func release(bp *[]byte) {
	if cap(*bp) <= 1<<20 { // keep the pool's buffers small
		*bp = (*bp)[:0]
		execBufs.Put(bp)
	}
}

func (x *exec) root() (err error) {
	defer func() {
		if r := recover(); r != nil {
			if x.e.logf != nil {
				x.e.logf(x.ctx, "fast path panicked; answered by gqlgen", "panic", truncate(fmt.Sprint(r), maxLoggedBytes))
			}
			err = errFallback
		}
	}()
	fields := graphql.CollectFields(x.op, x.op.Operation.SelectionSet, []string{"Query"})
	x.buf = append(x.buf, `{"data":{`...)
	for i, f := range fields {
		if done, err := x.key(i, f, "Query"); done || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		v, err := x.rootField(f)
		if err != nil {
			return err
		}
		if err := x.value(f.Definition.Type, v, f.Selections); err != nil {
			return err
		}
	}
	x.buf = append(x.buf, "}}"...)
	return nil
}

// rootArgs are the generated argument parsers of the root fields that take arguments.
var rootArgs = map[string]func(ec *executionContext, ctx context.Context, raw map[string]any) (map[string]any, error){
	"actor": (*executionContext).field_Query_actor_args, "actors": (*executionContext).field_Query_actors_args,
	"attributionCounts": (*executionContext).field_Query_attributionCounts_args,
	"attribution":       (*executionContext).field_Query_attribution_args, "attributions": (*executionContext).field_Query_attributions_args,
	"compare":        (*executionContext).field_Query_compare_args,
	"implementation": (*executionContext).field_Query_implementation_args, "implementations": (*executionContext).field_Query_implementations_args,
	"incident": (*executionContext).field_Query_incident_args, "incidents": (*executionContext).field_Query_incidents_args,
	"initiative": (*executionContext).field_Query_initiative_args, "initiatives": (*executionContext).field_Query_initiatives_args,
	"invocationRanking": (*executionContext).field_Query_invocationRanking_args,
	"node":              (*executionContext).field_Query_node_args, "nodes": (*executionContext).field_Query_nodes_args,
	"norm": (*executionContext).field_Query_norm_args, "norms": (*executionContext).field_Query_norms_args,
	"overlap": (*executionContext).field_Query_overlap_args, "overlaps": (*executionContext).field_Query_overlaps_args,
	"search":       (*executionContext).field_Query_search_args,
	"sharedActors": (*executionContext).field_Query_sharedActors_args,
	"source":       (*executionContext).field_Query_source_args, "sources": (*executionContext).field_Query_sources_args,
	"subgraph": (*executionContext).field_Query_subgraph_args,
	"theme":    (*executionContext).field_Query_theme_args, "themes": (*executionContext).field_Query_themes_args,
	"timeline": (*executionContext).field_Query_timeline_args,
}

// rootField calls a root field's resolver with its arguments, as gqlgen would.
func (x *exec) rootField(f graphql.CollectedField) (reflect.Value, error) {
	m := methodFold(x.e.query, f.Name)
	if !m.IsValid() || f.Definition == nil {
		return reflect.Value{}, fb()
	}
	var args map[string]any
	if len(f.Definition.Arguments) > 0 {
		parse := rootArgs[f.Name]
		if parse == nil {
			return reflect.Value{}, fb()
		}
		a, err := parse(newExecutionContext(x.op, nil, nil), x.ctx, f.ArgumentMap(x.op.Variables))
		if err != nil {
			return reflect.Value{}, fb()
		}
		args = a
	}
	mt := m.Type()
	if mt.NumIn() != 1+len(f.Definition.Arguments) || mt.NumOut() != 2 {
		return reflect.Value{}, fb()
	}
	fctx := graphql.WithFieldContext(x.ctx, &graphql.FieldContext{Object: "Query", Field: f, Args: args, IsMethod: true, IsResolver: true})
	in := make([]reflect.Value, 1, mt.NumIn())
	in[0] = reflect.ValueOf(fctx)
	for i, a := range f.Definition.Arguments {
		pt := mt.In(i + 1)
		v := args[a.Name]
		if v == nil {
			in = append(in, reflect.Zero(pt))
			continue
		}
		rv := reflect.ValueOf(v)
		if !rv.Type().AssignableTo(pt) {
			return reflect.Value{}, fb()
		}
		in = append(in, rv)
	}
	out := m.Call(in)
	if !out[1].IsNil() {
		return reflect.Value{}, fb()
	}
	return out[0], nil
}

// collect returns the fields of a selection set on an object type, as gqlgen collects them.
func (x *exec) collect(sel ast.SelectionSet, typ string) []graphql.CollectedField {
	if len(sel) == 0 {
		return nil
	}
	k := collectKey{&sel[0], len(sel), typ}
	if fs, ok := x.collected[k]; ok {
		return fs
	}
	fs := graphql.CollectFields(x.op, sel, implementors(typ))
	x.collected[k] = fs
	return fs
}

// value writes v as a value of GraphQL type t.
func (x *exec) value(t *ast.Type, v reflect.Value, sel ast.SelectionSet) error {
	if !v.IsValid() {
		return x.null(t)
	}
	for v.Kind() == reflect.Interface {
		if v.IsNil() {
			return x.null(t)
		}
		v = v.Elem()
	}
	if t.Elem != nil {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return x.null(t)
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Slice {
			return fb()
		}
		if v.IsNil() && !t.NonNull {
			x.buf = append(x.buf, "null"...)
			return nil
		}
		x.buf = append(x.buf, '[')
		for i := range v.Len() {
			if i > 0 {
				x.buf = append(x.buf, ',')
			}
			if err := x.value(t.Elem, v.Index(i), sel); err != nil {
				return err
			}
		}
		x.buf = append(x.buf, ']')
		return nil
	}
	def := parsedSchema.Types[t.NamedType]
	if def == nil {
		return fb()
	}
	switch def.Kind {
	case ast.Object:
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return x.null(t)
		}
		return x.object(def.Name, v, sel)
	case ast.Interface:
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return x.null(t)
		}
		n, ok := v.Interface().(normgraph.Node)
		if !ok {
			return fb()
		}
		return x.object(gqlTypeOf(n), v, sel)
	case ast.Scalar, ast.Enum:
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return x.null(t)
			}
			v = v.Elem()
		}
		if def.Kind == ast.Enum {
			return x.enum(t, def.Name, v)
		}
		return x.scalar(t, def.Name, v)
	}
	return fb()
}

// null writes null where the type allows it; a null in a non-null place is gqlgen's to report.
func (x *exec) null(t *ast.Type) error {
	if t.NonNull {
		return fb()
	}
	x.buf = append(x.buf, "null"...)
	return nil
}

func (x *exec) scalar(t *ast.Type, name string, v reflect.Value) error {
	switch name {
	case "String", "ID":
		if v.Kind() != reflect.String {
			return fb()
		}
		x.str(v.String())
	case "Int":
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			x.buf = strconv.AppendInt(x.buf, v.Int(), 10)
		default:
			return fb()
		}
	case "Float":
		if v.Kind() != reflect.Float64 && v.Kind() != reflect.Float32 {
			return fb()
		}
		x.buf = fmt.Appendf(x.buf, "%g", v.Float())
	case "Boolean":
		if v.Kind() != reflect.Bool {
			return fb()
		}
		x.buf = strconv.AppendBool(x.buf, v.Bool())
	case "Date":
		d, ok := v.Interface().(normgraph.Date)
		if !ok {
			return fb()
		}
		if d.IsZero() {
			return x.null(t)
		}
		x.buf = strconv.AppendQuote(x.buf, d.String()) // as scalar.MarshalDate
	default:
		return fb()
	}
	return nil
}

func (x *exec) enum(t *ast.Type, name string, v reflect.Value) error {
	if v.Kind() != reflect.String {
		return fb()
	}
	if names, ok := enumNames[name]; ok {
		s, ok := names[v.String()]
		if !ok {
			return errFallback // a value the enum does not know: let gqlgen answer it
		}
		x.str(s)
		return nil
	}
	if _, ok := v.Interface().(graphql.Marshaler); ok { // the enums gqlgen generates in model
		s := v.String()
		if !validEnum(name, s) {
			return fb()
		}
		x.str(s)
		return nil
	}
	return fb()
}

func validEnum(typ, s string) bool {
	for _, ev := range parsedSchema.Types[typ].EnumValues {
		if ev.Name == s {
			return true
		}
	}
	return false
}

// key writes the separator and the response name of the i-th field of an object of type typ,
// and the value too when it is __typename (done). A deferred field is gqlgen's to answer.
func (x *exec) key(i int, f graphql.CollectedField, typ string) (done bool, err error) {
	if len(f.Deferrables) > 0 {
		return false, fb()
	}
	if i > 0 {
		x.buf = append(x.buf, ',')
	}
	x.str(f.Alias)
	x.buf = append(x.buf, ':')
	if f.Name == "__typename" {
		x.str(typ)
		return true, nil
	}
	return false, nil
}

// object writes an object of GraphQL type typ with the fields selected on it.
func (x *exec) object(typ string, v reflect.Value, sel ast.SelectionSet) error {
	if v.Kind() == reflect.Struct && v.CanAddr() {
		v = v.Addr()
	}
	fields := x.collect(sel, typ)
	tp := x.e.plan(typ, v.Type())
	x.buf = append(x.buf, '{')
	for i, f := range fields {
		if done, err := x.key(i, f, typ); done || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		p := tp.fields[f.Name]
		if p == nil {
			return fb()
		}
		if err := x.field(typ, v, p, f); err != nil {
			return err
		}
	}
	x.buf = append(x.buf, '}')
	return nil
}

func (x *exec) field(typ string, obj reflect.Value, p *fieldPlan, f graphql.CollectedField) error {
	t := f.Definition.Type
	switch p.kind {
	case kStruct:
		s := obj
		if s.Kind() == reflect.Pointer {
			s = s.Elem()
		}
		fv, err := s.FieldByIndexErr(p.index)
		if err != nil {
			return fb()
		}
		return x.value(t, fv, f.Selections)
	case kMethod:
		in := []reflect.Value{obj}
		if p.withCtx {
			in = append(in, x.ctxV)
		}
		out := p.method.Call(in)
		if p.withErr && !out[1].IsNil() {
			return fb()
		}
		return x.value(t, out[0], f.Selections)
	case kResolver:
		fctx := graphql.WithFieldContext(x.ctx, &graphql.FieldContext{Object: typ, Field: f, IsMethod: true, IsResolver: true})
		out := p.method.Call([]reflect.Value{reflect.ValueOf(fctx), obj})
		if !out[1].IsNil() {
			return fb()
		}
		return x.value(t, out[0], f.Selections)
	case kRel:
		res, ok := x.q.value(valueKey{f.Field, p.spec.rel.parentKey(obj.Interface())})
		if !ok || res.err != nil {
			return fb()
		}
		return x.value(t, reflect.ValueOf(res.v), f.Selections)
	case kRef:
		return x.ref(t, p, obj.Interface(), f)
	case kEmbed:
		args, err := p.spec.fieldArgs(x.ctx, f)
		if err != nil {
			return fb()
		}
		return x.value(t, reflect.ValueOf(p.spec.embed(obj.Interface(), args)), f.Selections)
	}
	return fb()
}

// ref writes a reference field: from the ids alone when only `id` is selected, else from the
// nodes the prefetcher read.
func (x *exec) ref(t *ast.Type, p *fieldPlan, parent any, f graphql.CollectedField) error {
	ids := p.spec.ref(parent)
	target := t.Name()
	if t.Elem == nil { // one node, or null when the parent holds no id
		if len(ids) == 0 || ids[0] == "" {
			return x.null(t)
		}
		return x.refNode(target, ids[0], f, false)
	}
	x.buf = append(x.buf, '[')
	n := 0
	for _, id := range ids {
		mark := len(x.buf)
		if n > 0 {
			x.buf = append(x.buf, ',')
		}
		if err := x.refNode(target, id, f, true); err != nil {
			if errors.Is(err, errSkip) {
				x.buf = x.buf[:mark]
				continue
			}
			return err
		}
		n++
	}
	x.buf = append(x.buf, ']')
	return nil
}

// errSkip leaves out an element of a list of references whose node has another type, as refs does.
var errSkip = errors.New("skip")

func (x *exec) refNode(target, id string, f graphql.CollectedField, inList bool) error {
	if idOnly(f.Selections) && parsedSchema.Types[target].Kind == ast.Object {
		if !x.e.plainIDs(target) {
			return fb()
		}
		x.buf = append(x.buf, '{')
		for i, g := range x.collect(f.Selections, target) {
			if done, err := x.key(i, g, target); err != nil {
				return err
			} else if !done {
				x.str(id)
			}
		}
		x.buf = append(x.buf, '}')
		return nil
	}
	x.q.mu.Lock()
	r, ok := x.q.nodes[id]
	x.q.mu.Unlock()
	if !ok || r.err != nil || (r.fields != nil && !covers(r.fields, x.q.need(x.ctx, f))) {
		return fb()
	}
	if r.n == nil || (parsedSchema.Types[target].Kind == ast.Object && gqlTypeOf(r.n) != target) {
		if inList {
			return errSkip
		}
		return errFallback // ref reports a dangling reference
	}
	return x.object(gqlTypeOf(r.n), reflect.ValueOf(r.n), f.Selections)
}

var plainIDCache sync.Map // type name → bool

func (e *fastExec) plainIDs(typ string) bool {
	if v, ok := plainIDCache.Load(typ); ok {
		return v.(bool)
	}
	b := e.idIsField(typ)
	plainIDCache.Store(typ, b)
	return b
}

// str writes a JSON string as gqlgen's MarshalString does, then escaped as encoding/json
// escapes gqlgen's output (<, >, & and U+2028/U+2029), so that both paths give the same bytes.
func (x *exec) str(s string) {
	b := append(x.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '\\' && c != '"' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\t':
				b = append(b, `\t`...)
			case '\r':
				b = append(b, `\r`...)
			case '\n':
				b = append(b, `\n`...)
			case '\\':
				b = append(b, `\\`...)
			case '"':
				b = append(b, `\"`...)
			case '<', '>', '&':
				b = append(b, `\u00`...)
				b = append(b, hexLower[c>>4], hexLower[c&0xf])
			default:
				b = append(b, `\u00`...)
				b = append(b, hexUpper[c>>4], hexUpper[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, hexLower[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	x.buf = append(b, '"')
}

const (
	hexUpper = "0123456789ABCDEF"
	hexLower = "0123456789abcdef"
)

// debugFallback (NORMGRAPH_DEBUG_FASTEXEC=1) prints where the fast executor gave an operation
// to gqlgen, to find what it lacks when a kind of query is slower than it should be.
var debugFallback = os.Getenv("NORMGRAPH_DEBUG_FASTEXEC") != ""

// fb returns errFallback.
func fb() error {
	if debugFallback {
		_, file, line, _ := runtime.Caller(1)
		fmt.Fprintf(os.Stderr, "normgraph: fast executor falls back to gqlgen at %s:%d\n", file, line)
	}
	return errFallback
}
