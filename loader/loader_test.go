package loader_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/loader"
)

func TestLoadValid(t *testing.T) {
	ds, err := loader.Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got, want := len(ds.Norms), 2; got != want {
		t.Fatalf("norms: got %d, want %d", got, want)
	}
	// Files are read in name order and positions follow the order of appearance.
	b, a := ds.Norms[0], ds.Norms[1]
	if b.ID != "init-one/b" || b.Position != 1 || a.ID != "init-one/a" || a.Position != 2 {
		t.Errorf("norm order/positions: got %s@%d, %s@%d", b.ID, b.Position, a.ID, a.Position)
	}
	wantQuote := &normgraph.Quotation{Text: "States should: quote with a colon.", SourceID: "src-one"}
	if !reflect.DeepEqual(a.Quote, wantQuote) {
		t.Errorf("quote: got %+v, want %+v", a.Quote, wantQuote)
	}
	if got := ds.Sources[0].Kind; got != normgraph.SourcePrimary {
		t.Errorf("source kind: got %q, want primary", got)
	}
	if got := ds.Sources[0].Date; got != (normgraph.Date{Year: 2015, Month: 7}) {
		t.Errorf("source date: got %+v, want 2015-07", got)
	}
	if got := ds.Initiatives[0].Adopted.String(); got != "2015-07-22" {
		t.Errorf("adopted: got %q", got)
	}
	if got := ds.Initiatives[0].Binding; got {
		t.Errorf("binding: got true, want false")
	}

	// The participant table: states resolved by (corrected) ISO code, known actors reused by name,
	// new actors created from the slug, first_listed kept only as a note, joining dates from
	// the table's joined list.
	var parts []string
	for _, p := range ds.Participations {
		parts = append(parts, fmt.Sprintf("%s %s %s %q", p.ActorID, p.Role, p.Since, p.Note))
	}
	wantParts := []string{
		`state-rou supporter  "listed by the source no later than 2019-11-10"`,
		`company-examplesoft supporter 2021-11-11 "listed by the source no later than 2021-11-11"`,
		`some-ngo-civil-society-fra supporter  ""`,
		`mystery-undefined supporter  "listed by the source no later than 2020-01-01"`,
		`org-union supporter  "listed by the source no later than 2021-11-11"`,
	}
	if strings.Join(parts, "\n") != strings.Join(wantParts, "\n") {
		t.Errorf("participations:\n%s\nwant:\n%s", strings.Join(parts, "\n"), strings.Join(wantParts, "\n"))
	}
	var actors []string
	for _, a := range ds.Actors {
		actors = append(actors, fmt.Sprintf("%s %s %s %s", a.ID, a.Type, a.Country, a.StakeholderGroup))
	}
	wantActors := "state-rou state  |org-union international-organization  |company-examplesoft company USA |" +
		"some-ngo-civil-society-fra civil-society FRA civil-society|mystery-undefined other  "
	if got := strings.Join(actors, "|"); got != wantActors {
		t.Errorf("actors:\n%s\nwant:\n%s", got, wantActors)
	}
}

// TestLoadInvalid loads each directory of testdata/invalid and expects exactly the errors listed
// in its want.txt (one "file:line: message" per line, all of them in one run).
func TestLoadInvalid(t *testing.T) {
	dirs, err := filepath.Glob("testdata/invalid/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			ds, err := loader.Load(os.DirFS(dir))
			if ds != nil {
				t.Errorf("Load returned a dataset along with errors")
			}
			if err == nil {
				t.Fatalf("Load succeeded, want errors:\n%s", want)
			}
			if code := normgraph.ErrorCode(err); code != normgraph.EINVALID {
				t.Errorf("error code %q, want %q", code, normgraph.EINVALID)
			}
			got := strings.TrimSpace(err.Error())
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("errors differ\n got:\n%s\n want:\n%s", got, want)
			}
		})
	}
}

func TestLoadEmptyDir(t *testing.T) {
	_, err := loader.Load(os.DirFS(t.TempDir()))
	if err == nil || !strings.Contains(err.Error(), "no *.yaml dataset files found") {
		t.Fatalf("Load of an empty directory: got %v", err)
	}
}
