// Package normgraph holds the domain of the normgraph knowledge graph: initiatives, norms, themes,
// actors and sources, their relationships, validation, the error vocabulary and the small
// backend contracts (a Reader for resolvers, a Writer for the loader).
package normgraph

// Category is one of the three norm categories of the seed documents.
type Category string

// The three categories.
const (
	Offensive Category = "offensive"
	Defensive Category = "defensive"
	Industry  Category = "industry"
)

// Categories lists the valid categories in their canonical order.
var Categories = []Category{Offensive, Defensive, Industry}

// Addressee says whom a norm or an initiative addresses.
type Addressee string

// The addressees.
const (
	AddresseeStates                     Addressee = "states"
	AddresseeIndustry                   Addressee = "industry"
	AddresseeNonStateActors             Addressee = "non-state-actors"
	AddresseeAllStakeholders            Addressee = "all-stakeholders"
	AddresseeTechnicalCommunity         Addressee = "technical-community"
	AddresseeCivilSociety               Addressee = "civil-society"
	AddresseeInternationalOrganizations Addressee = "international-organizations"
)

// Addressees lists the valid addressees.
var Addressees = []Addressee{AddresseeStates, AddresseeIndustry, AddresseeNonStateActors,
	AddresseeAllStakeholders, AddresseeTechnicalCommunity, AddresseeCivilSociety,
	AddresseeInternationalOrganizations}

// InitiativeKind classifies an initiative.
type InitiativeKind string

// The initiative kinds.
const (
	KindUNProcess        InitiativeKind = "un-process"
	KindMultilateral     InitiativeKind = "multilateral"
	KindRegional         InitiativeKind = "regional"
	KindBilateral        InitiativeKind = "bilateral"
	KindMultistakeholder InitiativeKind = "multistakeholder"
	KindIndustry         InitiativeKind = "industry"
	KindRegulation       InitiativeKind = "regulation"
	KindTreaty           InitiativeKind = "treaty"
	KindProposal         InitiativeKind = "proposal"
)

// InitiativeKinds lists the valid kinds.
var InitiativeKinds = []InitiativeKind{KindUNProcess, KindMultilateral, KindRegional, KindBilateral,
	KindMultistakeholder, KindIndustry, KindRegulation, KindTreaty, KindProposal}

// Status is the state of an initiative.
type Status string

// The statuses.
const (
	StatusProposed   Status = "proposed"
	StatusAdopted    Status = "adopted"
	StatusActive     Status = "active"
	StatusInForce    Status = "in-force"
	StatusSuperseded Status = "superseded"
	StatusRepealed   Status = "repealed"
	StatusConcluded  Status = "concluded"
)

// Statuses lists the valid statuses.
var Statuses = []Status{StatusProposed, StatusAdopted, StatusActive, StatusInForce,
	StatusSuperseded, StatusRepealed, StatusConcluded}

// Itemization says whether an initiative's norms list every item of its document.
type Itemization string

// The itemizations.
const (
	ItemizedFull    Itemization = "full"
	ItemizedPartial Itemization = "partial"
	ItemizedNone    Itemization = "none"
)

// Itemizations lists the valid itemizations.
var Itemizations = []Itemization{ItemizedFull, ItemizedPartial, ItemizedNone}

// LinkKind is the kind of a link between two initiatives.
type LinkKind string

// The link kinds.
const (
	LinkBuildsOn   LinkKind = "builds-on"
	LinkSupersedes LinkKind = "supersedes"
	LinkReferences LinkKind = "references"
)

// LinkKinds lists the valid link kinds.
var LinkKinds = []LinkKind{LinkBuildsOn, LinkSupersedes, LinkReferences}

// CorrespondenceKind is the kind of a crosswalk entry between two norms.
type CorrespondenceKind string

// The correspondence kinds. Narrower and broader read from the "from" norm.
const (
	CorrespondenceEquivalent CorrespondenceKind = "equivalent"
	CorrespondenceNarrower   CorrespondenceKind = "narrower"
	CorrespondenceBroader    CorrespondenceKind = "broader"
	CorrespondenceRelated    CorrespondenceKind = "related"
	CorrespondenceDiverges   CorrespondenceKind = "diverges"
)

// CorrespondenceKinds lists the valid correspondence kinds.
var CorrespondenceKinds = []CorrespondenceKind{CorrespondenceEquivalent, CorrespondenceNarrower,
	CorrespondenceBroader, CorrespondenceRelated, CorrespondenceDiverges}

// Basis says whether a correspondence is stated by a source or derived from comparing texts.
type Basis string

// The bases.
const (
	BasisStated  Basis = "stated"
	BasisDerived Basis = "derived"
)

