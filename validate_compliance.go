package normgraph

import (
	"fmt"
	"slices"
	"strings"
)

// validateCompliance checks the compliance layer (incidents, attributions, implementations)
// against the ids the rest of the dataset declared in kinds, and declares its own ids there.
func (d *Dataset) validateCompliance(c *checker, kinds map[string]string) {
	declare := func(id, kind string) {
		switch {
		case id == "":
			c.add("id", "id is required")
			return
		case !IsSlug(id) || !strings.HasPrefix(id, kind+"-"):
			c.add("id", "malformed %s id %q (want %s-<slug>: lowercase letters, digits and dashes)", kind, id, kind)
		}
		if prev, ok := kinds[id]; ok {
			c.add("id", "duplicate id %q (already used by %s %s)", id, article(prev), prev)
			return
		}
		kinds[id] = kind
	}
	ref := func(field, id string, want ...string) {
		if id == "" {
			c.add(field, "%s is required", field)
			return
		}
		got, ok := kinds[id]
		if !ok {
			c.add(field, "unknown %s %q", strings.Join(want, " or "), id)
			return
		}
		for _, w := range want {
			if got == w {
				return
			}
		}
		c.add(field, "%q is %s %s, not %s %s", id, article(got), got, article(want[0]), strings.Join(want, " or "))
	}
	refs := func(field string, ids []string, want string) {
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				c.add(field, "%q is listed twice", id)
			}
			seen[id] = true
			ref(field, id, want)
		}
	}
	sources := func(ids []string) {
		if len(ids) == 0 {
			c.add("sources", "no source: every fact needs at least one source")
		}
		refs("sources", ids, "source")
	}
	required := func(field string, v Date) {
		if v.IsZero() {
			c.add(field, "%s is required (YYYY, YYYY-MM or YYYY-MM-DD)", field)
		}
	}

	for i, x := range d.Incidents {
		c.at("incidents", i)
		declare(x.ID, "incident")
	}
	for i, x := range d.Attributions {
		c.at("attributions", i)
		declare(x.ID, "attribution")
	}
	for i, x := range d.Implementations {
		c.at("implementations", i)
		declare(x.ID, "implementation")
	}

	for i, x := range d.Incidents {
		c.at("incidents", i)
		c.required("name", x.Name)
		c.required("summary", x.Summary)
		required("start", x.Start)
		if !x.End.IsZero() && x.End.Before(x.Start) {
			c.add("end", "end %s is before start %s", x.End, x.Start)
		}
		for _, a := range x.Aliases {
			c.required("aliases", a)
		}
		refs("targets", x.TargetIDs, "actor")
		sources(x.SourceIDs)
	}
	actors := map[string]*Actor{}
	for _, a := range d.Actors {
		actors[a.ID] = a
	}
	coordinated := map[string]Date{}
	for i, x := range d.Attributions {
		c.at("attributions", i)
		required("date", x.Date)
		enumCheck(c, "form", x.Form, AttributionForms)
		if len(x.AttributorIDs) == 0 {
			c.add("attributors", "attributors is required: at least one actor")
		}
		refs("attributors", x.AttributorIDs, "actor")
		ref("blamed.state", x.Blamed.StateID, "actor")
		if a, ok := actors[x.Blamed.StateID]; ok && a.Type != ActorState {
			c.add("blamed.state", "%q is %s %s, not a state", a.ID, article(string(a.Type)), a.Type)
		}
		for _, id := range x.AttributorIDs {
			if id == x.Blamed.StateID && id != "" {
				c.add("attributors", "%q both attributes and is blamed", id)
			}
		}
		for _, a := range x.Blamed.Aliases {
			c.required("blamed.aliases", a)
		}
		if len(x.IncidentIDs) == 0 {
			c.add("incidents", "incidents is required: at least one incident")
		}
		refs("incidents", x.IncidentIDs, "incident")
		if x.Coordinated != "" {
			if !IsSlug(x.Coordinated) {
				c.add("coordinated", "malformed label %q (want lowercase letters, digits and dashes)", x.Coordinated)
			}
			if prev, ok := coordinated[x.Coordinated]; ok && prev != x.Date {
				c.add("coordinated", "coordinated acts %q fall on %s and %s: same-day acts only", x.Coordinated, prev, x.Date)
			} else {
				coordinated[x.Coordinated] = x.Date
			}
		}
		sources(x.SourceIDs)
		targets := map[string]bool{}
		for j, v := range x.Invocations {
			f := func(name string) string { return fmt.Sprintf("invocations[%d].%s", j, name) }
			if v == nil {
				c.add(fmt.Sprintf("invocations[%d]", j), "empty invocation")
				continue
			}
			if v.Target != InternationalLaw {
				ref(f("target"), v.Target, "norm", "initiative")
			}
			if targets[v.Target] {
				c.add(f("target"), "%q is invoked twice by one act", v.Target)
			}
			targets[v.Target] = true
			enumCheck(c, f("basis"), v.Basis, Bases)
			switch v.Basis {
			case BasisStated:
				c.required(f("quote"), v.Quote)
				if v.QuoteSourceID == "" {
					c.add(f("quoteSource"), "quoteSource is required for a stated invocation")
				} else if !slices.Contains(x.SourceIDs, v.QuoteSourceID) {
					c.add(f("quoteSource"), "quoteSource %q is not one of the act's sources", v.QuoteSourceID)
				}
				if strings.TrimSpace(v.Rationale) != "" {
					c.add(f("rationale"), "a stated invocation carries a quote, not a rationale")
				}
			case BasisDerived:
				c.required(f("rationale"), v.Rationale)
				if v.Quote != "" || v.QuoteSourceID != "" || v.Translated {
					c.add(f("quote"), "a derived invocation carries a rationale, not a quote")
				}
			}
		}
	}
	for i, x := range d.Implementations {
		c.at("implementations", i)
		ref("actor", x.ActorID, "actor")
		enumCheck(c, "kind", x.Kind, ImplementationKinds)
		enumCheck(c, "basis", x.Basis, EvidenceBases)
		required("date", x.Date)
		c.required("summary", x.Summary)
		if len(x.NormIDs) == 0 && len(x.InitiativeIDs) == 0 {
			c.add("norms", "no norm and no initiative: implementation evidence covers at least one")
		}
		refs("norms", x.NormIDs, "norm")
		refs("initiatives", x.InitiativeIDs, "initiative")
		sources(x.SourceIDs)
	}
}
