// Package memory is the embedded default backend: the whole dataset held in process, indexed
// for every read the GraphQL API makes. It needs nothing installed.
package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"

	"github.com/normgraph/normgraph"
)

// Store answers normgraph.Reader from an in-memory dataset. It is safe for concurrent use: it is
// never modified after New, but for its full-text index, which New starts building in the
// background and Search waits for.
type Store struct {
	nodes       map[string]normgraph.Node
	categories  []*normgraph.CategoryInfo
	sources     []*normgraph.Source
	themes      []*normgraph.Theme
	initiatives []*normgraph.Initiative
	norms       []*normgraph.Norm
	actors      []*normgraph.Actor

	normsByInitiative  map[string][]*normgraph.Norm
	normsByTheme       map[string][]*normgraph.Norm
	themesByInitiative map[string][]*normgraph.Theme
	initiativesByTheme map[string][]*normgraph.Initiative
	corrByNorm         map[string][]*normgraph.Correspondence
	linksByInitiative  map[string][]*normgraph.Link
	partsByInitiative  map[string][]*normgraph.Participation
	partsByActor       map[string][]*normgraph.Participation
	membershipsByActor map[string][]*normgraph.Membership
	overlaps           []*normgraph.Overlap
	overlapByPair      map[[2]string]*normgraph.Overlap
	timeline           []*normgraph.TimelineEntry
	edges              map[string][]normgraph.Edge // by node id, both ends
	// The full-text index is built in the background from New on (so that a server listens
	// before it is done); Search waits for it.
	searchReady chan struct{}
	search      bleve.Index
	searchErr   error
	compliance  *compliance
}

var _ normgraph.Reader = (*Store)(nil)

