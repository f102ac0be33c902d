// await-resolved-vs-chain.js - awaiting an already-resolved promise still suspends
// the async function: it resumes one microtask turn later, after the first link
// of a .then chain started before it. Run: node await-resolved-vs-chain.js
async function main() {
  Promise.resolve()
    .then(() => console.log('m1'))
    .then(() => console.log('m2'))
    .then(() => console.log('m3'))
    .then(() => console.log('m4'));
  await Promise.resolve();
  console.log('resumed');
}
main();
