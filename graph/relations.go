package graph

import (
	"context"
	"strings"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph/model"
)

// specs says, for each field that reads the backend or points to nodes by id, how the
// prefetcher fetches it (see prefetch.go). Fields not listed are read from their parent.
var specs = map[specKey]fieldSpec{
	{"Initiative", "norms"}: {args: (*executionContext).field_Initiative_norms_args, rel: relOne(normsOfInitiatives, pageGroup(20), initiativeID,
		func(_ *normgraph.Initiative, l normgraph.List[*normgraph.Norm], g any, _ map[string]any) (any, error) {
			return normConnection(l, g.(normgraph.Page)), nil
		})},
	{"Initiative", "itemization"}: {rel: relOne(normsOfInitiatives, constGroup(normgraph.Page{}), initiativeID,
		func(in *normgraph.Initiative, all normgraph.List[*normgraph.Norm], _ any, _ map[string]any) (any, error) {
			it := &model.Itemization{Status: in.Itemized, Count: all.Total, Note: optional(in.ItemizedNote)}
			if in.ExpectedNorms > 0 {
				it.Expected = &in.ExpectedNorms
			}
			return it, nil
		})},
	{"Initiative", "themes"}: {rel: relOne(themesOfInitiatives, nil, initiativeID, same[*normgraph.Initiative, []*normgraph.Theme])},
	{"Initiative", "links"}: {rel: relOne(linksOfInitiatives, nil, initiativeID,
		func(in *normgraph.Initiative, links []*normgraph.Link, _ any, _ map[string]any) (any, error) {
			out := make([]*model.InitiativeLink, len(links))
			for i, l := range links {
				dir := model.DirectionOutgoing
				if l.FromID != in.ID {
					dir = model.DirectionIncoming
				}
				out[i] = &model.InitiativeLink{Link: l, Direction: dir}
			}
			return out, nil
		})},
	{"Initiative", "participants"}: {args: (*executionContext).field_Initiative_participants_args, rel: relOne(participationsOfInitiatives, participantsGroup, initiativeID,
		func(_ *normgraph.Initiative, l normgraph.List[*normgraph.Participation], g any, _ map[string]any) (any, error) {
			p := g.(partGroup).page
			edges, info := connection(l, p, func(x *normgraph.Participation, c string) *model.ParticipationEdge {
				return &model.ParticipationEdge{Node: x, Cursor: c}
			})
			return &model.ParticipationConnection{Edges: edges, PageInfo: info, TotalCount: l.Total}, nil
		})},
	{"Initiative", "sources"}: {ref: func(p any) []string { return p.(*normgraph.Initiative).SourceIDs }},

	{"Norm", "initiative"}:      {ref: func(p any) []string { return []string{p.(*normgraph.Norm).InitiativeID} }},
	{"Norm", "themes"}:          {ref: func(p any) []string { return p.(*normgraph.Norm).ThemeIDs }},
	{"Norm", "sources"}:         {ref: func(p any) []string { return p.(*normgraph.Norm).SourceIDs }},
	{"Norm", "correspondences"}: {rel: relOne(correspondencesOfNorms, nil, normID, same[*normgraph.Norm, []*normgraph.Correspondence])},
	{"Quotation", "source"}:     {ref: func(p any) []string { return []string{p.(*normgraph.Quotation).SourceID} }},
	{"Guidance", "source"}:      {ref: func(p any) []string { return []string{p.(*normgraph.Guidance).SourceID} }},
	{"Guidance", "initiative"}:  {ref: func(p any) []string { return []string{p.(*normgraph.Guidance).InitiativeID} }},

	{"Theme", "norms"}: {args: (*executionContext).field_Theme_norms_args, rel: relOne(normsOfThemes, pageGroup(20), themeID,
		func(_ *normgraph.Theme, l normgraph.List[*normgraph.Norm], g any, _ map[string]any) (any, error) {
			return normConnection(l, g.(normgraph.Page)), nil
		})},
	{"Theme", "initiatives"}:    {rel: relOne(initiativesOfThemes, nil, themeID, same[*normgraph.Theme, []*normgraph.Initiative])},
	{"Theme", "sources"}:        {ref: func(p any) []string { return p.(*normgraph.Theme).SourceIDs }},
	{"CategoryInfo", "sources"}: {ref: func(p any) []string { return p.(*normgraph.CategoryInfo).SourceIDs }},

	{"Actor", "participations"}: {args: (*executionContext).field_Actor_participations_args, rel: relOne(participationsOfActors, nil, actorID,
		func(_ *normgraph.Actor, ps []*normgraph.Participation, _ any, args map[string]any) (any, error) {
			derived, _ := args["derived"].(*bool)
			if derived == nil {
				return ps, nil
			}
			return keep(ps, func(p *normgraph.Participation) bool { return p.Derived() == *derived }), nil
		})},
	{"Actor", "memberships"}: {rel: relOne(membershipsOfActors, nil, actorID,
		func(a *normgraph.Actor, ms []*normgraph.Membership, _ any, _ map[string]any) (any, error) {
			return keep(ms, func(m *normgraph.Membership) bool { return m.ActorID == a.ID }), nil
		})},
	{"Actor", "members"}: {rel: relOne(membershipsOfActors, nil, actorID,
		func(a *normgraph.Actor, ms []*normgraph.Membership, _ any, _ map[string]any) (any, error) {
			return keep(ms, func(m *normgraph.Membership) bool { return m.OrganizationID == a.ID }), nil
		})},
	{"Actor", "sources"}: {ref: func(p any) []string { return p.(*normgraph.Actor).SourceIDs }},

	{"Membership", "actor"}:        {ref: func(p any) []string { return []string{p.(*normgraph.Membership).ActorID} }},
	{"Membership", "organization"}: {ref: func(p any) []string { return []string{p.(*normgraph.Membership).OrganizationID} }},
	{"Membership", "sources"}:      {ref: func(p any) []string { return p.(*normgraph.Membership).SourceIDs }},

	{"Participation", "actor"}:      {ref: func(p any) []string { return []string{p.(*normgraph.Participation).ActorID} }},
	{"Participation", "initiative"}: {ref: func(p any) []string { return []string{p.(*normgraph.Participation).InitiativeID} }},
	{"Participation", "via"}: {ref: func(p any) []string {
		if v := p.(*normgraph.Participation).Via; v != "" {
			return []string{v}
		}
		return nil
	}},
	{"Participation", "sources"}: {ref: func(p any) []string { return p.(*normgraph.Participation).SourceIDs }},

	{"Correspondence", "from"}:    {ref: func(p any) []string { return []string{p.(*normgraph.Correspondence).FromID} }},
	{"Correspondence", "to"}:      {ref: func(p any) []string { return []string{p.(*normgraph.Correspondence).ToID} }},
	{"Correspondence", "sources"}: {ref: func(p any) []string { return p.(*normgraph.Correspondence).SourceIDs }},

	{"InitiativeLink", "from"}:    {ref: func(p any) []string { return []string{p.(*model.InitiativeLink).Link.FromID} }},
	{"InitiativeLink", "to"}:      {ref: func(p any) []string { return []string{p.(*model.InitiativeLink).Link.ToID} }},
	{"InitiativeLink", "sources"}: {ref: func(p any) []string { return p.(*model.InitiativeLink).Link.SourceIDs }},

	{"Overlap", "a"}: {ref: func(p any) []string { return []string{p.(*normgraph.Overlap).A} }},
	{"Overlap", "b"}: {ref: func(p any) []string { return []string{p.(*normgraph.Overlap).B} }},
	{"Overlap", "sharedThemes"}: {embed: func(p any, _ map[string]any) any {
		return sharedThemes(p.(*normgraph.Overlap))
	}},
	{"Overlap", "sharedActors"}: {args: (*executionContext).field_Overlap_sharedActors_args, embed: func(p any, args map[string]any) any {
		c, _ := overlapActors(p.(*normgraph.Overlap), boolArg(args, "derived"), intArg(args, "first"), strArg(args, "after"))
		return c
	}},
	{"Overlap", "correspondences"}: {rel: &relation{
		call: correspondencesOfNorms.call, load: correspondencesOfNorms.load,
		keys: func(p any) []string {
			o := p.(*normgraph.Overlap)
			ids := make([]string, len(o.Correspondences))
			for i, c := range o.Correspondences {
				ids[i] = c.FromID
			}
			return ids
		},
		cacheKey: func(p any) string { o := p.(*normgraph.Overlap); return o.A + "\x00" + o.B },
		value: func(p any, results []any, _ any, _ map[string]any) (any, error) {
			o := p.(*normgraph.Overlap)
			out := []*normgraph.Correspondence{}
			for i, ref := range o.Correspondences {
				for _, c := range results[i].([]*normgraph.Correspondence) {
					if c.FromID == ref.FromID && c.ToID == ref.ToID {
						out = append(out, c)
					}
				}
			}
			return out, nil
		},
	}},
	{"SharedTheme", "theme"}:  {ref: func(p any) []string { return []string{p.(*normgraph.ThemeOverlap).ThemeID} }},
	{"SharedTheme", "normsA"}: {ref: func(p any) []string { return p.(*normgraph.ThemeOverlap).NormsA }},
	{"SharedTheme", "normsB"}: {ref: func(p any) []string { return p.(*normgraph.ThemeOverlap).NormsB }},
	{"OverlapActor", "actor"}: {ref: func(p any) []string { return []string{p.(*normgraph.ActorOverlap).ActorID} }},

	{"TimelineEntry", "node"}: {embed: func(p any, _ map[string]any) any { return timelineNode(p.(*normgraph.TimelineEntry)) }},
}

