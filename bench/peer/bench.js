// The peer benchmark: normgraph (Neo4j store), normgraph (memory store) and @neo4j/graphql on
// Apollo Server (peer.js), all over the same Neo4j holding the embedded dataset. It checks that
// the answers are the same, then loads each server in turn with autocannon (servers alternating,
// ROUNDS times per shape) and prints a table of req/s, latency, CPU per request of the server and
// of Neo4j, and Cypher statements per request (Neo4j's own query collector).
//
// Run through bench/peer/run.sh, which starts Neo4j and loads it. Environment: NEO4J_URI,
// NEO4J_USERNAME, NEO4J_PASSWORD (set by scripts/neo4j.sh run), NORMGRAPH_SERVER (binary),
// DURATION (seconds per run, default 10), CONNECTIONS (16), ROUNDS (2), OUT (a markdown file).
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import neo4j from "neo4j-driver";
import { assertEquivalent, shapeNames } from "./equivalence.js";

const here = dirname(fileURLToPath(import.meta.url));
const duration = Number(process.env.DURATION ?? 10);
const connections = Number(process.env.CONNECTIONS ?? 16);
const rounds = Number(process.env.ROUNDS ?? 2);
const ticks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

const query = (dir, shape) => readFileSync(join(here, dir, `${shape}.graphql`), "utf8");
const children = [];

function start(name, cmd, args, env, port) {
  const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  children.push(p);
  p.on("exit", (code) => { if (code && !p.stopping) { console.error(`${name} exited with ${code}`); process.exit(1); } });
  return { name, pid: p.pid, url: `http://127.0.0.1:${port}${name === "peer" ? "/" : "/graphql"}`, proc: p };
}

function stopAll() {
  for (const p of children) { p.stopping = true; p.kill("SIGTERM"); }
}
process.on("exit", stopAll);

async function post(url, q) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q }) });
  return { status: res.status, text: await res.text() };
}

