// done-callback-soon-later.js - the asyncio case's calls in Node: setTimeout(0),
// a resolved promise's callback, setImmediate, then 5 ms of work. The promise runs
// after the script; the 1 ms timer is due when the loop starts, and the timers
// phase comes before the check phase. Run: node done-callback-soon-later.js
function busy(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
setTimeout(() => console.log('later'), 0);
Promise.resolve().then(() => console.log('done'));
setImmediate(() => console.log('soon'));
busy(5);