// The Reader's batched calls, each under one name: fields naming the same call (and group)
// share it within a level.
var (
	normsOfInitiatives = loaderOf("NormsOfInitiatives", func(ctx context.Context, r normgraph.Reader, ids []string, g any) ([]normgraph.List[*normgraph.Norm], error) {
		return r.NormsOfInitiatives(ctx, ids, g.(normgraph.Page))
	})
	normsOfThemes = loaderOf("NormsOfThemes", func(ctx context.Context, r normgraph.Reader, ids []string, g any) ([]normgraph.List[*normgraph.Norm], error) {
		return r.NormsOfThemes(ctx, ids, g.(normgraph.Page))
	})
	themesOfInitiatives = loaderOf("ThemesOfInitiatives", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Theme, error) {
		return r.ThemesOfInitiatives(ctx, ids)
	})
	initiativesOfThemes = loaderOf("InitiativesOfThemes", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Initiative, error) {
		return r.InitiativesOfThemes(ctx, ids)
	})
	correspondencesOfNorms = loaderOf("CorrespondencesOfNorms", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Correspondence, error) {
		return r.CorrespondencesOfNorms(ctx, ids)
	})
	linksOfInitiatives = loaderOf("LinksOfInitiatives", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Link, error) {
		return r.LinksOfInitiatives(ctx, ids)
	})
	participationsOfInitiatives = loaderOf("ParticipationsOfInitiatives", func(ctx context.Context, r normgraph.Reader, ids []string, g any) ([]normgraph.List[*normgraph.Participation], error) {
		pg := g.(partGroup)
		return r.ParticipationsOfInitiatives(ctx, ids, pg.filter(), pg.page)
	})
	participationsOfActors = loaderOf("ParticipationsOfActors", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Participation, error) {
		return r.ParticipationsOfActors(ctx, ids)
	})
	membershipsOfActors = loaderOf("MembershipsOfActors", func(ctx context.Context, r normgraph.Reader, ids []string, _ any) ([][]*normgraph.Membership, error) {
		return r.MembershipsOfActors(ctx, ids)
	})
)

