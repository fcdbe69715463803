// Command server serves the normgraph GraphQL API: GraphiQL at /, GraphQL at /graphql (POST and
// GET), liveness at /healthz and readiness at /readyz. By default it answers from the embedded
// dataset held in memory, so it needs nothing else installed; with -store neo4j (the default
// when NEO4J_URI is set) it reads a Neo4j database that cmd/loader filled.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/rs/cors"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/export"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/memory"
	"github.com/normgraph/normgraph/neo4j"
)

// config is everything the server reads from flags and the environment.
type config struct {
	addr            string
	store           string
	dataDir         string
	neo4j           neo4j.Config
	queryTimeout    time.Duration
	corsOrigins     []string
	complexityLimit int
	shutdownTimeout time.Duration
	logFormat       string
	logLevel        slog.Level
	lim             limitFlags
	counters        *graph.Counters // tests read them; nil in production
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// parseConfig reads flags, with defaults from the environment.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", env("NORMGRAPH_ADDR", "127.0.0.1:8080"), "listen address (env NORMGRAPH_ADDR)")
	defStore := "memory"
	if getenv("NEO4J_URI") != "" {
		defStore = "neo4j"
	}
	fs.StringVar(&c.store, "store", env("NORMGRAPH_STORE", defStore), "backend: memory (the embedded dataset) or neo4j (env NORMGRAPH_STORE; default neo4j when NEO4J_URI is set)")
	fs.StringVar(&c.dataDir, "data", env("NORMGRAPH_DATA", ""), "memory store: dataset directory to serve instead of the embedded one (env NORMGRAPH_DATA)")
	fs.StringVar(&c.neo4j.URI, "neo4j-uri", env("NEO4J_URI", "neo4j://localhost:7687"), "neo4j store: URI, e.g. neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io (env NEO4J_URI)")
	fs.StringVar(&c.neo4j.Username, "neo4j-username", env("NEO4J_USERNAME", "neo4j"), "neo4j store: user (env NEO4J_USERNAME; the password is read only from NEO4J_PASSWORD)")
	fs.StringVar(&c.neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", ""), "neo4j store: database (env NEO4J_DATABASE; default: the server's default database)")
	qt := fs.String("query-timeout", env("NORMGRAPH_QUERY_TIMEOUT", "15s"), "longest time one GraphQL request may take (env NORMGRAPH_QUERY_TIMEOUT)")
	cors := fs.String("cors-origins", env("NORMGRAPH_CORS_ORIGINS", ""), "comma-separated origins allowed to call /graphql from a browser, or * (env NORMGRAPH_CORS_ORIGINS)")
	limit := fs.String("complexity-limit", env("NORMGRAPH_COMPLEXITY_LIMIT", "100000"), "maximum cost of one query (env NORMGRAPH_COMPLEXITY_LIMIT)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long to let requests finish on SIGINT/SIGTERM")
	fs.StringVar(&c.logFormat, "log-format", env("NORMGRAPH_LOG_FORMAT", "text"), "log format: text or json (env NORMGRAPH_LOG_FORMAT)")
	level := fs.String("log-level", env("NORMGRAPH_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env NORMGRAPH_LOG_LEVEL)")
	intFlags := map[string]*string{}
	for _, f := range []struct{ name, env, def, usage string }{
		{"max-tokens", "NORMGRAPH_MAX_TOKENS", "10000", "maximum parser tokens of one query document"},
		{"max-fields", "NORMGRAPH_MAX_FIELDS", "2000", "maximum fields of one operation, aliases and fragment spreads counted"},
		{"max-depth", "NORMGRAPH_MAX_DEPTH", "15", "maximum nesting of fields"},
		{"max-repeats", "NORMGRAPH_MAX_REPEATS", "32", "maximum occurrences of one field or alias in one selection set, fragments included"},
		{"max-backend-calls", "NORMGRAPH_MAX_BACKEND_CALLS", "200", "maximum backend calls (Cypher statements, store reads) of one request"},
		{"max-body-bytes", "NORMGRAPH_MAX_BODY_BYTES", "1048576", "maximum POST body (larger: 413)"},
		{"max-url-bytes", "NORMGRAPH_MAX_URL_BYTES", "16384", "maximum query string of a GET (longer: 414)"},
		{"max-in-flight", "NORMGRAPH_MAX_IN_FLIGHT", "auto", "maximum GraphQL and export requests in flight (auto: 4 x GOMAXPROCS for memory, 16 x GOMAXPROCS for neo4j, whose requests mostly wait on the database)"},
	} {
		intFlags[f.name] = fs.String(f.name, env(f.env, f.def), f.usage+" (env "+f.env+")")
	}
	admissionWait := fs.String("admission-wait", env("NORMGRAPH_ADMISSION_WAIT", "1s"), "how long a request waits for a free slot before a 503 (env NORMGRAPH_ADMISSION_WAIT)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, o := range strings.Split(*cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.corsOrigins = append(c.corsOrigins, o)
		}
	}
	c.neo4j.Password = getenv("NEO4J_PASSWORD")
	if c.store != "memory" && c.store != "neo4j" {
		return c, fmt.Errorf("-store: want memory or neo4j, got %q", c.store)
	}
	var err error
	if c.queryTimeout, err = time.ParseDuration(*qt); err != nil || c.queryTimeout <= 0 {
		return c, fmt.Errorf("-query-timeout: want a positive duration such as 15s, got %q", *qt)
	}
	if c.complexityLimit, err = strconv.Atoi(*limit); err != nil || c.complexityLimit <= 0 {
		return c, fmt.Errorf("-complexity-limit: want a positive integer, got %q", *limit)
	}
	ints := map[string]int{}
	if *intFlags["max-in-flight"] == "auto" {
		perCore := 4
		if c.store == "neo4j" {
			perCore = 16
		}
		*intFlags["max-in-flight"] = strconv.Itoa(perCore * runtime.GOMAXPROCS(0))
	}
	for name, v := range intFlags {
		if ints[name], err = positive(name, *v); err != nil {
			return c, err
		}
	}
	c.lim = limitFlags{
		limits:          graph.Limits{Tokens: ints["max-tokens"], Fields: ints["max-fields"], Depth: ints["max-depth"], Repeats: ints["max-repeats"], Cost: c.complexityLimit},
		maxBackendCalls: ints["max-backend-calls"],
		maxBodyBytes:    int64(ints["max-body-bytes"]),
		maxURLBytes:     ints["max-url-bytes"],
		maxInFlight:     ints["max-in-flight"],
	}
	if c.lim.admissionWait, err = time.ParseDuration(*admissionWait); err != nil || c.lim.admissionWait < 0 {
		return c, fmt.Errorf("-admission-wait: want a duration such as 1s, got %q", *admissionWait)
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fmt.Errorf("-log-format: want text or json, got %q", c.logFormat)
	}
	if err := c.logLevel.UnmarshalText([]byte(*level)); err != nil {
		return c, fmt.Errorf("-log-level: %v", err)
	}
	return c, nil
}

// run starts the server and blocks until ctx ends or SIGINT/SIGTERM arrives, then shuts down
// gracefully. When ready is not nil it receives the listening address.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready chan<- string) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	var h slog.Handler = slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel})
	if cfg.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.logLevel})
	}
	log := slog.New(h)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	var (
		reader    normgraph.Reader
		readiness = func(context.Context) error { return nil }
	)
	switch cfg.store {
	case "neo4j":
		store, err := neo4j.Open(cfg.neo4j)
		if err != nil {
			return err
		}
		waited := make(chan struct{})
		defer func() {
			<-waited // the readiness check has stopped using the driver
			store.Close(context.Background())
		}()
		brk := newBreaker(store.Ping, log)
		brk.startOpen()
		defer brk.close()
		reader, readiness = graph.Intercept(store, brk.interceptor()), brk.ready
		go func() {
			defer close(waited)
			waitForNeo4j(ctx, store, cfg.neo4j, log)
		}()
	default:
		store, err := openMemory(cfg, log)
		if err != nil {
			return err
		}
		reader = store
	}

	handler := routes(reader, cfg, log, readiness)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		MaxHeaderBytes:    maxHeaderBytes,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	log.Info("listening", "addr", addr, "graphiql", "http://"+addr+"/", "graphql", "http://"+addr+"/graphql",
		"startup", time.Since(processStart).Round(time.Millisecond))
	if ready != nil {
		ready <- addr
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// processStart is when the process started (as near as Go lets a program see it): the
// "listening" log line reports the time from it to listening as "startup".
var processStart = time.Now()

// openMemory loads the embedded dataset (or -data DIR) into the memory store.
func openMemory(cfg config, log *slog.Logger) (*memory.Store, error) {
	dataName := "embedded"
	start := time.Now()
	var ds *normgraph.Dataset
	var err error
	if cfg.dataDir != "" {
		// The loader's checked reader, as cmd/loader uses it: regular files inside the
		// directory only, bounded reads (loader/files.go).
		dataName = cfg.dataDir
		ds, err = loader.LoadDir(cfg.dataDir)
	} else {
		ds, err = loader.Load(data.FS)
	}
	if err != nil {
		return nil, fmt.Errorf("load dataset %s:\n%w", dataName, err)
	}
	store, err := memory.New(ds)
	if err != nil {
		return nil, fmt.Errorf("index dataset %s: %w", dataName, err)
	}
	log.Info("dataset loaded", "store", "memory", "data", dataName, "initiatives", len(ds.Initiatives),
		"norms", len(ds.Norms), "themes", len(ds.Themes), "actors", len(ds.Actors), "took", time.Since(start).Round(time.Millisecond))
	return store, nil
}

// waitForNeo4j checks that Neo4j answers, retrying with backoff and a clear log line while it
// does not, so that the server starts (and reports not ready on /readyz) rather than crashing.
func waitForNeo4j(ctx context.Context, store *neo4j.Store, cfg neo4j.Config, log *slog.Logger) {
	delay := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := store.Ping(pctx)
		cancel()
		if err == nil {
			log.Info("neo4j ready", "uri", cfg.RedactedURI(), "database", cfg.Database, "attempts", attempt)
			return
		}
		if ctx.Err() != nil {
			return
		}
		log.Warn("neo4j not ready, retrying", "uri", cfg.RedactedURI(), "reason", normgraph.ErrorDetail(err), "retry_in", delay)
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, 30*time.Second)
	}
}

