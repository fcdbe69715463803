package normgraph

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Ref points at one entry of a Dataset: its section ("norms") and index in that section.
type Ref struct {
	Section string
	Index   int
}

// Problem is one validation failure: the entry, the field at fault ("" for the entry as a
// whole) and a message.
type Problem struct {
	Ref     Ref
	Field   string
	Message string
}

// ValidationError lists every problem found in a dataset. Its code is EINVALID.
type ValidationError struct {
	Problems []Problem
}

// Error implements error.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the dataset", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "\n%s[%d]", p.Ref.Section, p.Ref.Index)
		if p.Field != "" {
			fmt.Fprintf(&b, ".%s", p.Field)
		}
		fmt.Fprintf(&b, ": %s", p.Message)
	}
	return b.String()
}

// Unwrap lets errors.As find the code: a ValidationError is an EINVALID error.
func (e *ValidationError) Unwrap() error { return &Error{Code: EINVALID, Message: e.Error()} }

var (
	slugRE     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	normIDRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)
	iso3RE     = regexp.MustCompile(`^[A-Z]{3}$`)
	sourceIDRE = regexp.MustCompile(`^src-[a-z0-9]+(-[a-z0-9]+)*$`)
)

// IsSlug reports whether s is a valid plain id: lowercase letters and digits in dash-separated words.
func IsSlug(s string) bool { return slugRE.MatchString(s) }

// ValidURL reports whether s is an absolute http or https URL with a host.
func ValidURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " \t\n")
}

type checker struct {
	problems []Problem
	ref      Ref
}

func (c *checker) at(section string, i int) { c.ref = Ref{section, i} }

func (c *checker) add(field, format string, args ...any) {
	c.problems = append(c.problems, Problem{c.ref, field, fmt.Sprintf(format, args...)})
}

func (c *checker) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		c.add(field, "%s is required", field)
	}
}

func enumCheck[T ~string](c *checker, field string, v T, valid []T) {
	if !slices.Contains(valid, v) {
		names := make([]string, len(valid))
		for i, x := range valid {
			names[i] = string(x)
		}
		if v == "" {
			c.add(field, "%s is required (one of %s)", field, strings.Join(names, ", "))
			return
		}
		c.add(field, "unknown %s %q (want one of %s)", field, v, strings.Join(names, ", "))
	}
}

