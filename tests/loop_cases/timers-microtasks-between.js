// timers-microtasks-between.js - two timers due at the same time; since Node 11 the
// microtask queue is drained after each timer callback, not after the whole batch.
// Run: node timers-microtasks-between.js
setTimeout(() => {
  console.log('t1');
  Promise.resolve().then(() => console.log('p1'));
}, 0);
setTimeout(() => {
  console.log('t2');
  Promise.resolve().then(() => console.log('p2'));
}, 0);
