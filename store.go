package normgraph

import (
	"context"
	"sort"
	"time"
)

// Page selects a window of an ordered list: Limit items after skipping Offset.
type Page struct {
	Offset int
	Limit  int
}

// List is one page of an ordered list with the total number of items the list holds.
type List[T any] struct {
	Items []T
	Total int
}

// InitiativeOrder names the order of an initiative list. Every order breaks ties by id.
type InitiativeOrder string

// The initiative orders.
const (
	OrderByID      InitiativeOrder = "id"
	OrderByName    InitiativeOrder = "name"
	OrderByAdopted InitiativeOrder = "adopted"
)

// InitiativeFilter selects initiatives; empty fields select everything. Within a field, values
// are alternatives (any of); across fields, all must hold.
type InitiativeFilter struct {
	Kinds       []InitiativeKind
	Statuses    []Status
	Binding     *bool
	Themes      []string // addressed by at least one of the initiative's norms
	Text        string   // case-insensitive substring of id, name, short name, symbol or summary
	AdoptedFrom Date     // adopted on or after (by the earliest day the date can stand for)
	AdoptedTo   Date     // adopted on or before
	Descending  bool
	OrderBy     InitiativeOrder
}

// NormFilter selects norms; empty fields select everything. Norms are ordered by initiative id,
// then by their position in the initiative's document, then by id.
type NormFilter struct {
	Initiatives []string
	Categories  []Category
	Themes      []string
	Addressees  []Addressee
	Text        string // case-insensitive substring of code, title, summary or quoted text
}

// ActorFilter selects actors, ordered by id.
type ActorFilter struct {
	Types []ActorType
	Text  string // case-insensitive substring of id or name
}

// ParticipationFilter selects participations; empty fields select everything.
type ParticipationFilter struct {
	Types   []ActorType // the participating actor's type, any of
	Derived *bool       // true: only derived from membership; false: only curated
}

// SharedActor is an actor behind two initiatives, with its participations in each.
type SharedActor struct {
	Actor *Actor
	InA   []*Participation
	InB   []*Participation
}

// Reader is what the GraphQL resolvers read from a backend. Every method that takes a slice of
// parent ids answers in one round-trip, with one result per id in the same order, so that
// resolvers can batch. Errors carry codes from the error vocabulary: EUNAVAILABLE when the
// backend cannot be reached, EINTERNAL otherwise; unknown ids are not errors (nil or empty).
type Reader interface {
	// Nodes returns the node with each id (nil where there is none), whatever its type.
	Nodes(ctx context.Context, ids []string) ([]Node, error)

	Categories(ctx context.Context) ([]*CategoryInfo, error)
	Initiatives(ctx context.Context, f InitiativeFilter, p Page) (List[*Initiative], error)
	Norms(ctx context.Context, f NormFilter, p Page) (List[*Norm], error)
	Themes(ctx context.Context, p Page) (List[*Theme], error)
	Actors(ctx context.Context, f ActorFilter, p Page) (List[*Actor], error)
	Sources(ctx context.Context, p Page) (List[*Source], error)

	// NormsOfInitiatives pages through each initiative's norms in document order.
	NormsOfInitiatives(ctx context.Context, ids []string, p Page) ([]List[*Norm], error)
	// NormsOfThemes pages through the norms addressing each theme (NormFilter order).
	NormsOfThemes(ctx context.Context, ids []string, p Page) ([]List[*Norm], error)
	// ThemesOfInitiatives lists the themes each initiative's norms address, ordered by id.
	ThemesOfInitiatives(ctx context.Context, ids []string) ([][]*Theme, error)
	// InitiativesOfThemes lists the initiatives with a norm addressing each theme, ordered by id.
	InitiativesOfThemes(ctx context.Context, ids []string) ([][]*Initiative, error)
	// CorrespondencesOfNorms lists the crosswalk entries touching each norm, in either direction,
	// ordered by (from, to).
	CorrespondencesOfNorms(ctx context.Context, ids []string) ([][]*Correspondence, error)
	// LinksOfInitiatives lists the links touching each initiative, in either direction, ordered
	// by (from, kind, to).
	LinksOfInitiatives(ctx context.Context, ids []string) ([][]*Link, error)
	// ParticipationsOfInitiatives pages through each initiative's participants, curated and
	// derived, ordered by actor id then role.
	ParticipationsOfInitiatives(ctx context.Context, ids []string, f ParticipationFilter, p Page) ([]List[*Participation], error)
	// ParticipationsOfActors lists each actor's participations, curated and derived, ordered by
	// initiative id then role.
	ParticipationsOfActors(ctx context.Context, ids []string) ([][]*Participation, error)
	// MembershipsOfActors lists the memberships touching each actor, as member or as
	// organization, ordered by (organization, member, since).
	MembershipsOfActors(ctx context.Context, ids []string) ([][]*Membership, error)
	// SharedActors pages through the actors with a participation (matching f) in both a and b,
	// ordered by actor id.
	SharedActors(ctx context.Context, a, b string, f ParticipationFilter, p Page) (List[*SharedActor], error)

	// Overlap returns what two initiatives have in common (in either order of a and b), or nil
	// when they share nothing.
	Overlap(ctx context.Context, a, b string) (*Overlap, error)
	// Overlaps pages through the overlaps passing f, ranked by OverlapOrder(f.Basis).
	Overlaps(ctx context.Context, f OverlapFilter, p Page) (List[*Overlap], error)

	// Timeline pages through the initiatives (by adoption date), incidents (by start),
	// attribution acts and source documents (by date) dated within [from, to] (zero bounds are
	// open), in TimelineOrder; types narrows the node types (all when empty).
	Timeline(ctx context.Context, from, to Date, types []NodeType, p Page) (List[*TimelineEntry], error)
	// Search pages through the nodes matching a full-text query over names, titles, texts and
	// summaries, most relevant first (ties by id); types narrows the node types.
	Search(ctx context.Context, query string, types []NodeType, p Page) (List[*SearchHit], error)
	// Neighbors returns the edges (see Edges) touching any of the ids, ordered by edge id.
	Neighbors(ctx context.Context, ids []string) ([]Edge, error)

	ComplianceReader

	// Stats counts what the backend holds, in one read.
	Stats(ctx context.Context) (Stats, error)
}

