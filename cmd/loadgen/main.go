// Command loadgen drives a running normgraph server with concurrent GraphQL requests, bounded
// in count and time, and only against loopback addresses. It prints requests per second, latency
// percentiles, non-2xx answers by status, GraphQL errors by code and the server's resident
// memory (with -pid, read from /proc).
//
//	go run ./cmd/loadgen -url http://127.0.0.1:8080/graphql -c 64 -d 60s -pid $(pgrep -n server)
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The queries loadgen can send: a cheap one and the nested one of neo4j's BenchmarkNestedQuery.
var queries = map[string]string{
	"cheap":  `{ stats { initiatives norms } }`,
	"nested": `{ initiatives(first: 40) { edges { node { id norms(first: 20) { edges { node { id code themes { id name } correspondences { kind to { id } } } } } } } } }`,
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type result struct {
	latency time.Duration
	status  int    // 0: transport error
	code    string // first GraphQL error code, "" none
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	target := fs.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint (loopback only)")
	conns := fs.Int("c", 64, "concurrent connections (at most 1024)")
	dur := fs.Duration("d", 60*time.Second, "how long to run (at most 10m)")
	maxReq := fs.Int("n", 2_000_000, "stop after this many requests (at most 10,000,000)")
	query := fs.String("query", "cheap", "cheap, nested, or a GraphQL document")
	pid := fs.Int("pid", 0, "server process id, to report its resident memory")
	timeout := fs.Duration("timeout", 30*time.Second, "client timeout of one request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conns < 1 || *conns > 1024 || *dur <= 0 || *dur > 10*time.Minute || *maxReq < 1 || *maxReq > 10_000_000 {
		return errors.New("-c must be 1..1024, -d at most 10m, -n 1..10,000,000")
	}
	if err := loopbackOnly(*target); err != nil {
		return err
	}
	q := *query
	if known, ok := queries[q]; ok {
		q = known
	}
	body, _ := json.Marshal(map[string]string{"query": q})

	client := &http.Client{Timeout: *timeout, Transport: &http.Transport{
		MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true,
	}}
	rssStart := rss(*pid)
	var peak atomic.Int64
	peak.Store(rssStart)
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	go func() { // sample the server's memory while the load runs
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if r := rss(*pid); r > peak.Load() {
					peak.Store(r)
				}
			}
		}
	}()

	var sent atomic.Int64
	results := make([][]result, *conns)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && sent.Add(1) <= int64(*maxReq) {
				results[w] = append(results[w], send(client, *target, body))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	rssEnd := rss(*pid)

	var all []result
	for _, rs := range results {
		all = append(all, rs...)
	}
	report(out, all, elapsed, *conns, rssStart, peak.Load(), rssEnd, *pid != 0)
	return nil
}

func send(c *http.Client, target string, body []byte) result {
	start := time.Now()
	resp, err := c.Post(target, "application/json", bytes.NewReader(body))
	if err != nil {
		return result{latency: time.Since(start)}
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := result{latency: time.Since(start), status: resp.StatusCode}
	var gr struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if json.Unmarshal(b, &gr) == nil && len(gr.Errors) > 0 {
		r.code = gr.Errors[0].Extensions.Code
		if r.code == "" {
			r.code = "(none)"
		}
	}
	return r
}

func report(out io.Writer, all []result, elapsed time.Duration, conns int, rssStart, rssPeak, rssEnd int64, haveRSS bool) {
	lat := make([]time.Duration, len(all))
	statuses, codes := map[string]int{}, map[string]int{}
	non2xx, gqlErrs := 0, 0
	for i, r := range all {
		lat[i] = r.latency
		if r.status < 200 || r.status > 299 {
			non2xx++
			statuses[statusName(r.status)]++
		}
		if r.code != "" {
			gqlErrs++
			codes[r.code]++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	fmt.Fprintf(out, "requests %d in %s with %d connections: %.0f req/s\n", len(all), elapsed.Round(time.Millisecond), conns, float64(len(all))/elapsed.Seconds())
	fmt.Fprintf(out, "latency p50 %s p99 %s max %s\n", pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Fprintf(out, "non-2xx %d %s\n", non2xx, counts(statuses))
	fmt.Fprintf(out, "graphql errors %d %s\n", gqlErrs, counts(codes))
	if haveRSS {
		fmt.Fprintf(out, "server RSS start %s peak %s end %s\n", mib(rssStart), mib(rssPeak), mib(rssEnd))
	}
}

func statusName(s int) string {
	if s == 0 {
		return "transport-error"
	}
	return strconv.Itoa(s)
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return "(" + strings.Join(parts, " ") + ")"
}

func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

// rss reads VmRSS (KiB) of a process from /proc; 0 when it cannot.
func rss(pid int) int64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// loopbackOnly refuses any target but an http URL whose host is a loopback address.
func loopbackOnly(target string) error {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "http" {
		return fmt.Errorf("-url %q: want http://127.0.0.1:PORT/graphql", target)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-url %q: load is sent only to loopback addresses (127.0.0.0/8, ::1, localhost)", target)
	}
	return nil
}
