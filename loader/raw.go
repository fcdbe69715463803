package loader

import (
	"strings"

	"github.com/normgraph/normgraph"
)

// rawFile is the shape of one dataset file. Field names are the YAML keys (see data/README.md).
type rawFile struct {
	Sources           []rawSource         `yaml:"sources"`
	Categories        []rawCategory       `yaml:"categories"`
	Themes            []rawTheme          `yaml:"themes"`
	Initiatives       []rawInitiative     `yaml:"initiatives"`
	Norms             []rawNorm           `yaml:"norms"`
	Actors            []rawActor          `yaml:"actors"`
	Participations    []rawParticipation  `yaml:"participations"`
	Memberships       []rawMembership     `yaml:"memberships"`
	Links             []rawLink           `yaml:"links"`
	Correspondences   []rawCorrespondence `yaml:"correspondences"`
	Guidance          []rawGuidance       `yaml:"guidance"`
	ParticipantTables []rawTable          `yaml:"participantTables"`
	Incidents         []rawIncident       `yaml:"incidents"`
	Attributions      []rawAttribution    `yaml:"attributions"`
	Implementations   []rawImplementation `yaml:"implementations"`
}

// rawTable declares a CSV table of an initiative's participants (see data/README.md).
type rawTable struct {
	File            string            `yaml:"file"`
	Initiative      string            `yaml:"initiative"`
	Role            string            `yaml:"role"`
	Sources         []string          `yaml:"sources"`
	CodeCorrections map[string]string `yaml:"codeCorrections"`
	Actors          map[string]string `yaml:"actors"`
	Joined          []rawJoined       `yaml:"joined"`
}

type rawJoined struct {
	Slug    string   `yaml:"slug"`
	Since   string   `yaml:"since"`
	Sources []string `yaml:"sources"`
}

type rawSource struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	Kind      string `yaml:"kind"`
	Publisher string `yaml:"publisher"`
	URL       string `yaml:"url"`
	Date      string `yaml:"date"`
}

type rawCategory struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Actors     string   `yaml:"actors"`
	Objectives string   `yaml:"objectives"`
	Actions    string   `yaml:"actions"`
	Impacts    string   `yaml:"impacts"`
	Sources    []string `yaml:"sources"`
}

type rawTheme struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Definition string   `yaml:"definition"`
	Sources    []string `yaml:"sources"`
}

type rawInitiative struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	ShortName     string   `yaml:"shortName"`
	Kind          string   `yaml:"kind"`
	Adopted       string   `yaml:"adopted"`
	Symbol        string   `yaml:"symbol"`
	Binding       *bool    `yaml:"binding"`
	Status        string   `yaml:"status"`
	Addressees    []string `yaml:"addressees"`
	Summary       string   `yaml:"summary"`
	URL           string   `yaml:"url"`
	Itemized      string   `yaml:"itemized"`
	ItemizedNote  string   `yaml:"itemizedNote"`
	ExpectedNorms int      `yaml:"expectedNorms"`
	Gaps          []string `yaml:"gaps"`
	Sources       []string `yaml:"sources"`
}

type rawQuote struct {
	Text    string `yaml:"text"`
	Source  string `yaml:"source"`
	Locator string `yaml:"locator"`
}

type rawGuidance struct {
	Norm       string `yaml:"norm"`
	Initiative string `yaml:"initiative"`
	Text       string `yaml:"text"`
	Summary    string `yaml:"summary"`
	Locator    string `yaml:"locator"`
	Source     string `yaml:"source"`
}

type rawNorm struct {
	ID         string    `yaml:"id"`
	Initiative string    `yaml:"initiative"`
	Code       string    `yaml:"code"`
	Section    string    `yaml:"section"`
	Title      string    `yaml:"title"`
	Quote      *rawQuote `yaml:"quote"`
	Summary    string    `yaml:"summary"`
	Category   string    `yaml:"category"`
	Addressee  string    `yaml:"addressee"`
	Themes     []string  `yaml:"themes"`
	Sources    []string  `yaml:"sources"`
}

type rawActor struct {
	ID               string   `yaml:"id"`
	Name             string   `yaml:"name"`
	Type             string   `yaml:"type"`
	ISO3             string   `yaml:"iso3"`
	Country          string   `yaml:"country"`
	StakeholderGroup string   `yaml:"stakeholderGroup"`
	Sources          []string `yaml:"sources"`
}

