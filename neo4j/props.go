package neo4j

import (
	"strings"

	"fmt"

	"github.com/normgraph/normgraph"
)

// Node labels. Every node also carries the label Entity, whose id is unique across the graph.
const (
	labelEntity     = "Entity"
	labelSource     = "Source"
	labelCategory   = "Category"
	labelTheme      = "Theme"
	labelInitiative = "Initiative"
	labelNorm       = "Norm"
	labelActor      = "Actor"
)

// nodeLabels lists the node labels in the order the loader writes them.
var nodeLabels = append([]string{labelSource, labelCategory, labelTheme, labelInitiative, labelNorm, labelActor},
	complianceLabels...)

// props is a node's or relationship's properties as Neo4j stores them: strings, int64s, bools
// and []any of strings. Empty strings and nil lists are left out (Neo4j has no null property).
type props map[string]any

func (p props) str(k, v string) {
	if v != "" {
		p[k] = v
	}
}

func (p props) date(k string, d normgraph.Date) {
	if !d.IsZero() {
		p[k] = d.String()
	}
}

func (p props) list(k string, vs []string) {
	if vs == nil {
		return
	}
	l := make([]any, len(vs))
	for i, v := range vs {
		l[i] = v
	}
	p[k] = l
}

// stored is where a decoder reads stored properties from: a map (properties(n) or a map
// projection, as props) or a positional row of a label's columns (see columns.go).
type stored interface {
	prop(k string) any
}

func (p props) prop(k string) any { return p[k] }

func getStr(p stored, k string) string {
	s, _ := p.prop(k).(string)
	return s
}

func getInt(p stored, k string) int {
	n, _ := p.prop(k).(int64)
	return int(n)
}

func getList(p stored, k string) []string { return strList(p.prop(k)) }

// strList converts a stored list of strings; nil when v is not a list.
func strList(v any) []string {
	l, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]string, len(l))
	for i, v := range l {
		out[i], _ = v.(string)
	}
	return out
}

func getDate(p stored, k string) normgraph.Date {
	s := getStr(p, k)
	if s == "" {
		return normgraph.Date{}
	}
	d, err := normgraph.ParseDate(s)
	if err != nil {
		return normgraph.Date{}
	}
	return d
}

// nodeProps returns a node's label and properties.
func nodeProps(n normgraph.Node) (string, props) {
	p := props{"id": n.NodeID()}
	switch x := n.(type) {
	case *normgraph.Source:
		p.str("title", x.Title)
		p.str("kind", string(x.Kind))
		p.str("publisher", x.Publisher)
		p.str("url", x.URL)
		p.date("date", x.Date)
		if !x.Date.IsZero() {
			p["dateDay"] = x.Date.FirstDay().Format("2006-01-02")
		}
		return labelSource, p
	case *normgraph.CategoryInfo:
		p.str("name", x.Name)
		p.str("actors", x.Actors)
		p.str("objectives", x.Objectives)
		p.str("actions", x.Actions)
		p.str("impacts", x.Impacts)
		p.list("sourceIds", x.SourceIDs)
		return labelCategory, p
	case *normgraph.Theme:
		p.str("name", x.Name)
		p.str("definition", x.Definition)
		p.list("sourceIds", x.SourceIDs)
		return labelTheme, p
	case *normgraph.Initiative:
		p.str("name", x.Name)
		p.str("shortName", x.ShortName)
		p.str("kind", string(x.Kind))
		p.date("adopted", x.Adopted)
		if !x.Adopted.IsZero() {
			p["adoptedDay"] = x.Adopted.FirstDay().Format("2006-01-02")
		}
		p.str("symbol", x.Symbol)
		p["binding"] = x.Binding
		p.str("status", string(x.Status))
		addr := make([]string, len(x.Addressees))
		for i, a := range x.Addressees {
			addr[i] = string(a)
		}
		p.list("addressees", addr)
		p.str("summary", x.Summary)
		p.str("url", x.URL)
		p.str("itemized", string(x.Itemized))
		p.str("itemizedNote", x.ItemizedNote)
		if x.ExpectedNorms != 0 {
			p["expectedNorms"] = int64(x.ExpectedNorms)
		}
		p.list("gaps", x.Gaps)
		p.list("sourceIds", x.SourceIDs)
		return labelInitiative, p
	case *normgraph.Norm:
		p.str("initiative", x.InitiativeID)
		p.str("code", x.Code)
		p.str("section", x.Section)
		p.str("title", x.Title)
		if x.Quote != nil {
			p.str("quoteText", x.Quote.Text)
			p.str("quoteSource", x.Quote.SourceID)
			p.str("quoteLocator", x.Quote.Locator)
		}
		p.str("summary", x.Summary)
		p.str("category", string(x.Category))
		p.str("addressee", string(x.Addressee))
		p.list("themeIds", x.ThemeIDs)
		p.list("sourceIds", x.SourceIDs)
		p["position"] = int64(x.Position)
		guidanceProps(p, x.Guidance)
		p.str("search", normSearch(x))
		return labelNorm, p
	case *normgraph.Actor:
		p.str("name", x.Name)
		p.str("type", string(x.Type))
		p.str("iso3", x.ISO3)
		p.str("country", x.Country)
		p.str("stakeholderGroup", x.StakeholderGroup)
		p.list("sourceIds", x.SourceIDs)
		return labelActor, p
	}
	if label, p, ok := complianceProps(n); ok {
		return label, p
	}
	panic(fmt.Sprintf("neo4j: unknown node type %T", n))
}