// loader is a named batched Reader call: one result per id.
type loader struct {
	call string
	load func(ctx context.Context, r normgraph.Reader, ids []string, group any) ([]any, error)
}

func loaderOf[R any](call string, f func(ctx context.Context, r normgraph.Reader, ids []string, group any) ([]R, error)) loader {
	return loader{call: call, load: func(ctx context.Context, r normgraph.Reader, ids []string, group any) ([]any, error) {
		rs, err := f(ctx, r, ids, group)
		if err != nil {
			return nil, err
		}
		out := make([]any, len(rs))
		for i := range rs {
			out[i] = rs[i]
		}
		return out, nil
	}}
}

// relOne is a relation that asks a loader for one key per parent.
func relOne[P, R any](l loader, group func(map[string]any) (any, error), key func(P) string,
	value func(P, R, any, map[string]any) (any, error)) *relation {
	return &relation{
		call: l.call, load: l.load, group: group,
		keys: func(p any) []string { return []string{key(p.(P))} },
		key:  func(p any) string { return key(p.(P)) },
		value: func(p any, rs []any, g any, args map[string]any) (any, error) {
			return value(p.(P), rs[0].(R), g, args)
		},
	}
}

func same[P, R any](_ P, r R, _ any, _ map[string]any) (any, error) { return r, nil }

