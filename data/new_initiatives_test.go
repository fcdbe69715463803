package data_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/storetest"
)

// newInitiatives are the initiatives added for "the field up to 2026" (issue 12, point 4): how
// each is itemized, how many items it has, the codes of its first and last item, and whether
// one of its own sources is primary or official (the G7 Lucca declaration is the only one known
// only from copies).
var newInitiatives = []struct {
	id          string
	itemized    normgraph.Itemization
	items       int
	first, last string
	official    bool
}{
	{"un-gge-2010", normgraph.ItemizedPartial, 1, "recommendation (dialogue on norms)", "recommendation (dialogue on norms)", true},
	{"unga-70-237", normgraph.ItemizedPartial, 4, "2(a)", "4", true},
	{"unga-75-240", normgraph.ItemizedPartial, 7, "1-1", "1-7", true},
	{"unga-77-37", normgraph.ItemizedPartial, 2, "PoA proposal", "regional consultations", true},
	{"un-oewg-apr-2022", normgraph.ItemizedNone, 0, "", "", true},
	{"un-oewg-apr-2023", normgraph.ItemizedPartial, 2, "55(a)", "55(b)", true},
	{"un-oewg-apr-2024", normgraph.ItemizedNone, 0, "", "", true},
	{"un-oewg-2025", normgraph.ItemizedPartial, 1, "annex I stakeholders 1", "annex I stakeholders 1", true},
	{"un-global-mechanism-ict", normgraph.ItemizedNone, 0, "", "", true},
	{"un-cybercrime-convention-2024", normgraph.ItemizedPartial, 4, "offences", "24/7 network", true},
	{"coe-budapest-second-protocol-2022", normgraph.ItemizedPartial, 7, "tool 1", "tool 7", true},
	{"pall-mall-declaration-2024", normgraph.ItemizedPartial, 4, "accountability", "transparency", true},
	{"pall-mall-code-of-practice-2025", normgraph.ItemizedPartial, 6, "lawful-use", "security-research", true},
	{"counter-ransomware-initiative", normgraph.ItemizedPartial, 4, "resilience", "2023 policy statement", true},
	{"eu-cybersecurity-act-2019", normgraph.ItemizedPartial, 12, "1(1)(a)", "51(j)", true},
	{"eu-cyber-resilience-act-2024", normgraph.ItemizedPartial, 22, "Part I (1)", "Part II (8)", true},
	{"asean-norms-checklist-2024", normgraph.ItemizedNone, 0, "", "", false},
	{"au-common-african-position-2024", normgraph.ItemizedPartial, 9, "sovereignty", "capacity-building", true},
	{"au-malabo-convention-2014", normgraph.ItemizedPartial, 3, "electronic transactions", "cybersecurity and cybercrime", true},
	{"sco-yekaterinburg-2009", normgraph.ItemizedNone, 0, "", "", true},
	{"g7-lucca-2017", normgraph.ItemizedNone, 0, "", "", false},
}

// TestNewInitiatives checks the initiatives added for the field up to 2026: the dataset holds at
// least 48 initiatives; each new one has its items in document order with the expected count and
// codes; its quotations come from primary or official sources; every gap says what was searched.
func TestNewInitiatives(t *testing.T) {
	ds := storetest.Embedded(t)
	if n := len(ds.Initiatives); n < 48 {
		t.Errorf("%d initiatives, want at least 48", n)
	}
	inits := map[string]*normgraph.Initiative{}
	for _, in := range ds.Initiatives {
		inits[in.ID] = in
	}
	sources := map[string]*normgraph.Source{}
	for _, s := range ds.Sources {
		sources[s.ID] = s
	}
	norms := map[string][]*normgraph.Norm{}
	for _, n := range ds.Norms {
		norms[n.InitiativeID] = append(norms[n.InitiativeID], n)
	}
	for _, tc := range newInitiatives {
		t.Run(tc.id, func(t *testing.T) {
			in := inits[tc.id]
			if in == nil {
				t.Fatalf("initiative %s missing", tc.id)
			}
			if in.Itemized != tc.itemized {
				t.Errorf("itemized %s, want %s", in.Itemized, tc.itemized)
			}
			got := norms[tc.id]
			if len(got) != tc.items {
				t.Fatalf("%d items, want %d", len(got), tc.items)
			}
			if in.ExpectedNorms != 0 && in.ExpectedNorms != len(got) {
				t.Errorf("declares %d items, has %d", in.ExpectedNorms, len(got))
			}
			if tc.items > 0 {
				if got[0].Code != tc.first || got[len(got)-1].Code != tc.last {
					t.Errorf("items run from %q to %q, want %q to %q", got[0].Code, got[len(got)-1].Code, tc.first, tc.last)
				}
			}
			for i, n := range got {
				if n.Position != i+1 {
					t.Errorf("%s at position %d, want %d", n.ID, n.Position, i+1)
				}
				if n.Quote == nil {
					continue
				}
				// A secondary copy only where no official text could be read, named as a copy
				// (data/README.md lists each such quotation).
				src := sources[n.Quote.SourceID]
				if k := src.Kind; k != normgraph.SourcePrimary && k != normgraph.SourceOfficial && !strings.Contains(src.Publisher, "copy of") {
					t.Errorf("%s is quoted from %s, a %s source whose publisher %q does not name it as a copy", n.ID, n.Quote.SourceID, k, src.Publisher)
				}
			}
			official := false
			for _, id := range in.SourceIDs {
				if k := sources[id].Kind; k == normgraph.SourcePrimary || k == normgraph.SourceOfficial {
					official = true
				}
			}
			if official != tc.official {
				t.Errorf("has a primary or official source: %v, want %v", official, tc.official)
			}
			for _, g := range in.Gaps {
				if !strings.Contains(strings.ToLower(g), "searched") {
					t.Errorf("gap does not say what was searched: %q", g)
				}
			}
			if in.Itemized != normgraph.ItemizedFull && in.ItemizedNote == "" {
				t.Error("not fully itemized, but no note says why")
			}
		})
	}
}