type rawParticipation struct {
	Actor      string   `yaml:"actor"`
	Initiative string   `yaml:"initiative"`
	Role       string   `yaml:"role"`
	Since      string   `yaml:"since"`
	Until      string   `yaml:"until"`
	Note       string   `yaml:"note"`
	Sources    []string `yaml:"sources"`
}

type rawMembership struct {
	Actor        string   `yaml:"actor"`
	Organization string   `yaml:"organization"`
	Since        string   `yaml:"since"`
	Until        string   `yaml:"until"`
	Note         string   `yaml:"note"`
	Sources      []string `yaml:"sources"`
}

type rawLink struct {
	From    string   `yaml:"from"`
	To      string   `yaml:"to"`
	Kind    string   `yaml:"kind"`
	Note    string   `yaml:"note"`
	Sources []string `yaml:"sources"`
}

type rawCorrespondence struct {
	From      string   `yaml:"from"`
	To        string   `yaml:"to"`
	Kind      string   `yaml:"kind"`
	Rationale string   `yaml:"rationale"`
	Basis     string   `yaml:"basis"`
	Sources   []string `yaml:"sources"`
}

type atFunc func(section string, i int) (position, bool)

// register records the position of the entry about to be appended to a section.
func (s *state) register(section string, index int, at atFunc, i int) position {
	p, _ := at(section, i)
	s.pos[normgraph.Ref{Section: section, Index: index}] = p
	return p
}

// date parses an optional date field, reporting a malformed one at its line.
func (s *state) date(p position, field, v string) normgraph.Date {
	if v == "" {
		return normgraph.Date{}
	}
	d, err := normgraph.ParseDate(v)
	if err != nil {
		line := p.line
		if l, ok := p.fields[field]; ok {
			line = l
		}
		s.fail(p.file, line, "%s: %s", field, normgraph.ErrorMessage(err))
	}
	return d
}

func trim(v string) string { return strings.TrimSpace(v) }

func (s *state) addSources(rs []rawSource, at atFunc) {
	for i, r := range rs {
		p := s.register("sources", len(s.ds.Sources), at, i)
		s.ds.Sources = append(s.ds.Sources, &normgraph.Source{
			ID: r.ID, Title: trim(r.Title), Kind: normgraph.SourceKind(r.Kind), Publisher: trim(r.Publisher), URL: trim(r.URL),
			Date: s.date(p, "date", r.Date),
		})
	}
}

func (s *state) addCategories(rs []rawCategory, at atFunc) {
	for i, r := range rs {
		s.register("categories", len(s.ds.Categories), at, i)
		s.ds.Categories = append(s.ds.Categories, &normgraph.CategoryInfo{
			ID: normgraph.Category(r.ID), Name: trim(r.Name), Actors: trim(r.Actors),
			Objectives: trim(r.Objectives), Actions: trim(r.Actions), Impacts: trim(r.Impacts),
			SourceIDs: r.Sources,
		})
	}
}

func (s *state) addThemes(rs []rawTheme, at atFunc) {
	for i, r := range rs {
		s.register("themes", len(s.ds.Themes), at, i)
		s.ds.Themes = append(s.ds.Themes, &normgraph.Theme{
			ID: r.ID, Name: trim(r.Name), Definition: trim(r.Definition), SourceIDs: r.Sources,
		})
	}
}

func (s *state) addInitiatives(rs []rawInitiative, at atFunc) {
	for i, r := range rs {
		p := s.register("initiatives", len(s.ds.Initiatives), at, i)
		if r.Binding == nil {
			s.fail(p.file, p.line, "initiative %s: binding is required (true or false)", r.ID)
		}
		addr := make([]normgraph.Addressee, len(r.Addressees))
		for j, a := range r.Addressees {
			addr[j] = normgraph.Addressee(a)
		}
		s.ds.Initiatives = append(s.ds.Initiatives, &normgraph.Initiative{
			ID: r.ID, Name: trim(r.Name), ShortName: trim(r.ShortName),
			Kind: normgraph.InitiativeKind(r.Kind), Adopted: s.date(p, "adopted", r.Adopted),
			Symbol: trim(r.Symbol), Binding: r.Binding != nil && *r.Binding,
			Status: normgraph.Status(r.Status), Addressees: addr, Summary: trim(r.Summary),
			URL: trim(r.URL), Itemized: normgraph.Itemization(r.Itemized),
			ItemizedNote: trim(r.ItemizedNote), ExpectedNorms: r.ExpectedNorms, Gaps: r.Gaps,
			SourceIDs: r.Sources,
		})
	}
}

