package graph

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/normgraph/normgraph"
)

// A list read can be told which fields of its items the query needs (normgraph.WithFields); the
// Neo4j store then reads and sends only those properties. The fields come from the selections
// of the fields a read answers: each GraphQL field of the item type needs the Go field of the
// same name (as gqlgen binds them, and as the resolvers of optional strings read them), the
// fields of fieldNeeds, or, when neither says, everything (no restriction). The ids are always
// read. TestFieldsSuffice answers every query of the repository through a Reader that empties
// every field not asked for and requires the same bytes.

// itemTypes are the GraphQL types of the items of the list reads that honour WithFields, by
// Reader call, with their Go types.
var itemTypes = map[string]string{
	"Initiatives": "Initiative", "Norms": "Norm", "Themes": "Theme", "Actors": "Actor", "Sources": "Source",
	"NormsOfInitiatives": "Norm", "NormsOfThemes": "Norm", "ThemesOfInitiatives": "Theme",
	"InitiativesOfThemes": "Initiative", "CorrespondencesOfNorms": "Correspondence",
}

var goTypes = map[string]reflect.Type{
	"Initiative": reflect.TypeFor[normgraph.Initiative](), "Norm": reflect.TypeFor[normgraph.Norm](),
	"Theme": reflect.TypeFor[normgraph.Theme](), "Actor": reflect.TypeFor[normgraph.Actor](),
	"Source": reflect.TypeFor[normgraph.Source](), "Correspondence": reflect.TypeFor[normgraph.Correspondence](),
}

// fieldNeeds are the Go fields that fields not named after a Go field read: references (the
// ids they hold) and relations (the key, and what their value reads of the parent).
var fieldNeeds = map[specKey][]string{
	{"Initiative", "sources"}: {"SourceIDs"}, {"Initiative", "itemization"}: {"Itemized", "ItemizedNote", "ExpectedNorms"},
	{"Norm", "initiative"}: {"InitiativeID"}, {"Norm", "themes"}: {"ThemeIDs"}, {"Norm", "sources"}: {"SourceIDs"},
	{"Theme", "sources"}: {"SourceIDs"}, {"Actor", "sources"}: {"SourceIDs"},
	{"Correspondence", "from"}: {"FromID"}, {"Correspondence", "to"}: {"ToID"}, {"Correspondence", "sources"}: {"SourceIDs"},
}

var needsCache sync.Map // specKey → needs

type needs struct {
	fields []string
	all    bool
}

// fieldNeed returns what one GraphQL field of an item type reads of the item.
func fieldNeed(typ, field string) needs {
	k := specKey{typ, field}
	if v, ok := needsCache.Load(k); ok {
		return v.(needs)
	}
	n := needs{all: true}
	spec := specs[k]
	switch {
	case fieldNeeds[k] != nil:
		n = needs{fields: fieldNeeds[k]}
	case spec.rel != nil && spec.rel.key != nil && spec.rel.cacheKey == nil:
		n = needs{} // a relation keyed by the item's id, which is always read
	case spec.rel == nil && spec.ref == nil && spec.embed == nil:
		if sf, ok := goTypes[typ].FieldByNameFunc(func(s string) bool { return strings.EqualFold(s, field) }); ok && len(sf.Index) == 1 {
			n = needs{fields: []string{sf.Name}}
		}
	}
	needsCache.Store(k, n)
	return n
}

// wrapper reports whether a type only wraps a list's items (a connection or its edges).
func wrapper(typ string) bool {
	return strings.HasSuffix(typ, "Connection") || strings.HasSuffix(typ, "Edge")
}

// neededFields adds to set the Go fields of item type item that a selection on a value of
// type typ (the item type or a connection/edge wrapping it) reads; false when it reads
// something undeclared (then the read must fill everything).
func neededFields(op *graphql.OperationContext, typ, item string, sel ast.SelectionSet, set map[string]bool) bool {
	if typ != item && !wrapper(typ) {
		return true // another type (a count, an itemization): reads no item field
	}
	if parsedSchema.Types[typ] == nil || parsedSchema.Types[typ].Kind != ast.Object {
		return false
	}
	for _, f := range graphql.CollectFields(op, sel, implementors(typ)) {
		if f.Name == "__typename" || f.Definition == nil {
			continue
		}
		if typ != item {
			if !neededFields(op, f.Definition.Type.Name(), item, f.Selections, set) {
				return false
			}
			continue
		}
		n := fieldNeed(item, f.Name)
		if n.all {
			return false
		}
		for _, g := range n.fields {
			set[g] = true
		}
	}
	return true
}

// withFields returns ctx marked with the fields a list read of call must fill for the given
// selections (field type and selection of each field the read answers), or ctx unchanged when
// the read is not one that honours WithFields or a selection reads something undeclared.
func withFields(ctx context.Context, call string, uses []fieldUse) context.Context {
	fields, ok := fieldsFor(graphql.GetOperationContext(ctx), call, uses)
	if !ok {
		return ctx
	}
	return normgraph.WithFields(ctx, fields...)
}

// fieldsFor returns the fields a list read of call must fill for the given selections (see
// withFields), or false when the read is not one that honours WithFields or a selection reads
// something undeclared.
func fieldsFor(op *graphql.OperationContext, call string, uses []fieldUse) ([]string, bool) {
	item := itemTypes[call]
	if item == "" {
		return nil, false
	}
	set := map[string]bool{"ID": true}
	if item == "Correspondence" { // its ends are its identity (Overlap.correspondences matches them)
		set["FromID"], set["ToID"] = true, true
	}
	for _, u := range uses {
		if !neededFields(op, u.typ, item, u.sel, set) {
			return nil, false
		}
	}
	fields := make([]string, 0, len(set))
	for f := range set {
		fields = append(fields, f)
	}
	return fields, true
}

// fieldUse is a field whose value a list read answers: its type and its selection.
type fieldUse struct {
	typ string
	sel ast.SelectionSet
}

// rootListCtx is the context of a root field's list read (call): without long texts unless
// selected, and with the fields the selection reads.
func rootListCtx(ctx context.Context, call string) context.Context {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return ctx
	}
	rctx := ctx
	if !wantsTexts(fc.Field.Selections) {
		rctx = normgraph.WithoutTexts(rctx)
	}
	rctx = withFields(rctx, call, []fieldUse{{fc.Field.Definition.Type.Name(), fc.Field.Selections}})
	if normgraph.AnswersFrom(ctx) != nil {
		rctx = normgraph.WithFollows(rctx, rootFollows(ctx, fc, call))
	}
	return rctx
}
