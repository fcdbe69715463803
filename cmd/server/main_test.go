package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServerEndToEnd starts the real server on :0 with the embedded dataset, asks it a question
// over HTTP and shuts it down the way SIGTERM would.
func TestServerEndToEnd(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-format", "json"}, func(string) string { return "" }, &logs, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server exited: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	base := "http://" + addr

	body := `{"query":"{ initiative(id: \"un-gge-2015\") { symbol norms(first: 11) { totalCount edges { node { id code } } } } }"}`
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Data struct {
			Initiative struct {
				Symbol string
				Norms  struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID, Code string } }
				}
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	in := r.Data.Initiative
	if in.Symbol != "A/70/174" || in.Norms.TotalCount != 11 || len(in.Norms.Edges) != 11 || in.Norms.Edges[5].Node.Code != "13(f)" {
		t.Errorf("GGE 2015 over HTTP: got %+v", in)
	}

	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready", "/": "GraphiQL"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d %.80q, want 200 containing %q", path, resp.StatusCode, b, want)
		}
	}

	cancel() // what SIGINT/SIGTERM do through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
	for _, msg := range []string{`"msg":"listening"`, `"msg":"request"`, `"path":"/graphql"`, `"msg":"stopped"`} {
		if !strings.Contains(logs.String(), msg) {
			t.Errorf("logs lack %s:\n%s", msg, logs.String())
		}
	}
}

func TestParseConfig(t *testing.T) {
	env := map[string]string{"NORMGRAPH_ADDR": "127.0.0.1:9999", "NORMGRAPH_CORS_ORIGINS": "https://a.example, https://b.example"}
	getenv := func(k string) string { return env[k] }
	c, err := parseConfig(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:9999" || len(c.corsOrigins) != 2 || c.corsOrigins[1] != "https://b.example" {
		t.Errorf("env defaults not applied: %+v", c)
	}
	c, err = parseConfig([]string{"-addr", ":1234"}, getenv, io.Discard)
	if err != nil || c.addr != ":1234" {
		t.Errorf("flag does not override env: %+v, %v", c, err)
	}
	for _, args := range [][]string{{"-complexity-limit", "0"}, {"-log-format", "xml"}, {"-log-level", "loud"}, {"extra"}} {
		if _, err := parseConfig(args, getenv, io.Discard); err == nil {
			t.Errorf("parseConfig(%v) accepted bad input", args)
		}
	}
}

func TestBadDataDirFails(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-data", t.TempDir()}, func(string) string { return "" }, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "no *.yaml dataset files found") {
		t.Fatalf("run with an empty data dir: %v", err)
	}
}

// TestHostileDataDir serves -data from a directory with a link out of it, a link to /dev/zero
// and a named pipe: the server must refuse to start with the loader's own messages for each
// (it reads through loader.LoadDir, as cmd/loader does), not follow them or block on the pipe.
func TestHostileDataDir(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	valid, err := os.ReadFile("../../loader/testdata/invalid/outside/a.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.yaml", valid)
	secret := filepath.Join(outside, "secret.yaml")
	if err := os.WriteFile(secret, []byte("themes:\n  - {id: secret-theme, name: Secret, definition: Not ours., sources: [src-one]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"b.yaml": secret, "c.yaml": "/dev/zero", "d.yaml": "../" + filepath.Base(outside) + "/secret.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(outside, filepath.Join(dir, "sub")); err != nil { // a directory out of it
		t.Fatal(err)
	}
	fifo := syscall.Mkfifo(filepath.Join(dir, "e.yaml"), 0o644) == nil
	done := make(chan error, 1)
	go func() {
		done <- run(context.Background(), []string{"-addr", "127.0.0.1:0", "-data", dir}, func(string) string { return "" }, io.Discard, nil)
	}()
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute): // a read of the pipe would never return
		t.Fatal("the server blocked reading the -data directory")
	}
	if err == nil {
		t.Fatal("the server started on a hostile -data directory")
	}
	msg := err.Error()
	for _, want := range []string{
		"b.yaml: a symbolic link to " + secret + ", outside the dataset directory: refused",
		"c.yaml: a symbolic link to /dev/zero, outside the dataset directory: refused",
		"d.yaml: a symbolic link to ../" + filepath.Base(outside) + "/secret.yaml, outside the dataset directory: refused",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	if fifo && !strings.Contains(msg, "e.yaml: not a regular file (a named pipe): only regular files are read") {
		t.Errorf("the named pipe is not refused:\n%s", msg)
	}
	if strings.Contains(msg, "secret-theme") {
		t.Errorf("content from outside the directory was read:\n%s", msg)
	}
}

func TestCORS(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go func() {
		_ = run(ctx, []string{"-addr", "127.0.0.1:0", "-cors-origins", "https://viz.example"}, func(string) string { return "" }, io.Discard, ready)
	}()
	addr := <-ready
	req, _ := http.NewRequest(http.MethodOptions, "http://"+addr+"/graphql", nil)
	req.Header.Set("Origin", "https://viz.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://viz.example" {
		t.Errorf("preflight from an allowed origin: Access-Control-Allow-Origin %q", got)
	}
	req.Header.Set("Origin", "https://evil.example")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("preflight from another origin allowed: %q", got)
	}
}

// TestReadmeConfigTable keeps the README's configuration table in step with the flags.
func TestReadmeConfigTable(t *testing.T) {
	var usage bytes.Buffer
	if _, err := parseConfig([]string{"-help"}, func(string) string { return "" }, &usage); err == nil {
		t.Fatal("-help did not stop parsing")
	}
	flags := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+-([a-z0-9-]+)`).FindAllStringSubmatch(usage.String(), -1) {
		flags[m[1]] = true
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `-([a-z0-9-]+)` \\|").FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = true
	}
	if len(flags) < 10 {
		t.Fatalf("only %d flags parsed from the usage", len(flags))
	}
	for f := range flags {
		if !documented[f] {
			t.Errorf("flag -%s is not in the README's configuration table", f)
		}
	}
	for f := range documented {
		if !flags[f] {
			t.Errorf("the README documents -%s, which the server does not have", f)
		}
	}
}
