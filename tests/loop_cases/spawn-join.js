// spawn-join.js - const t = work() starts an async function without awaiting it:
// its body runs at once up to its first await, and main goes on. `await t` while
// t is pending resumes one microtask turn after t ends; `await t` once t is done
// still takes one turn. The 5 ms wait stands for network I/O.
// Run: node spawn-join.js
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function work() {
  console.log('t1');
  await wait(5);
  console.log('t2');
  Promise.resolve().then(() => console.log('c1')).then(() => console.log('c2'));
}

async function main() {
  const t = work();
  console.log('main');
  Promise.resolve().then(() => console.log('m'));
  await t;
  console.log('joined');
  Promise.resolve().then(() => console.log('d'));
  await t;
  console.log('joined again');
}
main();