func initiativeID(in *normgraph.Initiative) string { return in.ID }
func normID(n *normgraph.Norm) string              { return n.ID }
func themeID(t *normgraph.Theme) string            { return t.ID }
func actorID(a *normgraph.Actor) string            { return a.ID }

func keep[T any](xs []T, ok func(T) bool) []T {
	out := []T{}
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}

func constGroup(g any) func(map[string]any) (any, error) {
	return func(map[string]any) (any, error) { return g, nil }
}

// pageGroup reads a connection's first and after arguments as a page.
func pageGroup(def int) func(map[string]any) (any, error) {
	return func(args map[string]any) (any, error) {
		return pageArgs(intArg(args, "first"), strArg(args, "after"), def)
	}
}

func participantsGroup(args map[string]any) (any, error) {
	p, err := pageArgs(intArg(args, "first"), strArg(args, "after"), 20)
	if err != nil {
		return nil, err
	}
	f, _ := args["filter"].(*model.ParticipationFilter)
	return newPartGroup(participationFilter(f), p), nil
}

// intArg, strArg and boolArg read arguments as the generated parsers give them.
func intArg(args map[string]any, name string) *int {
	v, _ := args[name].(*int)
	return v
}

func strArg(args map[string]any, name string) *string {
	v, _ := args[name].(*string)
	return v
}

func boolArg(args map[string]any, name string) *bool {
	v, _ := args[name].(*bool)
	return v
}

// partGroup is a comparable form of a participants page and filter.
type partGroup struct {
	page    normgraph.Page
	types   string // comma-joined actor types
	derived int8   // 0 any, 1 derived, -1 curated
}

func newPartGroup(f normgraph.ParticipationFilter, p normgraph.Page) partGroup {
	g := partGroup{page: p, types: strings.Join(strs(f.Types), ",")}
	if f.Derived != nil {
		g.derived = -1
		if *f.Derived {
			g.derived = 1
		}
	}
	return g
}

func (g partGroup) filter() normgraph.ParticipationFilter {
	var f normgraph.ParticipationFilter
	if g.types != "" {
		for _, t := range strings.Split(g.types, ",") {
			f.Types = append(f.Types, normgraph.ActorType(t))
		}
	}
	if g.derived != 0 {
		d := g.derived > 0
		f.Derived = &d
	}
	return f
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func sharedThemes(o *normgraph.Overlap) []*normgraph.ThemeOverlap {
	out := make([]*normgraph.ThemeOverlap, len(o.Themes))
	for i := range o.Themes {
		out[i] = &o.Themes[i]
	}
	return out
}

func overlapActors(o *normgraph.Overlap, derived *bool, first *int, after *string) (*model.OverlapActorConnection, error) {
	p, err := pageArgs(first, after, 20)
	if err != nil {
		return nil, err
	}
	var xs []*normgraph.ActorOverlap
	for i := range o.Actors {
		if derived == nil || o.Actors[i].Derived == *derived {
			xs = append(xs, &o.Actors[i])
		}
	}
	l := normgraph.List[*normgraph.ActorOverlap]{Total: len(xs), Items: []*normgraph.ActorOverlap{}}
	if p.Offset < len(xs) {
		l.Items = xs[p.Offset:min(len(xs), p.Offset+p.Limit)]
	}
	edges, info := connection(l, p, func(x *normgraph.ActorOverlap, c string) *model.OverlapActorEdge {
		return &model.OverlapActorEdge{Node: x, Cursor: c}
	})
	return &model.OverlapActorConnection{Edges: edges, PageInfo: info, TotalCount: l.Total}, nil
}

func timelineNode(e *normgraph.TimelineEntry) normgraph.Node { return e.Node() }