// New indexes a dataset. It validates the dataset first and returns the *ValidationError (code
// EINVALID) when it does not hold. The store keeps references to the dataset's values: do not
// modify them afterwards.
func New(ds *normgraph.Dataset) (*Store, error) {
	if err := ds.Validate(); err != nil {
		return nil, err
	}
	s := &Store{
		nodes:              map[string]normgraph.Node{},
		normsByInitiative:  map[string][]*normgraph.Norm{},
		normsByTheme:       map[string][]*normgraph.Norm{},
		themesByInitiative: map[string][]*normgraph.Theme{},
		initiativesByTheme: map[string][]*normgraph.Initiative{},
		corrByNorm:         map[string][]*normgraph.Correspondence{},
		linksByInitiative:  map[string][]*normgraph.Link{},
		partsByInitiative:  map[string][]*normgraph.Participation{},
		partsByActor:       map[string][]*normgraph.Participation{},
		membershipsByActor: map[string][]*normgraph.Membership{},
		overlapByPair:      map[[2]string]*normgraph.Overlap{},
	}
	byID := func(a, b string) int { return strings.Compare(a, b) }
	for _, c := range normgraph.Categories { // canonical order
		for _, x := range ds.Categories {
			if x.ID == c {
				s.categories = append(s.categories, x)
			}
		}
	}
	s.sources = sorted(ds.Sources, func(a, b *normgraph.Source) int { return byID(a.ID, b.ID) })
	s.themes = sorted(ds.Themes, func(a, b *normgraph.Theme) int { return byID(a.ID, b.ID) })
	s.initiatives = sorted(ds.Initiatives, func(a, b *normgraph.Initiative) int { return byID(a.ID, b.ID) })
	s.norms = sorted(ds.Norms, normOrder)
	s.actors = sorted(ds.Actors, func(a, b *normgraph.Actor) int { return byID(a.ID, b.ID) })
	for _, x := range s.categories {
		s.nodes[string(x.ID)] = x
	}
	for _, x := range s.sources {
		s.nodes[x.ID] = x
	}
	for _, x := range s.themes {
		s.nodes[x.ID] = x
	}
	for _, x := range s.initiatives {
		s.nodes[x.ID] = x
	}
	for _, x := range s.actors {
		s.nodes[x.ID] = x
	}
	s.compliance = indexCompliance(ds, s.nodes)
	themeSeen := map[[2]string]bool{}
	for _, n := range s.norms {
		s.nodes[n.ID] = n
		s.normsByInitiative[n.InitiativeID] = append(s.normsByInitiative[n.InitiativeID], n)
		for _, t := range n.ThemeIDs {
			s.normsByTheme[t] = append(s.normsByTheme[t], n)
			if k := [2]string{n.InitiativeID, t}; !themeSeen[k] {
				themeSeen[k] = true
				s.themesByInitiative[n.InitiativeID] = append(s.themesByInitiative[n.InitiativeID], s.nodes[t].(*normgraph.Theme))
				s.initiativesByTheme[t] = append(s.initiativesByTheme[t], s.nodes[n.InitiativeID].(*normgraph.Initiative))
			}
		}
	}
	for k, v := range s.themesByInitiative {
		s.themesByInitiative[k] = sorted(v, func(a, b *normgraph.Theme) int { return byID(a.ID, b.ID) })
	}
	for k, v := range s.initiativesByTheme {
		s.initiativesByTheme[k] = sorted(v, func(a, b *normgraph.Initiative) int { return byID(a.ID, b.ID) })
	}
	corrs := sorted(ds.Correspondences, func(a, b *normgraph.Correspondence) int {
		return cmp.Or(byID(a.FromID, b.FromID), byID(a.ToID, b.ToID))
	})
	for _, c := range corrs {
		s.corrByNorm[c.FromID] = append(s.corrByNorm[c.FromID], c)
		s.corrByNorm[c.ToID] = append(s.corrByNorm[c.ToID], c)
	}
	links := sorted(ds.Links, func(a, b *normgraph.Link) int {
		return cmp.Or(byID(a.FromID, b.FromID), byID(string(a.Kind), string(b.Kind)), byID(a.ToID, b.ToID))
	})
	for _, l := range links {
		s.linksByInitiative[l.FromID] = append(s.linksByInitiative[l.FromID], l)
		s.linksByInitiative[l.ToID] = append(s.linksByInitiative[l.ToID], l)
	}
	all := normgraph.AllParticipations(ds)
	parts := sorted(all, participationOrder)
	for _, p := range parts {
		s.partsByInitiative[p.InitiativeID] = append(s.partsByInitiative[p.InitiativeID], p)
	}
	parts = sorted(all, func(a, b *normgraph.Participation) int {
		return cmp.Or(byID(a.InitiativeID, b.InitiativeID), byID(string(a.Role), string(b.Role)))
	})
	for _, p := range parts {
		s.partsByActor[p.ActorID] = append(s.partsByActor[p.ActorID], p)
	}
	mems := sorted(ds.Memberships, membershipOrder)
	for _, m := range mems {
		s.membershipsByActor[m.ActorID] = append(s.membershipsByActor[m.ActorID], m)
		s.membershipsByActor[m.OrganizationID] = append(s.membershipsByActor[m.OrganizationID], m)
	}
	s.overlaps = normgraph.SelectOverlaps(ds) // the rule the neo4j backend stores too
	for _, o := range s.overlaps {
		s.overlapByPair[[2]string{o.A, o.B}] = o
	}
	for _, in := range s.initiatives {
		if !in.Adopted.IsZero() {
			s.timeline = append(s.timeline, &normgraph.TimelineEntry{Date: in.Adopted, Initiative: in})
		}
	}
	for _, x := range s.compliance.incidents {
		s.timeline = append(s.timeline, &normgraph.TimelineEntry{Date: x.Start, Incident: x})
	}
	for _, x := range s.compliance.attributions {
		s.timeline = append(s.timeline, &normgraph.TimelineEntry{Date: x.Date, Attribution: x})
	}
	for _, src := range s.sources {
		if !src.Date.IsZero() {
			s.timeline = append(s.timeline, &normgraph.TimelineEntry{Date: src.Date, Source: src})
		}
	}
	slices.SortFunc(s.timeline, normgraph.TimelineOrder)
	s.edges = map[string][]normgraph.Edge{}
	for _, e := range normgraph.Edges(ds) {
		s.edges[e.Source] = append(s.edges[e.Source], e)
		s.edges[e.Target] = append(s.edges[e.Target], e)
	}
	s.searchReady = make(chan struct{})
	go func() {
		defer close(s.searchReady)
		s.search, s.searchErr = newSearchIndex(s.nodes)
	}()
	return s, nil
}