// TestNewInitiativeQuotes checks the two EU acts whose items are quoted: every item of the Cyber
// Resilience Act's Annex I and of the Cybersecurity Act's Articles 1 and 51 carries a quotation,
// in the order and lettering of the act, taken either from EUR-Lex itself or from a copy whose
// publisher names it as a copy of the EUR-Lex text (the stored EUR-Lex pages show only the
// opening of each act, so in 2026 every quote was read in such a copy).
func TestNewInitiativeQuotes(t *testing.T) {
	ds := storetest.Embedded(t)
	sources := map[string]*normgraph.Source{}
	for _, s := range ds.Sources {
		sources[s.ID] = s
	}
	fromEURLex := func(n *normgraph.Norm) bool {
		if n.Quote == nil {
			return false
		}
		s := sources[n.Quote.SourceID]
		if s.Kind == normgraph.SourcePrimary {
			return strings.HasPrefix(s.Publisher, "EUR-Lex")
		}
		return s.Kind == normgraph.SourceSecondary && strings.Contains(s.Publisher, "copy of the EUR-Lex text")
	}
	var cra, csa []string
	for _, n := range ds.Norms {
		switch n.InitiativeID {
		case "eu-cyber-resilience-act-2024":
			if !fromEURLex(n) {
				t.Errorf("%s is not quoted from EUR-Lex or a copy named as a copy of the EUR-Lex text", n.ID)
			}
			cra = append(cra, n.Code)
		case "eu-cybersecurity-act-2019":
			if !fromEURLex(n) {
				t.Errorf("%s is not quoted from EUR-Lex or a copy named as a copy of the EUR-Lex text", n.ID)
			}
			csa = append(csa, n.Code)
		}
	}
	want := []string{"Part I (1)"}
	for c := 'a'; c <= 'm'; c++ {
		want = append(want, fmt.Sprintf("Part I (2)(%c)", c))
	}
	for i := 1; i <= 8; i++ {
		want = append(want, fmt.Sprintf("Part II (%d)", i))
	}
	if fmt.Sprint(cra) != fmt.Sprint(want) {
		t.Errorf("CRA Annex I items %v,\nwant %v", cra, want)
	}
	want = []string{"1(1)(a)", "1(1)(b)"}
	for c := 'a'; c <= 'j'; c++ {
		want = append(want, fmt.Sprintf("51(%c)", c))
	}
	if fmt.Sprint(csa) != fmt.Sprint(want) {
		t.Errorf("Cybersecurity Act items %v, want %v", csa, want)
	}
}

