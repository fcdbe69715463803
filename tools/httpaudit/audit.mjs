// Runs graphql-http's GraphQL-over-HTTP server audit against a running normgraph server and
// prints one line per audit. Exit status: 1 on any MUST failure or on more than the allowed
// number of SHOULD/MAY warnings (default 1), 2 on a usage error.
//   node audit.mjs http://127.0.0.1:8080/graphql [maxWarnings]
import { auditServer } from 'graphql-http';

const url = process.argv[2];
const maxWarnings = Number(process.argv[3] ?? 1);
if (!url || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql [maxWarnings] (loopback only)');
  process.exit(2);
}
const results = await auditServer({ url });
let fails = 0, warns = 0, oks = 0;
for (const r of results) {
  if (r.status === 'ok') { oks++; continue; }
  const must = r.name.startsWith('MUST');
  if (must) fails++; else warns++;
  let body = '';
  try { body = JSON.stringify(await r.response.text()).slice(0, 300); } catch { /* already read */ }
  console.log(`${must ? 'FAIL' : 'WARN'} ${r.id} ${r.name}: ${r.reason} ${body}`);
}
console.log(`graphql-http audit: ${oks} ok, ${fails} MUST failures, ${warns} warnings (at most ${maxWarnings} allowed)`);
process.exit(fails > 0 || warns > maxWarnings ? 1 : 0);
