// interval-slow-callback.js - setInterval(tick, 20) whose callback works 30 ms,
// against setTimeout(t90, 90). Not a case for Node (see interval-slow-callback.expect):
// its order varies between runs. Run: node interval-slow-callback.js
function busy(ms) { const end = performance.now() + ms; while (performance.now() < end); }
let n = 0;
const h = setInterval(() => {
  console.log('tick');
  busy(30);
  if (++n === 3) clearInterval(h);
}, 20);
setTimeout(() => console.log('t90'), 90);