// Bases lists the valid bases.
var Bases = []Basis{BasisStated, BasisDerived}

// ActorType classifies an actor.
type ActorType string

// The actor types.
const (
	ActorState                     ActorType = "state"
	ActorInternationalOrganization ActorType = "international-organization"
	ActorCompany                   ActorType = "company"
	ActorCivilSociety              ActorType = "civil-society"
	ActorTechnicalCommunity        ActorType = "technical-community"
	ActorAcademia                  ActorType = "academia"
	ActorCoalition                 ActorType = "coalition"
	ActorPublicAuthority           ActorType = "public-authority"
	ActorOther                     ActorType = "other" // uncategorised in its source
)

// ActorTypes lists the valid actor types.
var ActorTypes = []ActorType{ActorState, ActorInternationalOrganization, ActorCompany,
	ActorCivilSociety, ActorTechnicalCommunity, ActorAcademia, ActorCoalition, ActorPublicAuthority, ActorOther}

// Role is an actor's role in an initiative.
type Role string

// The roles.
const (
	RoleConvener  Role = "convener"
	RoleAuthor    Role = "author"
	RoleMember    Role = "member"
	RoleSignatory Role = "signatory"
	RoleSupporter Role = "supporter"
	RoleEndorser  Role = "endorser"
)

// Roles lists the valid roles.
var Roles = []Role{RoleConvener, RoleAuthor, RoleMember, RoleSignatory, RoleSupporter, RoleEndorser}

// Node is anything with a stable id: initiatives, norms, themes, actors, sources, categories.
type Node interface {
	NodeID() string
}

// SourceKind says how close a source is to the document it gives: the document itself, an
// official page of its issuer (or of another government or intergovernmental body), or a
// secondary copy or account by anyone else.
type SourceKind string

// The source kinds (the rule is in data/README.md).
const (
	SourcePrimary   SourceKind = "primary"
	SourceOfficial  SourceKind = "official"
	SourceSecondary SourceKind = "secondary"
)

// SourceKinds lists the valid source kinds.
var SourceKinds = []SourceKind{SourcePrimary, SourceOfficial, SourceSecondary}

// Source is a document that facts point to.
type Source struct {
	ID        string
	Title     string
	Kind      SourceKind
	Publisher string
	URL       string
	Date      Date
}

// CategoryInfo describes one norm category as the seed documents define it.
type CategoryInfo struct {
	ID         Category
	Name       string
	Actors     string
	Objectives string
	Actions    string
	Impacts    string
	SourceIDs  []string
}

// Theme is an entry of the controlled vocabulary that norms address.
type Theme struct {
	ID         string
	Name       string
	Definition string
	SourceIDs  []string
}

// Initiative is a report, declaration, agreement, code, directive, treaty or proposal.
type Initiative struct {
	ID            string
	Name          string
	ShortName     string
	Kind          InitiativeKind
	Adopted       Date
	Symbol        string
	Binding       bool
	Status        Status
	Addressees    []Addressee
	Summary       string
	URL           string
	Itemized      Itemization
	ItemizedNote  string
	ExpectedNorms int // 0 when the document's own count is not declared
	Gaps          []string
	SourceIDs     []string
}

// Quotation is official wording quoted verbatim from one source.
type Quotation struct {
	Text     string
	SourceID string
	Locator  string
}

// Guidance is what a later document says about how to read or implement an earlier norm (the
// UN GGE 2021 report, A/76/135, on the eleven 2015 norms). It is not a norm of its own: it hangs
// on the norm it elaborates and names the initiative whose document gives it. It carries either
// the document's wording, verbatim (Text), or a summary in our words (Summary).
type Guidance struct {
	NormID       string // the norm it elaborates
	InitiativeID string // the initiative whose document gives it
	Text         string // the document's wording, verbatim; "" when summarised
	Summary      string // our summary; "" when quoted
	Locator      string // where in the document, e.g. "A/76/135 para 26"
	SourceID     string // the source of the wording or the summary
}

// Norm is one norm, principle, commitment, CBM or action of an initiative.
type Norm struct {
	ID           string
	InitiativeID string
	Code         string
	Section      string
	Title        string
	Quote        *Quotation
	Summary      string
	Category     Category
	Addressee    Addressee
	ThemeIDs     []string
	SourceIDs    []string
	Position     int         // the norm's place in its initiative's document order, from 1
	Guidance     []*Guidance // guidance later documents give on it, in dataset order (see AttachGuidance)
}

// Actor is a state, organization, company or other stakeholder.
type Actor struct {
	ID               string
	Name             string
	Type             ActorType
	ISO3             string // ISO 3166-1 alpha-3, states only
	Country          string // ISO 3166-1 alpha-3 of the actor's home country, non-states
	StakeholderGroup string
	SourceIDs        []string
}

