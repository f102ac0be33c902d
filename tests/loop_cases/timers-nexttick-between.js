// timers-nexttick-between.js - after each timer callback Node drains the nextTick
// queue, then the microtask queue, before the next timer.
// Run: node timers-nexttick-between.js
setTimeout(() => {
  console.log('t1');
  Promise.resolve().then(() => console.log('p1'));
  process.nextTick(() => console.log('n1'));
}, 0);
setTimeout(() => {
  console.log('t2');
  Promise.resolve().then(() => console.log('p2'));
}, 0);
