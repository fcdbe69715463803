package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// screenshotDir is where the browser test writes a screenshot of each view; the current ones
// are committed, and the README shows one.
const screenshotDir = "../../docs/screenshots"

// chromium finds the browser: NORMGRAPH_CHROMIUM, else Debian's chromium (which
// scripts/test.sh installs when missing), else a Chrome on PATH.
func chromium(t *testing.T) string {
	if p := os.Getenv("NORMGRAPH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no chromium on PATH: the browser tests cannot run (scripts/test.sh installs it)")
	}
	t.Skip("no chromium on PATH (scripts/test.sh installs Debian's chromium); set NORMGRAPH_CHROMIUM to use another")
	return ""
}

// browser is a headless Chromium whose every request is checked: only the test server's origin
// is let through, anything else is failed and counted, and every console error, uncaught
// exception and error log entry (CSP violations among them) is recorded.
type browser struct {
	ctx     context.Context
	origin  string
	mu      sync.Mutex
	offsite []string // requests to anywhere but the server
	errors  []string // console errors, exceptions, error log entries
	served  int      // requests let through
}

func newBrowser(t *testing.T, origin string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, // the tests may run as root in a container
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.WindowSize(1280, 800),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{ctx: ctx, origin: origin}
	paused := make(chan *fetch.EventRequestPaused, 4096)
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *fetch.EventRequestPaused:
			paused <- ev // answered below: a listener must not send commands
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.record(&b.errors, "console.error: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.record(&b.errors, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				b.record(&b.errors, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case ev := <-paused:
				b.decide(ev)
			}
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("intercept requests: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable log: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable runtime: %v", err)
	}
	return b
}

