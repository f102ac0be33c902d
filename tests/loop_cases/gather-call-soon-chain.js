// gather-call-soon-chain.js - the asyncio case in Node: setImmediate for call_soon,
// Promise.all for gather. The branches run at once, main resumes from the
// microtask queue, and each immediate queued by an immediate waits for the next
// check phase. Run: node gather-call-soon-chain.js
async function a() {
  console.log('a1');
  setImmediate(() => {
    console.log('sa');
    setImmediate(() => {
      console.log('sb');
      setImmediate(() => console.log('sc'));
    });
  });
}
async function b() {
  console.log('b1');
}

async function main() {
  setImmediate(() => console.log('s1'));
  await Promise.all([a(), b()]);
  console.log('end');
}
main();
