// offload-then-immediate-before-timers.js - crypto.pbkdf2 (about 30 ms of CPU in
// the threadpool) while a 100 ms timer waits. Its callback sets setTimeout(0) and
// setImmediate and works 100 ms, past the 100 ms timer. The immediate runs in the
// check phase after the poll phase; the next timers phase runs the 1 ms list (due
// about 31 ms) before the 100 ms list. Run: node offload-then-immediate-before-timers.js
const crypto = require('node:crypto');

function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => console.log('t100'), 100);
crypto.pbkdf2('secret', 'salt', 60000, 64, 'sha512', () => {
  console.log('hash');
  setTimeout(() => console.log('t0'), 0);
  setImmediate(() => console.log('immediate'));
  busy(100);
});
