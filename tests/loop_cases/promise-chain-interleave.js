// promise-chain-interleave.js - promise callbacks queued by promise callbacks join the
// end of the same microtask queue, so two chains interleave level by level.
// Run: node promise-chain-interleave.js
Promise.resolve().then(() => {
  console.log('a1');
  Promise.resolve().then(() => {
    console.log('a2');
    Promise.resolve().then(() => console.log('a3'));
  });
});
Promise.resolve().then(() => {
  console.log('b1');
  Promise.resolve().then(() => console.log('b2'));
});