// routes builds the HTTP handler: GraphiQL, GraphQL, health and readiness, with request logging
// and CORS for the GraphQL endpoint.
func routes(r normgraph.Reader, cfg config, log *slog.Logger, ready func(context.Context) error) http.Handler {
	var gql http.Handler = graph.NewHandler(r, graph.Options{Logger: log, Limits: cfg.lim.limits,
		MaxBackendCalls: cfg.lim.maxBackendCalls, MaxBodyBytes: cfg.lim.maxBodyBytes, MaxURLBytes: cfg.lim.maxURLBytes, Counters: cfg.counters})
	admit := newAdmission(cfg.lim.maxInFlight, cfg.lim.admissionWait)
	gql = admit.wrap(withTimeout(gql, cfg.queryTimeout))
	if len(cfg.corsOrigins) > 0 {
		gql = cors.New(cors.Options{
			AllowedOrigins: cfg.corsOrigins,
			AllowedMethods: []string{http.MethodGet, http.MethodPost},
			AllowedHeaders: []string{"Content-Type", "Accept"},
			MaxAge:         600,
		}).Handler(gql)
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", gql)
	mux.Handle("/export/", admit.wrap(withTimeout(export.Handler(r), cfg.queryTimeout)))
	mountWeb(mux)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "not ready: "+normgraph.ErrorMessage(err)+"\n")
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	return logRequests(log, mux)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.Duration("took", time.Since(start)))
	})
}

// withTimeout gives each request a deadline that the backends honour.
func withTimeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
