package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runLoader(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidateEmbedded(t *testing.T) {
	code, out, errs := runLoader("validate")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	for _, want := range []string{"embedded dataset is valid", "un-gge-2015", "paris-call", "known gaps", "attribution acts with",
		"sources by kind: primary", "quotations", "(primary or official", "GUIDANCE"} {
		if !strings.Contains(out, want) {
			t.Errorf("coverage report lacks %q", want)
		}
	}
}

func TestValidateBadData(t *testing.T) {
	code, _, errs := runLoader("validate", "-dir", "../../loader/testdata/invalid/dangling")
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d", code, exitInvalid)
	}
	if !strings.Contains(errs, `a.yaml:33: norm init-one/a: unknown theme "theme-missing"`) {
		t.Errorf("stderr lacks the file:line error:\n%s", errs)
	}
}

func TestUsage(t *testing.T) {
	if code, _, _ := runLoader(); code != exitUsage {
		t.Errorf("no command: exit %d", code)
	}
	if code, _, errs := runLoader("frobnicate"); code != exitUsage || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %s", code, errs)
	}
}