func normOrder(a, b *normgraph.Norm) int {
	return cmp.Or(strings.Compare(a.InitiativeID, b.InitiativeID), cmp.Compare(a.Position, b.Position),
		strings.Compare(a.ID, b.ID))
}

func membershipOrder(a, b *normgraph.Membership) int {
	return cmp.Or(strings.Compare(a.OrganizationID, b.OrganizationID), strings.Compare(a.ActorID, b.ActorID),
		a.Since.Compare(b.Since))
}

func participationOrder(a, b *normgraph.Participation) int {
	return cmp.Or(strings.Compare(a.ActorID, b.ActorID), strings.Compare(string(a.Role), string(b.Role)))
}

func sorted[T any](xs []T, f func(a, b T) int) []T {
	out := slices.Clone(xs)
	slices.SortStableFunc(out, f)
	return out
}

// page cuts one page out of a filtered list.
func page[T any](xs []T, p normgraph.Page) normgraph.List[T] {
	l := normgraph.List[T]{Total: len(xs), Items: []T{}}
	if p.Offset < len(xs) {
		end := min(len(xs), p.Offset+p.Limit)
		l.Items = append(l.Items, xs[p.Offset:end]...)
	}
	return l
}

func filter[T any](xs []T, keep func(T) bool) []T {
	out := []T{}
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// matchText reports whether any field contains text, ignoring case.
func matchText(text string, fields ...string) bool {
	if text == "" {
		return true
	}
	t := strings.ToLower(text)
	for _, f := range fields {
		if strings.Contains(strings.ToLower(f), t) {
			return true
		}
	}
	return false
}

func anyOf[T comparable](set []T, v T) bool { return len(set) == 0 || slices.Contains(set, v) }

func intersects(set, vs []string) bool {
	if len(set) == 0 {
		return true
	}
	for _, v := range vs {
		if slices.Contains(set, v) {
			return true
		}
	}
	return false
}

// Nodes implements normgraph.Reader.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]normgraph.Node, error) {
	out := make([]normgraph.Node, len(ids))
	for i, id := range ids {
		out[i] = s.nodes[id]
	}
	return out, nil
}

// Categories implements normgraph.Reader.
func (s *Store) Categories(ctx context.Context) ([]*normgraph.CategoryInfo, error) {
	return slices.Clone(s.categories), nil
}

// Initiatives implements normgraph.Reader.
func (s *Store) Initiatives(ctx context.Context, f normgraph.InitiativeFilter, p normgraph.Page) (normgraph.List[*normgraph.Initiative], error) {
	xs := filter(s.initiatives, func(in *normgraph.Initiative) bool {
		if !anyOf(f.Kinds, in.Kind) || !anyOf(f.Statuses, in.Status) {
			return false
		}
		if f.Binding != nil && *f.Binding != in.Binding {
			return false
		}
		if len(f.Themes) > 0 {
			ids := make([]string, 0, len(s.themesByInitiative[in.ID]))
			for _, t := range s.themesByInitiative[in.ID] {
				ids = append(ids, t.ID)
			}
			if !intersects(f.Themes, ids) {
				return false
			}
		}
		if !f.AdoptedFrom.IsZero() && (in.Adopted.IsZero() || in.Adopted.FirstDay().Before(f.AdoptedFrom.FirstDay())) {
			return false
		}
		if !f.AdoptedTo.IsZero() && (in.Adopted.IsZero() || in.Adopted.FirstDay().After(f.AdoptedTo.LastDay())) {
			return false
		}
		return matchText(f.Text, in.ID, in.Name, in.ShortName, in.Symbol, in.Summary)
	})
	switch f.OrderBy {
	case normgraph.OrderByName:
		slices.SortStableFunc(xs, func(a, b *normgraph.Initiative) int {
			return cmp.Or(dir(f.Descending, strings.Compare(a.Name, b.Name)), strings.Compare(a.ID, b.ID))
		})
	case normgraph.OrderByAdopted:
		slices.SortStableFunc(xs, func(a, b *normgraph.Initiative) int {
			if a.Adopted.IsZero() != b.Adopted.IsZero() { // unknown dates last, either direction
				if a.Adopted.IsZero() {
					return 1
				}
				return -1
			}
			return cmp.Or(dir(f.Descending, a.Adopted.Compare(b.Adopted)), strings.Compare(a.ID, b.ID))
		})
	default:
		if f.Descending {
			slices.Reverse(xs)
		}
	}
	return page(xs, p), nil
}

