#!/usr/bin/env bash
# Run a real Neo4j 5 Community server (5.26 LTS, embedded in a tiny Java
# launcher built from Maven Central) with Bolt on 127.0.0.1, for development
# and tests. No Docker and no download besides Maven Central.
#
#   scripts/neo4j.sh start [--dir DIR]   start (or reuse) a server; prints
#                                        NEO4J_URI=, NEO4J_USERNAME=,
#                                        NEO4J_PASSWORD= and an export line,
#                                        so: eval "$(scripts/neo4j.sh start)"
#   scripts/neo4j.sh stop                stop it; removes the temp data dir
#   scripts/neo4j.sh status              exit 0 if running (prints its URI)
#   scripts/neo4j.sh env                 print the variables of the running server
#   scripts/neo4j.sh run [--dir DIR] -- CMD...
#                                        start a private server, run CMD with
#                                        the variables exported, always stop,
#                                        exit with CMD's status
#   scripts/neo4j.sh build               only build the launcher
#
# Environment:
#   NEO4J_PASSWORD        password of user neo4j (default normgraph-test)
#   NEO4J_STATE_DIR       state dir: pid, port, password, log of the server that
#                         start/stop/status/env manage (default: one per user and
#                         checkout, ${TMPDIR:-/tmp}/normgraph-neo4j-UID-CHECKSUM, so
#                         that two users or checkouts never share or stop each
#                         other's server)
#   NEO4J_PORT            Bolt port (default 0: the OS picks a free one)
#   NEO4J_HEAP            JVM max heap (default 512m)
#   NEO4J_PAGECACHE       page cache (default 64m)
#   NEO4J_TX_MEMORY_MAX   global transaction memory cap (default 256m)
#   NEO4J_START_TIMEOUT   seconds to wait for Bolt (default 120)
#   NEO4J_STOP_TIMEOUT    seconds to wait after SIGTERM before SIGKILL (default 60)
#   NEO4J_JAVA_OPTS       extra JVM options
#   JAVA_HOME / JAVA      Java 17+ to use (default: java on PATH)
#   MVN                   Maven command (default mvn)
#
# Progress goes to stderr; only the variable lines go to stdout.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$SCRIPT_DIR/neo4j"
TARGET_DIR="$PROJECT_DIR/target"
BUILD_STAMP="$TARGET_DIR/normgraph-launcher.stamp"
LAUNCHER_CLASS="dev.normgraph.neo4j.Launcher"
READY_MARK="NORMGRAPH_NEO4J_READY"
DEFAULT_PASSWORD="normgraph-test"

# The default state dir is per user and per checkout (a checksum of its path).
CHECKOUT_ID="$(id -u)-$(printf '%s' "$(dirname -- "$SCRIPT_DIR")" | cksum | cut -d' ' -f1)"
STATE_DIR="${NEO4J_STATE_DIR:-${TMPDIR:-/tmp}/normgraph-neo4j-$CHECKOUT_ID}"

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
}

# ---------------------------------------------------------------- state ----

state_get() { # name -> value ('' when absent)
    if [[ -f "$STATE_DIR/$1" ]]; then cat "$STATE_DIR/$1"; fi
}

state_put() { # name value
    printf '%s\n' "$2" >"$STATE_DIR/$1.tmp" && mv -f "$STATE_DIR/$1.tmp" "$STATE_DIR/$1"
}

state_clear() {
    rm -f "$STATE_DIR"/{pid,port,uri,home,home_created,password,log,started_at,tls_ca}
    rm -rf "$STATE_DIR/tls"
}

lock_state() {
    mkdir -p "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$STATE_DIR/lock"
        flock -w 300 9 || die "could not lock $STATE_DIR/lock"
    fi
}

# Is PID alive and our launcher (not a recycled pid)?
is_launcher() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$LAUNCHER_CLASS"
    else
        ps -p "$pid" -o args= 2>/dev/null | grep -q "$LAUNCHER_CLASS"
    fi
}

running_pid() {
    local pid
    pid="$(state_get pid)"
    if is_launcher "$pid"; then printf '%s\n' "$pid"; else return 1; fi
}

