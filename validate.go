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
//
// Each section has its own method; ids are declared first so that every section can resolve
// references to any other.
func (d *Dataset) Validate() error {
	v := &validator{d: d, kinds: map[string]string{}, seenRel: map[relKey]bool{}, normCount: map[string]int{},
		normInitiative: map[string]string{}}
	v.declareIDs()
	v.categories()
	v.themes()
	v.norms()
	v.initiatives()
	v.actors()
	v.participations()
	v.memberships()
	v.links()
	v.correspondences()
	v.compliance() // validate_compliance.go
	v.guidance()
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

// relKey identifies a relationship for the "listed twice" checks.
type relKey struct{ a, b, k string }

// validator holds what the section checks share: the problems found, the node type of every
// declared id, the relationships seen and the number of norms per initiative.
type validator struct {
	normInitiative map[string]string // norm id -> its initiative, for the guidance checks
	checker
	d         *Dataset
	kinds     map[string]string // id -> node type
	seenRel   map[relKey]bool
	normCount map[string]int
}

// declare records a node id and reports a missing, malformed or duplicate one.
func (v *validator) declare(field, id, kind string, wellFormed bool) {
	if id == "" {
		v.add(field, "id is required")
		return
	}
	if !wellFormed {
		v.add(field, "malformed %s id %q", kind, id)
	}
	if prev, ok := v.kinds[id]; ok {
		v.add(field, "duplicate id %q (already used by a %s)", id, prev)
		return
	}
	v.kinds[id] = kind
}

// ref reports a missing reference or one that does not resolve to a node of type want.
func (v *validator) ref(field, id, want string) {
	if id == "" {
		v.add(field, "%s is required", field)
		return
	}
	got, ok := v.kinds[id]
	switch {
	case !ok:
		v.add(field, "unknown %s %q", want, id)
	case got != want:
		v.add(field, "%q is %s %s, not %s %s", id, article(got), got, article(want), want)
	}
}

// sources checks a fact's source list: at least one, no repeats, each a source.
func (v *validator) sources(ids []string) {
	if len(ids) == 0 {
		v.add("sources", "no source: every fact needs at least one source")
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			v.add("sources", "source %q listed twice", id)
		}
		seen[id] = true
		v.ref("sources", id, "source")
	}
}

func (v *validator) span(since, until Date) {
	if until.Before(since) {
		v.add("until", "until %s is before since %s", until, since)
	}
}

// twice reports whether a relationship was seen before, and records it.
func (v *validator) twice(k relKey) bool {
	if v.seenRel[k] {
		return true
	}
	v.seenRel[k] = true
	return false
}

// declareIDs declares every node id (and checks the sources, which reference nothing).
func (v *validator) declareIDs() {
	d := v.d
	for i, s := range d.Sources {
		v.at("sources", i)
		v.declare("id", s.ID, "source", sourceIDRE.MatchString(s.ID))
		v.required("title", s.Title)
		enumCheck(&v.checker, "kind", s.Kind, SourceKinds)
		if s.URL == "" {
			v.add("url", "url is required")
		} else if !ValidURL(s.URL) {
			v.add("url", "malformed url %q (want an absolute http or https URL)", s.URL)
		}
	}
	for i, x := range d.Categories {
		v.at("categories", i)
		v.declare("id", string(x.ID), "category", true)
		enumCheck(&v.checker, "id", x.ID, Categories)
		v.required("name", x.Name)
	}
	for i, t := range d.Themes {
		v.at("themes", i)
		v.declare("id", t.ID, "theme", IsSlug(t.ID))
		v.required("name", t.Name)
		v.required("definition", t.Definition)
	}
	for i, in := range d.Initiatives {
		v.at("initiatives", i)
		v.declare("id", in.ID, "initiative", IsSlug(in.ID))
	}
	for i, n := range d.Norms {
		v.at("norms", i)
		v.declare("id", n.ID, "norm", normIDRE.MatchString(n.ID))
	}
	for i, a := range d.Actors {
		v.at("actors", i)
		v.declare("id", a.ID, "actor", IsSlug(a.ID))
	}
}

