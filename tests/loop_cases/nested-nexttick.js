// nested-nexttick.js - nextTicks queued by nextTicks run before any promise callback
// and before the loop goes on ("all callbacks passed to process.nextTick() will be
// resolved before the event loop continues", Node's event-loop guide).
// Run: node nested-nexttick.js
process.nextTick(() => {
  console.log('a');
  process.nextTick(() => {
    console.log('c');
    process.nextTick(() => console.log('e'));
  });
});
process.nextTick(() => {
  console.log('b');
  process.nextTick(() => console.log('d'));
});
Promise.resolve().then(() => console.log('p'));
setTimeout(() => console.log('timer'), 0);