// Validate checks the dataset as a whole and returns a *ValidationError listing every problem,
// or nil: ids well-formed and unique across all node types, every reference resolving to a node
// of the right type, enums and URLs valid, every node and relationship citing at least one source,
// every norm addressing a theme, itemized initiatives holding exactly their declared count of
// norms, no relationship with `until` before `since`, and no actor listed twice.
func (d *Dataset) Validate() error {
	c := &checker{}
	kinds := map[string]string{} // id -> node type
	declare := func(field, id, kind string, wellFormed bool) {
		if id == "" {
			c.add(field, "id is required")
			return
		}
		if !wellFormed {
			c.add(field, "malformed %s id %q", kind, id)
		}
		if prev, ok := kinds[id]; ok {
			c.add(field, "duplicate id %q (already used by a %s)", id, prev)
			return
		}
		kinds[id] = kind
	}
	for i, s := range d.Sources {
		c.at("sources", i)
		declare("id", s.ID, "source", sourceIDRE.MatchString(s.ID))
		c.required("title", s.Title)
		if s.URL == "" {
			c.add("url", "url is required")
		} else if !ValidURL(s.URL) {
			c.add("url", "malformed url %q (want an absolute http or https URL)", s.URL)
		}
	}
	for i, x := range d.Categories {
		c.at("categories", i)
		declare("id", string(x.ID), "category", true)
		enumCheck(c, "id", x.ID, Categories)
		c.required("name", x.Name)
	}
	for i, t := range d.Themes {
		c.at("themes", i)
		declare("id", t.ID, "theme", IsSlug(t.ID))
		c.required("name", t.Name)
		c.required("definition", t.Definition)
	}
	for i, in := range d.Initiatives {
		c.at("initiatives", i)
		declare("id", in.ID, "initiative", IsSlug(in.ID))
	}
	for i, n := range d.Norms {
		c.at("norms", i)
		declare("id", n.ID, "norm", normIDRE.MatchString(n.ID))
	}
	for i, a := range d.Actors {
		c.at("actors", i)
		declare("id", a.ID, "actor", IsSlug(a.ID))
	}

	ref := func(field, id, want string) {
		if id == "" {
			c.add(field, "%s is required", field)
			return
		}
		got, ok := kinds[id]
		switch {
		case !ok:
			c.add(field, "unknown %s %q", want, id)
		case got != want:
			c.add(field, "%q is %s %s, not %s %s", id, article(got), got, article(want), want)
		}
	}
	sources := func(ids []string) {
		if len(ids) == 0 {
			c.add("sources", "no source: every fact needs at least one source")
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if seen[id] {
				c.add("sources", "source %q listed twice", id)
			}
			seen[id] = true
			ref("sources", id, "source")
		}
	}
	span := func(since, until Date) {
		if until.Before(since) {
			c.add("until", "until %s is before since %s", until, since)
		}
	}

	for i, x := range d.Categories {
		c.at("categories", i)
		sources(x.SourceIDs)
	}
	for i, t := range d.Themes {
		c.at("themes", i)
		sources(t.SourceIDs)
	}
	normCount := map[string]int{}
	for i, n := range d.Norms {
		c.at("norms", i)
		ref("initiative", n.InitiativeID, "initiative")
		if n.InitiativeID != "" && !strings.HasPrefix(n.ID, n.InitiativeID+"/") {
			c.add("id", "norm id %q must start with its initiative id %q and a slash", n.ID, n.InitiativeID)
		}
		normCount[n.InitiativeID]++
		c.required("code", n.Code)
		c.required("title", n.Title)
		c.required("summary", n.Summary)
		enumCheck(c, "category", n.Category, Categories)
		enumCheck(c, "addressee", n.Addressee, Addressees)
		if len(n.ThemeIDs) == 0 {
			c.add("themes", "no theme: every norm addresses at least one theme")
		}
		for _, t := range n.ThemeIDs {
			ref("themes", t, "theme")
		}
		if q := n.Quote; q != nil {
			c.required("quote.text", q.Text)
			ref("quote.source", q.SourceID, "source")
		}
		sources(n.SourceIDs)
	}
	for i, in := range d.Initiatives {
		c.at("initiatives", i)
		c.required("name", in.Name)
		c.required("summary", in.Summary)
		enumCheck(c, "kind", in.Kind, InitiativeKinds)
		enumCheck(c, "status", in.Status, Statuses)
		enumCheck(c, "itemized", in.Itemized, Itemizations)
		if len(in.Addressees) == 0 {
			c.add("addressees", "addressees is required")
		}
		for _, a := range in.Addressees {
			enumCheck(c, "addressees", a, Addressees)
		}
		if in.URL != "" && !ValidURL(in.URL) {
			c.add("url", "malformed url %q (want an absolute http or https URL)", in.URL)
		}
		if (in.Itemized == ItemizedPartial || in.Itemized == ItemizedNone) && strings.TrimSpace(in.ItemizedNote) == "" {
			c.add("itemizedNote", "itemizedNote is required when itemized is %s: say why and what is missing", in.Itemized)
		}
		got := normCount[in.ID]
		switch {
		case in.ExpectedNorms < 0:
			c.add("expectedNorms", "expectedNorms must not be negative")
		case in.ExpectedNorms > 0 && in.Itemized == ItemizedFull && got != in.ExpectedNorms:
			c.add("expectedNorms", "the document has %d items but the dataset holds %d norm(s) of %s", in.ExpectedNorms, got, in.ID)
		case in.ExpectedNorms > 0 && got > in.ExpectedNorms:
			c.add("expectedNorms", "the document has %d items but the dataset holds %d norm(s) of %s", in.ExpectedNorms, got, in.ID)
		case in.Itemized == ItemizedNone && got > 0:
			c.add("itemized", "itemized is none but the dataset holds %d norms of %s", got, in.ID)
		case in.Itemized == ItemizedFull && got == 0:
			c.add("itemized", "itemized is full but the dataset holds no norm of %s", in.ID)
		}
		sources(in.SourceIDs)
	}
	isoSeen := map[string]int{}
	nameSeen := map[string]int{}
	for i, a := range d.Actors {
		c.at("actors", i)
		c.required("name", a.Name)
		enumCheck(c, "type", a.Type, ActorTypes)
		if a.Type == ActorState {
			if !iso3RE.MatchString(a.ISO3) {
				c.add("iso3", "a state needs its ISO 3166-1 alpha-3 code, got %q", a.ISO3)
			} else if !IsISO3166Alpha3(a.ISO3) {
				c.add("iso3", "unknown ISO 3166-1 alpha-3 code %q", a.ISO3)
			} else if prev, ok := isoSeen[a.ISO3]; ok {
				c.add("iso3", "ISO code %s already belongs to actor %q", a.ISO3, d.Actors[prev].ID)
			} else {
				isoSeen[a.ISO3] = i
			}
		} else if a.ISO3 != "" {
			c.add("iso3", "only states have an iso3 code (use country for an actor's home country)")
		}
		if a.Country != "" && !IsISO3166Alpha3(a.Country) {
			c.add("country", "unknown ISO 3166-1 alpha-3 country code %q", a.Country)
		}
		key := strings.ToLower(strings.Join(strings.Fields(a.Name), " ")) + "|" + a.Country
		if prev, ok := nameSeen[key]; ok {
			c.add("name", "actor %q has the same name as actor %q", a.ID, d.Actors[prev].ID)
		} else {
			nameSeen[key] = i
		}
		sources(a.SourceIDs)
	}
	type pair struct{ a, b, k string }
	seenRel := map[pair]bool{}
	for i, p := range d.Participations {
		c.at("participations", i)
		ref("actor", p.ActorID, "actor")
		ref("initiative", p.InitiativeID, "initiative")
		enumCheck(c, "role", p.Role, Roles)
		span(p.Since, p.Until)
		if p.Via != "" {
			c.add("", "participations are curated: derived ones are computed, not listed")
		}
		k := pair{p.ActorID, p.InitiativeID, string(p.Role)}
		if seenRel[k] {
			c.add("", "%s is listed twice as %s of %s", p.ActorID, p.Role, p.InitiativeID)
		}
		seenRel[k] = true
		sources(p.SourceIDs)
	}
	for i, m := range d.Memberships {
		c.at("memberships", i)
		ref("actor", m.ActorID, "actor")
		ref("organization", m.OrganizationID, "actor")
		k := pair{m.ActorID, m.OrganizationID, "member since " + m.Since.String()}
		if seenRel[k] {
			c.add("", "%s is listed twice as member of %s since %s", m.ActorID, m.OrganizationID, m.Since)
		}
		seenRel[k] = true
		if m.ActorID == m.OrganizationID && m.ActorID != "" {
			c.add("organization", "an actor cannot be a member of itself")
		}
		span(m.Since, m.Until)
		sources(m.SourceIDs)
	}
	for i, l := range d.Links {
		c.at("links", i)
		ref("from", l.FromID, "initiative")
		ref("to", l.ToID, "initiative")
		enumCheck(c, "kind", l.Kind, LinkKinds)
		if l.FromID == l.ToID && l.FromID != "" {
			c.add("to", "an initiative cannot link to itself")
		}
		k := pair{l.FromID, l.ToID, string(l.Kind)}
		if seenRel[k] {
			c.add("", "link %s %s %s is listed twice", l.FromID, l.Kind, l.ToID)
		}
		seenRel[k] = true
		sources(l.SourceIDs)
	}
	for i, x := range d.Correspondences {
		c.at("correspondences", i)
		ref("from", x.FromID, "norm")
		ref("to", x.ToID, "norm")
		enumCheck(c, "kind", x.Kind, CorrespondenceKinds)
		enumCheck(c, "basis", x.Basis, Bases)
		c.required("rationale", x.Rationale)
		if x.FromID == x.ToID && x.FromID != "" {
			c.add("to", "a norm cannot correspond to itself")
		}
		a, b := x.FromID, x.ToID
		if b < a {
			a, b = b, a
		}
		k := pair{a, b, "corr"}
		if seenRel[k] {
			c.add("", "correspondence between %s and %s is listed twice", x.FromID, x.ToID)
		}
		seenRel[k] = true
		sources(x.SourceIDs)
	}
	d.validateCompliance(c, kinds)
	if len(c.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: c.problems}
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}
