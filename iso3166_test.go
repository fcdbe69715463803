package normgraph_test

import (
	"testing"

	"golang.org/x/text/language"

	"github.com/normgraph/normgraph"
)

// TestISO3166 cross-checks the code table against the CLDR region data of golang.org/x/text.
func TestISO3166(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			for c := 'A'; c <= 'Z'; c++ {
				code := string([]rune{a, b, c})
				if !normgraph.IsISO3166Alpha3(code) {
					continue
				}
				n++
				r, err := language.ParseRegion(code)
				if err != nil || !r.IsCountry() || r.ISO3() != code {
					t.Errorf("%s is not a country code in CLDR: %v", code, err)
				}
			}
		}
	}
	if n != 249 {
		t.Errorf("%d codes, want the 249 ISO 3166-1 assigns", n)
	}
	for _, withdrawn := range []string{"ROM", "SCG", "MTG", "ANT", "YUG", "SUN", "XKX", "EUE", "fra", "FR"} {
		if normgraph.IsISO3166Alpha3(withdrawn) {
			t.Errorf("%s accepted", withdrawn)
		}
	}
}