func (v *validator) categories() {
	for i, x := range v.d.Categories {
		v.at("categories", i)
		v.sources(x.SourceIDs)
	}
}

func (v *validator) themes() {
	for i, t := range v.d.Themes {
		v.at("themes", i)
		v.sources(t.SourceIDs)
	}
}

func (v *validator) norms() {
	for i, n := range v.d.Norms {
		v.at("norms", i)
		v.ref("initiative", n.InitiativeID, "initiative")
		if n.InitiativeID != "" && !strings.HasPrefix(n.ID, n.InitiativeID+"/") {
			v.add("id", "norm id %q must start with its initiative id %q and a slash", n.ID, n.InitiativeID)
		}
		v.normCount[n.InitiativeID]++
		v.normInitiative[n.ID] = n.InitiativeID
		v.required("code", n.Code)
		v.required("title", n.Title)
		v.required("summary", n.Summary)
		enumCheck(&v.checker, "category", n.Category, Categories)
		enumCheck(&v.checker, "addressee", n.Addressee, Addressees)
		if len(n.ThemeIDs) == 0 {
			v.add("themes", "no theme: every norm addresses at least one theme")
		}
		for _, t := range n.ThemeIDs {
			v.ref("themes", t, "theme")
		}
		if q := n.Quote; q != nil {
			v.required("quote.text", q.Text)
			v.ref("quote.source", q.SourceID, "source")
		}
		v.sources(n.SourceIDs)
	}
}

// initiatives runs after norms: it compares each initiative's declared count with its norms.
func (v *validator) initiatives() {
	for i, in := range v.d.Initiatives {
		v.at("initiatives", i)
		v.required("name", in.Name)
		v.required("summary", in.Summary)
		enumCheck(&v.checker, "kind", in.Kind, InitiativeKinds)
		enumCheck(&v.checker, "status", in.Status, Statuses)
		enumCheck(&v.checker, "itemized", in.Itemized, Itemizations)
		if len(in.Addressees) == 0 {
			v.add("addressees", "addressees is required")
		}
		for _, a := range in.Addressees {
			enumCheck(&v.checker, "addressees", a, Addressees)
		}
		if in.URL != "" && !ValidURL(in.URL) {
			v.add("url", "malformed url %q (want an absolute http or https URL)", in.URL)
		}
		if (in.Itemized == ItemizedPartial || in.Itemized == ItemizedNone) && strings.TrimSpace(in.ItemizedNote) == "" {
			v.add("itemizedNote", "itemizedNote is required when itemized is %s: say why and what is missing", in.Itemized)
		}
		v.normCountMatches(in)
		v.sources(in.SourceIDs)
	}
}

func (v *validator) normCountMatches(in *Initiative) {
	got := v.normCount[in.ID]
	switch {
	case in.ExpectedNorms < 0:
		v.add("expectedNorms", "expectedNorms must not be negative")
	case in.ExpectedNorms > 0 && in.Itemized == ItemizedFull && got != in.ExpectedNorms:
		v.add("expectedNorms", "the document has %d items but the dataset holds %d norm(s) of %s", in.ExpectedNorms, got, in.ID)
	case in.ExpectedNorms > 0 && got > in.ExpectedNorms:
		v.add("expectedNorms", "the document has %d items but the dataset holds %d norm(s) of %s", in.ExpectedNorms, got, in.ID)
	case in.Itemized == ItemizedNone && got > 0:
		v.add("itemized", "itemized is none but the dataset holds %d norms of %s", got, in.ID)
	case in.Itemized == ItemizedFull && got == 0:
		v.add("itemized", "itemized is full but the dataset holds no norm of %s", in.ID)
	}
}

