// await-thenable-vs-chain.js - awaiting a thenable (an object with a then method,
// not a promise) takes two microtask turns: one job calls its then, whose resolve
// queues the await's continuation. Run: node await-thenable-vs-chain.js
async function main() {
  Promise.resolve()
    .then(() => console.log('m1'))
    .then(() => console.log('m2'))
    .then(() => console.log('m3'))
    .then(() => console.log('m4'));
  await { then(resolve) { resolve(); } };
  console.log('resumed');
}
main();
