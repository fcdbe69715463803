package neo4jtest

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of the CPU times in /proc/PID/stat (100 on
// every Linux platform Go supports).
const clockTicks = 100

// ServerCPU returns a function that reads the CPU time (user + system) the Neo4j server
// process behind NEO4J_URI has used so far, for benchmarks that report the database's cost
// per operation. It finds the process that listens on the URI's port with ss, so it works
// only for a server on this machine; otherwise it returns nil and says why in the log.
func ServerCPU(tb testing.TB) func() time.Duration {
	tb.Helper()
	u, err := url.Parse(Config(tb).URI)
	if err != nil || u.Port() == "" {
		tb.Logf("no Neo4j CPU time: no port in NEO4J_URI")
		return nil
	}
	out, err := exec.Command("ss", "-ltnpH", "sport", "=", ":"+u.Port()).Output()
	m := regexp.MustCompile(`pid=(\d+)`).FindSubmatch(out)
	if err != nil || m == nil {
		tb.Logf("no Neo4j CPU time: no local process listens on port %s (%v)", u.Port(), err)
		return nil
	}
	stat := fmt.Sprintf("/proc/%s/stat", m[1])
	return func() time.Duration {
		b, err := os.ReadFile(stat)
		if err != nil {
			tb.Fatalf("read Neo4j CPU time: %v", err)
		}
		// Fields after the command name (which may hold spaces), from field 3: utime is 14, stime 15.
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
		user, _ := strconv.ParseInt(f[11], 10, 64)
		sys, _ := strconv.ParseInt(f[12], 10, 64)
		return time.Duration(user+sys) * time.Second / clockTicks
	}
}
