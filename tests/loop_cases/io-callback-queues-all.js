// io-callback-queues-all.js - a file read's callback queues a timer, two
// immediates (the first queues a nextTick and a timer), a nextTick and a promise.
// Run: node io-callback-queues-all.js
const fs = require('node:fs');

fs.readFile(__filename, () => {
  console.log('io');
  setTimeout(() => console.log('t'), 0);
  setImmediate(() => {
    console.log('i1');
    process.nextTick(() => console.log('ni1'));
    setTimeout(() => console.log('ti1'), 0);
  });
  setImmediate(() => console.log('i2'));
  process.nextTick(() => console.log('n'));
  Promise.resolve().then(() => console.log('p'));
});