func (b *browser) record(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

func (b *browser) decide(ev *fetch.EventRequestPaused) {
	u, err := url.Parse(ev.Request.URL)
	if err == nil && (u.Scheme+"://"+u.Host == b.origin || u.Scheme == "data" || u.Scheme == "blob") {
		b.mu.Lock()
		b.served++
		b.mu.Unlock()
		_, _ = chromedp.Call(b.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		return
	}
	b.record(&b.offsite, ev.Request.URL)
	_, _ = chromedp.Call(b.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
}

// check fails the test for every console error and off-site request seen so far, naming the
// step that caused them.
func (b *browser) check(t *testing.T, step string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("%s: %s", step, e)
	}
	for _, u := range b.offsite {
		t.Errorf("%s: a request left the machine: %s", step, u)
	}
	b.errors, b.offsite = nil, nil
}

// do runs the steps, each within a minute.
func (b *browser) do(t *testing.T, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		page, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 2000)`))
		b.check(t, step)
		t.Fatalf("%s: %v\nthe page:\n%s", step, err, page)
	}
}

// get runs one action that returns a value.
func run1[T any](t *testing.T, b *browser, step string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	return run1(t, b, expr, chromedp.Evaluate[T](expr))
}

func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// screenshot writes docs/screenshots/<name>.png, the visible part of the page.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	b.do(t, "settle", chromedp.Sleep(150*time.Millisecond))
	png := run1(t, b, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(screenshotDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ready waits until the explorer has finished rendering the view at the current URL.
func ready(view string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(css(fmt.Sprintf(`body[data-view=%q][data-ready] main:not([aria-busy])`, view)))
}

// apiData posts a query to the server's /graphql, as a client other than the page would.
func apiData(t *testing.T, origin, query string, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	resp, err := http.Post(origin+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &env); err != nil || len(env.Errors) > 0 {
		t.Fatalf("query %s: %v %v", query, err, env.Errors)
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		t.Fatal(err)
	}
}

func startBrowserServer(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-level", "warn"}, func(string) string { return "" }, io.Discard, ready)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr
	case err := <-done:
		t.Fatalf("server did not start: %v", err)
	}
	return ""
}

// TestBrowser drives a real Chromium through GraphiQL and every view of the explorer, with
// the network closed except for the server on 127.0.0.1.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	origin := startBrowserServer(t)
	b := newBrowser(t, origin)
	b.do(t, "viewport", chromedp.EmulateViewport(1280, 800))

	// The guard itself: a page that reaches for another host is stopped by the policy, and the
	// test sees it (so a clean run below means something).
	t.Run("guard", func(t *testing.T) {
		b.do(t, "reach out",
			chromedp.Navigate(origin+"/explore/timeline"), ready("timeline"),
			chromedp.Evaluate[chromedp.Void](`fetch('http://192.0.2.1/x').catch(() => {}); void 0`),
			chromedp.Sleep(300*time.Millisecond))
		b.mu.Lock()
		caught := strings.Join(b.errors, "\n")
		b.errors, b.offsite = nil, nil
		b.mu.Unlock()
		if !strings.Contains(caught, "Content Security Policy") || !strings.Contains(caught, "192.0.2.1") {
			t.Errorf("a fetch to another host went unnoticed; recorded: %q", caught)
		}
		// What the policy does not cover, such as a navigation, the request interception stops.
		ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		err := chromedp.Do(ctx, chromedp.Navigate("http://192.0.2.1/"))
		cancel()
		b.mu.Lock()
		offsite := b.offsite
		b.errors, b.offsite = nil, nil
		b.mu.Unlock()
		if err == nil || len(offsite) != 1 || offsite[0] != "http://192.0.2.1/" {
			t.Errorf("navigating to another host: error %v, stopped requests %q", err, offsite)
		}
	})

	t.Run("GraphiQL", func(t *testing.T) {
		b.do(t, "GraphiQL runs its default query",
			chromedp.Navigate(origin+"/"),
			chromedp.WaitVisible(css(`.graphiql-container .graphiql-query-editor .CodeMirror`)),
			chromedp.Click(css(`.graphiql-execute-button`)),
			poll(`document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror?.getValue().includes('"Paris Call')`),
		)
		text := eval[string](t, b, `document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()`)
		for _, want := range []string{`"initiative"`, `"totalCount"`, `"overlaps"`} {
			if !strings.Contains(text, want) {
				t.Errorf("GraphiQL's result lacks %s:\n%s", want, text)
			}
		}
		b.screenshot(t, "graphiql")
		// The Docs pane renders the schema's descriptions (markdown) under the same policy.
		b.do(t, "open the docs",
			chromedp.Click(css(`.graphiql-sidebar button[aria-label="Show Documentation Explorer"]`)),
			chromedp.WaitVisible(css(`.graphiql-doc-explorer`)),
			chromedp.Click(css(`.graphiql-doc-explorer a.graphiql-doc-explorer-type-name`)),
			poll(`document.querySelector('.graphiql-doc-explorer').innerText.includes('initiative')`),
		)
		b.check(t, "GraphiQL")
	})

	t.Run("search", func(t *testing.T) {
		b.do(t, "search for paris with the keyboard",
			chromedp.Navigate(origin+"/explore"),
			ready("search"),
			chromedp.Focus(css(`#q`)),
			chromedp.SendKeys(css(`#q`), "paris\r"),
			chromedp.WaitVisible(css(`#results li`)),
		)
		ids := eval[[]string](t, b, `[...document.querySelectorAll('#results li')].map(li => li.dataset.type + ' ' + li.dataset.id)`)
		if len(ids) == 0 || ids[0] != "INITIATIVE paris-call" {
			t.Errorf("search for paris: hits %v, want INITIATIVE paris-call first", ids)
		}
		if loc := run1(t, b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/explore/search?q=paris") {
			t.Errorf("URL after search = %s", loc)
		}
		b.screenshot(t, "search")
		b.check(t, "search")
	})

	t.Run("initiative", func(t *testing.T) {
		b.do(t, "open paris-call from the results",
			chromedp.Click(css(`#results li[data-id="paris-call"] a`)),
			ready("initiative"),
		)
		h1 := eval[string](t, b, `document.querySelector('main h1').textContent`)
		norms := eval[int](t, b, `document.querySelectorAll('.norms > li').length`)
		parts := eval[int](t, b, `document.querySelectorAll('.participants li').length`)
		var want struct {
			Initiative struct {
				Name  string
				Norms struct{ TotalCount int }
			}
		}
		apiData(t, origin, `{ initiative(id: "paris-call") { name norms { totalCount } } }`, &want)
		if h1 != want.Initiative.Name {
			t.Errorf("initiative heading %q, want %q", h1, want.Initiative.Name)
		}
		if norms != want.Initiative.Norms.TotalCount || norms == 0 {
			t.Errorf("initiative view shows %d norms, the API has %d", norms, want.Initiative.Norms.TotalCount)
		}
		if parts == 0 {
			t.Error("initiative view shows no participants")
		}
		var total struct {
			Initiative struct {
				Participants struct{ TotalCount int }
			}
		}
		apiData(t, origin, `{ initiative(id: "paris-call") { participants { totalCount } } }`, &total)
		if total.Initiative.Participants.TotalCount > parts {
			b.do(t, "more participants",
				chromedp.Click(css(`#more-participants`)),
				poll(fmt.Sprintf(`document.querySelectorAll('.participants li').length > %d`, parts)))
			if more := eval[int](t, b, `document.querySelectorAll('.participants li').length`); more != min(2*parts, total.Initiative.Participants.TotalCount) {
				t.Errorf("after More participants: %d shown, want %d", more, min(2*parts, total.Initiative.Participants.TotalCount))
			}
			b.do(t, "top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		}
		b.screenshot(t, "initiative")

		// Phone width: nothing wider than the screen.
		b.do(t, "phone width",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Reload(), ready("initiative"))
		scroll := eval[int](t, b, `document.documentElement.scrollWidth`)
		inner := eval[int](t, b, `window.innerWidth`)
		if scroll > inner {
			t.Errorf("at phone width the page is %dpx wide in a %dpx window", scroll, inner)
		}
		b.screenshot(t, "initiative-phone")
		b.do(t, "viewport back", chromedp.EmulateViewport(1280, 800))
		b.check(t, "initiative")
	})

	t.Run("graph", func(t *testing.T) {
		count := func() int { return eval[int](t, b, `document.getElementById('cy').cytoscape.nodes().length`) }
		b.do(t, "draw paris-call",
			chromedp.Navigate(origin+"/explore/graph?root=paris-call&depth=2&type=NORM&type=THEME"),
			ready("graph"),
			chromedp.WaitVisible(css(`#node-list button`)),
		)
		before := count()
		if before < 2 {
			t.Fatalf("graph of paris-call has %d nodes", before)
		}
		// Filtered by type: norms and themes, and the root.
		drawn := eval[[]string](t, b, `[...new Set(document.getElementById('cy').cytoscape.nodes().filter(n => n.id() !== 'paris-call').map(n => n.data('type')))].sort()`)
		if strings.Join(drawn, " ") != "NORM THEME" {
			t.Errorf("types drawn besides the root: %v, want NORM THEME", drawn)
		}
		// Hiding an edge type from its checkbox hides those edges and goes into the URL.
		hidden := eval[string](t, b, `(() => {
			const box = [...document.querySelectorAll('fieldset.types label')].find(l => l.textContent.trim() === 'part of').querySelector('input');
			box.click();
			const cy = document.getElementById('cy').cytoscape;
			return cy.edges('[type = "PART_OF"]').length + ' ' + cy.edges('[type = "PART_OF"].hidden').length + ' ' + location.search.includes('hide=PART_OF');
		})()`)
		if f := strings.Fields(hidden); len(f) != 3 || f[0] == "0" || f[0] != f[1] || f[2] != "true" {
			t.Errorf("after unticking part of: PART_OF edges, hidden ones, in the URL = %s", hidden)
		}
		eval[bool](t, b, `(() => { [...document.querySelectorAll('fieldset.types label')].find(l => l.textContent.trim() === 'part of').querySelector('input').click(); return true; })()`)
		// Click, with the mouse, where Cytoscape drew the first theme.
		type point struct {
			ID   string
			X, Y float64
		}
		target := eval[point](t, b, `(() => {
			const cy = document.getElementById('cy').cytoscape;
			const n = cy.nodes('[type = "THEME"]').first();
			const p = n.renderedPosition(), r = document.getElementById('cy').getBoundingClientRect();
			return { id: n.id(), x: r.left + p.x, y: r.top + p.y };
		})()`)
		if target.ID == "" {
			t.Fatal("no theme drawn around paris-call")
		}
		b.do(t, "click it",
			chromedp.MouseClickXY(target.X, target.Y),
			poll(fmt.Sprintf(`document.getElementById('cy').cytoscape.getElementById(%q).hasClass('expanded')`, target.ID)),
		)
		after := count()
		if after <= before {
			t.Errorf("clicking %s did not expand the graph: %d nodes before, %d after", target.ID, before, after)
		}
		if loc := run1(t, b, "location", chromedp.Location()); !strings.Contains(loc, "expand="+url.QueryEscape(target.ID)) {
			t.Errorf("URL after expanding %s = %s", target.ID, loc)
		}
		b.screenshot(t, "graph")

		// The export buttons fetch the server's exports of the roots and the expanded node.
		links := eval[[]string](t, b, `[...document.querySelectorAll('.exports a')].map(a => a.href)`)
		if len(links) != 3 {
			t.Errorf("%d export buttons, want 3 (JSON, GEXF, GraphML)", len(links))
		}
		for _, l := range links {
			if !strings.Contains(l, "root="+url.QueryEscape(target.ID)) {
				t.Errorf("export %s leaves out the expanded %s", l, target.ID)
			}
			resp, err := http.Get(l)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(target.ID)) {
				t.Errorf("export %s: %d, %d bytes, mentions %s: %v", l, resp.StatusCode, len(body), target.ID, bytes.Contains(body, []byte(target.ID)))
			}
		}

		// The same with the keyboard: Enter on a norm in the list beside the drawing.
		id := eval[string](t, b, `(() => { const b = [...document.querySelectorAll('#node-list button:not(.expanded)')].find(b => b.dataset.id.includes('/')); b.focus(); return b.dataset.id; })()`)
		b.do(t, "expand from the keyboard",
			chromedp.KeyEvent("\r"),
			poll(fmt.Sprintf(`document.getElementById('cy').cytoscape.getElementById(%q).hasClass('expanded')`, id)),
		)

		// Colour by category: each norm drawn in its category's colour.
		b.do(t, "colour by category",
			chromedp.Navigate(origin+"/explore/graph?root=paris-call&type=NORM&type=CATEGORY&color=category"),
			ready("graph"))
		colours := eval[map[string]string](t, b, `(() => {
			const out = {};
			document.getElementById('cy').cytoscape.nodes('[type = "NORM"]').forEach(n => { out[n.id()] = n.data('color'); });
			return out;
		})()`)
		var norms struct {
			Norms struct {
				Edges []struct{ Node struct{ ID, Category string } }
			}
		}
		apiData(t, origin, `{ norms(filter: { initiative: ["paris-call"] }, first: 100) { edges { node { id category } } } }`, &norms)
		byCategory := map[string]string{}
		for _, e := range norms.Norms.Edges {
			c, ok := colours[e.Node.ID]
			if !ok {
				t.Errorf("norm %s not drawn", e.Node.ID)
				continue
			}
			if prev, seen := byCategory[e.Node.Category]; seen && prev != c {
				t.Errorf("%s norms drawn in %s and %s", e.Node.Category, prev, c)
			}
			byCategory[e.Node.Category] = c
		}
		seen := map[string]string{}
		for cat, c := range byCategory {
			if other, dup := seen[c]; dup {
				t.Errorf("categories %s and %s share the colour %s", cat, other, c)
			}
			seen[c] = cat
		}
		b.check(t, "graph")
	})

	t.Run("overlaps", func(t *testing.T) {
		var top struct {
			Overlaps struct {
				Edges []struct {
					Node struct {
						A, B  struct{ ID string }
						Score float64
					}
				}
			}
		}
		apiData(t, origin, `{ overlaps(first: 1) { edges { node { a { id } b { id } score } } } }`, &top)
		if len(top.Overlaps.Edges) == 0 {
			t.Fatal("the API has no overlaps")
		}
		p := top.Overlaps.Edges[0].Node
		cell := fmt.Sprintf(`#heatmap td[data-a=%q][data-b=%q] a`, p.A.ID, p.B.ID)
		b.do(t, "heat map", chromedp.Navigate(origin+"/explore/overlaps"), ready("overlaps"))
		text := eval[string](t, b, fmt.Sprintf(`document.querySelector(%q).textContent`, cell))
		if want := strings.TrimPrefix(fmt.Sprintf("%.2f", p.Score), "0"); text != want {
			t.Errorf("heat map cell %s × %s = %q, the API's score is %s", p.A.ID, p.B.ID, text, want)
		}
		// The keyboard: one Tab stop in the map, arrow keys between cells.
		stops := eval[int](t, b, `document.querySelectorAll('#heatmap td > a:not([tabindex="-1"])').length`)
		if stops != 1 {
			t.Errorf("the heat map has %d cells in the tab order, want 1", stops)
		}
		first := eval[string](t, b, `(() => { const a = document.querySelector('#heatmap td > a[tabindex="0"]'); a.focus(); return a.parentElement.dataset.a + ' ' + a.parentElement.dataset.b; })()`)
		b.do(t, "arrow right", chromedp.KeyEvent(kb.ArrowRight))
		next := eval[string](t, b, `document.activeElement.parentElement.dataset.a + ' ' + document.activeElement.parentElement.dataset.b`)
		if a1, _, _ := strings.Cut(first, " "); next == first || !strings.HasPrefix(next, a1+" ") {
			t.Errorf("ArrowRight from %s went to %s, want the next cell of the same row", first, next)
		}
		b.do(t, "open its evidence",
			chromedp.Click(css(cell)),
			chromedp.WaitVisible(css(`#evidence`)),
			ready("overlaps"),
		)
		evidence := eval[string](t, b, `document.querySelector('#evidence h2').textContent`)
		var names struct {
			A, B struct{ ShortName string }
		}
		apiData(t, origin, fmt.Sprintf(`{ a: initiative(id: %q) { shortName } b: initiative(id: %q) { shortName } }`, p.A.ID, p.B.ID), &names)
		if !strings.Contains(evidence, names.A.ShortName) || !strings.Contains(evidence, names.B.ShortName) {
			t.Errorf("evidence heading %q does not name %s and %s", evidence, names.A.ShortName, names.B.ShortName)
		}
		b.do(t, "scroll", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
		b.screenshot(t, "overlaps")
		b.check(t, "overlaps")
	})

	t.Run("compare", func(t *testing.T) {
		ids := []string{"un-gge-2015", "paris-call", "tech-accord"}
		b.do(t, "compare three", chromedp.Navigate(origin+"/explore/compare?i="+strings.Join(ids, "&i=")), ready("compare"))
		cols := eval[[]string](t, b, `[...document.querySelectorAll('#crosswalk thead th[data-id]')].map(th => th.dataset.id)`)
		rows := eval[[]string](t, b, `[...document.querySelectorAll('#crosswalk tbody tr')].map(tr => tr.dataset.theme)`)
		if strings.Join(cols, " ") != strings.Join(ids, " ") {
			t.Errorf("compare columns %v, want %v", cols, ids)
		}
		var want struct {
			Compare struct {
				Rows []struct{ Theme struct{ ID string } }
			}
		}
		apiData(t, origin, `{ compare(initiatives: ["un-gge-2015", "paris-call", "tech-accord"]) { rows { theme { id } } } }`, &want)
		var wantRows []string
		for _, r := range want.Compare.Rows {
			wantRows = append(wantRows, r.Theme.ID)
		}
		if len(rows) == 0 || strings.Join(rows, " ") != strings.Join(wantRows, " ") {
			t.Errorf("compare rows %v, the API's %v", rows, wantRows)
		}
		b.screenshot(t, "compare")
		b.check(t, "compare")
	})

	t.Run("timeline", func(t *testing.T) {
		b.do(t, "timeline", chromedp.Navigate(origin+"/explore/timeline"), ready("timeline"))
		ids := eval[[]string](t, b, `[...document.querySelectorAll('#timeline li[data-id]')].map(li => li.dataset.id)`)
		var want struct {
			Initiatives struct{ TotalCount int }
		}
		apiData(t, origin, `{ initiatives(filter: { adoptedFrom: "1900" }) { totalCount } }`, &want)
		if !contains(ids, "paris-call") || len(ids) != want.Initiatives.TotalCount {
			t.Errorf("timeline shows %d initiatives (paris-call among them: %v); the API has %d with a date", len(ids), contains(ids, "paris-call"), want.Initiatives.TotalCount)
		}
		years := eval[int](t, b, `new Set([...document.querySelectorAll('#timeline li[data-id] time')].map(t => t.dateTime.slice(0, 4))).size`)
		if bars := eval[int](t, b, `document.querySelectorAll('.years a').length`); bars != years || bars == 0 {
			t.Errorf("the year overview links %d years, the list has %d", bars, years)
		}
		b.screenshot(t, "timeline")
		b.check(t, "timeline")
	})

	t.Run("node", func(t *testing.T) {
		b.do(t, "a norm", chromedp.Navigate(origin+"/explore/node?id="+url.QueryEscape("un-gge-2015/13f")), ready("node"))
		var want struct {
			Norm struct {
				Title    string
				Guidance []struct{ Locator string }
			}
		}
		apiData(t, origin, `{ norm(id: "un-gge-2015/13f") { title guidance { locator } } }`, &want)
		if h1 := eval[string](t, b, `document.querySelector('main h1').textContent`); want.Norm.Title == "" || !strings.Contains(h1, want.Norm.Title) {
			t.Errorf("norm page heading %q, want the title %q", h1, want.Norm.Title)
		}
		if n := eval[int](t, b, `document.querySelectorAll('.guidance li').length`); n != len(want.Norm.Guidance) || n == 0 {
			t.Errorf("norm page shows %d pieces of guidance, the API has %d (the test wants a norm with some)", n, len(want.Norm.Guidance))
		}
		b.screenshot(t, "norm")
		b.check(t, "node")
	})

	// Every view at a phone's width: nothing wider than the screen (wide tables scroll inside
	// their own box).
	t.Run("phone", func(t *testing.T) {
		b.do(t, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		defer b.do(t, "viewport back", chromedp.EmulateViewport(1280, 800))
		for view, path := range map[string]string{
			"search":   "/explore",
			"graph":    "/explore/graph?root=paris-call&type=NORM&type=THEME",
			"overlaps": "/explore/overlaps",
			"compare":  "/explore/compare?i=un-gge-2015&i=paris-call&i=tech-accord",
			"timeline": "/explore/timeline",
			"node":     "/explore/node?id=critical-infrastructure",
		} {
			b.do(t, view, chromedp.Navigate(origin+path), ready(view))
			if scroll, inner := eval[int](t, b, `document.documentElement.scrollWidth`), eval[int](t, b, `window.innerWidth`); scroll > inner {
				t.Errorf("%s at phone width: the page is %dpx wide in a %dpx window", path, scroll, inner)
			}
		}
		b.check(t, "phone")
	})

	b.mu.Lock()
	served := b.served
	b.mu.Unlock()
	if served == 0 {
		t.Error("no request reached the server: the interception is not working")
	}
	t.Logf("requests served by 127.0.0.1: %d", served)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
