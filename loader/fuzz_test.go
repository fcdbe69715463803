package loader_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/storetest"
)

// FuzzLoad replaces one file of the fixture dataset with arbitrary bytes: Load returns a
// dataset or an error, never panics, and an error says something.
func FuzzLoad(f *testing.F) {
	base := fstest.MapFS{}
	err := fs.WalkDir(storetest.FixtureFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(storetest.FixtureFS(), p)
		base[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base["alpha.yaml"].Data)
	f.Add([]byte("initiative:\n  id: alpha\n  norms: [{id: x, quote: {text: 1}}]\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Add([]byte{0xff, 0xfe, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["alpha.yaml"] = &fstest.MapFile{Data: data}
		ds, err := loader.Load(fsys)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if ds == nil {
			t.Fatal("no dataset and no error")
		}
	})
}
