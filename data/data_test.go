package data_test

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/storetest"
)

// TestEmbeddedDataset checks the curated dataset: it loads and validates (every node and
// relationship sourced, every norm themed, counts equal to each initiative's declared count, no
// duplicate or dangling ids, well-formed URLs and dates), and it carries the facts the project
// was founded on.
func TestEmbeddedDataset(t *testing.T) {
	ds := storetest.Embedded(t)
	norms := map[string][]*normgraph.Norm{}
	for _, n := range ds.Norms {
		norms[n.InitiativeID] = append(norms[n.InitiativeID], n)
	}
	inits := map[string]*normgraph.Initiative{}
	for _, in := range ds.Initiatives {
		inits[in.ID] = in
	}

	t.Run("crosswalk coverage", func(t *testing.T) {
		// Issue 15: fewer than 20 % of the norms take part in no correspondence.
		alone := ds.NormsWithoutCorrespondence()
		if 5*len(alone) >= len(ds.Norms) {
			t.Errorf("%d of %d norms have no correspondence (20 %% or more)", len(alone), len(ds.Norms))
		}
	})

	t.Run("categories", func(t *testing.T) {
		if len(ds.Categories) != 3 {
			t.Fatalf("got %d categories, want 3", len(ds.Categories))
		}
		for _, c := range ds.Categories {
			if c.Actors == "" || c.Objectives == "" || c.Actions == "" || c.Impacts == "" {
				t.Errorf("category %s lacks actors, objectives, actions or impacts", c.ID)
			}
		}
	})

	for _, tc := range []struct {
		initiative string
		ids        []string
	}{
		{"un-gge-2015", seq("un-gge-2015/13", "abcdefghijk")},
		{"paris-call", seq("paris-call/", "123456789")},
		{"tech-accord", seq("tech-accord/", "1234")},
	} {
		t.Run(tc.initiative, func(t *testing.T) {
			in := inits[tc.initiative]
			if in == nil {
				t.Fatalf("initiative %s missing", tc.initiative)
			}
			if in.Itemized != normgraph.ItemizedFull || in.ExpectedNorms != len(tc.ids) {
				t.Errorf("itemized %s with %d expected, want full with %d", in.Itemized, in.ExpectedNorms, len(tc.ids))
			}
			var got []string
			for _, n := range norms[tc.initiative] {
				got = append(got, n.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.ids) {
				t.Errorf("norms %v, want %v", got, tc.ids)
			}
		})
	}

	t.Run("GGE 2015 codes", func(t *testing.T) {
		for i, n := range norms["un-gge-2015"] {
			if want := fmt.Sprintf("13(%c)", 'a'+i); n.Code != want {
				t.Errorf("%s has code %q, want %q", n.ID, n.Code, want)
			}
			if n.Addressee != normgraph.AddresseeStates {
				t.Errorf("%s addresses %s, want states", n.ID, n.Addressee)
			}
		}
	})

	// The GGE 2021 report adds no norms: its guidance hangs on the 2015 norms, so no norm is
	// counted twice by category.
	t.Run("GGE 2021 guidance", func(t *testing.T) {
		if n := len(norms["un-gge-2021"]); n != 0 {
			t.Errorf("un-gge-2021 lists %d norms of its own, want none", n)
		}
		if in := inits["un-gge-2021"]; in == nil || in.Itemized != normgraph.ItemizedNone {
			t.Errorf("un-gge-2021 should be itemized none (guidance only)")
		}
		var on []string
		for _, n := range norms["un-gge-2015"] {
			for _, g := range n.Guidance {
				if g.InitiativeID == "un-gge-2021" {
					on = append(on, strings.TrimPrefix(n.ID, "un-gge-2015/"))
				}
			}
		}
		// 13(b): the captured source stops before the 2021 guidance on it (a recorded gap).
		if want := "13a 13c 13d 13e 13f 13g 13h 13i 13j 13k"; strings.Join(on, " ") != want {
			t.Errorf("2021 guidance on %v, want on %s", on, want)
		}
		for _, c := range ds.Correspondences {
			if strings.HasPrefix(c.FromID, "un-gge-2021/") || strings.HasPrefix(c.ToID, "un-gge-2021/") {
				t.Errorf("correspondence %s -> %s refers to a 2021 norm", c.FromID, c.ToID)
			}
		}
	})

	// Joining dates of the Paris Call known from sources other than the supporter list: the
	// United States on 10 November 2021 (White House), the EU on the 11th.
	t.Run("Paris Call joining dates", func(t *testing.T) {
		want := map[string]string{"state-usa": "2021-11-10", "org-eu": "2021-11-11"}
		for _, p := range ds.Participations {
			if d, ok := want[p.ActorID]; ok && p.InitiativeID == "paris-call" {
				if p.Since.String() != d {
					t.Errorf("%s joined the Paris Call %s, want %s", p.ActorID, p.Since, d)
				}
				delete(want, p.ActorID)
			}
		}
		if len(want) > 0 {
			t.Errorf("no Paris Call participation for %v", want)
		}
	})

	// Seed 002's table: seven areas, a state norm (Microsoft 2014) and an industry norm
	// (Microsoft 2016) in each, except the two cells the seed marks as having no norm.
	t.Run("seed 002 table", func(t *testing.T) {
		areas := []string{"Maintain trust", "Coordinated approach to vulnerability handling",
			"Stop proliferation of vulnerabilities", "Mitigate the impact of nation-state attacks",
			"Prevent mass events", "Support response efforts", "Patch customers globally"}
		cells := map[string]map[string]*normgraph.Norm{"microsoft-2014": {}, "microsoft-2016": {}}
		for init, m := range cells {
			for _, n := range norms[init] {
				if m[n.Section] != nil {
					t.Errorf("%s has two norms in area %q", init, n.Section)
				}
				m[n.Section] = n
			}
		}
		for _, area := range areas {
			state, industry := cells["microsoft-2014"][area], cells["microsoft-2016"][area]
			if (state == nil) != (area == "Patch customers globally") {
				t.Errorf("area %q: state norm present=%v", area, state != nil)
			}
			if (industry == nil) != (area == "Prevent mass events") {
				t.Errorf("area %q: industry norm present=%v", area, industry != nil)
			}
			if state != nil && state.Category == normgraph.Industry {
				t.Errorf("state norm %s is in the industry category", state.ID)
			}
			if industry != nil && industry.Category != normgraph.Industry {
				t.Errorf("industry norm %s is %s, want industry", industry.ID, industry.Category)
			}
		}
		if n := len(norms["microsoft-2014"]) + len(norms["microsoft-2016"]); n != 12 {
			t.Errorf("seed 002 table holds %d norms, want 12", n)
		}
	})
}

func seq(prefix, suffixes string) []string {
	var out []string
	for _, c := range suffixes {
		out = append(out, prefix+string(c))
	}
	return out
}

// TestRequiredInitiatives checks that every initiative the project names is in the dataset.
func TestRequiredInitiatives(t *testing.T) {
	ds := storetest.Embedded(t)
	have := map[string]bool{}
	for _, in := range ds.Initiatives {
		have[in.ID] = true
	}
	for _, id := range strings.Fields(`un-gge-2013 un-gge-2015 un-gge-2021 un-oewg-2021 unga-73-27
		unga-73-266 g20-antalya-2015 us-china-2015 sco-code-2011 sco-code-2015 osce-cbms-2013
		osce-cbms-2016 asean-leaders-2018 asean-amcc-2018 arf-work-plan-2015 oas-cbms paris-call
		tech-accord gcsc microsoft-2014 microsoft-2016 digital-geneva-convention charter-of-trust manrs
		christchurch-call eu-nis-2016 eu-nis2-2022 budapest-convention un-hlp-digital-cooperation-2019
		gccs-london-process gfce freedom-online-coalition geneva-dialogue tech-accord-vep-position
		tech-accord-whois-position igf-bpf-cybersecurity`) {
		if !have[id] {
			t.Errorf("initiative %s is missing", id)
		}
	}
	counts := map[string]int{}
	for _, n := range ds.Norms {
		counts[n.InitiativeID]++
	}
	// The documents' own counts.
	for id, want := range map[string]int{"un-gge-2015": 11, "osce-cbms-2013": 11, "osce-cbms-2016": 5,
		"paris-call": 9, "tech-accord": 4, "gcsc": 8} {
		if counts[id] != want {
			t.Errorf("%s has %d norms, the document %d", id, counts[id], want)
		}
	}
	if n := len(ds.Correspondences); n < 60 {
		t.Errorf("%d correspondences, want at least 60", n)
	}
	diverges := 0
	for _, c := range ds.Correspondences {
		if c.Kind == normgraph.CorrespondenceDiverges {
			diverges++
		}
	}
	if diverges == 0 {
		t.Error("the crosswalk records no divergence")
	}
	if n := len(ds.Themes); n < 20 || n > 35 {
		t.Errorf("%d themes, want 20 to 35", n)
	}
}

// datasetAndReadme loads the embedded dataset and reads data/README.md, which several tests keep
// in step with it.
func datasetAndReadme(t *testing.T) (*normgraph.Dataset, []byte) {
	t.Helper()
	ds := storetest.Embedded(t)
	readme, err := data.FS.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	return ds, readme
}

// TestReadmeListsGaps keeps data/README.md's list of known gaps in step with the dataset.
func TestReadmeListsGaps(t *testing.T) {
	ds, readme := datasetAndReadme(t)
	text := strings.Join(strings.Fields(string(readme)), " ")
	for _, in := range ds.Initiatives {
		for _, g := range in.Gaps {
			if !strings.Contains(text, strings.Join(strings.Fields(g), " ")) {
				t.Errorf("data/README.md does not list the gap of %s: %q", in.ID, g)
			}
		}
	}
}

// TestGapsSayWhatWasSearched holds every initiative's gaps to the rule of data/README.md: a gap
// says where the fact was looked for ("searched: ..."), so that a reader knows what not to search
// again and a later session can close it.
func TestGapsSayWhatWasSearched(t *testing.T) {
	ds := storetest.Embedded(t)
	n := 0
	for _, in := range ds.Initiatives {
		for _, g := range in.Gaps {
			n++
			if !strings.Contains(strings.ToLower(g), "searched") {
				t.Errorf("gap of %s does not say what was searched: %q", in.ID, g)
			}
		}
	}
	if n == 0 {
		t.Fatal("the dataset records no gaps at all")
	}
}

// themeRuleRE matches a row of data/README.md's table of themes that decide a norm's category.
var themeRuleRE = regexp.MustCompile("(?m)^\\| `([a-z0-9-]+)` \\| (offensive|defensive|industry) \\|")

// TestCategoryRules checks every norm against the category rules of data/README.md: industry
// exactly for norms addressed to companies or technical operators (step 1), and, outside step 1,
// the category the README's table gives the first deciding theme a norm carries (tie-break 3), so
// that norms sharing such a theme (non-proliferation, human rights, ...) agree.
func TestCategoryRules(t *testing.T) {
	ds, readme := datasetAndReadme(t)
	rules := map[string]normgraph.Category{}
	for _, m := range themeRuleRE.FindAllStringSubmatch(string(readme), -1) {
		rules[m[1]] = normgraph.Category(m[2])
	}
	if len(rules) < 8 || rules["non-proliferation"] == "" || rules["human-rights-online"] == "" {
		t.Fatalf("data/README.md's table of deciding themes not found (got %v)", rules)
	}
	themes := map[string]bool{}
	for _, th := range ds.Themes {
		themes[th.ID] = true
	}
	for id := range rules {
		if !themes[id] {
			t.Errorf("README's category table names %q, which is not a theme", id)
		}
	}
	checked := map[string]int{}
	for _, n := range ds.Norms {
		industryAddressee := n.Addressee == normgraph.AddresseeIndustry || n.Addressee == normgraph.AddresseeTechnicalCommunity
		if industryAddressee != (n.Category == normgraph.Industry) {
			t.Errorf("%s: addressee %s but category %s (step 1: industry exactly for companies and technical operators)", n.ID, n.Addressee, n.Category)
		}
		if industryAddressee {
			continue
		}
		for _, th := range n.ThemeIDs {
			if want, ok := rules[th]; ok {
				checked[th]++
				if n.Category != want {
					t.Errorf("%s: category %s, but its deciding theme %s makes it %s", n.ID, n.Category, th, want)
				}
				break
			}
		}
	}
	if checked["non-proliferation"] < 4 {
		t.Errorf("only %d norms decided by non-proliferation, want the GGE, Paris Call, Microsoft and DGC ones", checked["non-proliferation"])
	}
}

// TestNoOutsideReferences checks that no file of the dataset points at notes outside the
// repository (a curator's notes directory, a shared folder next to the checkout).
func TestNoOutsideReferences(t *testing.T) {
	outside := regexp.MustCompile(`/work/|/home/|\.\./shared|notes/curation`)
	err := fs.WalkDir(data.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := data.FS.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := outside.FindString(line); m != "" {
				t.Errorf("%s:%d refers to %q, outside the repository", p, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestQuotationSources checks the share of quotations taken from a primary or official source
// (the coverage report prints it). The target is 90 %; the floor below is what the dataset
// reaches now and may only rise: a change that swaps an official source for a secondary copy
// fails here. It was lowered once, from 70 % to 55 %, when the 34 quotations of the Cyber
// Resilience Act and the Cybersecurity Act, attributed to EUR-Lex but read in copies of its text,
// were attributed to the copies they were read in (issue 12): the 79.2 % reported before
// overstated the primary share.
func TestQuotationSources(t *testing.T) {
	ds := storetest.Embedded(t)
	q := ds.QuotationsBySourceKind()
	total := q[normgraph.SourcePrimary] + q[normgraph.SourceOfficial] + q[normgraph.SourceSecondary]
	if total == 0 || q[""] != 0 {
		t.Fatalf("quotations by source kind: %v", q)
	}
	share := float64(q[normgraph.SourcePrimary]+q[normgraph.SourceOfficial]) / float64(total)
	t.Logf("%d quotations: primary %d, official %d, secondary %d (%.1f%% primary or official)",
		total, q[normgraph.SourcePrimary], q[normgraph.SourceOfficial], q[normgraph.SourceSecondary], 100*share)
	const floor = 0.55
	if share < floor {
		t.Errorf("%.1f%% of quotations from primary or official sources, below the floor of %.0f%%", 100*share, 100*floor)
	}
}

// TestSecondaryQuotesListed keeps data/README.md's table of quotations still taken from secondary
// copies in step with the data: every norm quoted from a secondary source is named there, and
// every norm named there is quoted from a secondary source (a quote moved to an official copy
// leaves the table).
func TestSecondaryQuotesListed(t *testing.T) {
	ds, readme := datasetAndReadme(t)
	text := string(readme)
	start := strings.Index(text, "### Quotations still taken from secondary copies")
	if start < 0 {
		t.Fatal("data/README.md has no section on quotations still taken from secondary copies")
	}
	end := strings.Index(text[start:], "\n## ")
	if end < 0 {
		t.Fatal("the section on secondary quotations is not followed by another section")
	}
	section := text[start : start+end]
	kinds := map[string]normgraph.SourceKind{}
	for _, s := range ds.Sources {
		kinds[s.ID] = s.Kind
	}
	secondary := map[string]bool{}
	for _, n := range ds.Norms {
		if n.Quote != nil && kinds[n.Quote.SourceID] == normgraph.SourceSecondary {
			secondary[n.ID] = true
		}
	}
	if len(secondary) == 0 {
		t.Fatal("no norm is quoted from a secondary source; drop the section instead of this test")
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("`([a-z0-9-]+/[a-z0-9-]+)`").FindAllStringSubmatch(section, -1) {
		listed[m[1]] = true
	}
	// "a … b" in a row names a run of consecutive norms of one initiative.
	for _, m := range regexp.MustCompile("`([a-z0-9-]+/[a-z0-9-]+)` … `([a-z0-9-]+/[a-z0-9-]+)`").FindAllStringSubmatch(section, -1) {
		in := false
		for _, n := range ds.Norms {
			if n.ID == m[1] {
				in = true
			}
			if in {
				listed[n.ID] = true
			}
			if n.ID == m[2] {
				break
			}
		}
	}
	for id := range secondary {
		if !listed[id] {
			t.Errorf("%s is quoted from a secondary source but not named in data/README.md", id)
		}
	}
	for id := range listed {
		if !secondary[id] {
			t.Errorf("data/README.md names %s among the secondary quotations, but it is not quoted from a secondary source", id)
		}
	}
}

// contentFarms are sites that copy others' facts without attribution and were removed from the
// dataset in 2026; none may come back while an official source exists.
var contentFarms = []string{"bankpedia.org", "gkseries.com", "jagranjosh.com", "gyaankosh.com",
	"lingua-sinica.org", "businessinasean.com", "azkurs.org", "news-pravda.com", "miragenews.com"}

func TestNoContentFarms(t *testing.T) {
	ds := storetest.Embedded(t)
	for _, s := range ds.Sources {
		for _, farm := range contentFarms {
			if strings.Contains(s.URL, farm) {
				t.Errorf("source %s cites %s, a content farm", s.ID, farm)
			}
		}
	}
}
