// call-soon-call-later.js - the asyncio case's callbacks in Node: nextTick, then the
// promise, then the loop: the immediate in the first check phase, the timers in
// expiry order (equal times in the order set). Run: node call-soon-call-later.js
setImmediate(() => console.log('s1'));
setTimeout(() => console.log('l200'), 200);
setTimeout(() => console.log('l100'), 100);
process.nextTick(() => console.log('s2'));
Promise.resolve().then(() => console.log('s3'));
setTimeout(() => console.log('l100b'), 100);
