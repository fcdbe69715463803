// Command server serves the normgraph GraphQL API: GraphiQL at /, GraphQL at /graphql (POST and
// GET), liveness at /healthz and readiness at /readyz. By default it answers from the embedded
// dataset held in memory, so it needs nothing else installed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/graph"
	"github.com/normgraph/normgraph/loader"
	"github.com/normgraph/normgraph/memory"
)

// config is everything the server reads from flags and the environment.
type config struct {
	addr            string
	dataDir         string
	corsOrigins     []string
	complexityLimit int
	batchWait       time.Duration
	shutdownTimeout time.Duration
	logFormat       string
	logLevel        slog.Level
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
	fs.StringVar(&c.dataDir, "data", env("NORMGRAPH_DATA", ""), "dataset directory to serve instead of the embedded one (env NORMGRAPH_DATA)")
	cors := fs.String("cors-origins", env("NORMGRAPH_CORS_ORIGINS", ""), "comma-separated origins allowed to call /graphql from a browser, or * (env NORMGRAPH_CORS_ORIGINS)")
	limit := fs.String("complexity-limit", env("NORMGRAPH_COMPLEXITY_LIMIT", "100000"), "maximum cost of one query (env NORMGRAPH_COMPLEXITY_LIMIT)")
	wait := fs.String("batch-wait", env("NORMGRAPH_BATCH_WAIT", "2ms"), "how long batch loaders collect keys (env NORMGRAPH_BATCH_WAIT)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", 10*time.Second, "how long to let requests finish on SIGINT/SIGTERM")
	fs.StringVar(&c.logFormat, "log-format", env("NORMGRAPH_LOG_FORMAT", "text"), "log format: text or json (env NORMGRAPH_LOG_FORMAT)")
	level := fs.String("log-level", env("NORMGRAPH_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env NORMGRAPH_LOG_LEVEL)")
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
	var err error
	if c.complexityLimit, err = strconv.Atoi(*limit); err != nil || c.complexityLimit <= 0 {
		return c, fmt.Errorf("-complexity-limit: want a positive integer, got %q", *limit)
	}
	if c.batchWait, err = time.ParseDuration(*wait); err != nil || c.batchWait <= 0 {
		return c, fmt.Errorf("-batch-wait: want a positive duration such as 2ms, got %q", *wait)
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

	var dataset fs.FS = data.FS
	dataName := "embedded"
	if cfg.dataDir != "" {
		dataset, dataName = os.DirFS(cfg.dataDir), cfg.dataDir
	}
	start := time.Now()
	ds, err := loader.Load(dataset)
	if err != nil {
		return fmt.Errorf("load dataset %s:\n%w", dataName, err)
	}
	store, err := memory.New(ds)
	if err != nil {
		return fmt.Errorf("index dataset %s: %w", dataName, err)
	}
	log.Info("dataset loaded", "store", "memory", "data", dataName, "initiatives", len(ds.Initiatives),
		"norms", len(ds.Norms), "themes", len(ds.Themes), "actors", len(ds.Actors), "took", time.Since(start).Round(time.Millisecond))

	handler := routes(store, cfg, log, func(context.Context) error { return nil })
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	log.Info("listening", "addr", addr, "graphiql", "http://"+addr+"/", "graphql", "http://"+addr+"/graphql")
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

// routes builds the HTTP handler: GraphiQL, GraphQL, health and readiness, with request logging
// and CORS for the GraphQL endpoint.
func routes(r normgraph.Reader, cfg config, log *slog.Logger, ready func(context.Context) error) http.Handler {
	gql := graph.NewHandler(r, graph.Options{Logger: log, BatchWait: cfg.batchWait, ComplexityLimit: cfg.complexityLimit})
	gql = http.MaxBytesHandler(gql, 1<<20)
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
	mux.Handle("GET /{$}", playground.Handler("normgraph", "/graphql"))
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