# Remove the state of a server that is gone, and its temp data dir.
cleanup_stale() {
    local home
    home="$(state_get home)"
    # Only ever delete a data dir this script made with mktemp.
    if [[ "$(state_get home_created)" == 1 && -d "$home" && "$(basename -- "$home")" == normgraph-neo4j-data.* ]]; then
        rm -rf -- "$home"
    fi
    state_clear
}

print_env() { # uri password
    printf 'NEO4J_URI=%q\n' "$1"
    printf 'NEO4J_USERNAME=%q\n' neo4j
    printf 'NEO4J_PASSWORD=%q\n' "$2"
    local ca
    ca="$(state_get tls_ca)"
    if [[ -n "$ca" ]]; then
        # The self-signed certificate Bolt also offers TLS with (bolt+s://localhost:PORT).
        printf 'NEO4J_TLS_CA=%q\n' "$ca"
        printf 'export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD NEO4J_TLS_CA\n'
        return
    fi
    printf 'export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD\n'
}

# make_tls DIR: a self-signed key and certificate for localhost and 127.0.0.1, so that tests can
# use bolt+s:// and neo4j+s:// (trusting the certificate through SSL_CERT_FILE). Needs openssl.
make_tls() {
    local dir="$1"
    command -v openssl >/dev/null || return 1
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$dir/private.key" -out "$dir/public.crt" >/dev/null 2>&1
}

# ---------------------------------------------------------------- build ----

java_cmd() {
    if [[ -n "${JAVA:-}" ]]; then
        printf '%s\n' "$JAVA"
    elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s\n' "$JAVA_HOME/bin/java"
    else
        command -v java || die "java not found (Java 17+ is required; set JAVA_HOME)"
    fi
}

check_java() {
    local java="$1" v major
    v="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    major="${v%%.*}"
    [[ "$major" =~ ^[0-9]+$ ]] || die "could not tell the version of $java"
    ((major >= 17)) || die "$java is Java $v; Neo4j 5.26 needs Java 17 or 21"
}

build_is_fresh() {
    [[ -f "$BUILD_STAMP" && -f "$TARGET_DIR/classpath.txt" ]] || return 1
    [[ -f "$TARGET_DIR/classes/${LAUNCHER_CLASS//.//}.class" ]] || return 1
    # Sources or pom newer than the last build?
    if [[ -n "$(find "$PROJECT_DIR/pom.xml" "$PROJECT_DIR/src" -newer "$BUILD_STAMP" -print -quit)" ]]; then
        return 1
    fi
    # Every jar still in the local Maven repository?
    local jar
    while IFS= read -r jar; do
        [[ -z "$jar" || -f "$jar" ]] || return 1
    done < <(tr ':' '\n' <"$TARGET_DIR/classpath.txt")
    return 0
}

build() {
    if build_is_fresh; then
        return 0
    fi
    local mvn="${MVN:-mvn}"
    command -v "$mvn" >/dev/null 2>&1 || die "Maven ($mvn) not found; it is needed once to fetch Neo4j from Maven Central"
    log "building the Neo4j launcher with Maven (the first time downloads ~160 MB to ~/.m2)..."
    rm -f "$BUILD_STAMP"
    # stdout of mvn must not reach our stdout (callers eval it). Debian's
    # Maven 3.8 prints bare ANSI resets even with -q -B; drop them.
    if ! "$mvn" -q -B -f "$PROJECT_DIR/pom.xml" package -DskipTests 2>&1 |
        sed -u -e 's/\x1b\[0m//g' -e '/^$/d' >&2; then
        die "Maven build of $PROJECT_DIR failed (see above)"
    fi
    [[ -f "$TARGET_DIR/classpath.txt" ]] || die "Maven did not write $TARGET_DIR/classpath.txt"
    touch "$BUILD_STAMP"
    log "launcher built"
}

# ---------------------------------------------------------------- start ----

