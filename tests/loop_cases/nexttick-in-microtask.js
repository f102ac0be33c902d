// nexttick-in-microtask.js - a nextTick queued inside a promise callback waits until
// the whole microtask queue is empty; a promise queued inside a nextTick callback
// waits until the nextTick queue is empty. Run: node nexttick-in-microtask.js
Promise.resolve().then(() => {
  console.log('p1');
  process.nextTick(() => console.log('tick-from-p1'));
});
process.nextTick(() => {
  console.log('t1');
  Promise.resolve().then(() => console.log('promise-from-t1'));
});
Promise.resolve().then(() => console.log('p2'));
