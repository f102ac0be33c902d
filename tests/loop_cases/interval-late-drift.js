// interval-late-drift.js - setInterval(tick, 20) three times and setTimeout(t60, 60),
// then 50 ms of work in the main script: the first tick runs late, at 50 ms, and
// the next is due 20 ms after it began. Run: node interval-late-drift.js
function busy(ms) { const end = performance.now() + ms; while (performance.now() < end); }
let n = 0;
const h = setInterval(() => {
  console.log('tick');
  if (++n === 3) clearInterval(h);
}, 20);
setTimeout(() => console.log('t60'), 60);
busy(50);
