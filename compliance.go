package normgraph

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// This file holds the compliance layer: incidents, the public acts that attribute them
// (attributions), the norms, initiatives or international law those acts invoke (invocations),
// and evidence that actors implement norms (implementations).

// AttributionForm is the form of a public attribution act.
type AttributionForm string

// The attribution forms.
const (
	FormStatement         AttributionForm = "statement"
	FormJointStatement    AttributionForm = "joint-statement"
	FormEUDeclaration     AttributionForm = "eu-declaration"
	FormNATOStatement     AttributionForm = "nato-statement"
	FormAdvisory          AttributionForm = "advisory"
	FormIndictment        AttributionForm = "indictment"
	FormSanctions         AttributionForm = "sanctions"
	FormDiplomaticMeasure AttributionForm = "diplomatic-measure"
)

// AttributionForms lists the valid forms.
var AttributionForms = []AttributionForm{FormStatement, FormJointStatement, FormEUDeclaration,
	FormNATOStatement, FormAdvisory, FormIndictment, FormSanctions, FormDiplomaticMeasure}

// ImplementationKind is the kind of evidence that an actor implements a norm.
type ImplementationKind string

// The implementation kinds.
const (
	ImplNationalReport      ImplementationKind = "national-report"
	ImplSurveyResponse      ImplementationKind = "survey-response"
	ImplStatuteOrStrategy   ImplementationKind = "statute-or-strategy"
	ImplProgressReport      ImplementationKind = "progress-report"
	ImplMeasuredConformance ImplementationKind = "measured-conformance"
	ImplMembership          ImplementationKind = "membership"
)

// ImplementationKinds lists the valid kinds.
var ImplementationKinds = []ImplementationKind{ImplNationalReport, ImplSurveyResponse,
	ImplStatuteOrStrategy, ImplProgressReport, ImplMeasuredConformance, ImplMembership}

// EvidenceBasis says whether implementation evidence is reported by the actor or measured by
// someone else.
type EvidenceBasis string

// The evidence bases.
const (
	EvidenceSelfReported EvidenceBasis = "self-reported"
	EvidenceMeasured     EvidenceBasis = "measured"
)

// EvidenceBases lists the valid evidence bases.
var EvidenceBases = []EvidenceBasis{EvidenceSelfReported, EvidenceMeasured}

// InternationalLaw is the invocation target that stands for international law as a whole.
const InternationalLaw = "international-law"

// Incident is a cyber operation that states publicly attributed.
type Incident struct {
	ID        string
	Name      string
	Aliases   []string
	Start     Date
	End       Date
	Summary   string
	TargetIDs []string // actors named as victims
	SourceIDs []string
}

// Blamed is the actor an attribution blames: a state, and the organ or group it names.
type Blamed struct {
	StateID string
	Organ   string
	Aliases []string
}

// Invocation is an attribution's appeal to a norm, an initiative or international law: stated
// (a verbatim quote from one of the act's sources) or derived (a curator's rationale).
type Invocation struct {
	Target        string // a norm id, an initiative id or InternationalLaw
	Basis         Basis
	Quote         string
	QuoteSourceID string
	Translated    bool // the quote is a translation
	Rationale     string
}

// Attribution is one public act attributing incidents to a state: a statement, a joint
// statement (one act, several attributors), a declaration, an indictment, sanctions …
type Attribution struct {
	ID            string
	Date          Date
	Form          AttributionForm
	AttributorIDs []string
	Coordinated   string // label shared by separate same-day coordinated acts; "" when none
	Blamed        Blamed
	IncidentIDs   []string
	Instrument    string // the instrument's id (decision number, case number); "" when none
	Summary       string
	SourceIDs     []string
	Invocations   []*Invocation
}

// Implementation is evidence that an actor implements norms or initiatives.
type Implementation struct {
	ID            string
	ActorID       string
	Kind          ImplementationKind
	Basis         EvidenceBasis
	Date          Date
	NormIDs       []string
	InitiativeIDs []string
	Summary       string
	SourceIDs     []string
}