// guidanceProps stores a norm's guidance as parallel lists on the norm node (none when it has none).
func guidanceProps(p props, gs []*normgraph.Guidance) {
	if len(gs) == 0 {
		return
	}
	var ini, text, summary, locator, source []string
	for _, g := range gs {
		ini, text, summary = append(ini, g.InitiativeID), append(text, g.Text), append(summary, g.Summary)
		locator, source = append(locator, g.Locator), append(source, g.SourceID)
	}
	p.list("guidanceInitiatives", ini)
	p.list("guidanceTexts", text)
	p.list("guidanceSummaries", summary)
	p.list("guidanceLocators", locator)
	p.list("guidanceSources", source)
}

// guidanceFromProps rebuilds the guidance of norm normID from its node's parallel lists.
func guidanceFromProps(normID string, p stored) []*normgraph.Guidance {
	ini := getList(p, "guidanceInitiatives")
	if len(ini) == 0 {
		return nil
	}
	text, summary := getList(p, "guidanceTexts"), getList(p, "guidanceSummaries")
	locator, source := getList(p, "guidanceLocators"), getList(p, "guidanceSources")
	at := func(l []string, i int) string {
		if i < len(l) {
			return l[i]
		}
		return ""
	}
	out := make([]*normgraph.Guidance, len(ini))
	for i := range ini {
		out[i] = &normgraph.Guidance{NormID: normID, InitiativeID: ini[i], Text: at(text, i),
			Summary: at(summary, i), Locator: at(locator, i), SourceID: at(source, i)}
	}
	return out
}

// nodeFromProps rebuilds a domain node from its label and properties; nil for other labels.
func nodeFromProps(label string, p stored) normgraph.Node {
	id := getStr(p, "id")
	switch label {
	case labelSource:
		return &normgraph.Source{ID: id, Title: getStr(p, "title"), Kind: normgraph.SourceKind(getStr(p, "kind")), Publisher: getStr(p, "publisher"),
			URL: getStr(p, "url"), Date: getDate(p, "date")}
	case labelCategory:
		return &normgraph.CategoryInfo{ID: normgraph.Category(id), Name: getStr(p, "name"),
			Actors: getStr(p, "actors"), Objectives: getStr(p, "objectives"), Actions: getStr(p, "actions"),
			Impacts: getStr(p, "impacts"), SourceIDs: getList(p, "sourceIds")}
	case labelTheme:
		return &normgraph.Theme{ID: id, Name: getStr(p, "name"), Definition: getStr(p, "definition"),
			SourceIDs: getList(p, "sourceIds")}
	case labelInitiative:
		var addr []normgraph.Addressee
		if l := getList(p, "addressees"); l != nil {
			addr = make([]normgraph.Addressee, len(l))
			for i, a := range l {
				addr[i] = normgraph.Addressee(a)
			}
		}
		b, _ := p.prop("binding").(bool)
		return &normgraph.Initiative{ID: id, Name: getStr(p, "name"), ShortName: getStr(p, "shortName"),
			Kind: normgraph.InitiativeKind(getStr(p, "kind")), Adopted: getDate(p, "adopted"),
			Symbol: getStr(p, "symbol"), Binding: b, Status: normgraph.Status(getStr(p, "status")),
			Addressees: addr, Summary: getStr(p, "summary"), URL: getStr(p, "url"),
			Itemized: normgraph.Itemization(getStr(p, "itemized")), ItemizedNote: getStr(p, "itemizedNote"),
			ExpectedNorms: getInt(p, "expectedNorms"), Gaps: getList(p, "gaps"), SourceIDs: getList(p, "sourceIds")}
	case labelNorm:
		n := &normgraph.Norm{ID: id, InitiativeID: getStr(p, "initiative"), Code: getStr(p, "code"),
			Section: getStr(p, "section"), Title: getStr(p, "title"), Summary: getStr(p, "summary"),
			Category: normgraph.Category(getStr(p, "category")), Addressee: normgraph.Addressee(getStr(p, "addressee")),
			ThemeIDs: getList(p, "themeIds"), SourceIDs: getList(p, "sourceIds"), Position: getInt(p, "position")}
		if t := getStr(p, "quoteText"); t != "" {
			n.Quote = &normgraph.Quotation{Text: t, SourceID: getStr(p, "quoteSource"), Locator: getStr(p, "quoteLocator")}
		}
		n.Guidance = guidanceFromProps(id, p)
		return n
	case labelActor:
		return &normgraph.Actor{ID: id, Name: getStr(p, "name"), Type: normgraph.ActorType(getStr(p, "type")),
			ISO3: getStr(p, "iso3"), Country: getStr(p, "country"), StakeholderGroup: getStr(p, "stakeholderGroup"),
			SourceIDs: getList(p, "sourceIds")}
	}
	return complianceFromProps(label, p)
}

