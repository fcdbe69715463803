// Package web serves normgraph's browser pages from the binary: GraphiQL at / and the visual
// explorer at /explore, with every script, style sheet and font they use embedded here, so that a
// browser needs nothing but this server (no CDN, no request leaving the machine).
//
// static/vendor holds the built files of the npm packages pinned in package.json and
// package-lock.json; scripts/web-vendor.sh produces it and scripts/test.sh checks that it is
// what that script produces. Everything else under static is normgraph's own: plain HTML, CSS
// and JavaScript modules, no build step.
//
// Assets are served under /assets/<hash>/, where hash is a digest of all embedded files, with
// a year-long immutable cache lifetime; a new binary with changed files gets a new prefix. Pages
// (/, /explore) are revalidated on each visit. Every response carries a Content-Security-Policy
// that lets a page load and connect only to the server's own origin.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

//go:embed static
var static embed.FS

// CSP is the Content-Security-Policy of every response: scripts, styles, images, fonts and
// fetches from the server's own origin only (fonts and icons inside GraphiQL's style sheet are
// data: URLs, which are part of that sheet, not another origin); no inline scripts, no plugins,
// no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// Site serves the pages and assets. Its zero value is not usable; call New.
type Site struct {
	files  map[string]*file // by path under static, e.g. "vendor/graphiql.min.js"
	hash   string           // digest of every file, the asset prefix's version
	pages  map[string]*file // rendered HTML pages by name
	assets string           // "/assets/<hash>"
}

type file struct {
	body  []byte
	etag  string
	ctype string

	gzOnce sync.Once
	gz     []byte // gzip of body, made on first request that accepts it; nil when not smaller
}

// contentTypes maps file extensions to their Content-Type. Files of any other extension are
// not served.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".ico":  "image/x-icon",
	".png":  "image/png",
	".json": "application/json",
	"":      "text/plain; charset=utf-8", // LICENSE.*, VERSIONS
}

func contentType(name string) (string, bool) {
	ext := path.Ext(name)
	if strings.HasPrefix(path.Base(name), "LICENSE") || name == "vendor/VERSIONS" {
		ext = ""
	}
	ct, ok := contentTypes[ext]
	return ct, ok
}

// New reads the embedded files and renders the pages.
func New() (*Site, error) {
	s := &Site{files: map[string]*file{}, pages: map[string]*file{}}
	var names []string
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	all := sha256.New()
	for _, p := range names {
		body, err := static.ReadFile(p)
		if err != nil {
			return nil, err
		}
		name := strings.TrimPrefix(p, "static/")
		ct, ok := contentType(name)
		if !ok {
			continue
		}
		sum := sha256.Sum256(body)
		s.files[name] = &file{body: body, ctype: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		all.Write([]byte(name))
		all.Write(sum[:])
	}
	s.hash = hex.EncodeToString(all.Sum(nil))[:16]
	s.assets = "/assets/" + s.hash
	for _, page := range []string{"graphiql", "explore"} {
		f := s.files["pages/"+page+".html"]
		if f == nil {
			return nil, fs.ErrNotExist
		}
		t, err := template.New(page).Parse(string(f.body))
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, struct{ Assets string }{s.assets}); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b.Bytes())
		s.pages[page] = &file{body: b.Bytes(), ctype: contentTypes[".html"], etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	}
	return s, nil
}

// AssetPrefix is the path under which the embedded assets are served, e.g. /assets/0123abcd…
func (s *Site) AssetPrefix() string { return s.assets }

// Register adds the routes to mux: GraphiQL at /, the explorer at /explore and /explore/…,
// assets under /assets/, the favicon at /favicon.ico and /favicon.svg.
func (s *Site) Register(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.page("graphiql"))
	mux.Handle("GET /explore", s.page("explore"))
	mux.Handle("GET /explore/", s.page("explore"))
	mux.HandleFunc("GET /assets/{version}/{file...}", s.serveAsset)
	mux.HandleFunc("GET /favicon.ico", s.serveFavicon("favicon.ico"))
	mux.HandleFunc("GET /favicon.svg", s.serveFavicon("favicon.svg"))
}

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *Site) page(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		w.Header().Set("Cache-Control", "no-cache")
		s.pages[name].serve(w, r)
	})
}

func (s *Site) serveAsset(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	f := s.files[r.PathValue("file")]
	if f == nil || strings.HasPrefix(r.PathValue("file"), "pages/") {
		http.NotFound(w, r)
		return
	}
	if r.PathValue("version") == s.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// A page from an older binary asking for a file that may have changed since: answer
		// with the current one, not to be kept.
		w.Header().Set("Cache-Control", "no-cache")
	}
	f.serve(w, r)
}

func (s *Site) serveFavicon(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		w.Header().Set("Cache-Control", "public, max-age=86400")
		s.files[name].serve(w, r)
	}
}

// serve writes f with its type and ETag (answering If-None-Match with 304), gzipped when the
// client accepts it and that is smaller.
func (f *file) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Vary", "Accept-Encoding")
	body, etag := f.body, f.etag
	if acceptsGzip(r) && len(f.body) > 1024 {
		f.gzOnce.Do(func() {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
			_, _ = zw.Write(f.body)
			_ = zw.Close()
			if b.Len() < len(f.body) {
				f.gz = b.Bytes()
			}
		})
		if f.gz != nil {
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}