async function waitUp(s, q) {
  for (let i = 0; i < 300; i++) {
    try {
      const r = await post(s.url, q);
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${s.name} did not come up at ${s.url}`);
}

function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8");
  const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / ticks; // utime, stime
}

function neo4jPid() {
  const port = new URL(process.env.NEO4J_URI).port;
  const out = execFileSync("ss", ["-ltnpH", "sport", "=", `:${port}`]).toString();
  const m = out.match(/pid=(\d+)/);
  if (!m) throw new Error(`no process listens on Bolt port ${port}`);
  return Number(m[1]);
}

// statements counts the Cypher statements n requests cost, with Neo4j's query collector: the
// invocations of each query it saw during the requests, less those it had seen before.
async function statements(driver, s, q, n) {
  const session = driver.session();
  const snapshot = async () => {
    const seen = new Map();
    const res = await session.run("CALL db.stats.retrieve('QUERIES') YIELD data RETURN data");
    for (const r of res.records) {
      const d = r.get("data");
      if (!String(d.query).includes("db.stats")) seen.set(d.query, (seen.get(d.query) ?? 0) + d.invocations.length);
    }
    return seen;
  };
  try {
    await session.run("CALL db.stats.stop('QUERIES')");
    await session.run("CALL db.stats.clear('QUERIES')");
    const before = await snapshot();
    await session.run("CALL db.stats.collect('QUERIES')");
    for (let i = 0; i < n; i++) await post(s.url, q);
    await session.run("CALL db.stats.stop('QUERIES')");
    let count = 0;
    for (const [query, k] of await snapshot()) {
      const d = k - (before.get(query) ?? 0);
      if (d > 0) console.error(`  ${s.name}: ${d}× ${String(query).replace(/\s+/g, " ").slice(0, 90)}`);
      count += d;
    }
    return count / n;
  } finally {
    await session.close();
  }
}

const ngPort = 18201, memPort = 18202, peerPort = 18203;
const bin = process.env.NORMGRAPH_SERVER;
const servers = {
  neo4j: start("normgraph-neo4j", bin, ["-addr", `127.0.0.1:${ngPort}`, "-store", "neo4j", "-log-level", "warn"], {}, ngPort),
  peer: start("peer", "node", [join(here, "peer.js")], { PORT: String(peerPort) }, peerPort),
  memory: start("normgraph-memory", bin, ["-addr", `127.0.0.1:${memPort}`, "-store", "memory", "-log-level", "warn"], { NEO4J_URI: "" }, memPort),
};
const queryOf = (key, shape) => query(key === "peer" ? "queries" : "../queries", shape);

for (const [key, s] of Object.entries(servers)) await waitUp(s, queryOf(key, shapeNames[0]));

// The answers must be the same before anything is measured.
for (const shape of shapeNames) {
  const ng = await post(servers.neo4j.url, queryOf("neo4j", shape));
  const mem = await post(servers.memory.url, queryOf("memory", shape));
  const peer = await post(servers.peer.url, queryOf("peer", shape));
  if (ng.text !== mem.text) throw new Error(`${shape}: the Neo4j and memory stores answer differently`);
  assertEquivalent(shape, JSON.parse(ng.text), JSON.parse(peer.text));
  console.error(`${shape}: answers equal (${ng.text.length} bytes from normgraph)`);
}

const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic(process.env.NEO4J_USERNAME, process.env.NEO4J_PASSWORD));
const dbPid = neo4jPid();
const results = {};
for (const shape of shapeNames) {
  results[shape] = {};
  for (const key of Object.keys(servers)) results[shape][key] = { requests: 0, seconds: 0, cpu: 0, db: 0, p50: [], p99: [] };
  for (const key of ["neo4j", "peer"]) {
    await post(servers[key].url, queryOf(key, shape)); // warm up: connections, query plans
    results[shape][key].statements = await statements(driver, servers[key], queryOf(key, shape), 20);
  }
  for (let round = 0; round < rounds; round++) {
    for (const key of ["neo4j", "peer", "memory"]) { // alternating
      const s = servers[key];
      const body = JSON.stringify({ query: queryOf(key, shape) });
      const cpu0 = cpuMs(s.pid), db0 = cpuMs(dbPid);
      const r = await autocannon({ url: s.url, connections, duration, method: "POST",
        headers: { "content-type": "application/json" }, body });
      const cpu1 = cpuMs(s.pid), db1 = cpuMs(dbPid);
      if (r.non2xx || r.errors || r.timeouts) throw new Error(`${s.name} ${shape}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
      const x = results[shape][key];
      x.requests += r.requests.total;
      x.seconds += r.duration;
      x.cpu += cpu1 - cpu0;
      x.db += db1 - db0;
      x.p50.push(r.latency.p50);
      x.p99.push(r.latency.p99);
      console.error(`${shape} round ${round + 1} ${s.name}: ${(r.requests.total / r.duration).toFixed(0)} req/s`);
    }
  }
}
await driver.close();

const f = (x, d = 0) => x.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const lines = [
  `${connections} connections, ${rounds} rounds of ${duration} s per server and shape, servers alternating; ` +
    `latency: mean of the rounds' p50, highest p99; CPU per request: server process + Neo4j process.`,
  "",
  "| query shape | normgraph (neo4j) req/s | peer req/s | ratio | memory store req/s | memory/peer | p50 / p99 ms: normgraph (neo4j) · peer · memory | CPU ms per request: normgraph+Neo4j · peer+Neo4j · memory | Cypher statements per request: normgraph · peer |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];
for (const shape of shapeNames) {
  const r = results[shape];
  const rps = (x) => x.requests / x.seconds;
  const lat = (x) => `${f(mean(x.p50), 1)} / ${f(Math.max(...x.p99), 1)}`;
  const cpu = (x, db) => `${f(x.cpu / x.requests, 2)}${db ? ` + ${f(x.db / x.requests, 2)}` : ""}`;
  lines.push(`| ${shape} | ${f(rps(r.neo4j))} | ${f(rps(r.peer))} | ${f(rps(r.neo4j) / rps(r.peer), 2)}× | ${f(rps(r.memory))} | ` +
    `${f(rps(r.memory) / rps(r.peer), 1)}× | ${lat(r.neo4j)} · ${lat(r.peer)} · ${lat(r.memory)} | ` +
    `${cpu(r.neo4j, true)} · ${cpu(r.peer, true)} · ${cpu(r.memory, false)} | ${f(r.neo4j.statements, 1)} · ${f(r.peer.statements, 1)} |`);
}
const table = lines.join("\n") + "\n";
console.log(table);
if (process.env.OUT) writeFileSync(process.env.OUT, table);
stopAll();
process.exit(0);