// Participation is an actor's role in an initiative: (Actor)-[:PARTICIPATES_IN]->(Initiative).
// A derived participation (Via set) is computed from a membership, not curated: the actor is
// committed to the initiative because it is a member of the organization Via that adopted it.
type Participation struct {
	ActorID      string
	InitiativeID string
	Role         Role
	Since        Date
	Until        Date
	Note         string
	SourceIDs    []string
	Via          string // the organization through whose membership it is derived; "" when direct
}

// Derived reports whether the participation was computed from a membership.
func (p *Participation) Derived() bool { return p.Via != "" }

// Membership is an actor's membership of another actor: (Actor)-[:MEMBER_OF]->(Actor).
type Membership struct {
	ActorID        string
	OrganizationID string
	Since          Date
	Until          Date
	Note           string // e.g. why a membership ended, or that it is disputed
	SourceIDs      []string
}

// Link is a directed relation between two initiatives.
type Link struct {
	FromID    string
	ToID      string
	Kind      LinkKind
	Note      string
	SourceIDs []string
}

// Correspondence is a curated crosswalk entry between two norms.
type Correspondence struct {
	FromID    string
	ToID      string
	Kind      CorrespondenceKind
	Rationale string
	Basis     Basis
	SourceIDs []string
}

// NodeID implements Node.
func (s *Source) NodeID() string { return s.ID }

// NodeID implements Node.
func (c *CategoryInfo) NodeID() string { return string(c.ID) }

// NodeID implements Node.
func (t *Theme) NodeID() string { return t.ID }

// NodeID implements Node.
func (i *Initiative) NodeID() string { return i.ID }

// NodeID implements Node.
func (n *Norm) NodeID() string { return n.ID }

// NodeID implements Node.
func (a *Actor) NodeID() string { return a.ID }

// Dataset is the whole curated dataset, as the loader decodes it.
type Dataset struct {
	Sources         []*Source
	Categories      []*CategoryInfo
	Themes          []*Theme
	Initiatives     []*Initiative
	Norms           []*Norm
	Actors          []*Actor
	Participations  []*Participation
	Memberships     []*Membership
	Links           []*Link
	Correspondences []*Correspondence
	Incidents       []*Incident // the compliance layer: see compliance.go
	Attributions    []*Attribution
	Implementations []*Implementation
	Guidance        []*Guidance // curated; AttachGuidance hangs each entry on its norm
}

// QuotationsBySourceKind counts the norms' quotations by the kind of the source each is quoted
// from (a quotation whose source is unknown counts under "").
func (d *Dataset) QuotationsBySourceKind() map[SourceKind]int {
	kinds := make(map[string]SourceKind, len(d.Sources))
	for _, s := range d.Sources {
		kinds[s.ID] = s.Kind
	}
	out := map[SourceKind]int{}
	for _, n := range d.Norms {
		if n.Quote != nil {
			out[kinds[n.Quote.SourceID]]++
		}
	}
	return out
}

// AttachGuidance sets every norm's Guidance to the dataset's guidance entries on it, in dataset
// order (nil when there are none). The loader calls it; a dataset built in code must too.
func (d *Dataset) AttachGuidance() {
	byNorm := map[string][]*Guidance{}
	for _, g := range d.Guidance {
		byNorm[g.NormID] = append(byNorm[g.NormID], g)
	}
	for _, n := range d.Norms {
		n.Guidance = byNorm[n.ID]
	}
}

// Nodes returns the nodes of the norms layer (initiatives, norms, themes, sources, actors,
// categories), in that order and in dataset order within each.
func (d *Dataset) Nodes() []Node {
	out := make([]Node, 0, len(d.Initiatives)+len(d.Norms)+len(d.Themes)+len(d.Sources)+len(d.Actors)+len(d.Categories))
	for _, x := range d.Initiatives {
		out = append(out, x)
	}
	for _, x := range d.Norms {
		out = append(out, x)
	}
	for _, x := range d.Themes {
		out = append(out, x)
	}
	for _, x := range d.Sources {
		out = append(out, x)
	}
	for _, x := range d.Actors {
		out = append(out, x)
	}
	for _, x := range d.Categories {
		out = append(out, x)
	}
	return out
}

// NormsWithoutCorrespondence returns the norms that take part in no correspondence, in dataset
// order: the holes of the crosswalk.
func (d *Dataset) NormsWithoutCorrespondence() []*Norm {
	in := map[string]bool{}
	for _, c := range d.Correspondences {
		in[c.FromID], in[c.ToID] = true, true
	}
	var out []*Norm
	for _, n := range d.Norms {
		if !in[n.ID] {
			out = append(out, n)
		}
	}
	return out
}
