// await-call-returns-promise.js - await f() where f is an async function: f's body
// runs at once; its caller resumes one microtask turn after f ends, or three when
// f returns a promise (resolving f's promise with a promise takes two more jobs).
// Run: node await-call-returns-promise.js
async function f() { console.log('f'); }
async function g() { console.log('g'); return Promise.resolve(); }
async function main() {
  Promise.resolve()
    .then(() => console.log('m1'))
    .then(() => console.log('m2'))
    .then(() => console.log('m3'))
    .then(() => console.log('m4'))
    .then(() => console.log('m5'))
    .then(() => console.log('m6'));
  await f();
  console.log('after f');
  await g();
  console.log('after g');
}
main();
