// await-in-gather.js - awaits inside the functions Promise.all waits for: a
// awaits a resolved promise (one microtask turn), b a thenable (two); main resumes
// two turns after the last of them ends. A .then chain marks the turns.
// Run: node await-in-gather.js
async function a() {
  console.log('a1');
  await Promise.resolve();
  console.log('a2');
}
async function b() {
  console.log('b1');
  await { then(resolve) { resolve(); } };
  console.log('b2');
}
async function main() {
  Promise.resolve()
    .then(() => console.log('m1'))
    .then(() => console.log('m2'))
    .then(() => console.log('m3'))
    .then(() => console.log('m4'))
    .then(() => console.log('m5'));
  await Promise.all([a(), b()]);
  console.log('end');
}
main();
