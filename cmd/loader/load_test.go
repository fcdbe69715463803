package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/internal/neo4jtest"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

const fixtureDir = "../../storetest/testdata/fixture"

func neo4jEnv(cfg neo4j.Config) func(string) string {
	return func(k string) string {
		switch k {
		case "NEO4J_URI":
			return cfg.URI
		case "NEO4J_USERNAME":
			return cfg.Username
		case "NEO4J_PASSWORD":
			return cfg.Password
		case "NEO4J_DATABASE":
			return cfg.Database
		}
		return ""
	}
}

func runWith(getenv func(string) string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, getenv, &out, &errb)
	return code, out.String(), errb.String()
}

func TestLoadCommand(t *testing.T) {
	neo4jtest.Open(t) // empties the database and holds the lock
	cfg := neo4jtest.Config(t)
	env := neo4jEnv(cfg)

	code, out, errs := runWith(env, "load", "-dir", fixtureDir, "-dry-run")
	if code != exitOK || !strings.Contains(out, "would change (dry run, nothing written)") {
		t.Fatalf("dry run: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runWith(env, "load", "-dir", fixtureDir, "-json")
	if code != exitOK {
		t.Fatalf("load: exit %d\n%s", code, errs)
	}
	var rep neo4j.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	if rep.DryRun || rep.Nodes["Norm"].Created != 5 || rep.Relationships["PART_OF"].Created != 5 {
		t.Errorf("first load report: %+v", rep)
	}
	if !strings.Contains(errs, "create Norm") {
		t.Errorf("no progress on stderr:\n%s", errs)
	}
	code, out, _ = runWith(env, "load", "-dir", fixtureDir)
	if code != exitOK || !strings.Contains(out, "nothing to change") {
		t.Errorf("second load: exit %d\n%s", code, out)
	}

	code, _, errs = runWith(env, "load", "-dir", "../../loader/testdata/invalid/dangling")
	if code != exitInvalid || !strings.Contains(errs, "a.yaml:33:") {
		t.Errorf("bad data: exit %d\n%s", code, errs)
	}
	if code, out, _ = runWith(env, "load", "-dir", fixtureDir); !strings.Contains(out, "nothing to change") {
		t.Errorf("bad data changed the graph: %s", out)
	}

	badPass := cfg
	badPass.Password = "not-the-password-" + cfg.Password
	code, _, errs = runWith(neo4jEnv(badPass), "load", "-dir", fixtureDir)
	if code != exitUnavailable || !strings.Contains(errs, "refused the credentials") || strings.Contains(errs, badPass.Password) {
		t.Errorf("bad credentials: exit %d\n%s", code, errs)
	}
	down := cfg
	down.URI = "bolt://127.0.0.1:1"
	code, _, errs = runWith(neo4jEnv(down), "load", "-dir", fixtureDir, "-timeout", "5s")
	if code != exitUnavailable || !strings.Contains(errs, "cannot be reached") || !strings.Contains(errs, "bolt://127.0.0.1:1") {
		t.Errorf("unreachable: exit %d\n%s", code, errs)
	}
}

// writeLargeDataset writes a synthetic dataset whose load takes many batches.
func writeLargeDataset(t *testing.T, norms int) string {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(`sources:
  - {id: src-synthetic, title: Synthetic, kind: secondary, url: "https://example.org/synthetic"}
themes:
  - {id: synthetic-theme, name: Synthetic, definition: A synthetic theme., sources: [src-synthetic]}
initiatives:
  - id: synthetic
    name: Synthetic initiative
    kind: proposal
    binding: false
    status: proposed
    addressees: [states]
    summary: Synthetic data for the kill test.
    itemized: partial
    itemizedNote: Synthetic.
    sources: [src-synthetic]
norms:
`)
	for i := 0; i < norms; i++ {
		fmt.Fprintf(&b, "  - {id: synthetic/%d, initiative: synthetic, code: \"%d\", title: Norm %d, summary: Synthetic norm %d., category: defensive, addressee: states, themes: [synthetic-theme], sources: [src-synthetic]}\n", i, i, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "synthetic.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// killAt runs the loader with args and kills it with SIGKILL as soon as a progress line
// contains phase; it reports whether the kill reached the loader. A loader may still finish
// between printing the line and the signal's arrival (a short last phase on a busy machine):
// then it must have exited successfully, and false is returned.
func killAt(t *testing.T, bin string, cfg neo4j.Config, phase string, args ...string) bool {
	t.Helper()
	// A killed loader leaves its refresh lock behind: short-lived here, and waited for by the
	// next run.
	args = append(slices.Clone(args), "-lock-ttl", "2s", "-lock-wait", "1m")
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+cfg.URI, "NEO4J_USERNAME="+cfg.Username, "NEO4J_PASSWORD="+cfg.Password)
	stderr, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), phase) {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				killed <- sc.Text()
				return
			}
		}
		killed <- ""
	}()
	var line string
	select {
	case line = <-killed:
	case <-time.After(5 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("the loader never reached %q", phase)
	}
	err = cmd.Wait()
	if line == "" {
		t.Fatalf("the loader finished before it reached %q: %v", phase, err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		if cmd.ProcessState.Success() {
			t.Logf("the loader finished after %q before the kill arrived", line)
			return false
		}
		t.Fatalf("loader was not killed and failed: %v", cmd.ProcessState)
	}
	t.Logf("killed after %q", line)
	return true
}

// holdsEventually waits until the graph is exactly ds (a dry run finds nothing to change): the
// server notices a dropped connection and rolls its transaction back.
func holdsEventually(t *testing.T, store *neo4j.Store, ds *normgraph.Dataset) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		rep, err := store.Refresh(context.Background(), ds, neo4j.RefreshOptions{DryRun: true})
		if err == nil && rep.Changes() == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the graph after the kill is not the dataset: %d changes %v", rep.Changes(), err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestLoadLocked runs the load command while another refresh holds the lock (from that
// refresh's progress callback): the command is refused with exit code 5, says who holds the
// lock, and writes nothing; once the other refresh has ended, the same command runs.
func TestLoadLocked(t *testing.T) {
	store := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	ctx := context.Background()
	embedded := storetest.Embedded(t)
	var code int
	var errs string
	calls := 0
	if _, err := store.Refresh(ctx, embedded, neo4j.RefreshOptions{Progress: func(neo4j.Progress) error {
		if calls++; calls == 1 {
			code, _, errs = runWith(neo4jEnv(cfg), "load", "-dir", fixtureDir, "-quiet")
		}
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if code != exitLocked || !strings.Contains(errs, "refresh refused, nothing was changed: another refresh holds the lock") ||
		!strings.Contains(errs, fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("load under the lock: exit %d\n%s", code, errs)
	}
	holdsEventually(t, store, embedded)
	if code, out, errs := runWith(neo4jEnv(cfg), "load", "-dir", fixtureDir, "-quiet"); code != exitOK {
		t.Fatalf("load after the lock was released: exit %d\n%s\n%s", code, out, errs)
	}
	holdsEventually(t, store, storetest.Fixture(t))
}

// TestLoadKilled kills the loader with SIGKILL in the middle of an in-place refresh and
// requires the previous graph to be intact and queryable.
func TestLoadKilled(t *testing.T) {
	store := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	ctx := context.Background()
	if _, err := store.Refresh(ctx, storetest.Fixture(t), neo4j.RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	bin := buildLoader(t)
	if !killAt(t, bin, cfg, "create Norm", "load", "-dir", writeLargeDataset(t, 4000), "-batch-size", "20", "-max-tx-rows", "1000000") {
		t.Fatal("the loader wrote 4,000 norms in batches of 20 before the kill arrived: nothing was tested")
	}
	// The previous graph is intact: refreshing with it changes nothing, and it answers queries.
	holdsEventually(t, store, storetest.Fixture(t))
	nodes, err := store.Nodes(ctx, []string{"alpha/1a", "synthetic/0", "synthetic"})
	if err != nil || nodes[0] == nil || nodes[1] != nil || nodes[2] != nil {
		t.Errorf("after the kill: %v, %v", nodes, err)
	}
}

// TestLoadKilledScaled kills loads of ten times the embedded dataset (a new generation written
// in batches, then switched to) at moments before and after the switch, and requires the graph
// to be exactly the old or the new dataset each time; the next complete run leaves nothing
// behind.
func TestLoadKilledScaled(t *testing.T) {
	store := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	ctx := context.Background()
	fixture := storetest.Fixture(t)
	if _, err := store.Refresh(ctx, fixture, neo4j.RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	embedded := storetest.Embedded(t)
	x10 := storetest.Scale(embedded, 10)
	bin := buildLoader(t)
	load := []string{"load", "-scale", "10", "-batch-size", "500"}
	toFixture := []string{"load", "-dir", fixtureDir, "-batch-size", "500"}
	for _, step := range []struct {
		phase         string
		args          []string
		after, target *normgraph.Dataset // the graph after the kill; after a complete run
	}{
		{"stage Norm", load, fixture, x10},              // writing the new generation
		{"stage PARTICIPATES_IN", load, fixture, x10},   // the same, later
		{"drop NgRetired", load, x10, x10},              // switched: deleting the old generation
		{"stage OVERLAPS", toFixture, x10, fixture},     // back to the fixture, killed before the switch
		{"drop NgRetired", toFixture, fixture, fixture}, // and after it
	} {
		if killAt(t, bin, cfg, step.phase, step.args...) {
			holdsEventually(t, store, step.after)
		} else {
			holdsEventually(t, store, step.target)
		}
	}
	if n, err := store.Leftovers(ctx); err != nil || n == 0 {
		t.Fatalf("%d nodes left behind by the killed runs (%v): the kills came too late to test anything", n, err)
	}
	code, out, errs := runWith(neo4jEnv(cfg), "load", "-scale", "10", "-quiet", "-lock-wait", "1m")
	if code != exitOK || !strings.Contains(out, "readers switched") {
		t.Fatalf("complete run: exit %d\n%s\n%s", code, out, errs)
	}
	holdsEventually(t, store, x10)
	if n, err := store.Leftovers(ctx); err != nil || n != 0 {
		t.Errorf("%d nodes left behind after a complete run (%v)", n, err)
	}
}

func buildLoader(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "loader")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build loader: %v\n%s", err, out)
	}
	return bin
}

// TestTLSSchemes connects through neo4j+s:// and bolt+s:// to the test server, which also
// offers TLS with a self-signed certificate (scripts/neo4j.sh); the process trusts it through
// SSL_CERT_FILE, as it would trust a private CA. Without that trust the connection is refused.
func TestTLSSchemes(t *testing.T) {
	cfg := neo4jtest.Config(t)
	ca := os.Getenv("NEO4J_TLS_CA")
	if ca == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_TLS_CA is not set but CI=true: scripts/neo4j.sh gives the test server a TLS certificate")
		}
		t.Skip("NEO4J_TLS_CA is not set: the test Neo4j offers no TLS (scripts/neo4j.sh needs openssl)")
	}
	neo4jtest.Lock(t)
	_, port, ok := strings.Cut(strings.TrimPrefix(cfg.URI, "bolt://"), ":")
	if !ok {
		t.Skipf("NEO4J_URI %s is not bolt://host:port", cfg.RedactedURI())
	}
	bin := buildLoader(t)
	run := func(uri string, trust bool) (string, error) {
		cmd := exec.Command(bin, "load", "-dir", fixtureDir, "-dry-run", "-quiet", "-timeout", "20s")
		cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "NEO4J_USERNAME="+cfg.Username, "NEO4J_PASSWORD="+cfg.Password)
		if trust {
			cmd.Env = append(cmd.Env, "SSL_CERT_FILE="+ca)
		} else {
			cmd.Env = append(cmd.Env, "SSL_CERT_FILE=/dev/null", "SSL_CERT_DIR=/nonexistent")
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, uri := range []string{"neo4j+s://localhost:" + port, "bolt+s://127.0.0.1:" + port} {
		out, err := run(uri, true)
		if err != nil || !strings.Contains(out, "dry run, nothing written") && !strings.Contains(out, "nothing to change") {
			t.Errorf("%s: %v\n%s", uri, err, out)
		}
	}
	out, err := run("neo4j+s://localhost:"+port, false)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUnavailable || !strings.Contains(out, "certificate") {
		t.Errorf("untrusted certificate: %v\n%s", err, out)
	}
}
