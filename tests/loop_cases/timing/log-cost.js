// log-cost.js - what console.log costs: the first call (stdout is set up) and five
// more, in us, to stderr. Run: node log-cost.js | cat  (a pipe); > file; or
// script -qc 'node log-cost.js' /dev/null  (a terminal). docs/model.md, "Costs".
// cost of console.log: first and later calls (stdout a pipe or a file)
const h = process.hrtime.bigint;
const t = [];
for (let i = 0; i < 6; i++) { const a = h(); console.log('line ' + i); t.push(Number(h() - a) / 1e3); }
process.stderr.write(JSON.stringify(t) + '\n');