// Relationship types.
const (
	relPartOf         = "PART_OF"
	relAddresses      = "ADDRESSES"
	relInCategory     = "IN_CATEGORY"
	relCites          = "CITES"
	relQuotes         = "QUOTES"
	relCorrespondsTo  = "CORRESPONDS_TO"
	relParticipatesIn = "PARTICIPATES_IN"
	relMemberOf       = "MEMBER_OF"
	relOverlaps       = "OVERLAPS"
)

var linkTypes = map[normgraph.LinkKind]string{
	normgraph.LinkBuildsOn:   "BUILDS_ON",
	normgraph.LinkSupersedes: "SUPERSEDES",
	normgraph.LinkReferences: "REFERENCES",
}

func linkKind(relType string) normgraph.LinkKind {
	for k, t := range linkTypes {
		if t == relType {
			return k
		}
	}
	return ""
}

// relTypes lists the relationship types the loader owns, in the order it writes them.
var relTypes = append([]string{relPartOf, relAddresses, relInCategory, relCites, relQuotes, relCorrespondsTo,
	"BUILDS_ON", "SUPERSEDES", "REFERENCES", relParticipatesIn, relMemberOf, relOverlaps}, complianceRelTypes...)

// overlapProps stores an overlap on its OVERLAPS relationship: what ranks and filters it (each
// known score; an unknown one is absent), the family flag and reason, and the counts of shared
// actors. The evidence (shared themes with their norms, shared actors, correspondences) is not
// stored: it is computed when the overlap is read (overlapEvidence), so that what is stored per
// pair does not grow with the actors the pair shares.
func overlapProps(o *normgraph.Overlap) props {
	p := props{"directActors": int64(o.DirectActors), "derivedActors": int64(o.DerivedActors), "family": o.Family}
	p.str("familyReason", o.FamilyReason)
	// A score is stored only when known: an absent property reads as null in Cypher.
	for field, s := range overlapFields(o) {
		if *s != nil {
			p[field] = **s
		}
	}
	return p
}

// overlapFields names the scores stored on an OVERLAPS relationship, each with the overlap's field.
func overlapFields(o *normgraph.Overlap) map[string]**float64 {
	return map[string]**float64{"score": &o.Score, "scoreWithDerived": &o.ScoreWithDerived, "themeScore": &o.ThemeScore,
		"actorScore": &o.ActorScore, "actorScoreWithDerived": &o.ActorScoreWithDerived,
		"correspondenceScore": &o.CorrespondenceScore, "tension": &o.Tension}
}

// overlapField is the stored property a filter ranks by.
func overlapField(b normgraph.OverlapBasis, m normgraph.ActorMode) string {
	derived := m == normgraph.ActorsWithDerived
	switch b {
	case normgraph.BasisThemes:
		return "themeScore"
	case normgraph.BasisActors:
		if derived {
			return "actorScoreWithDerived"
		}
		return "actorScore"
	case normgraph.BasisCorrespondences:
		return "correspondenceScore"
	case normgraph.BasisTension:
		return "tension"
	}
	if derived {
		return "scoreWithDerived"
	}
	return "score"
}

// overlapFromProps rebuilds an overlap of a and b, without its evidence, from its relationship's
// properties.
func overlapFromProps(a, b string, p stored) *normgraph.Overlap {
	o := &normgraph.Overlap{A: a, B: b, DirectActors: getInt(p, "directActors"), DerivedActors: getInt(p, "derivedActors"),
		FamilyReason: getStr(p, "familyReason")}
	o.Family, _ = p.prop("family").(bool)
	for field, s := range overlapFields(o) {
		if f, ok := p.prop(field).(float64); ok {
			*s = &f
		}
	}
	return o
}

// searchSep separates the fields of a norm's search property: a text filter holding it is
// matched field by field instead (see Norms).
const searchSep = "\x00"

// normSearch is the text a norm filter's text is looked for in: the lower-cased (as Go, and so
// the memory store, lower-cases them) code, title, summary and quoted text, separated by
// searchSep so that no match spans two fields. The Norms read finds it through a TEXT index
// instead of lower-casing four properties of every norm per request.
func normSearch(n *normgraph.Norm) string {
	quote := ""
	if n.Quote != nil {
		quote = n.Quote.Text
	}
	return strings.Join([]string{strings.ToLower(n.Code), strings.ToLower(n.Title), strings.ToLower(n.Summary),
		strings.ToLower(quote)}, searchSep)
}
