// worker-vs-inline.js - 200 ms of CPU next to a 10 ms timer: inline on the loop, or
// in one worker thread (worker_threads).
// Run: node worker-vs-inline.js inline ; node worker-vs-inline.js worker
const { Worker } = require('node:worker_threads');
const mode = process.argv[2];
const t0 = performance.now();
const at = () => `${(performance.now() - t0).toFixed(1)} ms`;
setTimeout(() => console.log(`timer fired at ${at()}`), 10);
const job = 'const t = performance.now(); while (performance.now() - t < 200);';
if (mode === 'worker') {
  new Worker(job, { eval: true }).on('exit', () => console.log(`job done at ${at()}`));
} else {
  eval(job);
  console.log(`job done at ${at()}`);
}
