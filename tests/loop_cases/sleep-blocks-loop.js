// sleep-blocks-loop.js - a 10 ms timer and an immediate, then Atomics.wait blocks the
// main thread 50 ms without using a core. Run: node sleep-blocks-loop.js
setTimeout(() => console.log('timer'), 10);
setImmediate(() => console.log('soon'));
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
console.log('slept');