port_open() { # port
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cmd_start() {
    local dir=""
    while (($#)); do
        case "$1" in
            --dir) [[ $# -ge 2 ]] || die "--dir needs a directory"; dir="$2"; shift 2 ;;
            --dir=*) dir="${1#--dir=}"; shift ;;
            *) die "start: unknown argument: $1" ;;
        esac
    done
    if [[ -n "$dir" ]]; then
        dir="$(realpath -m -- "$dir")"
    fi

    lock_state

    local pid
    if pid="$(running_pid)"; then
        local home password
        home="$(state_get home)"
        password="$(state_get password)"
        if [[ -n "$dir" && "$dir" != "$home" ]]; then
            die "a server is already running (pid $pid, dir $home); run '$0 stop' first"
        fi
        if [[ -n "${NEO4J_PASSWORD:-}" && "$NEO4J_PASSWORD" != "$password" ]]; then
            die "a server is already running (pid $pid) with another password; run '$0 stop' first"
        fi
        log "already running (pid $pid, $(state_get uri)); reusing it"
        print_env "$(state_get uri)" "$password"
        return 0
    fi
    cleanup_stale

    local java
    java="$(java_cmd)"
    check_java "$java"
    build

    local password="${NEO4J_PASSWORD:-$DEFAULT_PASSWORD}"
    local home created=0
    if [[ -n "$dir" ]]; then
        mkdir -p -- "$dir"
        home="$dir"
    else
        home="$(mktemp -d "${TMPDIR:-/tmp}/normgraph-neo4j-data.XXXXXX")"
        created=1
    fi
    local logfile="$STATE_DIR/neo4j.log"
    : >"$logfile"

    # JVM options: small heap for a shared 2-core machine; the flags are the
    # ones Neo4j's own launcher sets for Java 17/21.
    local -a jvm=(
        "-Xms64m" "-Xmx${NEO4J_HEAP:-512m}"
        -XX:+UseG1GC
        -XX:-OmitStackTraceInFastThrow
        -XX:+ExitOnOutOfMemoryError
        -Djdk.nio.maxCachedBufferSize=1024
        -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
        --add-opens=java.base/java.nio=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.lang=ALL-UNNAMED
    )
    if [[ -n "${NEO4J_JAVA_OPTS:-}" ]]; then
        # shellcheck disable=SC2206 # word splitting intended
        jvm+=(${NEO4J_JAVA_OPTS})
    fi
    local cp
    cp="$TARGET_DIR/classes:$(cat "$TARGET_DIR/classpath.txt")"

    log "starting Neo4j (data in $home, log $logfile)..."
    local t0=$SECONDS
    # Own session (setsid) so that the server outlives the calling shell and
    # its terminal's Ctrl-C; fd 9 (the lock) is not inherited; the pid is the
    # java process itself (exec).
    rm -f "$STATE_DIR/pid"
    local tls_dir="$STATE_DIR/tls"
    rm -rf "$tls_dir"
    if make_tls "$tls_dir"; then
        state_put tls_ca "$tls_dir/public.crt"
    else
        tls_dir=""
        rm -f "$STATE_DIR/tls_ca"
    fi
    # shellcheck disable=SC2016 # $$ and $@ are for the inner bash
    NEO4J_TLS_DIR="$tls_dir" NEO4J_PASSWORD="$password" \
        setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$STATE_DIR/pid" \
        "$java" "${jvm[@]}" -cp "$cp" "$LAUNCHER_CLASS" "$home" "${NEO4J_PORT:-0}" \
        </dev/null >>"$logfile" 2>&1 9>&- &
    local spawned=$!

    state_put log "$logfile"
    state_put home "$home"
    state_put home_created "$created"
    state_put password "$password"
    chmod 600 "$STATE_DIR/password"

    local timeout="${NEO4J_START_TIMEOUT:-120}" uri="" port=""
    while :; do
        pid="$(state_get pid)"
        if [[ -z "$uri" ]]; then
            uri="$(sed -n "s/^$READY_MARK \(bolt:[^ ]*\).*/\1/p" "$logfile" | head -n1)"
            port="${uri##*:}"
        fi
        if [[ -n "$uri" ]] && port_open "$port"; then
            break
        fi
        if [[ -z "$pid" ]] && ! kill -0 "$spawned" 2>/dev/null; then
            sleep 0.5 # setsid may have forked; give the pid file a moment
            pid="$(state_get pid)"
        fi
        if ! kill -0 "${pid:-$spawned}" 2>/dev/null; then
            log "Neo4j exited during startup; last lines of $logfile:"
            tail -n 40 "$logfile" >&2 || true
            cleanup_stale
            exit 1
        fi
        if ((SECONDS - t0 >= timeout)); then
            log "Bolt did not answer within ${timeout}s; last lines of $logfile:"
            tail -n 40 "$logfile" >&2 || true
            stop_pid "${pid:-$spawned}"
            cleanup_stale
            exit 1
        fi
        sleep 0.25
    done

    state_put port "$port"
    state_put uri "$uri"
    state_put started_at "$(date +%s)"
    log "Neo4j $(sed -n "s/^$READY_MARK .*version=\([^ ]*\).*/\1/p" "$logfile" | head -n1) ready at $uri (pid $pid, $((SECONDS - t0))s)"
    print_env "$uri" "$password"
}

# ----------------------------------------------------------------- stop ----

stop_pid() { # pid: SIGTERM, wait, then SIGKILL
    local pid="$1" timeout="${NEO4J_STOP_TIMEOUT:-60}" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= timeout * 4)); then
            log "pid $pid still alive after ${timeout}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.5
            break
        fi
        sleep 0.25
        waited=$((waited + 1))
    done
}