// corporateSuffixes are the words dropped when comparing actor names for one real-world entity
// ("Dell" and "Dell Technologies", "Symantec" and "Symantec Corporation").
var corporateSuffixes = map[string]bool{"inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "group": true, "ltd": true, "limited": true, "llc": true, "plc": true,
	"sa": true, "ag": true, "gmbh": true, "technologies": true, "holdings": true, "the": true, "se": true,
	"nv": true, "bv": true, "spa": true, "ab": true, "oy": true, "asa": true, "pty": true, "llp": true}

var nonAlnumRE = regexp.MustCompile(`[^a-z0-9]+`)

// entityKey is an actor's name without case, punctuation and corporate suffixes, with its type:
// two actors of one type whose keys match (and whose home countries do not differ) are one entity.
func entityKey(a *Actor) string {
	var words []string
	for _, w := range strings.Fields(nonAlnumRE.ReplaceAllString(strings.ToLower(a.Name), " ")) {
		if !corporateSuffixes[w] {
			words = append(words, w)
		}
	}
	return string(a.Type) + "|" + strings.Join(words, " ")
}

func (v *validator) actors() {
	isoSeen := map[string]int{}
	nameSeen := map[string]int{}
	entitySeen := map[string][]int{}
	for i, a := range v.d.Actors {
		v.at("actors", i)
		v.required("name", a.Name)
		enumCheck(&v.checker, "type", a.Type, ActorTypes)
		if a.Type == ActorState {
			if !iso3RE.MatchString(a.ISO3) {
				v.add("iso3", "a state needs its ISO 3166-1 alpha-3 code, got %q", a.ISO3)
			} else if !IsISO3166Alpha3(a.ISO3) {
				v.add("iso3", "unknown ISO 3166-1 alpha-3 code %q", a.ISO3)
			} else if prev, ok := isoSeen[a.ISO3]; ok {
				v.add("iso3", "ISO code %s already belongs to actor %q", a.ISO3, v.d.Actors[prev].ID)
			} else {
				isoSeen[a.ISO3] = i
			}
		} else if a.ISO3 != "" {
			v.add("iso3", "only states have an iso3 code (use country for an actor's home country)")
		}
		if a.Country != "" && !IsISO3166Alpha3(a.Country) {
			v.add("country", "unknown ISO 3166-1 alpha-3 country code %q", a.Country)
		}
		key := strings.ToLower(strings.Join(strings.Fields(a.Name), " ")) + "|" + a.Country
		if prev, ok := nameSeen[key]; ok {
			v.add("name", "actor %q has the same name as actor %q", a.ID, v.d.Actors[prev].ID)
		} else {
			nameSeen[key] = i
			v.sameEntity(i, entitySeen)
		}
		v.sources(a.SourceIDs)
	}
}

// sameEntity reports an actor whose name differs from an earlier actor's of the same type only
// by case, punctuation or a corporate suffix, in the same (or an unknown) home country.
func (v *validator) sameEntity(i int, seen map[string][]int) {
	a := v.d.Actors[i]
	if a.Type == ActorState {
		return // states are told apart by their ISO code
	}
	k := entityKey(a)
	for _, j := range seen[k] {
		if b := v.d.Actors[j]; a.Country == "" || b.Country == "" || a.Country == b.Country {
			v.add("name", "actor %q (%s) and actor %q (%s) look like one entity: merge them, or map the row onto the existing actor",
				a.ID, a.Name, b.ID, b.Name)
			return
		}
	}
	seen[k] = append(seen[k], i)
}

func (v *validator) participations() {
	for i, p := range v.d.Participations {
		v.at("participations", i)
		v.ref("actor", p.ActorID, "actor")
		v.ref("initiative", p.InitiativeID, "initiative")
		enumCheck(&v.checker, "role", p.Role, Roles)
		v.span(p.Since, p.Until)
		if p.Via != "" {
			v.add("", "participations are curated: derived ones are computed, not listed")
		}
		if v.twice(relKey{p.ActorID, p.InitiativeID, string(p.Role)}) {
			v.add("", "%s is listed twice as %s of %s", p.ActorID, p.Role, p.InitiativeID)
		}
		v.sources(p.SourceIDs)
	}
}

