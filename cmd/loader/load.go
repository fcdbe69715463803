package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/signal"
	"sort"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/neo4j"
	"github.com/normgraph/normgraph/storetest"
)

func load(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "", "dataset directory (default: the dataset embedded in this binary)")
	dryRun := fl.Bool("dry-run", false, "print what would change, write nothing")
	verify := fl.Bool("verify", false, "compare every stored property with the dataset (after editing the graph by hand), not only the per-section summaries")
	asJSON := fl.Bool("json", false, "print the report as JSON")
	quiet := fl.Bool("quiet", false, "no progress lines on stderr")
	batch := fl.Int("batch-size", 1000, "rows per write statement")
	maxTx := fl.Int("max-tx-rows", 10_000, "most changes made in place in one transaction; with more, a new copy of the graph is written in batches and readers switched to it")
	scale := fl.Int("scale", 1, "for benchmarks: load a synthetic dataset this many times the size (copies of every initiative; see storetest.Scale)")
	timeout := fl.Duration("timeout", 10*time.Minute, "give up (and roll back) after this long")
	lockTTL := fl.Duration("lock-ttl", time.Minute, "how long the refresh lock outlives a loader that died (a running loader renews it)")
	lockWait := fl.Duration("lock-wait", 0, "how long to wait for the lock another loader holds before giving up (exit 5)")
	uri := fl.String("uri", env("NEO4J_URI", "neo4j://localhost:7687"), "Neo4j URI (env NEO4J_URI)")
	user := fl.String("username", env("NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	database := fl.String("database", env("NEO4J_DATABASE", ""), "Neo4j database (env NEO4J_DATABASE; default: the server's default)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fl.NArg() > 0 || *batch <= 0 || *maxTx <= 0 || *scale <= 0 || *lockTTL < 3*time.Millisecond || *lockWait < 0 {
		fmt.Fprintln(stderr, "loader load: unexpected arguments, a batch size, -max-tx-rows or -scale below 1, or a negative -lock-ttl or -lock-wait")
		return exitUsage
	}
	ds, name, err := dataset(*dir)
	if err != nil {
		return reportLoadError(stderr, name, err)
	}
	if *scale > 1 {
		ds, name = storetest.Scale(ds, *scale), fmt.Sprintf("%s ×%d (synthetic)", name, *scale)
	}
	// The password comes only from the environment, so that it shows in no process list.
	cfg := neo4j.Config{URI: *uri, Username: *user, Password: getenv("NEO4J_PASSWORD"), Database: *database}
	store, err := neo4j.Open(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "loader: %s\n", normgraph.ErrorDetail(err)) // for the operator: the cause too
		return exitUnavailable
	}
	defer store.Close(context.Background())

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := store.Ping(ctx); err != nil {
		fmt.Fprintf(stderr, "loader: %s\n", normgraph.ErrorDetail(err)) // for the operator: the cause too
		return exitUnavailable
	}
	if !*quiet {
		fmt.Fprintf(stderr, "loader: %s: %d initiatives, %d norms, %d actors → %s\n", name,
			len(ds.Initiatives), len(ds.Norms), len(ds.Actors), cfg.RedactedURI())
	}
	opts := normgraph.RefreshOptions{DryRun: *dryRun, Verify: *verify, BatchSize: *batch, MaxTxRows: *maxTx, LockTTL: *lockTTL, LockWait: *lockWait}
	if !*quiet {
		opts.Progress = func(p normgraph.RefreshProgress) error {
			fmt.Fprintf(stderr, "loader: %-24s %6d/%d\n", p.Phase, p.Done, p.Total)
			return nil
		}
	}
	var writer normgraph.Writer = store
	rep, err := writer.Refresh(ctx, ds, opts)
	if err != nil {
		if errors.Is(err, normgraph.ErrRefreshLocked) {
			fmt.Fprintf(stderr, "loader: refresh refused, nothing was changed: %s\n", errText(err))
			return exitLocked
		}
		code := exitFailed
		if normgraph.ErrorCode(err) == normgraph.EUNAVAILABLE {
			code = exitUnavailable
		}
		fmt.Fprintf(stderr, "loader: refresh failed, nothing was changed (rolled back): %s\n", errText(err))
		return code
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return exitFailed
		}
		return exitOK
	}
	writeReport(stdout, rep)
	return exitOK
}

func errText(err error) string {
	var e *normgraph.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func writeReport(w io.Writer, rep normgraph.RefreshReport) {
	verb := "changed"
	if rep.DryRun {
		verb = "would change (dry run, nothing written)"
	}
	if rep.Changes() == 0 {
		fmt.Fprintf(w, "nothing to change: the graph already holds the dataset (%d statements, %s)\n",
			rep.Statements, rep.Duration.Round(time.Millisecond))
		return
	}
	fmt.Fprintf(w, "%d %s in %s (%d statements)\n", rep.Changes(), verb, rep.Duration.Round(time.Millisecond), rep.Statements)
	if rep.Replaced {
		fmt.Fprintln(w, "more changes than -max-tx-rows: a new copy of the graph was written in batches and readers switched to it at once")
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tCREATED\tUPDATED\tDELETED\t")
	section := func(m map[string]normgraph.Change) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c := m[k]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", k, c.Created, c.Updated, c.Deleted)
		}
	}
	section(rep.Nodes)
	section(rep.Relationships)
	tw.Flush()
}