cmd_stop() {
    (($# == 0)) || die "stop takes no arguments"
    if [[ ! -d "$STATE_DIR" ]]; then
        log "not running"
        return 0
    fi
    lock_state
    local pid
    if pid="$(running_pid)"; then
        log "stopping Neo4j (pid $pid)..."
        stop_pid "$pid"
        if kill -0 "$pid" 2>/dev/null; then
            die "could not stop pid $pid"
        fi
        log "stopped"
    else
        log "not running"
    fi
    cleanup_stale
}

# --------------------------------------------------------- status / env ----

cmd_status() {
    local pid
    if [[ -d "$STATE_DIR" ]] && pid="$(running_pid)"; then
        echo "running: pid $pid, $(state_get uri), data $(state_get home), log $(state_get log)"
        return 0
    fi
    echo "not running"
    return 1
}

cmd_env() {
    if [[ -d "$STATE_DIR" ]] && running_pid >/dev/null && [[ -n "$(state_get uri)" ]]; then
        print_env "$(state_get uri)" "$(state_get password)"
        return 0
    fi
    die "not running (start it with: $0 start)"
}

# ------------------------------------------------------------------ run ----

cmd_run() {
    local -a start_args=()
    while (($#)); do
        case "$1" in
            --) shift; break ;;
            --dir) [[ $# -ge 2 ]] || die "--dir needs a directory"; start_args+=(--dir "$2"); shift 2 ;;
            --dir=*) start_args+=("$1"); shift ;;
            *) break ;;
        esac
    done
    (($# > 0)) || die "usage: $0 run [--dir DIR] -- CMD..."

    # A private state dir, independent of any server started with 'start'.
    # It stays exported, so CMD may use 'neo4j.sh env|status' on this server.
    RUN_STATE="$(mktemp -d "${TMPDIR:-/tmp}/normgraph-neo4j-run.XXXXXX")"
    export NEO4J_STATE_DIR="$RUN_STATE"
    STATE_DIR="$RUN_STATE"
    trap run_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local vars
    # The server stops by itself if this wrapper is killed hard (no trap).
    vars="$(NORMGRAPH_NEO4J_WATCH_PID=$$ "$SCRIPT_DIR/neo4j.sh" start "${start_args[@]}")" || exit 1
    eval "$vars"
    local status=0
    "$@" || status=$?
    exit "$status"
}

RUN_STATE=""
# shellcheck disable=SC2317 # invoked by trap
run_cleanup() {
    trap - EXIT INT TERM
    NEO4J_STATE_DIR="$RUN_STATE" "$SCRIPT_DIR/neo4j.sh" stop || true
    rm -rf -- "$RUN_STATE"
}

# ----------------------------------------------------------------- main ----

main() {
    local cmd="${1:-}"
    (($#)) && shift
    case "$cmd" in
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status "$@" ;;
        env) cmd_env "$@" ;;
        run) cmd_run "$@" ;;
        build) lock_state; check_java "$(java_cmd)"; build ;;
        -h | --help | help) usage ;;
        *) usage; exit 2 ;;
    esac
}

main "$@"
