// Package neo4jtest gives tests a real Neo4j: the one NEO4J_URI points at (scripts/neo4j.sh
// starts one). Without NEO4J_URI the tests skip with a pointer to the README, except under CI
// (CI=true), where they fail. Tests in different packages share the one database, so each test
// holds a file lock for its whole duration and starts from an empty graph.
package neo4jtest

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/normgraph/normgraph/neo4j"
)

// Config returns the connection settings from the environment, skipping (or, under CI,
// failing) the test when NEO4J_URI is not set.
func Config(t testing.TB) neo4j.Config {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_URI is not set but CI=true: the Neo4j tests must run in CI (see README, \"Testing against Neo4j\")")
		}
		t.Skip("NEO4J_URI is not set: start a test Neo4j with ./scripts/test.sh or scripts/neo4j.sh (see README, \"Testing against Neo4j\")")
	}
	user := os.Getenv("NEO4J_USERNAME")
	if user == "" {
		user = "neo4j"
	}
	return neo4j.Config{URI: uri, Username: user, Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}
}

// Lock serializes the tests that use the shared database, across test binaries. The lock is
// per database (NEO4J_URI and NEO4J_DATABASE): tests against different servers do not wait
// for each other.
func Lock(t testing.TB) {
	t.Helper()
	h := fnv.New64a()
	h.Write([]byte(os.Getenv("NEO4J_URI") + "\x00" + os.Getenv("NEO4J_DATABASE")))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("normgraph-neo4j-tests-%x.lock", h.Sum64()))
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatalf("open test lock: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("take test lock: %v", err)
	}
	t.Cleanup(func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	})
}

// Open returns a store on the test database, emptied, with the test lock held until the test
// ends.
func Open(t testing.TB) *neo4j.Store {
	t.Helper()
	cfg := Config(t)
	Lock(t)
	s, err := neo4j.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("test Neo4j at %s does not answer: %v", cfg.RedactedURI(), err)
	}
	if n, err := s.ForeignNodes(ctx); err != nil || n > 0 {
		t.Fatalf("refusing to empty %s: it holds %d nodes that normgraph did not write (%v); point NEO4J_URI at a test database", cfg.RedactedURI(), n, err)
	}
	if err := s.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