func dir(desc bool, c int) int {
	if desc {
		return -c
	}
	return c
}

func (s *Store) normMatches(f normgraph.NormFilter) func(*normgraph.Norm) bool {
	return func(n *normgraph.Norm) bool {
		if !anyOf(f.Initiatives, n.InitiativeID) || !anyOf(f.Categories, n.Category) ||
			!anyOf(f.Addressees, n.Addressee) || !intersects(f.Themes, n.ThemeIDs) {
			return false
		}
		quote := ""
		if n.Quote != nil {
			quote = n.Quote.Text
		}
		return matchText(f.Text, n.Code, n.Title, n.Summary, quote)
	}
}

// Norms implements normgraph.Reader.
func (s *Store) Norms(ctx context.Context, f normgraph.NormFilter, p normgraph.Page) (normgraph.List[*normgraph.Norm], error) {
	return page(filter(s.norms, s.normMatches(f)), p), nil
}

// Themes implements normgraph.Reader.
func (s *Store) Themes(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Theme], error) {
	return page(s.themes, p), nil
}

// Actors implements normgraph.Reader.
func (s *Store) Actors(ctx context.Context, f normgraph.ActorFilter, p normgraph.Page) (normgraph.List[*normgraph.Actor], error) {
	return page(filter(s.actors, func(a *normgraph.Actor) bool {
		return anyOf(f.Types, a.Type) && matchText(f.Text, a.ID, a.Name)
	}), p), nil
}

// Sources implements normgraph.Reader.
func (s *Store) Sources(ctx context.Context, p normgraph.Page) (normgraph.List[*normgraph.Source], error) {
	return page(s.sources, p), nil
}

func each[T any](ids []string, f func(id string) T) []T {
	out := make([]T, len(ids))
	for i, id := range ids {
		out[i] = f(id)
	}
	return out
}

// NormsOfInitiatives implements normgraph.Reader.
func (s *Store) NormsOfInitiatives(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	return each(ids, func(id string) normgraph.List[*normgraph.Norm] { return page(s.normsByInitiative[id], p) }), nil
}

// NormsOfThemes implements normgraph.Reader.
func (s *Store) NormsOfThemes(ctx context.Context, ids []string, p normgraph.Page) ([]normgraph.List[*normgraph.Norm], error) {
	return each(ids, func(id string) normgraph.List[*normgraph.Norm] { return page(s.normsByTheme[id], p) }), nil
}

// ThemesOfInitiatives implements normgraph.Reader.
func (s *Store) ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Theme, error) {
	return each(ids, func(id string) []*normgraph.Theme { return nonNil(s.themesByInitiative[id]) }), nil
}

// InitiativesOfThemes implements normgraph.Reader.
func (s *Store) InitiativesOfThemes(ctx context.Context, ids []string) ([][]*normgraph.Initiative, error) {
	return each(ids, func(id string) []*normgraph.Initiative { return nonNil(s.initiativesByTheme[id]) }), nil
}

// CorrespondencesOfNorms implements normgraph.Reader.
func (s *Store) CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*normgraph.Correspondence, error) {
	return each(ids, func(id string) []*normgraph.Correspondence { return nonNil(s.corrByNorm[id]) }), nil
}