func (v *validator) memberships() {
	for i, m := range v.d.Memberships {
		v.at("memberships", i)
		v.ref("actor", m.ActorID, "actor")
		v.ref("organization", m.OrganizationID, "actor")
		if v.twice(relKey{m.ActorID, m.OrganizationID, "member since " + m.Since.String()}) {
			v.add("", "%s is listed twice as member of %s since %s", m.ActorID, m.OrganizationID, m.Since)
		}
		if m.ActorID == m.OrganizationID && m.ActorID != "" {
			v.add("organization", "an actor cannot be a member of itself")
		}
		if !m.Until.IsZero() && strings.TrimSpace(m.Note) == "" {
			v.add("note", "a membership that ended says how in note (withdrawal, expulsion, dissolution)")
		}
		v.span(m.Since, m.Until)
		v.sources(m.SourceIDs)
	}
}

func (v *validator) links() {
	for i, l := range v.d.Links {
		v.at("links", i)
		v.ref("from", l.FromID, "initiative")
		v.ref("to", l.ToID, "initiative")
		enumCheck(&v.checker, "kind", l.Kind, LinkKinds)
		if l.FromID == l.ToID && l.FromID != "" {
			v.add("to", "an initiative cannot link to itself")
		}
		if v.twice(relKey{l.FromID, l.ToID, string(l.Kind)}) {
			v.add("", "link %s %s %s is listed twice", l.FromID, l.Kind, l.ToID)
		}
		v.sources(l.SourceIDs)
	}
}

func (v *validator) correspondences() {
	for i, x := range v.d.Correspondences {
		v.at("correspondences", i)
		v.ref("from", x.FromID, "norm")
		v.ref("to", x.ToID, "norm")
		enumCheck(&v.checker, "kind", x.Kind, CorrespondenceKinds)
		enumCheck(&v.checker, "basis", x.Basis, Bases)
		v.required("rationale", x.Rationale)
		if x.FromID == x.ToID && x.FromID != "" {
			v.add("to", "a norm cannot correspond to itself")
		}
		a, b := x.FromID, x.ToID
		if b < a {
			a, b = b, a
		}
		if v.twice(relKey{a, b, "corr"}) {
			v.add("", "correspondence between %s and %s is listed twice", x.FromID, x.ToID)
		}
		v.sources(x.SourceIDs)
	}
}

// guidance checks each guidance entry: it hangs on a norm, comes from another initiative than
// the norm's own (guidance is not a norm of the initiative that gives it), carries the
// document's wording or a summary (not both), says where in the document and cites its source.
func (v *validator) guidance() {
	for i, g := range v.d.Guidance {
		v.at("guidance", i)
		v.ref("norm", g.NormID, "norm")
		v.ref("initiative", g.InitiativeID, "initiative")
		if own, ok := v.normInitiative[g.NormID]; ok && own == g.InitiativeID && own != "" {
			v.add("initiative", "guidance from the norm's own initiative %s: list it as a norm, or name the later initiative that gives it", own)
		}
		switch text, summary := strings.TrimSpace(g.Text) != "", strings.TrimSpace(g.Summary) != ""; {
		case !text && !summary:
			v.add("text", "guidance needs the document's wording (text) or a summary")
		case text && summary:
			v.add("summary", "guidance has either the document's wording (text) or a summary, not both")
		}
		v.required("locator", g.Locator)
		v.ref("source", g.SourceID, "source")
		if v.twice(relKey{g.NormID, g.InitiativeID, "guidance " + g.Locator + "\x00" + g.Text + g.Summary}) {
			v.add("", "listed twice (from %s at %s)", g.InitiativeID, g.Locator)
		}
	}
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}