// NodeID implements Node.
func (x *Incident) NodeID() string { return x.ID }

// NodeID implements Node.
func (x *Attribution) NodeID() string { return x.ID }

// NodeID implements Node.
func (x *Implementation) NodeID() string { return x.ID }

// Invokes reports whether the attribution invokes the target.
func (x *Attribution) Invokes(target string) bool {
	return slices.ContainsFunc(x.Invocations, func(v *Invocation) bool { return v.Target == target })
}

// Invocation returns the attribution's invocation of the target, or nil.
func (x *Attribution) Invocation(target string) *Invocation {
	for _, v := range x.Invocations {
		if v.Target == target {
			return v
		}
	}
	return nil
}

// Covers reports whether the implementation covers the norm or initiative.
func (x *Implementation) Covers(id string) bool {
	return slices.Contains(x.NormIDs, id) || slices.Contains(x.InitiativeIDs, id)
}

// IncidentOrder orders incidents by start (unknown last), then id.
func IncidentOrder(a, b *Incident) int {
	if a.Start.IsZero() != b.Start.IsZero() {
		if a.Start.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(a.Start.Compare(b.Start), strings.Compare(a.ID, b.ID))
}

// AttributionOrder orders attributions by date, then id.
func AttributionOrder(a, b *Attribution) int {
	return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID))
}

// ImplementationOrder orders implementations by actor, then date, then id.
func ImplementationOrder(a, b *Implementation) int {
	return cmp.Or(strings.Compare(a.ActorID, b.ActorID), a.Date.Compare(b.Date), strings.Compare(a.ID, b.ID))
}

// IncidentFilter selects incidents; empty fields select everything.
type IncidentFilter struct {
	Targets []string // actors named as victims, any of
	Text    string   // case-insensitive substring of id, name, aliases or summary
	From    Date     // started on or after
	To      Date     // started on or before
}

// Matches reports whether the incident passes the filter.
func (f IncidentFilter) Matches(x *Incident) bool {
	if len(f.Targets) > 0 && !intersect(f.Targets, x.TargetIDs) {
		return false
	}
	if (!f.From.IsZero() || !f.To.IsZero()) && !InRange(x.Start, f.From, f.To) {
		return false
	}
	return containsFold(f.Text, append([]string{x.ID, x.Name, x.Summary}, x.Aliases...)...)
}

// AttributionFilter selects attributions; empty fields select everything. Within a field,
// values are alternatives (any of); across fields, all must hold.
type AttributionFilter struct {
	Attributors []string
	Blamed      []string // the blamed state
	Forms       []AttributionForm
	Invokes     []string // norm ids, initiative ids or InternationalLaw
	Incidents   []string
	Coordinated string // the coordinated group's label; "" for any
	From        Date   // dated on or after
	To          Date   // dated on or before
}

// Matches reports whether the attribution passes the filter.
func (f AttributionFilter) Matches(x *Attribution) bool {
	switch {
	case len(f.Attributors) > 0 && !intersect(f.Attributors, x.AttributorIDs),
		len(f.Blamed) > 0 && !slices.Contains(f.Blamed, x.Blamed.StateID),
		len(f.Forms) > 0 && !slices.Contains(f.Forms, x.Form),
		len(f.Incidents) > 0 && !intersect(f.Incidents, x.IncidentIDs),
		f.Coordinated != "" && f.Coordinated != x.Coordinated,
		len(f.Invokes) > 0 && !slices.ContainsFunc(f.Invokes, x.Invokes),
		(!f.From.IsZero() || !f.To.IsZero()) && !InRange(x.Date, f.From, f.To):
		return false
	}
	return true
}

// ImplementationFilter selects implementations; empty fields select everything.
type ImplementationFilter struct {
	Actors []string
	Covers []string // norm or initiative ids, any of
	Kinds  []ImplementationKind
	Basis  EvidenceBasis // "" for any
}

