// Command loader validates the curated dataset and refreshes a Neo4j database from it.
//
//	loader validate [-dir DIR]                       check the dataset; print a coverage report
//	loader load [-dir DIR] [-dry-run] [-json] ...    refresh Neo4j from the dataset
//
// Exit codes: 0 success; 1 the dataset is invalid (file:line errors on stderr, nothing written);
// 2 bad usage; 3 Neo4j cannot be reached or refused the credentials (nothing written); 4 the
// refresh failed part-way and was rolled back (the previous graph is unchanged); 5 another
// refresh holds the lock (nothing written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/normgraph/normgraph"
	"github.com/normgraph/normgraph/data"
	"github.com/normgraph/normgraph/loader"
)

// Exit codes.
const (
	exitOK          = 0
	exitInvalid     = 1
	exitUsage       = 2
	exitUnavailable = 3
	exitFailed      = 4
	exitLocked      = 5
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

const usage = `usage: loader <command> [flags]

commands:
  validate   check the dataset (all problems, with file:line) and print a coverage report
  load       validate, then refresh Neo4j (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
             NEO4J_DATABASE) atomically for readers; report created/updated/deleted

Run "loader <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "validate":
		return validate(args[1:], stdout, stderr)
	case "load":
		return load(ctx, args[1:], getenv, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "loader: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
}

// dataset loads the embedded dataset, or the one in dir.
func dataset(dir string) (*normgraph.Dataset, string, error) {
	if dir != "" {
		ds, err := loader.LoadDir(dir) // the operating system keeps the reads inside dir too
		return ds, dir, err
	}
	ds, err := loader.Load(data.FS)
	return ds, "embedded dataset", err
}

func validate(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "", "dataset directory (default: the dataset embedded in this binary)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	ds, name, err := dataset(*dir)
	if err != nil {
		return reportLoadError(stderr, name, err)
	}
	fmt.Fprintf(stdout, "%s is valid\n\n", name)
	writeCoverage(stdout, ds)
	return exitOK
}

func reportLoadError(stderr io.Writer, name string, err error) int {
	var errs loader.Errors
	if errors.As(err, &errs) {
		fmt.Fprintf(stderr, "%s: %d problem(s)\n%s\n", name, errs.Count(), errs.Error())
		return exitInvalid
	}
	fmt.Fprintf(stderr, "loader: %v\n", err)
	return exitInvalid
}
