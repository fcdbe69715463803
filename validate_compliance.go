package normgraph

import (
	"fmt"
	"slices"
	"strings"
)

// compliance checks the compliance layer (incidents, attributions, implementations): it
// declares their ids, then checks their fields and references.
func (v *validator) compliance() {
	d, c := v.d, &v.checker
	declare := func(id, kind string) {
		v.declare("id", id, kind, IsSlug(id) && strings.HasPrefix(id, kind+"-"))
	}
	ref := func(field, id string, want ...string) {
		got, ok := v.kinds[id]
		switch {
		case len(want) == 1 || id == "":
			v.ref(field, id, want[0])
		case !ok:
			c.add(field, "unknown %s %q", strings.Join(want, " or "), id)
		case !slices.Contains(want, got):
			c.add(field, "%q is %s %s, not %s %s", id, article(got), got, article(want[0]), strings.Join(want, " or "))
		}
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
	sources := v.sources
	required := func(field string, x Date) {
		if x.IsZero() {
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
		for j, iv := range x.Invocations {
			f := func(name string) string { return fmt.Sprintf("invocations[%d].%s", j, name) }
			if iv == nil {
				c.add(fmt.Sprintf("invocations[%d]", j), "empty invocation")
				continue
			}
			if iv.Target != InternationalLaw {
				ref(f("target"), iv.Target, "norm", "initiative")
			}
			if targets[iv.Target] {
				c.add(f("target"), "%q is invoked twice by one act", iv.Target)
			}
			targets[iv.Target] = true
			enumCheck(c, f("basis"), iv.Basis, Bases)
			switch iv.Basis {
			case BasisStated:
				c.required(f("quote"), iv.Quote)
				if iv.QuoteSourceID == "" {
					c.add(f("quoteSource"), "quoteSource is required for a stated invocation")
				} else if !slices.Contains(x.SourceIDs, iv.QuoteSourceID) {
					c.add(f("quoteSource"), "quoteSource %q is not one of the act's sources", iv.QuoteSourceID)
				}
				if strings.TrimSpace(iv.Rationale) != "" {
					c.add(f("rationale"), "a stated invocation carries a quote, not a rationale")
				}
			case BasisDerived:
				c.required(f("rationale"), iv.Rationale)
				if iv.Quote != "" || iv.QuoteSourceID != "" || iv.Translated {
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