// Matches reports whether the implementation passes the filter.
func (f ImplementationFilter) Matches(x *Implementation) bool {
	switch {
	case len(f.Actors) > 0 && !slices.Contains(f.Actors, x.ActorID),
		len(f.Covers) > 0 && !slices.ContainsFunc(f.Covers, x.Covers),
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, x.Kind),
		f.Basis != "" && f.Basis != x.Basis:
		return false
	}
	return true
}

func intersect(a, b []string) bool {
	return slices.ContainsFunc(a, func(s string) bool { return slices.Contains(b, s) })
}

func containsFold(text string, fields ...string) bool {
	if text == "" {
		return true
	}
	t := strings.ToLower(text)
	return slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(strings.ToLower(f), t) })
}

// ComplianceReader is the part of the Reader that reads the compliance layer. Batch methods
// answer in one round-trip, one result per id in the same order; every list is in
// AttributionOrder (attributions) or ImplementationOrder (implementations).
type ComplianceReader interface {
	Incidents(ctx context.Context, f IncidentFilter, p Page) (List[*Incident], error)
	Attributions(ctx context.Context, f AttributionFilter, p Page) (List[*Attribution], error)
	Implementations(ctx context.Context, f ImplementationFilter, p Page) (List[*Implementation], error)

	// AttributionsOfIncidents lists the acts attributing each incident.
	AttributionsOfIncidents(ctx context.Context, ids []string) ([][]*Attribution, error)
	// AttributionsByActors lists the acts each actor made (as one of the attributors).
	AttributionsByActors(ctx context.Context, ids []string) ([][]*Attribution, error)
	// AttributionsAgainstActors lists the acts blaming each actor.
	AttributionsAgainstActors(ctx context.Context, ids []string) ([][]*Attribution, error)
	// AttributionsInvoking lists the acts invoking each target (a norm, an initiative or
	// InternationalLaw).
	AttributionsInvoking(ctx context.Context, targets []string) ([][]*Attribution, error)
	// ImplementationsOfActors lists each actor's implementation evidence.
	ImplementationsOfActors(ctx context.Context, ids []string) ([][]*Implementation, error)
	// ImplementationsCovering lists the implementation evidence covering each norm or initiative.
	ImplementationsCovering(ctx context.Context, ids []string) ([][]*Implementation, error)
}

// Count is one bucket of a tally.
type Count struct {
	Key   string
	Count int
}

// InvocationSummary tallies the attribution acts that invoke one target: how often, when, by
// whom, against whom, in which form, stated or derived.
type InvocationSummary struct {
	Target       string
	Total        int // acts invoking the target
	Stated       int
	Derived      int
	First        Date
	Last         Date
	ByYear       []Count // ordered by year
	ByAttributor []Count // actor ids, most acts first, then id
	ByBlamed     []Count // blamed state ids, most acts first, then id
	ByForm       []Count // forms, most acts first, then form
}

// SummarizeInvocations tallies the acts among attrs that invoke target (others are ignored).
// An act with several attributors counts once for each of them.
func SummarizeInvocations(target string, attrs []*Attribution) *InvocationSummary {
	s := &InvocationSummary{Target: target}
	var acts []*Attribution
	for _, a := range attrs {
		v := a.Invocation(target)
		if v == nil {
			continue
		}
		acts = append(acts, a)
		if v.Basis == BasisStated {
			s.Stated++
		} else {
			s.Derived++
		}
	}
	c := CountAttributions(acts)
	s.Total, s.First, s.Last = c.Total, c.First, c.Last
	s.ByYear, s.ByAttributor, s.ByBlamed, s.ByForm = c.ByYear, c.ByAttributor, c.ByBlamed, c.ByForm
	return s
}

// AttributionCounts tallies attribution acts.
type AttributionCounts struct {
	Total         int
	First         Date
	Last          Date
	ByYear        []Count // ordered by year
	ByForm        []Count // most acts first, then form
	ByAttributor  []Count // actor ids, most acts first, then id; a joint act counts for each
	ByBlamed      []Count // blamed state ids, most acts first, then id
	ByYearAndForm []YearFormCount
}

// YearFormCount is the number of acts of one form in one year.
type YearFormCount struct {
	Year  string
	Form  AttributionForm
	Count int
}

