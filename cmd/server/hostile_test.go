package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// hostileRow is one request of testdata/hostile/corpus.json with what the server must answer.
type hostileRow struct {
	Name        string         `json:"name"`
	Method      string         `json:"method"`      // default POST
	ContentType string         `json:"contentType"` // default application/json
	Accept      string         `json:"accept"`
	Query       string         `json:"query"` // sent as {"query": …}
	Variables   map[string]any `json:"variables"`
	Body        *string        `json:"body"` // sent as is
	URL         string         `json:"url"`  // raw query string of a GET
	Gen         []struct {
		Text  string `json:"text"`
		Item  string `json:"item"` // repeated Times times, %d replaced by the index
		Times int    `json:"times"`
	} `json:"gen"`
	As string `json:"as"` // what Gen makes: query (default), body or url

	Status          int    `json:"status"`
	Code            string `json:"code"` // code of the first error; "" none; "-" not JSON
	MaxBackendCalls *int   `json:"maxBackendCalls"`
	MaxBytes        int    `json:"maxBytes"`
	MaxErrors       int    `json:"maxErrors"`
	Fragments       int64  `json:"fragments"` // the shape check walks each fragment once
	NoData          bool   `json:"noData"`
}

func loadCorpus(t *testing.T) []hostileRow {
	t.Helper()
	b, err := os.ReadFile("../../testdata/hostile/corpus.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []hostileRow
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r hostileRow) generated() string {
	var sb strings.Builder
	for _, p := range r.Gen {
		sb.WriteString(p.Text)
		for i := range p.Times {
			if strings.Contains(p.Item, "%d") {
				sb.WriteString(strings.ReplaceAll(p.Item, "%d", fmt.Sprint(i)))
			} else {
				sb.WriteString(p.Item)
			}
		}
	}
	return sb.String()
}

func (r hostileRow) request(base string) *http.Request {
	method := r.Method
	if method == "" {
		method = http.MethodPost
	}
	query, body, rawURL := r.Query, "", r.URL
	if len(r.Gen) > 0 {
		switch r.As {
		case "body":
			body = r.generated()
		case "url":
			rawURL = "query=" + url.QueryEscape(r.generated())
		default:
			query = r.generated()
		}
	}
	if r.Body != nil {
		body = *r.Body
	} else if query != "" && method != http.MethodGet {
		b, _ := json.Marshal(map[string]any{"query": query, "variables": r.Variables})
		body = string(b)
	}
	target := base + "/graphql"
	if rawURL != "" {
		target += "?" + rawURL
	}
	var rd io.Reader
	if method != http.MethodGet {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, target, rd)
	ct := r.ContentType
	if ct == "" {
		ct = "application/json"
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", ct)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	return req
}

// runCorpus sends every hostile request through the server's real handler stack (routes, with
// the limits of the default flags) over r, and checks status, code, the backend calls it made
// (counted under the handler, so a refusal must show 0), the fragment walks and the log.
func runCorpus(t *testing.T, r normgraph.Reader) {
	var calls atomic.Int64
	counted := graph.Intercept(r, func(ctx context.Context, _ string, _ []any, next func(context.Context) (any, error)) (any, error) {
		calls.Add(1)
		return next(ctx)
	})
	cfg, err := parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.counters = &graph.Counters{}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := httptest.NewUnstartedServer(routes(counted, cfg, log, func(context.Context) error { return nil }))
	srv.Config.MaxHeaderBytes = maxHeaderBytes
	srv.Start()
	defer srv.Close()

	for _, row := range loadCorpus(t) {
		t.Run(row.Name, func(t *testing.T) {
			before, walks := calls.Load(), cfg.counters.Walk.ShapeFragmentWalks.Load()
			resp, err := http.DefaultClient.Do(row.request(srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != row.Status {
				t.Errorf("status %d, want %d: %.300s", resp.StatusCode, row.Status, body)
			}
			made := calls.Load() - before
			switch {
			case row.MaxBackendCalls != nil && made > int64(*row.MaxBackendCalls):
				t.Errorf("%d backend calls, want at most %d", made, *row.MaxBackendCalls)
			case row.MaxBackendCalls == nil && row.Code != "" && made != 0:
				t.Errorf("a refused request made %d backend calls", made)
			}
			if row.Fragments > 0 {
				if got := cfg.counters.Walk.ShapeFragmentWalks.Load() - walks; got != row.Fragments {
					t.Errorf("the shape check walked fragments %d times, want %d (once each)", got, row.Fragments)
				}
			}
			if row.MaxBytes > 0 && len(body) > row.MaxBytes {
				t.Errorf("response of %d bytes, want at most %d: %.300s", len(body), row.MaxBytes, body)
			}
			if row.Code == "-" {
				return
			}
			var out struct {
				Data   *json.RawMessage `json:"data"`
				Errors []struct {
					Message    string         `json:"message"`
					Extensions map[string]any `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(body, &out); err != nil {
				t.Fatalf("response is not JSON (%v): %.300s", err, body)
			}
			got := ""
			if len(out.Errors) > 0 {
				got, _ = out.Errors[0].Extensions["code"].(string)
			}
			if got != row.Code {
				t.Errorf("code %q, want %q: %.300s", got, row.Code, body)
			}
			if row.MaxErrors > 0 && len(out.Errors) > row.MaxErrors {
				t.Errorf("%d errors, want at most %d", len(out.Errors), row.MaxErrors)
			}
			if row.NoData && out.Data != nil {
				t.Errorf("a request error carries data: %.300s", body)
			}
			for _, e := range out.Errors {
				if strings.Contains(e.Message, "goroutine") || strings.Contains(e.Message, ".go:") {
					t.Errorf("a stack trace reached the client: %s", e.Message)
				}
			}
		})
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if len(line) > 2048 {
			t.Errorf("a log line of %d bytes (request bodies must not reach the log): %.200s", len(line), line)
		}
	}
}

func TestHostileCorpusMemory(t *testing.T) {
	store, err := memory.New(storetest.Fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	runCorpus(t, store)
}
