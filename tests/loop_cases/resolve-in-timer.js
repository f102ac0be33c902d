// resolve-in-timer.js - a promise resolved from a timer's callback and awaited in
// two places: the spawned w and main. Both resume in the microtask queue after the
// callback, in the order they began to wait, behind a promise callback queued
// before the resolve. Run: node resolve-in-timer.js
let resolveP;
const p = new Promise((resolve) => { resolveP = resolve; });

async function w() {
  console.log('w waits');
  await p;
  console.log('w resumed');
}

async function main() {
  w();
  setTimeout(() => {
    console.log('timer');
    Promise.resolve().then(() => console.log('m'));
    resolveP();
  }, 5);
  console.log('main waits');
  await p;
  console.log('main resumed');
}
main();
