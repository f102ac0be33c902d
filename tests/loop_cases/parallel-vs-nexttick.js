// parallel-vs-nexttick.js - await Promise.all next to a chain of promise callbacks
// and a nextTick queued by a branch: the branches run at once, the nextTick before
// any promise callback, and main resumes two microtask turns after the branches
// finished. Run: node parallel-vs-nexttick.js
async function a() {
  console.log('a');
  process.nextTick(() => console.log('na'));
}
async function b() {
  console.log('b');
}

async function main() {
  Promise.resolve()
    .then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'));
  await Promise.all([a(), b()]);
  console.log('end');
}
main();
