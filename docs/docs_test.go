// Package docs holds the project's worked examples; its test runs them.
package docs

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/memory"
)

var blockRE = regexp.MustCompile("(?s)```graphql\n(.*?)```\n<!-- expect: (.*?) -->")

// TestResearchQuestions runs every query of research-questions.md against the embedded dataset:
// no errors, and every expected token in the response.
func TestResearchQuestions(t *testing.T) {
	doc, err := os.ReadFile("research-questions.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := blockRE.FindAllStringSubmatch(string(doc), -1)
	if n := strings.Count(string(doc), "```graphql"); len(blocks) != n || n < 10 {
		t.Fatalf("%d graphql blocks, %d with an expect line", n, len(blocks))
	}
	ds, err := loader.Load(data.FS)
	if err != nil {
		t.Fatal(err)
	}
	store, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	h := graph.NewHandler(store, graph.Options{})
	for i, b := range blocks {
		body, _ := json.Marshal(map[string]string{"query": b[1]})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Body.String()
		if strings.Contains(resp, `"errors"`) {
			t.Errorf("query %d failed: %s", i+1, resp)
			continue
		}
		for _, want := range strings.Fields(b[2]) {
			if !strings.Contains(resp, want) {
				t.Errorf("query %d: response lacks %q", i+1, want)
			}
		}
	}
}
