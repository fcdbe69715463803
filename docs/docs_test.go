// Package docs holds the project's worked examples; its test runs them.
package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/storetest"
)

// handler returns a function that asks the GraphQL handler, over the embedded dataset, a query
// (and, when the document holds several operations, which one to run).
func handler(t *testing.T) func(query string, operationName ...string) string {
	t.Helper()
	ds := storetest.Embedded(t)
	store, err := memory.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	h := graph.NewHandler(store, graph.Options{})
	return func(query string, operationName ...string) string {
		params := map[string]string{"query": query}
		if len(operationName) > 0 {
			params["operationName"] = operationName[0]
		}
		body, _ := json.Marshal(params)
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Body.String()
	}
}

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
	ask := handler(t)
	for i, b := range blocks {
		resp := ask(b[1])
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

// TestReadmeExamples runs the example queries of the README's first screen as a reader pastes
// them: each block whole, as one document with one named operation; all blocks pasted together
// (one document, each operation chosen by name); and the curl example's JSON body.
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) != 3 {
		t.Fatalf("%d graphql blocks in the README, want the three examples", len(blocks))
	}
	ask := handler(t)
	opRE := regexp.MustCompile(`(?m)^query (\w+) \{`)
	var all []string
	var names []string
	for _, b := range blocks {
		q := b[1]
		ops := opRE.FindAllStringSubmatch(q, -1)
		if len(ops) != 1 {
			t.Errorf("README example has %d named operations, want 1:\n%s", len(ops), q)
			continue
		}
		names = append(names, ops[0][1])
		all = append(all, q)
		if resp := ask(q); strings.Contains(resp, `"errors"`) || !strings.Contains(resp, `"id"`) && !strings.Contains(resp, `"code"`) {
			t.Errorf("README example failed:\n%s\n%s", q, resp)
		}
	}
	doc := strings.Join(all, "\n")
	for _, name := range names {
		if resp := ask(doc, name); strings.Contains(resp, `"errors"`) || !strings.Contains(resp, `"data"`) {
			t.Errorf("the three README examples pasted together, running %s:\n%s", name, resp)
		}
	}

	curl := regexp.MustCompile(`(?s)curl -s http://127\.0\.0\.1:8080/graphql -H 'Content-Type: application/json' \\\n\s+-d '([^']+)'`).FindSubmatch(readme)
	if curl == nil {
		t.Fatal("no curl example in the README")
	}
	var body struct{ Query string }
	if err := json.Unmarshal(curl[1], &body); err != nil {
		t.Fatalf("the curl example's body is not JSON: %v\n%s", err, curl[1])
	}
	if resp := ask(body.Query); strings.Contains(resp, `"errors"`) || !strings.Contains(resp, `"Paris Call`) {
		t.Errorf("the curl example failed:\n%s", resp)
	}
}

// TestOverlapsPage checks the numbers of overlaps.md's worked examples against the scores the
// embedded dataset gives: each "check" comment names a pair and fields with their values
// (three decimals, or null).
func TestOverlapsPage(t *testing.T) {
	doc, err := os.ReadFile("overlaps.md")
	if err != nil {
		t.Fatal(err)
	}
	ds := storetest.Embedded(t)
	byPair := map[string]*normgraph.Overlap{}
	for _, o := range normgraph.ComputeOverlaps(ds) {
		byPair[o.A+" "+o.B] = o
	}
	checks := regexp.MustCompile(`<!-- check: (\S+) (\S+) (.*?) -->`).FindAllStringSubmatch(string(doc), -1)
	if len(checks) < 5 {
		t.Fatalf("%d check comments in overlaps.md, want the five worked examples", len(checks))
	}
	for _, c := range checks {
		o := byPair[c[1]+" "+c[2]]
		if o == nil {
			t.Errorf("no overlap %s–%s", c[1], c[2])
			continue
		}
		fields := map[string]*float64{"score": o.Score, "scoreWithDerived": o.ScoreWithDerived, "themeScore": o.ThemeScore,
			"actorScore": o.ActorScore, "actorScoreWithDerived": o.ActorScoreWithDerived,
			"correspondenceScore": o.CorrespondenceScore, "tension": o.Tension}
		kv := strings.Fields(c[3])
		for i := 0; i+1 < len(kv); i += 2 {
			v, ok := fields[kv[i]]
			if !ok {
				t.Errorf("%s–%s: unknown field %s", c[1], c[2], kv[i])
				continue
			}
			got := "null"
			if v != nil {
				got = fmt.Sprintf("%.3f", *v)
			}
			if got != kv[i+1] {
				t.Errorf("overlaps.md says %s–%s %s %s, the dataset gives %s", c[1], c[2], kv[i], kv[i+1], got)
			}
		}
	}
}