// LinksOfInitiatives implements normgraph.Reader.
func (s *Store) LinksOfInitiatives(ctx context.Context, ids []string) ([][]*normgraph.Link, error) {
	return each(ids, func(id string) []*normgraph.Link { return nonNil(s.linksByInitiative[id]) }), nil
}

func (s *Store) participationMatches(f normgraph.ParticipationFilter) func(*normgraph.Participation) bool {
	return func(p *normgraph.Participation) bool {
		if f.Derived != nil && *f.Derived != p.Derived() {
			return false
		}
		if len(f.Types) == 0 {
			return true
		}
		a, ok := s.nodes[p.ActorID].(*normgraph.Actor)
		return ok && slices.Contains(f.Types, a.Type)
	}
}

// ParticipationsOfInitiatives implements normgraph.Reader.
func (s *Store) ParticipationsOfInitiatives(ctx context.Context, ids []string, f normgraph.ParticipationFilter, p normgraph.Page) ([]normgraph.List[*normgraph.Participation], error) {
	keep := s.participationMatches(f)
	return each(ids, func(id string) normgraph.List[*normgraph.Participation] {
		return page(filter(s.partsByInitiative[id], keep), p)
	}), nil
}

// MembershipsOfActors implements normgraph.Reader.
func (s *Store) MembershipsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Membership, error) {
	return each(ids, func(id string) []*normgraph.Membership { return nonNil(s.membershipsByActor[id]) }), nil
}

// SharedActors implements normgraph.Reader.
func (s *Store) SharedActors(ctx context.Context, a, b string, f normgraph.ParticipationFilter, p normgraph.Page) (normgraph.List[*normgraph.SharedActor], error) {
	keep := s.participationMatches(f)
	byActor := func(initiative string) map[string][]*normgraph.Participation {
		m := map[string][]*normgraph.Participation{}
		for _, x := range filter(s.partsByInitiative[initiative], keep) {
			m[x.ActorID] = append(m[x.ActorID], x)
		}
		return m
	}
	inA, inB := byActor(a), byActor(b)
	var out []*normgraph.SharedActor
	for id, ps := range inA {
		if qs, ok := inB[id]; ok {
			out = append(out, &normgraph.SharedActor{Actor: s.nodes[id].(*normgraph.Actor), InA: ps, InB: qs})
		}
	}
	slices.SortFunc(out, func(x, y *normgraph.SharedActor) int { return strings.Compare(x.Actor.ID, y.Actor.ID) })
	return page(out, p), nil
}

// ParticipationsOfActors implements normgraph.Reader.
func (s *Store) ParticipationsOfActors(ctx context.Context, ids []string) ([][]*normgraph.Participation, error) {
	return each(ids, func(id string) []*normgraph.Participation { return nonNil(s.partsByActor[id]) }), nil
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return slices.Clone(xs)
}

// Overlap implements normgraph.Reader.
func (s *Store) Overlap(ctx context.Context, a, b string) (*normgraph.Overlap, error) {
	if b < a {
		a, b = b, a
	}
	return s.overlapByPair[[2]string{a, b}], nil
}

// Overlaps implements normgraph.Reader.
func (s *Store) Overlaps(ctx context.Context, f normgraph.OverlapFilter, p normgraph.Page) (normgraph.List[*normgraph.Overlap], error) {
	xs := filter(s.overlaps, f.Matches)
	slices.SortFunc(xs, normgraph.OverlapOrder(f.Basis))
	return page(xs, p), nil
}

// Stats implements normgraph.Reader.
func (s *Store) Stats(ctx context.Context) (normgraph.Stats, error) {
	return normgraph.Stats{Initiatives: len(s.initiatives), Norms: len(s.norms), Themes: len(s.themes),
		Actors: len(s.actors), Sources: len(s.sources), Overlaps: len(s.overlaps),
		Incidents: len(s.compliance.incidents), Attributions: len(s.compliance.attributions),
		Implementations: len(s.compliance.implementations)}, nil
}