func (s *state) addNorms(rs []rawNorm, at atFunc) {
	for i, r := range rs {
		s.register("norms", len(s.ds.Norms), at, i)
		s.counts[r.Initiative]++
		n := &normgraph.Norm{
			ID: r.ID, InitiativeID: r.Initiative, Code: trim(r.Code), Section: trim(r.Section),
			Title: trim(r.Title), Summary: trim(r.Summary), Category: normgraph.Category(r.Category),
			Addressee: normgraph.Addressee(r.Addressee), ThemeIDs: r.Themes, SourceIDs: r.Sources,
			Position: s.counts[r.Initiative],
		}
		if r.Quote != nil {
			n.Quote = &normgraph.Quotation{Text: trim(r.Quote.Text), SourceID: r.Quote.Source, Locator: trim(r.Quote.Locator)}
		}
		s.ds.Norms = append(s.ds.Norms, n)
	}
}

func (s *state) addActors(rs []rawActor, at atFunc) {
	for i, r := range rs {
		s.register("actors", len(s.ds.Actors), at, i)
		s.ds.Actors = append(s.ds.Actors, &normgraph.Actor{
			ID: r.ID, Name: trim(r.Name), Type: normgraph.ActorType(r.Type), ISO3: r.ISO3,
			Country: r.Country, StakeholderGroup: trim(r.StakeholderGroup), SourceIDs: r.Sources,
		})
	}
}

func (s *state) addParticipations(rs []rawParticipation, at atFunc) {
	for i, r := range rs {
		p := s.register("participations", len(s.ds.Participations), at, i)
		s.ds.Participations = append(s.ds.Participations, &normgraph.Participation{
			ActorID: r.Actor, InitiativeID: r.Initiative, Role: normgraph.Role(r.Role),
			Since: s.date(p, "since", r.Since), Until: s.date(p, "until", r.Until),
			Note: trim(r.Note), SourceIDs: r.Sources,
		})
	}
}

func (s *state) addMemberships(rs []rawMembership, at atFunc) {
	for i, r := range rs {
		p := s.register("memberships", len(s.ds.Memberships), at, i)
		s.ds.Memberships = append(s.ds.Memberships, &normgraph.Membership{
			ActorID: r.Actor, OrganizationID: r.Organization,
			Since: s.date(p, "since", r.Since), Until: s.date(p, "until", r.Until), Note: trim(r.Note),
			SourceIDs: r.Sources,
		})
	}
}

func (s *state) addLinks(rs []rawLink, at atFunc) {
	for i, r := range rs {
		s.register("links", len(s.ds.Links), at, i)
		s.ds.Links = append(s.ds.Links, &normgraph.Link{
			FromID: r.From, ToID: r.To, Kind: normgraph.LinkKind(r.Kind), Note: trim(r.Note), SourceIDs: r.Sources,
		})
	}
}

func (s *state) addCorrespondences(rs []rawCorrespondence, at atFunc) {
	for i, r := range rs {
		s.register("correspondences", len(s.ds.Correspondences), at, i)
		s.ds.Correspondences = append(s.ds.Correspondences, &normgraph.Correspondence{
			FromID: r.From, ToID: r.To, Kind: normgraph.CorrespondenceKind(r.Kind),
			Rationale: trim(r.Rationale), Basis: normgraph.Basis(r.Basis), SourceIDs: r.Sources,
		})
	}
}

func (s *state) addGuidance(rs []rawGuidance, at atFunc) {
	for i, r := range rs {
		s.register("guidance", len(s.ds.Guidance), at, i)
		s.ds.Guidance = append(s.ds.Guidance, &normgraph.Guidance{
			NormID: r.Norm, InitiativeID: r.Initiative, Text: trim(r.Text), Summary: trim(r.Summary),
			Locator: trim(r.Locator), SourceID: r.Source,
		})
	}
}