// Stats counts the nodes of each type a backend holds and the overlapping pairs of initiatives.
type Stats struct {
	Initiatives     int
	Norms           int
	Themes          int
	Actors          int
	Sources         int
	Overlaps        int
	Incidents       int
	Attributions    int
	Implementations int
}

// Change counts what a refresh does to one label or relationship type.
type Change struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	Deleted int `json:"deleted"`
}

// RefreshReport says what a refresh changed (or, for a dry run, would change).
type RefreshReport struct {
	DryRun        bool              `json:"dryRun"`
	Nodes         map[string]Change `json:"nodes"`
	Relationships map[string]Change `json:"relationships"`
	Statements    int64             `json:"statements"`
	Duration      time.Duration     `json:"durationNs"`
	// Replaced is true when the changes were too many for one transaction (MaxTxRows): the
	// backend wrote a complete new copy of the graph in batches, then switched readers to it
	// at once.
	Replaced bool `json:"replaced"`
}

// Changes returns the total number of created, updated and deleted nodes and relationships.
func (r RefreshReport) Changes() int {
	n := 0
	for _, c := range r.Nodes {
		n += c.Created + c.Updated + c.Deleted
	}
	for _, c := range r.Relationships {
		n += c.Created + c.Updated + c.Deleted
	}
	return n
}

// RefreshProgress reports how far a refresh has written.
type RefreshProgress struct {
	Phase string // e.g. "create Norm", "delete CITES"
	Done  int    // rows written in this phase so far
	Total int    // rows this phase writes
}

// RefreshOptions tune a refresh. The zero value writes with the default batch size.
type RefreshOptions struct {
	DryRun bool // compute the report, write nothing
	// Verify compares every stored property with the dataset, not only what the per-section
	// checks of a refresh see (counts, digests, sizes: see the neo4j backend's plan); for after
	// an edit of the graph by hand. It reads every node and relationship back.
	Verify    bool
	BatchSize int // rows per UNWIND statement; 0 means 1000
	// MaxTxRows is the most rows a refresh changes in place, in one transaction; with more
	// changes it replaces the whole graph (RefreshReport.Replaced), which is as atomic for
	// readers but bounded by no transaction. 0 means 10000.
	MaxTxRows int
	// Progress, when set, is called after every batch. Returning an error aborts the refresh:
	// the transaction rolls back and the previous graph stays as it was.
	Progress func(RefreshProgress) error
	// LockTTL is how long the lock a writing refresh holds lasts without being renewed (the
	// refresh renews it while it runs; the lock of a refresh that died expires after it);
	// 0 means one minute.
	LockTTL time.Duration
	// LockWait is how long a refresh waits for the lock another one holds before it gives up
	// with ErrRefreshLocked; 0 gives up at once.
	LockWait time.Duration
}

// Writer is what the loader writes through: it makes a backend hold exactly a dataset, in one
// atomic step (readers see the old dataset or the new one, never a mix), and reports what
// changed. Errors: EINVALID for an invalid dataset, EUNAVAILABLE
// when the backend cannot be used; on any error nothing has changed.
type Writer interface {
	Refresh(ctx context.Context, d *Dataset, opts RefreshOptions) (RefreshReport, error)
}

type withoutTextsKey struct{}

// WithoutTexts marks a context: the caller of a list read needs none of the long texts of the
// nodes or correspondences it returns (summaries, quoted texts, definitions, rationales), and a
// backend may leave them empty.
// The GraphQL layer sets it when a query selects none of them; Nodes ignores it (its fields say
// which long texts it reads, see WithFields).
func WithoutTexts(ctx context.Context) context.Context {
	return context.WithValue(ctx, withoutTextsKey{}, true)
}

// TextsWanted reports whether a read must return the long texts of its nodes.
func TextsWanted(ctx context.Context) bool {
	skip, _ := ctx.Value(withoutTextsKey{}).(bool)
	return !skip
}

type fieldsKey struct{}

// WithFields marks a context: the caller of a list read needs, of the nodes or correspondences
// it returns, only their ids and the named fields (Go field names of the returned type:
// "Title", "ThemeIDs", "Quote", "Kind"…), and a backend may leave the others empty. Long texts
// among them are still read only when TextsWanted, except for Nodes, which reads the named
// fields, long texts included, of the nodes of the types with such fields (Initiative, Norm,
// Theme, Actor, Source) and other nodes whole. Without it every field is read. A backend that
// gains nothing from it (the memory store) ignores it; the Neo4j store reads and sends only
// those properties.
func WithFields(ctx context.Context, fields ...string) context.Context {
	set := make(map[string]bool, len(fields))
	for _, f := range fields {
		set[f] = true
	}
	return context.WithValue(ctx, fieldsKey{}, set)
}

// WantedFields returns the fields named by WithFields, sorted, or nil when every field is wanted.
func WantedFields(ctx context.Context) []string {
	set, ok := ctx.Value(fieldsKey{}).(map[string]bool)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// FieldWanted reports whether a list read must fill the named field (see WithFields).
func FieldWanted(ctx context.Context, field string) bool {
	set, ok := ctx.Value(fieldsKey{}).(map[string]bool)
	return !ok || set[field]
}
