package loader_test

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

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

var update = flag.Bool("update", false, "rewrite the want.txt files of testdata/invalid with what Load reports")

// generated adds to a copy of a fixture the files that cannot live in git: a named pipe, files
// of many megabytes.
var generated = map[string]func(t *testing.T, dir string){
	"fifo": func(t *testing.T, dir string) {
		if err := syscall.Mkfifo(filepath.Join(dir, "b.yaml"), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	},
	"huge-comment": func(t *testing.T, dir string) { // 100 MB of comments
		writeRepeated(t, filepath.Join(dir, "b.yaml"), "", "# a comment line of a file that is only comments.\n", 2_000_000)
	},
	"many-errors": func(t *testing.T, dir string) { // 100,000 sources with a malformed url each
		writeRepeated(t, filepath.Join(dir, "b.yaml"), "sources:\n", "  - {id: src-%d, kind: primary, title: Source, url: not-a-url}\n", 100_000)
	},
	"large-norms": func(t *testing.T, dir string) { // a valid file with 100,000 norms
		writeRepeated(t, filepath.Join(dir, "b.yaml"), "norms:\n", "  - {id: init-one/n%d, initiative: init-one, code: x, title: Norm, "+
			"summary: A norm., category: defensive, addressee: states, themes: [theme-a], sources: [src-one]}\n", 100_000)
	},
}

func writeRepeated(t *testing.T, name, head, line string, n int) {
	t.Helper()
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(head)
	for i := range n {
		if strings.Contains(line, "%d") {
			fmt.Fprintf(w, line, i)
		} else {
			w.WriteString(line)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// copyFixture copies a fixture directory, symbolic links as links, into a temporary directory.
func copyFixture(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			dest, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(dest, to)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestLoadInvalid loads each directory of testdata/invalid (with its generated files, if any)
// and expects exactly the report in its want.txt: the number of problems on the first line,
// then one "file:line: message" per line, all of them in one run.
func TestLoadInvalid(t *testing.T) {
	dirs, err := filepath.Glob("testdata/invalid/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no invalid fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil && !*update {
				t.Fatal(err)
			}
			src := dir
			if gen := generated[filepath.Base(dir)]; gen != nil {
				dir = copyFixture(t, dir)
				gen(t, dir)
			}
			done := make(chan struct{})
			var ds *normgraph.Dataset
			go func() { defer close(done); ds, err = loader.Load(os.DirFS(dir)) }()
			select {
			case <-done:
			case <-time.After(5 * time.Minute): // a blocked read (a named pipe) never returns
				t.Fatal("Load did not return")
			}
			if ds != nil {
				t.Errorf("Load returned a dataset along with errors")
			}
			var errs loader.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load: %v, want loader.Errors:\n%s", err, want)
			}
			if code := normgraph.ErrorCode(err); code != normgraph.EINVALID {
				t.Errorf("error code %q, want %q", code, normgraph.EINVALID)
			}
			got := fmt.Sprintf("%d problem(s)\n%s", errs.Count(), err.Error())
			if *update {
				if err := os.WriteFile(filepath.Join(src, "want.txt"), []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != strings.TrimSpace(string(want)) {
				t.Errorf("errors differ\n got:\n%s\n want:\n%s", got, want)
			}
		})
	}
}

// endless is a file system of one file that says it is empty and never ends (as files in /proc
// or a device do); it counts the bytes read from it.
type endless struct{ read *int }

func (e endless) Open(name string) (fs.File, error) {
	if name == "." {
		return &endlessDir{}, nil
	}
	if name != "zero.yaml" {
		return nil, fs.ErrNotExist
	}
	return &endlessFile{read: e.read}, nil
}

type endlessFile struct{ read *int }

func (f *endlessFile) Stat() (fs.FileInfo, error) { return fileInfo{"zero.yaml", 0}, nil }
func (f *endlessFile) Read(b []byte) (int, error) {
	for i := range b {
		b[i] = '#'
	}
	*f.read += len(b)
	return len(b), nil
}
func (f *endlessFile) Close() error { return nil }

type endlessDir struct{ done bool }

func (d *endlessDir) Stat() (fs.FileInfo, error) { return fileInfo{".", fs.ModeDir}, nil }
func (d *endlessDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *endlessDir) Close() error               { return nil }
func (d *endlessDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.done {
		return nil, io.EOF
	}
	d.done = true
	return []fs.DirEntry{fs.FileInfoToDirEntry(fileInfo{"zero.yaml", 0})}, nil
}

type fileInfo struct {
	name string
	mode fs.FileMode
}

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return 0 }
func (i fileInfo) Mode() fs.FileMode  { return i.mode }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i fileInfo) Sys() any           { return nil }

// TestLoadBoundedRead reads a file that never ends and claims to be empty: the loader stops one
// byte past the limit.
func TestLoadBoundedRead(t *testing.T) {
	read := 0
	_, err := loader.Load(endless{&read})
	if err == nil || !strings.Contains(err.Error(), "zero.yaml: larger than the limit of 8388608 bytes per file") {
		t.Fatalf("Load: %v", err)
	}
	if read > loader.MaxFileSize+64<<10 {
		t.Errorf("read %d bytes, want at most the limit %d (+ one buffer)", read, loader.MaxFileSize)
	}
}

// TestLoadSymlinkInside: a symbolic link that stays inside the dataset directory is followed
// (here to a file in a hidden directory, which the walk itself skips).
func TestLoadSymlinkInside(t *testing.T) {
	dir := copyFixture(t, "testdata/valid")
	if err := os.MkdirAll(filepath.Join(dir, ".real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "more.yaml"), filepath.Join(dir, ".real", "more.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".real/more.yaml", filepath.Join(dir, "more.yaml")); err != nil {
		t.Fatal(err)
	}
	ds, err := loader.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(ds.Norms) != 2 {
		t.Errorf("%d norms, want 2 (one through the link)", len(ds.Norms))
	}
}

func TestLoadEmptyDir(t *testing.T) {
	_, err := loader.Load(os.DirFS(t.TempDir()))
	if err == nil || !strings.Contains(err.Error(), "no *.yaml dataset files found") {
		t.Fatalf("Load of an empty directory: got %v", err)
	}
}
