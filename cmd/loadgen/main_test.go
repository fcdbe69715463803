package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLoopbackOnly(t *testing.T) {
	for target, ok := range map[string]bool{
		"http://127.0.0.1:8080/graphql": true, "http://127.3.4.5:1/graphql": true, "http://[::1]:8080/graphql": true,
		"http://localhost:8080/graphql": true, "http://10.0.0.1:8080/graphql": false, "http://192.168.1.2/graphql": false,
		"http://example.org/graphql": false, "https://127.0.0.1/graphql": false, "::": false,
	} {
		if err := loopbackOnly(target); (err == nil) != ok {
			t.Errorf("%s: %v", target, err)
		}
	}
	if err := run([]string{"-url", "http://10.1.2.3:8080/graphql", "-d", "1s"}, io.Discard); err == nil {
		t.Error("run accepted a non-loopback target")
	}
}

// TestCountsBoundedRequests runs a bounded load against a stub and checks the counts it prints.
func TestCountsBoundedRequests(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		switch {
		case n%4 == 0:
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, `{"errors":[{"message":"busy","extensions":{"code":"OVERLOADED"}}]}`)
		case n%4 == 1:
			_, _ = io.WriteString(w, `{"errors":[{"message":"x","extensions":{"code":"INVALID_ARGUMENT"}}],"data":null}`)
		default:
			_, _ = io.WriteString(w, `{"data":{}}`)
		}
	}))
	defer srv.Close()
	var out bytes.Buffer
	if err := run([]string{"-url", srv.URL, "-c", "1", "-n", "8", "-d", "1m"}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"requests 8 ", "non-2xx 2 (503=2)", "graphql errors 4 (INVALID_ARGUMENT=2 OVERLOADED=2)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
