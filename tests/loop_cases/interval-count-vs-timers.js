// interval-count-vs-timers.js - setInterval(tick, 50) cleared after its third
// callback, against setTimeout(125) and setImmediate.
// Run: node interval-count-vs-timers.js
let n = 0;
const h = setInterval(() => {
  console.log('tick');
  if (++n === 3) clearInterval(h);
}, 50);
setTimeout(() => console.log('t125'), 125);
setImmediate(() => console.log('immediate'));
