package main

import (
	"strings"
	"testing"
)

func run(t *testing.T, in string) (string, bool) {
	t.Helper()
	var out strings.Builder
	s := &summary{out: &out, output: map[key]*strings.Builder{}}
	if err := s.read(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	failed := s.finish()
	return out.String(), failed
}

func TestCountsAndFailures(t *testing.T) {
	in := `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: want 2, got 3\n"}
{"Action":"fail","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: NEO4J_URI not set\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"--- SKIP: TestC (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestC"}
{"Action":"fail","Package":"p","Elapsed":0.5}
{"Action":"pass","Package":"q","Elapsed":0.1}
`
	out, failed := run(t, in)
	if !failed {
		t.Error("a failed test must make the summary fail")
	}
	for _, want := range []string{
		"want 2, got 3", // the failure's output
		"p TestC: c_test.go:3: NEO4J_URI not set", // the skip's reason
		"ok  \tq\t0.100s",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "tests: 1 passed, 1 failed, 1 skipped\n") {
		t.Errorf("last line is not the counts:\n%s", out)
	}
}

func TestBuildFailureFails(t *testing.T) {
	out, failed := run(t, "# p\n./x.go:1: syntax error\n"+`{"Action":"build-fail","Package":"p","ImportPath":"p"}`+"\n")
	if !failed || !strings.Contains(out, "syntax error") {
		t.Errorf("failed=%v out=%s", failed, out)
	}
}

func TestAllPass(t *testing.T) {
	out, failed := run(t, `{"Action":"pass","Package":"p","Test":"TestA"}`+"\n"+`{"Action":"pass","Package":"p"}`+"\n")
	if failed || !strings.HasSuffix(out, "tests: 1 passed, 0 failed, 0 skipped\n") {
		t.Errorf("failed=%v out=%s", failed, out)
	}
}