// TestNewInitiativeGuidance checks that the ASEAN norms checklist, which adds no norms of its own,
// hangs its action points on the 2015 GGE norms they implement, as guidance from a named source.
func TestNewInitiativeGuidance(t *testing.T) {
	ds := storetest.Embedded(t)
	got := map[string]bool{}
	for _, n := range ds.Norms {
		for _, g := range n.Guidance {
			if g.InitiativeID != "asean-norms-checklist-2024" {
				continue
			}
			if g.NormID != n.ID || g.Summary == "" || g.SourceID == "" {
				t.Errorf("guidance on %s from the checklist is incomplete: %+v", n.ID, g)
			}
			got[n.ID] = true
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(map[string]bool{"un-gge-2015/13d": true, "un-gge-2015/13f": true}) {
		t.Errorf("the checklist gives guidance on %v, want 13(d) and 13(f)", got)
	}
}

// oewgReports are the documents of the OEWG 2021-2025: its three annual progress reports and its
// final report. What they say about the eleven 2015 norms is guidance on those norms, not norms of
// their own.
var oewgReports = []string{"un-oewg-apr-2022", "un-oewg-apr-2023", "un-oewg-apr-2024", "un-oewg-2025"}

// TestOEWGGuidance holds the OEWG reports to the guidance model (data/README.md, "Guidance"): each
// guidance entry they give hangs on one of the eleven 2015 norms, names the report's symbol in its
// locator and cites a source that exists, a secondary one named as a copy; a report that gives no
// guidance says why in a gap that also says what was searched; and no item of a report is recorded
// as equivalent to a 2015 norm (a restatement would be guidance, not an item).
func TestOEWGGuidance(t *testing.T) {
	ds := storetest.Embedded(t)
	inits := map[string]*normgraph.Initiative{}
	for _, in := range ds.Initiatives {
		inits[in.ID] = in
	}
	sources := map[string]*normgraph.Source{}
	for _, s := range ds.Sources {
		sources[s.ID] = s
	}
	norms := map[string]*normgraph.Norm{}
	for _, n := range ds.Norms {
		norms[n.ID] = n
	}
	byReport := map[string][]*normgraph.Guidance{}
	for _, g := range ds.Guidance {
		byReport[g.InitiativeID] = append(byReport[g.InitiativeID], g)
	}
	for _, id := range oewgReports {
		t.Run(id, func(t *testing.T) {
			in := inits[id]
			if in == nil {
				t.Fatalf("initiative %s missing", id)
			}
			if in.Symbol == "" {
				t.Fatalf("%s has no document symbol for its guidance locators to name", id)
			}
			for _, g := range byReport[id] {
				if n := norms[g.NormID]; n == nil || n.InitiativeID != "un-gge-2015" {
					t.Errorf("guidance on %s: OEWG guidance hangs on the 2015 norms only", g.NormID)
				}
				if !strings.Contains(g.Locator, in.Symbol) {
					t.Errorf("guidance on %s: locator %q does not name the report (%s)", g.NormID, g.Locator, in.Symbol)
				}
				src := sources[g.SourceID]
				switch {
				case src == nil:
					t.Errorf("guidance on %s cites unknown source %q", g.NormID, g.SourceID)
				case src.Kind == normgraph.SourceSecondary && !strings.Contains(strings.ToLower(src.Title+" "+src.Publisher), "copy"):
					t.Errorf("guidance on %s cites %s, a secondary source not named as a copy of the report", g.NormID, src.ID)
				}
			}
			if len(byReport[id]) == 0 {
				said := false
				for _, g := range in.Gaps {
					l := strings.ToLower(g)
					if strings.Contains(l, "guidance") && strings.Contains(l, "2015 norms") && strings.Contains(l, "searched") {
						said = true
					}
				}
				if !said {
					t.Error("gives no guidance on the 2015 norms, and no gap says why and what was searched")
				}
			}
		})
	}
	own := map[string]bool{}
	for _, id := range oewgReports {
		own[id] = true
	}
	for _, c := range ds.Correspondences {
		from, to := norms[c.FromID], norms[c.ToID]
		if from == nil || to == nil || c.Kind != normgraph.CorrespondenceEquivalent {
			continue
		}
		if own[from.InitiativeID] && to.InitiativeID == "un-gge-2015" || own[to.InitiativeID] && from.InitiativeID == "un-gge-2015" {
			t.Errorf("%s is recorded as equivalent to %s: an OEWG restatement of a 2015 norm is guidance", c.FromID, c.ToID)
		}
	}
}

// TestNewInitiativeLinks checks the links that place the new initiatives in the field: the
// lineage of the UN process from the 2010 GGE to the Global Mechanism, and the regional and
// Council of Europe texts that build on earlier ones.
func TestNewInitiativeLinks(t *testing.T) {
	ds := storetest.Embedded(t)
	links := map[string]normgraph.LinkKind{}
	for _, l := range ds.Links {
		links[l.FromID+" "+l.ToID] = l.Kind
	}
	for _, want := range []struct {
		from, to string
		kind     normgraph.LinkKind
	}{
		{"un-gge-2013", "un-gge-2010", normgraph.LinkBuildsOn},
		{"gccs-london-process", "un-gge-2010", normgraph.LinkReferences},
		{"unga-70-237", "un-gge-2015", normgraph.LinkReferences},
		{"un-oewg-apr-2022", "unga-75-240", normgraph.LinkBuildsOn},
		{"un-oewg-apr-2023", "un-oewg-apr-2022", normgraph.LinkBuildsOn},
		{"un-oewg-apr-2024", "un-oewg-apr-2023", normgraph.LinkBuildsOn},
		{"un-oewg-2025", "un-oewg-apr-2024", normgraph.LinkBuildsOn},
		{"un-global-mechanism-ict", "un-oewg-2025", normgraph.LinkBuildsOn},
		{"coe-budapest-second-protocol-2022", "budapest-convention", normgraph.LinkBuildsOn},
		{"pall-mall-code-of-practice-2025", "pall-mall-declaration-2024", normgraph.LinkBuildsOn},
		{"eu-cyber-resilience-act-2024", "eu-cybersecurity-act-2019", normgraph.LinkReferences},
		{"au-common-african-position-2024", "au-malabo-convention-2014", normgraph.LinkReferences},
		{"asean-norms-checklist-2024", "un-gge-2015", normgraph.LinkBuildsOn},
	} {
		if got, ok := links[want.from+" "+want.to]; !ok || got != want.kind {
			t.Errorf("link %s -> %s: got %q (present %v), want %s", want.from, want.to, got, ok, want.kind)
		}
	}
}

// TestNewInitiativeParticipants checks the participant lists taken from official lists: the
// Counter Ransomware Initiative's 2024 membership (the 50 members of 2023, 48 states with the EU
// and INTERPOL, and 18 new ones, 14 states with the Council of Europe, the ECOWAS Commission, the
// GFCE and the OAS; organizations are supporters so that their members are not derived as
// committed, and INTERPOL and ECOWAS have no actor), the fifteen ratifications that brought the
// Malabo Convention into force, and the Second Additional Protocol's signatories
// and ratifications in the Netherlands treaty database. No organization's membership is made to commit its members to the CRI, the Malabo
// Convention or the Protocol.
func TestNewInitiativeParticipants(t *testing.T) {
	ds := storetest.Embedded(t)
	count := map[string]int{}
	since := map[string]int{}
	for _, p := range normgraph.AllParticipations(ds) {
		if p.Derived() {
			switch p.InitiativeID {
			case "counter-ransomware-initiative", "au-malabo-convention-2014", "coe-budapest-second-protocol-2022":
				t.Errorf("%s is derived as committed to %s via %s", p.ActorID, p.InitiativeID, p.Via)
			}
			continue
		}
		key := p.InitiativeID + " " + string(p.Role)
		count[key]++
		if !p.Since.IsZero() {
			since[key]++
		}
	}
	for _, want := range []struct {
		key          string
		n, withSince int
	}{
		{"counter-ransomware-initiative member", 48 + 14, 14},
		{"counter-ransomware-initiative supporter", 1 + 3, 3},
		{"counter-ransomware-initiative convener", 1, 0},
		{"au-malabo-convention-2014 member", 15, 1},
		{"coe-budapest-second-protocol-2022 signatory", 52, 52},
		{"coe-budapest-second-protocol-2022 member", 3, 3},
	} {
		if count[want.key] != want.n || since[want.key] != want.withSince {
			t.Errorf("%s: %d participations (%d dated), want %d (%d dated)", want.key, count[want.key], since[want.key], want.n, want.withSince)
		}
	}
}

// TestSecondProtocolSignatures checks the Second Additional Protocol's signature dates, taken
// from the Netherlands treaty database, against the Council of Europe's own counts: 22 states
// signed on 12 May 2022, 30 had signed by 30 November 2022 (24 plus six that day), and 46 by
// 20 June 2024 (44 signatories and 2 Parties).
func TestSecondProtocolSignatures(t *testing.T) {
	ds := storetest.Embedded(t)
	by := func(d string) (n int) {
		for _, p := range ds.Participations {
			if p.InitiativeID == "coe-budapest-second-protocol-2022" && p.Role == normgraph.RoleSignatory && p.Since.String() <= d {
				n++
			}
		}
		return n
	}
	for _, want := range []struct {
		date string
		n    int
	}{{"2022-05-12", 22}, {"2022-11-30", 30}, {"2024-06-20", 46}} {
		if got := by(want.date); got != want.n {
			t.Errorf("%d signatories by %s, want %d", got, want.date, want.n)
		}
	}
}
