// immediates-ticks-between.js - after each immediate Node runs the nextTick queue,
// then the microtask queue, before the next immediate.
// Run: node immediates-ticks-between.js
setImmediate(() => {
  console.log('i1');
  Promise.resolve().then(() => console.log('p1'));
  process.nextTick(() => console.log('n1'));
});
setImmediate(() => console.log('i2'));
