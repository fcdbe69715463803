package web

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func site(t *testing.T) (*Site, http.Handler) {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux)
	return s, mux
}

func get(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPagesAndHeaders(t *testing.T) {
	s, h := site(t)
	for _, c := range []struct {
		path, ctype, cache, contains string
	}{
		{"/", "text/html; charset=utf-8", "no-cache", "graphiql.min.js"},
		{"/explore", "text/html; charset=utf-8", "no-cache", "explore/app.js"},
		{"/explore/graph?root=paris-call", "text/html; charset=utf-8", "no-cache", "explore/app.js"},
		{s.AssetPrefix() + "/vendor/graphiql.min.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "GraphiQL"},
		{s.AssetPrefix() + "/vendor/cytoscape.esm.min.mjs", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "export"},
		{s.AssetPrefix() + "/vendor/graphiql.min.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable", ".graphiql-container"},
		{s.AssetPrefix() + "/explore/views/graph.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "subgraph"},
		{s.AssetPrefix() + "/vendor/LICENSE.graphiql", "text/plain; charset=utf-8", "public, max-age=31536000, immutable", "MIT"},
		{"/assets/0000000000000000/explore/app.js", "text/javascript; charset=utf-8", "no-cache", "render"},
		{"/favicon.svg", "image/svg+xml", "public, max-age=86400", "<svg"},
		{"/favicon.ico", "image/x-icon", "public, max-age=86400", ""},
	} {
		rec := get(h, c.path)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d", c.path, rec.Code)
			continue
		}
		hd := rec.Header()
		if got := hd.Get("Content-Type"); got != c.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", c.path, got, c.ctype)
		}
		if got := hd.Get("Cache-Control"); got != c.cache {
			t.Errorf("GET %s: Cache-Control %q, want %q", c.path, got, c.cache)
		}
		if got := hd.Get("Content-Security-Policy"); got != CSP {
			t.Errorf("GET %s: Content-Security-Policy %q", c.path, got)
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("ETag") == "" {
			t.Errorf("GET %s: nosniff %q, ETag %q", c.path, hd.Get("X-Content-Type-Options"), hd.Get("ETag"))
		}
		if !strings.Contains(rec.Body.String(), c.contains) {
			t.Errorf("GET %s: body lacks %q", c.path, c.contains)
		}
	}
	for _, path := range []string{s.AssetPrefix() + "/nope.js", s.AssetPrefix() + "/pages/explore.html", "/assets/", "/explorer"} {
		if rec := get(h, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
}

// The policy names no host: everything comes from the server's own origin.
func TestCSPOnlySelf(t *testing.T) {
	for _, d := range strings.Split(CSP, ";") {
		for _, src := range strings.Fields(d)[1:] {
			switch src {
			case "'self'", "'none'", "data:":
			default:
				t.Errorf("directive %q allows %s", strings.TrimSpace(d), src)
			}
		}
	}
	if strings.Contains(CSP, "unsafe") {
		t.Errorf("CSP allows unsafe code: %s", CSP)
	}
}

func TestConditionalAndGzip(t *testing.T) {
	s, h := site(t)
	path := s.AssetPrefix() + "/vendor/graphiql.min.js"
	plain := get(h, path)
	if rec := get(h, path, "If-None-Match", plain.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", rec.Code)
	}
	zipped := get(h, path, "Accept-Encoding", "br, gzip")
	if zipped.Header().Get("Content-Encoding") != "gzip" || zipped.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: encoding %q, %d bytes against %d", zipped.Header().Get("Content-Encoding"), zipped.Body.Len(), plain.Body.Len())
	}
	if zipped.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Error("the gzipped and plain bodies share an ETag")
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(zr)
	if !bytes.Equal(body, plain.Body.Bytes()) {
		t.Error("gunzipped body differs from the plain one")
	}
	if rec := get(h, path, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it")
	}
}

// Every script, style sheet and module the pages and modules name is an embedded file: a
// reference that points nowhere would fail only in a browser.
func TestReferencesResolve(t *testing.T) {
	s, h := site(t)
	attr := regexp.MustCompile(`(?:src|href)="(/[^"]*)"`)
	for _, page := range []string{"/", "/explore"} {
		body := get(h, page).Body.String()
		for _, m := range attr.FindAllStringSubmatch(body, -1) {
			ref := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(ref, "/explore") || ref == "/" || ref == "/graphql" {
				continue
			}
			if rec := get(h, ref); rec.Code != http.StatusOK {
				t.Errorf("%s names %s: %d", page, ref, rec.Code)
			}
		}
	}
	imp := regexp.MustCompile(`(?:from|import\()\s*'(\.[^']+)'`)
	n := 0
	for name := range s.files {
		if !strings.HasPrefix(name, "explore/") || !strings.HasSuffix(name, ".js") {
			continue
		}
		for _, m := range imp.FindAllStringSubmatch(string(s.files[name].body), -1) {
			n++
			target := resolve(name, m[1])
			if s.files[target] == nil {
				t.Errorf("%s imports %s: %s is not embedded", name, m[1], target)
			}
		}
	}
	if n < 10 {
		t.Errorf("found only %d module imports: the pattern no longer matches the code", n)
	}
}

func resolve(from, rel string) string {
	parts := strings.Split(from, "/")
	parts = parts[:len(parts)-1]
	for _, p := range strings.Split(rel, "/") {
		switch p {
		case ".":
		case "..":
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// favicon.ico is an ICO file holding one 32×32 PNG.
func TestFaviconICO(t *testing.T) {
	_, h := site(t)
	b := get(h, "/favicon.ico").Body.Bytes()
	if len(b) < 22 {
		t.Fatalf("favicon.ico has %d bytes", len(b))
	}
	var head struct{ Reserved, Type, Count uint16 }
	_ = binary.Read(bytes.NewReader(b), binary.LittleEndian, &head)
	size := binary.LittleEndian.Uint32(b[14:18])
	offset := binary.LittleEndian.Uint32(b[18:22])
	if head.Reserved != 0 || head.Type != 1 || head.Count != 1 || int(offset+size) != len(b) {
		t.Fatalf("favicon.ico header %+v, image %d bytes at %d of %d", head, size, offset, len(b))
	}
	img, err := png.Decode(bytes.NewReader(b[offset:]))
	if err != nil {
		t.Fatal(err)
	}
	if r := img.Bounds(); r.Dx() != 32 || r.Dy() != 32 || b[6] != 32 || b[7] != 32 {
		t.Errorf("favicon is %v, directory says %dx%d", r, b[6], b[7])
	}
}

// The asset prefix is a digest of the embedded files: the same on every load.
func TestAssetPrefixIsStable(t *testing.T) {
	a, _ := New()
	b, _ := New()
	if a.AssetPrefix() != b.AssetPrefix() || !regexp.MustCompile(`^/assets/[0-9a-f]{16}$`).MatchString(a.AssetPrefix()) {
		t.Errorf("asset prefixes %s and %s", a.AssetPrefix(), b.AssetPrefix())
	}
}

// BenchmarkGraphiQLFirstGzip is the one-time cost of compressing the largest asset, paid by the
// first request that accepts gzip after the server starts.
func BenchmarkGraphiQLFirstGzip(b *testing.B) {
	for b.Loop() {
		s, err := New()
		if err != nil {
			b.Fatal(err)
		}
		mux := http.NewServeMux()
		s.Register(mux)
		get(mux, s.AssetPrefix()+"/vendor/graphiql.min.js", "Accept-Encoding", "gzip")
	}
}

// BenchmarkGraphiQLGzipped serves the largest asset, already compressed.
func BenchmarkGraphiQLGzipped(b *testing.B) {
	s, _ := New()
	mux := http.NewServeMux()
	s.Register(mux)
	path := s.AssetPrefix() + "/vendor/graphiql.min.js"
	get(mux, path, "Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		get(mux, path, "Accept-Encoding", "gzip")
	}
}

// Concurrent first requests share one compression and get the same bytes (run with -race).
func TestConcurrentGzip(t *testing.T) {
	s, h := site(t)
	path := s.AssetPrefix() + "/vendor/cytoscape.esm.min.mjs"
	bodies := make(chan []byte, 8)
	for range 8 {
		go func() { bodies <- get(h, path, "Accept-Encoding", "gzip").Body.Bytes() }()
	}
	first := <-bodies
	for range 7 {
		if b := <-bodies; !bytes.Equal(b, first) {
			t.Fatal("concurrent gzip requests got different bodies")
		}
	}
	if len(first) >= len(s.files["vendor/cytoscape.esm.min.mjs"].body) {
		t.Errorf("gzipped %d bytes, plain %d", len(first), len(s.files["vendor/cytoscape.esm.min.mjs"].body))
	}
}
