package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T, args []string, env map[string]string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, func(k string) string { return env[k] }, logs, ready) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("server did not stop")
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr, logs
	case err := <-done:
		t.Fatalf("server exited: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	return "", nil
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func postQuery(t *testing.T, base, query string) string {
	t.Helper()
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":`+quote(query)+`}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func TestServerOnNeo4j(t *testing.T) {
	store := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	if _, err := store.Refresh(context.Background(), storetest.Fixture(t), neo4j.RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	// NEO4J_URI set selects the neo4j store without -store.
	base, logs := startServer(t, []string{"-addr", "127.0.0.1:0"}, map[string]string{
		"NEO4J_URI": cfg.URI, "NEO4J_USERNAME": cfg.Username, "NEO4J_PASSWORD": cfg.Password})
	if code, body := get(t, base+"/readyz"); code != http.StatusOK || body != "ready\n" {
		t.Errorf("/readyz: %d %q", code, body)
	}
	body := postQuery(t, base, `{ initiative(id: "alpha") { shortName norms { totalCount } } }`)
	if !strings.Contains(body, `"shortName":"Alpha 2015"`) || !strings.Contains(body, `"totalCount":3`) {
		t.Errorf("query over Neo4j: %s", body)
	}
	if cfg.Password != "" && strings.Contains(logs.String(), cfg.Password) {
		t.Errorf("the logs show the password:\n%s", logs.String())
	}
}

func TestServerNeo4jDown(t *testing.T) {
	const secret = "s3cret-pass"
	base, logs := startServer(t, []string{"-addr", "127.0.0.1:0", "-store", "neo4j", "-neo4j-uri", "bolt://127.0.0.1:1", "-query-timeout", "3s"},
		map[string]string{"NEO4J_PASSWORD": secret})
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "cannot be reached") || strings.Contains(body, "127.0.0.1:1") {
		t.Errorf("/readyz with Neo4j down: %d %q (want a general reason, no address)", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz with Neo4j down: %d", code)
	}
	for i := 0; i < 3; i++ { // the first finds the outage, the next fail fast; none names the address
		resp := postQuery(t, base, `{ initiative(id: "alpha") { id } }`)
		if !strings.Contains(resp, `"code":"UNAVAILABLE"`) || strings.Contains(resp, "127.0.0.1:1") || strings.Contains(resp, "neo4j") {
			t.Errorf("query %d with Neo4j down: %s", i, resp)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "neo4j not ready, retrying") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "neo4j not ready, retrying") {
		t.Errorf("no retry log line:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "bolt://127.0.0.1:1") {
		t.Errorf("the log does not say which server is down:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(body, secret) {
		t.Errorf("the password leaked:\n%s", logs.String())
	}
}

func TestServerNeo4jBadCredentials(t *testing.T) {
	cfg := neo4jtest.Config(t)
	wrong := "wrong-" + cfg.Password
	base, logs := startServer(t, []string{"-addr", "127.0.0.1:0", "-store", "neo4j"},
		map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_USERNAME": cfg.Username, "NEO4J_PASSWORD": wrong})
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "refused the credentials") {
		t.Errorf("/readyz with bad credentials: %d %q", code, body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "refused the credentials") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "refused the credentials") {
		t.Errorf("no clear log line about the credentials:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), wrong) || strings.Contains(body, wrong) {
		t.Errorf("the password leaked:\n%s", logs.String())
	}
}

// TestHostileCorpusNeo4j runs the hostile corpus against the neo4j store: the same statuses and
// codes as on the memory store, refusals reach Neo4j zero times.
func TestHostileCorpusNeo4j(t *testing.T) {
	store := neo4jtest.Open(t)
	if _, err := store.Refresh(context.Background(), storetest.Fixture(t), neo4j.RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	runCorpus(t, store)
}