// CountAttributions tallies acts by year, form, attributor and blamed state.
func CountAttributions(attrs []*Attribution) *AttributionCounts {
	c := &AttributionCounts{}
	years, forms, by, blamed := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	yearForm := map[YearFormCount]int{}
	for _, a := range attrs {
		c.Total++
		year := ""
		if !a.Date.IsZero() {
			if c.First.IsZero() || a.Date.Compare(c.First) < 0 {
				c.First = a.Date
			}
			if c.Last.IsZero() || a.Date.Compare(c.Last) > 0 {
				c.Last = a.Date
			}
			year = a.Date.String()[:4]
			years[year]++
		}
		forms[string(a.Form)]++
		yearForm[YearFormCount{Year: year, Form: a.Form}]++
		seen := map[string]bool{}
		for _, id := range a.AttributorIDs {
			if !seen[id] {
				seen[id] = true
				by[id]++
			}
		}
		if a.Blamed.StateID != "" {
			blamed[a.Blamed.StateID]++
		}
	}
	c.ByYear = tally(years, false)
	c.ByForm = tally(forms, true)
	c.ByAttributor = tally(by, true)
	c.ByBlamed = tally(blamed, true)
	c.ByYearAndForm = make([]YearFormCount, 0, len(yearForm))
	for k, n := range yearForm {
		k.Count = n
		c.ByYearAndForm = append(c.ByYearAndForm, k)
	}
	slices.SortFunc(c.ByYearAndForm, func(a, b YearFormCount) int {
		return cmp.Or(strings.Compare(a.Year, b.Year), cmp.Compare(b.Count, a.Count), strings.Compare(string(a.Form), string(b.Form)))
	})
	return c
}

// InvocationRankOrder ranks summaries: most acts first, then target id.
func InvocationRankOrder(a, b *InvocationSummary) int {
	return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Target, b.Target))
}

func tally(m map[string]int, byCount bool) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if byCount {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// InvocationTargets lists every target some attribution invokes, ordered by id.
func InvocationTargets(attrs []*Attribution) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range attrs {
		for _, v := range a.Invocations {
			if !seen[v.Target] {
				seen[v.Target] = true
				out = append(out, v.Target)
			}
		}
	}
	slices.Sort(out)
	return out
}

// SearchFields is what the full-text index of both backends holds of a compliance node, in
// the index's own fields.
type SearchFields struct {
	Name, Title, Summary, QuoteText string
}

// SearchFieldsOf returns the indexed text of an incident (name; aliases as title; summary),
// an attribution (the blamed organ as name; its aliases and the instrument as title; summary;
// the invocations' quotes) or an implementation (summary).
func SearchFieldsOf(n Node) SearchFields {
	switch x := n.(type) {
	case *Incident:
		return SearchFields{Name: x.Name, Title: strings.Join(x.Aliases, "; "), Summary: x.Summary}
	case *Attribution:
		var quotes []string
		for _, v := range x.Invocations {
			if v.Quote != "" {
				quotes = append(quotes, v.Quote)
			}
		}
		title := x.Blamed.Aliases
		if x.Instrument != "" {
			title = append(slices.Clone(title), x.Instrument)
		}
		return SearchFields{Name: x.Blamed.Organ, Title: strings.Join(title, "; "), Summary: x.Summary,
			QuoteText: strings.Join(quotes, "\n")}
	case *Implementation:
		return SearchFields{Summary: x.Summary}
	}
	return SearchFields{}
}

// AttributionInvocation is one invocation together with the act that makes it.
type AttributionInvocation struct {
	Attribution *Attribution
	Invocation  *Invocation
}

// InvocationsOf pairs each of attrs with its invocation of target, skipping acts that do not
// invoke it.
func InvocationsOf(target string, attrs []*Attribution) []*AttributionInvocation {
	out := []*AttributionInvocation{}
	for _, a := range attrs {
		if v := a.Invocation(target); v != nil {
			out = append(out, &AttributionInvocation{Attribution: a, Invocation: v})
		}
	}
	return out
}
