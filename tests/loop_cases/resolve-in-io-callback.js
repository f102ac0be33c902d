// resolve-in-io-callback.js - a promise resolved in a file read's callback (libuv's
// threadpool), awaited by the spawned w and by main. After the callback: the
// nextTick and microtask queues (m, then the awaiters in the order they began to
// wait), and only then the check phase (i). Run: node resolve-in-io-callback.js
const fs = require('fs');

let resolveP;
const p = new Promise((resolve) => { resolveP = resolve; });

async function w() {
  console.log('w waits');
  await p;
  console.log('w resumed');
}

async function main() {
  w();
  fs.readFile(__filename, () => {
    console.log('read');
    setImmediate(() => console.log('i'));
    Promise.resolve().then(() => console.log('m'));
    resolveP();
    console.log('after resolve');
  });
  console.log('main waits');
  await p;
  console.log('main resumed');
}
main();
