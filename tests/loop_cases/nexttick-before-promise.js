// nexttick-before-promise.js - the example under "When to use queueMicrotask() vs.
// process.nextTick()" in Node's process docs. Run: node nexttick-before-promise.js
const { nextTick } = require('node:process');

Promise.resolve().then(() => console.log('2'));
queueMicrotask(() => console.log('3'));
nextTick(() => console.log('1'));
