// Command testsummary reads `go test -json` on standard input and writes what a person needs:
// one line per package (as plain `go test` does), the output of every failed test, the reason of
// every skipped test, and last a line of counts (tests and subtests) that CI reads:
//
//	tests: 812 passed, 0 failed, 14 skipped
//
// It exits 1 when a test or a package failed (a build failure included), 0 otherwise. With
// -counts FILE it also writes the counts line to FILE, for a script that has more to print after
// the tests (stopping a server) and wants that line last.
//
//	go test -json ./... | go run ./tools/testsummary [-counts FILE]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

type key struct{ pkg, test string }

type summary struct {
	out                   io.Writer
	passed, failed, skips int
	pkgFailed             int
	output                map[key]*strings.Builder // output per test (and per package, test "")
	skipped               []string
}

func main() {
	countsFile := flag.String("counts", "", "also write the counts line to this file")
	flag.Parse()
	s := &summary{out: os.Stdout, output: map[key]*strings.Builder{}}
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	failed := s.finish()
	if *countsFile != "" {
		if err := os.WriteFile(*countsFile, []byte(s.counts()+"\n"), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
	}
	if failed {
		os.Exit(1)
	}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Fprintln(s.out, string(line)) // build errors and anything else go test prints
			continue
		}
		s.add(e)
	}
	return sc.Err()
}

func (s *summary) add(e event) {
	k := key{e.Package, e.Test}
	switch e.Action {
	case "output", "build-output":
		b := s.output[k]
		if b == nil {
			b = &strings.Builder{}
			s.output[k] = b
		}
		if b.Len() < 256<<10 {
			b.WriteString(e.Output)
		}
	case "pass":
		if e.Test != "" {
			s.passed++
			delete(s.output, k)
		} else {
			fmt.Fprintf(s.out, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			delete(s.output, k)
		}
	case "skip":
		if e.Test != "" {
			s.skips++
			s.skipped = append(s.skipped, fmt.Sprintf("%s %s: %s", e.Package, e.Test, reason(s.output[k])))
			delete(s.output, k)
		} else {
			fmt.Fprintf(s.out, "?   \t%s\t[no test files]\n", e.Package)
		}
	case "fail", "build-fail":
		if e.Test != "" {
			s.failed++
			fmt.Fprintf(s.out, "--- FAIL: %s %s\n%s", e.Package, e.Test, s.text(k))
		} else {
			s.pkgFailed++
			fmt.Fprintf(s.out, "FAIL\t%s\n%s", e.Package, s.text(k))
		}
		delete(s.output, k)
	}
}

func (s *summary) text(k key) string {
	if b := s.output[k]; b != nil {
		return b.String()
	}
	return ""
}

// reason is the last line a skipped test logged (its t.Skip message).
func reason(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l != "" && !strings.HasPrefix(l, "--- SKIP") && !strings.HasPrefix(l, "=== ") {
			return l
		}
	}
	return ""
}

// finish prints the skipped tests and the counts, and says whether anything failed.
func (s *summary) finish() bool {
	if len(s.skipped) > 0 {
		sort.Strings(s.skipped)
		fmt.Fprintf(s.out, "\nskipped (%d):\n", len(s.skipped))
		for _, l := range s.skipped {
			fmt.Fprintln(s.out, "  "+l)
		}
	}
	failed := s.failed > 0 || s.pkgFailed > 0
	if s.pkgFailed > 0 {
		fmt.Fprintf(s.out, "\n%d package(s) failed\n", s.pkgFailed)
	}
	fmt.Fprintf(s.out, "\n%s\n", s.counts())
	return failed
}

func (s *summary) counts() string {
	return fmt.Sprintf("tests: %d passed, %d failed, %d skipped", s.passed, s.failed, s.skips)
}
