package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph"
)

// Reading ahead (see normgraph.Follow): a root list read is told which batched calls the
// prefetcher will make for its items, and for their items in turn, so that a backend may
// answer them in the same round trip. The calls themselves are made as before, level by level
// (the counts of TestCallsPerLevel do not change); a backend that read ahead answers them from
// the request's normgraph.Answers. What is announced is derived from the selection alone, the
// way the prefetcher will derive its calls from it: the call, its page, whether it wants long
// texts and which fields. An announcement that turns out different from the call (another
// page, other fields) only costs the call its own round trip: a backend answers a call from
// what it read ahead only when the call asks for exactly what was read.

// maxFollowDepth is how many levels of calls below a root list's items are announced.
const maxFollowDepth = 2

// rootFollows returns the calls the prefetcher will make below the items of a root field's
// list read (call).
func rootFollows(ctx context.Context, fc *graphql.FieldContext, call string) []normgraph.Follow {
	item := itemTypes[call]
	if item == "" {
		return nil
	}
	op := graphql.GetOperationContext(ctx)
	fields := itemFields(op, fc.Field.Definition.Type.Name(), item, fc.Field.Selections, nil)
	return followsOf(ctx, op, item, fields, maxFollowDepth)
}

// itemFields appends the fields selected on the items (of GraphQL type item) of a value of type
// typ: the item type itself, or a connection or edge wrapping it.
func itemFields(op *graphql.OperationContext, typ, item string, sel ast.SelectionSet, out []graphql.CollectedField) []graphql.CollectedField {
	def := parsedSchema.Types[typ]
	if def == nil || def.Kind != ast.Object {
		return out
	}
	if typ == item {
		return append(out, graphql.CollectFields(op, sel, implementors(item))...)
	}
	if !wrapper(typ) {
		return out
	}
	for _, f := range graphql.CollectFields(op, sel, implementors(typ)) {
		if f.Definition != nil {
			out = itemFields(op, f.Definition.Type.Name(), item, f.Selections, out)
		}
	}
	return out
}

// followsOf returns the calls the prefetcher makes for items of type item with the given fields
// selected on them, and (depth > 1) the calls below those: one per relation keyed by the item's
// id and group (as the prefetcher batches them), and one Nodes read per reference whose nodes
// are read.
func followsOf(ctx context.Context, op *graphql.OperationContext, item string, fields []graphql.CollectedField, depth int) []normgraph.Follow {
	type pending struct {
		call  string
		group any
		uses  []fieldUse
	}
	var calls []*pending
	byKey := map[callKey]*pending{}
	var out []normgraph.Follow
	refs := map[string]bool{}
	for _, f := range fields {
		if f.Definition == nil {
			continue
		}
		spec := specs[specKey{item, f.Name}]
		switch {
		case spec.rel != nil:
			if spec.rel.key == nil || spec.rel.cacheKey != nil {
				continue // not one call per item id
			}
			args, err := spec.fieldArgs(ctx, f)
			if err != nil {
				continue
			}
			var group any
			if spec.rel.group != nil {
				if group, err = spec.rel.group(args); err != nil {
					continue
				}
			}
			k := callKey{spec.rel.call, group}
			p := byKey[k]
			if p == nil {
				p = &pending{call: spec.rel.call, group: group}
				byKey[k] = p
				calls = append(calls, p)
			}
			p.uses = append(p.uses, fieldUse{f.Definition.Type.Name(), f.Selections})
		case spec.ref != nil:
			need := fieldNeeds[specKey{item, f.Name}]
			if idOnly(f.Selections) || !composite(f) || len(need) != 1 || refs[need[0]] {
				continue
			}
			refs[need[0]] = true
			typ := f.Definition.Type.Name()
			out = append(out, normgraph.Follow{Call: "Nodes", Ref: need[0], Type: typ, Texts: true, Fields: nodeNeed(op, typ, f.Selections)})
		}
	}
	for _, p := range calls {
		fw := normgraph.Follow{Call: p.call}
		if pg, ok := p.group.(normgraph.Page); ok {
			fw.Page = pg
		}
		for _, u := range p.uses {
			fw.Texts = fw.Texts || wantsTexts(u.sel)
		}
		if fs, ok := fieldsFor(op, p.call, p.uses); ok {
			fw.Fields = fs
		}
		if child := itemTypes[p.call]; depth > 1 && child != "" {
			var cf []graphql.CollectedField
			for _, u := range p.uses {
				cf = itemFields(op, u.typ, child, u.sel, cf)
			}
			fw.Then = followsOf(ctx, op, child, cf, depth-1)
		}
		out = append(out, fw)
	}
	return out
}

// rootNodeCtx is the context of a root field's read of one node of type T (initiative(id:),
// norm(id:)…): marked, for a store that reads ahead, with the calls that will follow for it.
func rootNodeCtx[T normgraph.Node](ctx context.Context) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if normgraph.AnswersFrom(ctx) == nil || fc == nil || fc.Field.Field == nil {
		return ctx
	}
	typ := gqlTypeOf(stub[T](""))
	op := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFields(op, fc.Field.Selections, implementors(typ))
	return normgraph.WithNodeFollows(ctx, typ, followsOf(ctx, op, typ, fields, maxFollowDepth))
}
