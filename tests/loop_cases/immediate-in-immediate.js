// immediate-in-immediate.js - an immediate queued inside an immediate waits for the
// next loop iteration (Node's timers docs, setImmediate); the nextTick queue is
// drained after each immediate callback. Run: node immediate-in-immediate.js
setImmediate(() => {
  console.log('i1');
  setImmediate(() => console.log('i3'));
  process.nextTick(() => console.log('tick1'));
});
setImmediate(() => console.log('i2'));
