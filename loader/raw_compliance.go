package loader

import "github.com/normgraph/normgraph"

// The compliance sections (see data/README.md, "Incidents, attributions and implementations").

type rawIncident struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
	Start   string   `yaml:"start"`
	End     string   `yaml:"end"`
	Summary string   `yaml:"summary"`
	Targets []string `yaml:"targets"`
	Sources []string `yaml:"sources"`
}

type rawBlamed struct {
	State   string   `yaml:"state"`
	Organ   string   `yaml:"organ"`
	Aliases []string `yaml:"aliases"`
}

type rawInvocation struct {
	Target      string `yaml:"target"`
	Basis       string `yaml:"basis"`
	Quote       string `yaml:"quote"`
	QuoteSource string `yaml:"quoteSource"`
	Translated  bool   `yaml:"translated"`
	Rationale   string `yaml:"rationale"`
}

type rawAttribution struct {
	ID          string           `yaml:"id"`
	Date        string           `yaml:"date"`
	Form        string           `yaml:"form"`
	Attributors []string         `yaml:"attributors"`
	Coordinated string           `yaml:"coordinated"`
	Blamed      *rawBlamed       `yaml:"blamed"`
	Incidents   []string         `yaml:"incidents"`
	Instrument  string           `yaml:"instrument"`
	Summary     string           `yaml:"summary"`
	Sources     []string         `yaml:"sources"`
	Invocations []*rawInvocation `yaml:"invocations"`
}

type rawImplementation struct {
	ID          string   `yaml:"id"`
	Actor       string   `yaml:"actor"`
	Kind        string   `yaml:"kind"`
	Basis       string   `yaml:"basis"`
	Date        string   `yaml:"date"`
	Norms       []string `yaml:"norms"`
	Initiatives []string `yaml:"initiatives"`
	Summary     string   `yaml:"summary"`
	Sources     []string `yaml:"sources"`
}

func (s *state) addIncidents(rs []rawIncident, at atFunc) {
	for i, r := range rs {
		p := s.register("incidents", len(s.ds.Incidents), at, i)
		s.ds.Incidents = append(s.ds.Incidents, &normgraph.Incident{
			ID: r.ID, Name: trim(r.Name), Aliases: trimAll(r.Aliases),
			Start: s.date(p, "start", r.Start), End: s.date(p, "end", r.End),
			Summary: trim(r.Summary), TargetIDs: r.Targets, SourceIDs: r.Sources,
		})
	}
}

func (s *state) addAttributions(rs []rawAttribution, at atFunc) {
	for i, r := range rs {
		p := s.register("attributions", len(s.ds.Attributions), at, i)
		x := &normgraph.Attribution{
			ID: r.ID, Date: s.date(p, "date", r.Date), Form: normgraph.AttributionForm(r.Form),
			AttributorIDs: r.Attributors, Coordinated: r.Coordinated, IncidentIDs: r.Incidents,
			Instrument: trim(r.Instrument), Summary: trim(r.Summary), SourceIDs: r.Sources,
		}
		if r.Blamed != nil {
			x.Blamed = normgraph.Blamed{StateID: r.Blamed.State, Organ: trim(r.Blamed.Organ), Aliases: trimAll(r.Blamed.Aliases)}
		}
		for _, v := range r.Invocations {
			if v == nil {
				x.Invocations = append(x.Invocations, nil)
				continue
			}
			// Quotes are verbatim: kept as written, only the YAML's own line handling applies.
			x.Invocations = append(x.Invocations, &normgraph.Invocation{
				Target: v.Target, Basis: normgraph.Basis(v.Basis), Quote: trim(v.Quote),
				QuoteSourceID: v.QuoteSource, Translated: v.Translated, Rationale: trim(v.Rationale),
			})
		}
		s.ds.Attributions = append(s.ds.Attributions, x)
	}
}

func (s *state) addImplementations(rs []rawImplementation, at atFunc) {
	for i, r := range rs {
		p := s.register("implementations", len(s.ds.Implementations), at, i)
		s.ds.Implementations = append(s.ds.Implementations, &normgraph.Implementation{
			ID: r.ID, ActorID: r.Actor, Kind: normgraph.ImplementationKind(r.Kind),
			Basis: normgraph.EvidenceBasis(r.Basis), Date: s.date(p, "date", r.Date),
			NormIDs: r.Norms, InitiativeIDs: r.Initiatives, Summary: trim(r.Summary), SourceIDs: r.Sources,
		})
	}
}

func trimAll(xs []string) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = trim(x)
	}
	return out
}
