// parallel-start-order.js - Promise.all([a(), b(), c()]): each async function runs
// synchronously up to its first await, in call order, before main goes on; the
// network waits are stood in for by timers of the same length (only their lengths
// decide this order). Run: node parallel-start-order.js
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function a() { console.log('a1'); await wait(10); console.log('a2'); }
async function b() { console.log('b1'); await wait(5); console.log('b2'); }
async function c() { console.log('c1'); }

async function main() {
  console.log('start');
  Promise.resolve().then(() => console.log('m'));
  await Promise.all([a(), b(), c()]);
  console.log('end');
}
main();
